/**
 * Character sets of the worklist's answers (PS3.3 C.12.1.1.2, PS3.5 6.1).
 *
 * - `ISO_IR 192` (UTF-8) is the default: every name round-trips.
 * - `ISO_IR 100` (ISO 8859-1, Latin-1) is a per-calling-AE option for old consoles. Values are
 *   transliterated first: Latin-1 characters stay as they are; other letters lose their accents
 *   (Unicode NFKD without combining marks: `Ł` has no decomposition and is mapped by a small
 *   table, `ő` → `o`, `ﬁ` → `fi`); anything still outside Latin-1 (CJK, Cyrillic, Greek, emoji)
 *   becomes `?`. Component separators `^` and `=` are ASCII and kept.
 *
 * Encoding is not done here. Per the toolchain notes dcmjs-dimse writes text as UTF-8 whatever
 * Specific Character Set says; whether it can write Latin-1 bytes is being checked separately. A
 * transliterated value that is pure ASCII is the same bytes in both encodings; Latin-1 letters
 * (`ü`, `é`) are not, so `ISO_IR 100` needs an encoder that writes ISO 8859-1.
 */

export const RESPONSE_CHARACTER_SETS = ['ISO_IR 192', 'ISO_IR 100'] as const;
export type ResponseCharacterSet = (typeof RESPONSE_CHARACTER_SETS)[number];

/** Letters NFKD does not decompose, by their usual ASCII spelling. */
const FALLBACKS: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  Ŧ: 'T',
  ŧ: 't',
  Œ: 'OE',
  œ: 'oe',
  ı: 'i',
  ĸ: 'k',
  Ŋ: 'N',
  ŋ: 'n',
  ſ: 's',
  Ə: 'E',
  ə: 'e',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '‐': '-',
};

function isLatin1Char(char: string): boolean {
  return (char.codePointAt(0) ?? 0x100) <= 0xff;
}

export function isLatin1(value: string): boolean {
  return [...value].every(isLatin1Char);
}

function transliterateChar(char: string): string {
  if (isLatin1Char(char)) return char;
  const fallback = FALLBACKS[char];
  if (fallback !== undefined) return fallback;
  const stripped = char.normalize('NFKD').replace(/\p{M}/gu, '');
  if (stripped !== '' && isLatin1(stripped)) return stripped;
  return '?';
}

/** The value in Latin-1 characters only (see the module comment). */
export function transliterateToLatin1(value: string): string {
  return [...value.normalize('NFC')].map(transliterateChar).join('');
}
