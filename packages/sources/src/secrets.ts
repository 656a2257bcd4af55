import { readFileSync } from 'node:fs';
import { SourceConfigError } from './errors.ts';

/**
 * A secret from the environment: `NAME`, else the content of the file named by `NAME_FILE`
 * (trimmed: files usually end with a newline). Errors name the variable, never the content.
 */
export function readEnvSecret(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): string | undefined {
  const direct = env[name]?.trim();
  if (direct) return direct;
  const path = env[`${name}_FILE`]?.trim();
  if (!path) return undefined;
  let content: string;
  try {
    content = readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new SourceConfigError(`cannot read ${name}_FILE${typeof code === 'string' ? ` (${code})` : ''}`, [
      { path: `${name}_FILE`, message: 'cannot be read' },
    ]);
  }
  return content.trim() || undefined;
}
