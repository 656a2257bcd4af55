import { readFileSync } from 'node:fs';

/**
 * Reads a `X_FILE` secret for `parseEnv` (sync: it runs once, at boot, before anything listens).
 * `parseEnv` trims the trailing newline; errors carry only their code, never content.
 */
export function readSecretFile(path: string): string {
  return readFileSync(path, 'utf8');
}
