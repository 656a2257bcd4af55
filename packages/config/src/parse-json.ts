import type { ConfigProblem } from './problems.ts';

export type ParseJsonResult = { ok: true; json: unknown } | { ok: false; problems: ConfigProblem[] };

/** Parses a config file's text; a syntax error is reported with its line and column. */
export function parseJsonText(text: string): ParseJsonResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { ok: true, json: JSON.parse(body) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // V8 says "... in JSON at position 57" (and, from Node 22, "(line 3 column 5)").
    const position = /at position (\d+)/.exec(reason);
    const where = position === null ? '' : ` at ${lineAndColumn(body, Number(position[1]))}`;
    const firstSentence = (reason.split(/ in JSON| at position/)[0] ?? reason).trim();
    return { ok: false, problems: [{ path: '', message: `invalid JSON${where}: ${firstSentence}` }] };
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1}`;
}
