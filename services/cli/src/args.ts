import { resolve } from 'node:path';
import { CliUsageError } from './errors.ts';

/** Every command understands `--help` / `-h`. Spread it into `parseArgs` options. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** Runs `node:util` parseArgs; a mistake on the command line becomes `CliUsageError` (exit 2). */
export function parseOrUsage<R>(parse: () => R): R {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new CliUsageError(message, { cause: error });
  }
}

/** A whole number option within bounds, or a usage error naming the option. */
export function intOption(
  name: string,
  value: string | undefined,
  bounds: { min: number; max: number },
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < bounds.min || n > bounds.max) {
    throw new CliUsageError(`--${name} must be a whole number from ${bounds.min} to ${bounds.max}`);
  }
  return n;
}

/** A path given on the command line or in a variable, taken from the working directory. */
export function resolvePath(cwd: string, path: string): string {
  return resolve(cwd, path);
}
