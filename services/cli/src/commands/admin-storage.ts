import { parseEnv, readSecretFile } from '@mwl/config';
import { resolvePath } from '../args.ts';
import { storageEnvSchema } from '../config/bridge-env.ts';
import { CliUsageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { openStorage, type Storage } from '../runtime/storage.ts';
import { writeProblems } from '@mwl/runtime';

/** Opens the database of the operator commands (`token`, `user`): DATABASE_URL, else the data folder. */
export async function openAdminStorage(
  io: CliIo,
  dataDir: string | undefined,
  applicationName: string,
): Promise<Storage | null> {
  const env = parseEnv(storageEnvSchema, io.env, { readFile: readSecretFile });
  if (!env.ok) {
    writeProblems(io.stderr, 'environment', env.problems);
    return null;
  }
  return openStorage({
    ...(env.env.DATABASE_URL !== undefined && { databaseUrl: env.env.DATABASE_URL }),
    dataDir: resolvePath(io.cwd, dataDir ?? env.env.MWL_DATA_DIR),
    migrate: false,
    create: false,
    poolSize: 1,
    applicationName,
  });
}

/** Who runs the command, for the audit trail. */
export function cliActor(io: CliIo): { kind: 'cli'; name: string } {
  const user = io.env['SUDO_USER'] ?? io.env['USER'] ?? io.env['LOGNAME'];
  return { kind: 'cli', name: user && /^[\w.@-]{1,64}$/.test(user) ? user : 'cli' };
}

/** The one positional argument a subcommand needs, or a usage error naming it. */
export function onePositional(positionals: readonly string[], what: string): string {
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new CliUsageError(`expected exactly one ${what}`);
  }
  return positionals[0];
}
