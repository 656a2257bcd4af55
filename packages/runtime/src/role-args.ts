import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SOURCE_NAME_PATTERN } from '@mwl/config';
import { RoleUsageError } from './errors.ts';

export interface RoleArgs {
  /** `--config FILE`, absolute (taken from the working directory); wins over MWL_CONFIG. */
  configPath?: string;
  /** `--source NAME` (repeatable, or `a,b`): the fetcher's sources. */
  sources?: string[];
  help: boolean;
}

/**
 * A service's command line, the same whether its container runs `mwl-bridge writer …` or its own
 * entry point: `[--config FILE] [--source NAME …] [--help]`. A mistake is a `RoleUsageError`.
 */
export function parseRoleArgs(argv: readonly string[], options: { cwd: string; sources: boolean }): RoleArgs {
  let values: { config?: string; source?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        config: { type: 'string', short: 'c' },
        source: { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new RoleUsageError(message, { cause: error });
  }
  if (!options.sources && values.source !== undefined) throw new RoleUsageError("Unknown option '--source'");
  const sources = (values.source ?? []).flatMap((value) => value.split(',')).map((name) => name.trim());
  const bad = sources.filter((name) => !SOURCE_NAME_PATTERN.test(name));
  if (bad.length > 0) {
    throw new RoleUsageError(`--source: not source names: ${bad.map((name) => `"${name}"`).join(', ')}`);
  }
  return {
    help: values.help === true,
    ...(values.config !== undefined && { configPath: resolve(options.cwd, values.config) }),
    ...(sources.length > 0 && { sources: [...new Set(sources)] }),
  };
}
