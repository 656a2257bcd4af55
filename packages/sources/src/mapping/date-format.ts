import { DateTime } from 'luxon';

/**
 * Parsing wall-clock dates and times with luxon format strings. Luxon's `fromFormat` builds its
 * parser on every call (~0.3 ms): too slow for a 10,000-record sync. The common tokens are
 * compiled once into a cached regular expression here; any other format falls back to luxon.
 */

export interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Whether the format carried a time (an hour token). */
  hasTime: boolean;
}

type Token = 'yyyy' | 'MM' | 'M' | 'dd' | 'd' | 'HH' | 'H' | 'hh' | 'h' | 'mm' | 'm' | 'ss' | 's' | 'a' | 'S';

const TOKEN_PATTERNS: Record<Token, string> = {
  yyyy: '(\\d{4})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  dd: '(\\d{2})',
  d: '(\\d{1,2})',
  HH: '(\\d{2})',
  H: '(\\d{1,2})',
  hh: '(\\d{2})',
  h: '(\\d{1,2})',
  mm: '(\\d{2})',
  m: '(\\d{1,2})',
  ss: '(\\d{2})',
  s: '(\\d{1,2})',
  a: '(AM|PM|am|pm)',
  S: '(\\d{1,9})',
};

interface Compiled {
  regex: RegExp;
  tokens: Token[];
  hasTime: boolean;
}

const cache = new Map<string, Compiled | null>();

/** Compiles `format`, or null when it uses a token this fast path does not know. */
function compile(format: string): Compiled | null {
  const cached = cache.get(format);
  if (cached !== undefined) return cached;
  let pattern = '';
  const tokens: Token[] = [];
  let index = 0;
  let ok = true;
  while (index < format.length && ok) {
    const char = format[index]!;
    if (char === "'") {
      const end = format.indexOf("'", index + 1);
      if (end < 0) ok = false;
      else {
        pattern += escapeRegex(format.slice(index + 1, end));
        index = end + 1;
      }
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      let run = char;
      while (format[index + run.length] === char) run += char;
      const token = (/^S+$/.test(run) ? 'S' : run) as Token;
      if (!(token in TOKEN_PATTERNS)) ok = false;
      else {
        pattern += TOKEN_PATTERNS[token];
        tokens.push(token);
        index += run.length;
      }
      continue;
    }
    pattern += escapeRegex(char);
    index++;
  }
  const compiled = ok
    ? {
        regex: new RegExp(`^${pattern}$`),
        tokens,
        hasTime: tokens.some((t) => t.startsWith('H') || t.startsWith('h')),
      }
    : null;
  cache.set(format, compiled);
  return compiled;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseCompiled(text: string, compiled: Compiled): LocalFields | undefined {
  const match = compiled.regex.exec(text);
  if (!match) return undefined;
  const fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  let meridiem: string | undefined;
  let twelveHour = false;
  compiled.tokens.forEach((token, i) => {
    const raw = match[i + 1]!;
    const value = Number(raw);
    if (token === 'yyyy') fields.year = value;
    else if (token === 'MM' || token === 'M') fields.month = value;
    else if (token === 'dd' || token === 'd') fields.day = value;
    else if (token === 'HH' || token === 'H') fields.hour = value;
    else if (token === 'hh' || token === 'h') {
      fields.hour = value;
      twelveHour = true;
    } else if (token === 'mm' || token === 'm') fields.minute = value;
    else if (token === 'ss' || token === 's') fields.second = value;
    else if (token === 'a') meridiem = raw.toUpperCase();
  });
  if (twelveHour) {
    if (fields.hour < 1 || fields.hour > 12 || meridiem === undefined) return undefined;
    fields.hour = (fields.hour % 12) + (meridiem === 'PM' ? 12 : 0);
  }
  const { year, month, day, hour, minute, second } = fields;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { ...fields, hasTime: compiled.hasTime };
}

/** Parses `text` with the first of `formats` that fits; undefined when none does. */
export function parseLocal(text: string, formats: readonly string[]): LocalFields | undefined {
  for (const format of formats) {
    const compiled = compile(format);
    if (compiled) {
      const fields = parseCompiled(text, compiled);
      if (fields) return fields;
      continue;
    }
    const parsed = DateTime.fromFormat(text, format, { zone: 'utc' });
    if (parsed.isValid) {
      const { year, month, day, hour, minute, second } = parsed;
      return { year, month, day, hour, minute, second, hasTime: /[Hh]/.test(format.replace(/'[^']*'/g, '')) };
    }
  }
  return undefined;
}
