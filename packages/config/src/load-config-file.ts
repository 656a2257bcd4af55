import { readFile } from 'node:fs/promises';
import { parseJsonText } from './parse-json.ts';
import type { ConfigProblem } from './problems.ts';

export type LoadConfigFileResult =
  | { ok: true; path: string; text: string; json: unknown }
  | { ok: false; path: string; problems: ConfigProblem[] };

/** The one place this package reads a config file: its text and parsed JSON (not yet validated). */
export async function loadConfigFile(path: string): Promise<LoadConfigFileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const reason = code === 'ENOENT' ? 'file not found' : typeof code === 'string' ? code : 'unreadable';
    return { ok: false, path, problems: [{ path: '', message: `cannot read ${path}: ${reason}` }] };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, path, problems: parsed.problems };
  return { ok: true, path, text, json: parsed.json };
}
