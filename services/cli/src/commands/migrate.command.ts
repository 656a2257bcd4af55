import { parseArgs } from 'node:util';
import { parseEnv, readSecretFile } from '@mwl/config';
import { HELP_OPTION, parseOrUsage, resolvePath } from '../args.ts';
import { storageEnvSchema } from '../config/bridge-env.ts';
import type { CliIo, Command } from '../io.ts';
import { openStorage } from '../runtime/storage.ts';
import { writeProblems } from '@mwl/runtime';

const HELP = `Usage: mwl-bridge migrate [--data-dir DIR]

Applies the pending database migrations: to DATABASE_URL (or DATABASE_URL_FILE) when set, else to
the embedded database in the data folder (created when missing). Works offline.

Options:
      --data-dir DIR    the embedded database's folder (default $MWL_DATA_DIR, else ./data)
  -h, --help            this text
`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(() =>
    parseArgs({ args: [...args], strict: true, options: { ...HELP_OPTION, 'data-dir': { type: 'string' } } }),
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const env = parseEnv(storageEnvSchema, io.env, { readFile: readSecretFile });
  if (!env.ok) {
    writeProblems(io.stderr, 'environment', env.problems);
    return 2;
  }
  const storage = await openStorage({
    ...(env.env.DATABASE_URL !== undefined && { databaseUrl: env.env.DATABASE_URL }),
    dataDir: resolvePath(io.cwd, values['data-dir'] ?? env.env.MWL_DATA_DIR),
    migrate: true,
    poolSize: 1,
    applicationName: 'mwl-bridge-migrate',
  });
  try {
    const applied = storage.appliedMigrations;
    io.stdout.write(
      applied.length === 0
        ? `${storage.location} is up to date; nothing to apply.\n`
        : `Applied ${applied.length} migration(s) to ${storage.location}:\n  ${applied.join('\n  ')}\n`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}

export const migrateCommand: Command = {
  name: 'migrate',
  help: HELP,
  run,
};
