// The offline migrator's command line (composition root: the only file here that reads the
// environment, prints, and exits).
//
//   tsx packages/db/src/migrator/cli.ts migrate          apply pending migrations
//   tsx packages/db/src/migrator/cli.ts diff <name>      write the next migration from schema.prisma
//   tsx packages/db/src/migrator/cli.ts check            exit 1 when schema.prisma and migrations disagree
//   tsx packages/db/src/migrator/cli.ts status           exit 1 when the database is not up to date
//   tsx packages/db/src/migrator/cli.ts resolve <name>   mark a failed migration rolled back
//
// Options: --schema <file> (default prisma/schema.prisma), --migrations <dir> (default
// prisma/migrations), both relative to the current directory. DATABASE_URL names the database
// (default postgresql://postgres@127.0.0.1:5432/postgres); shadow databases are created on the same
// server and force-dropped afterwards. Exit codes: 0 ok, 1 drift or failure, 2 usage.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isMwlError } from '@mwl/domain';
import { databaseNameOf } from '../database-admin.ts';
import {
  applyMigrations,
  checkDrift,
  createMigration,
  markMigrationRolledBack,
  migrationStatus,
} from './migrator.ts';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const USAGE =
  'usage: cli.ts <migrate | diff <name> | check | status | resolve <name>> [--schema <file>] [--migrations <dir>]';

class UsageError extends Error {}

interface Invocation {
  command: 'migrate' | 'diff' | 'check' | 'status' | 'resolve';
  name?: string;
  schemaPath: string;
  migrationsDir: string;
}

function parseInvocation(argv: string[]): Invocation {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { schema: { type: 'string' }, migrations: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [command, ...rest] = parsed.positionals;
  const schemaPath = path.resolve(parsed.values.schema ?? 'prisma/schema.prisma');
  const migrationsDir = path.resolve(parsed.values.migrations ?? 'prisma/migrations');
  if (command === 'diff' || command === 'resolve') {
    if (rest.length !== 1 || rest[0] === undefined)
      throw new UsageError(`${command} needs exactly one migration name`);
    return { command, name: rest[0], schemaPath, migrationsDir };
  }
  if (command === 'migrate' || command === 'check' || command === 'status') {
    if (rest.length > 0) throw new UsageError(`${command} takes no arguments`);
    return { command, schemaPath, migrationsDir };
  }
  throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
}

function relative(file: string): string {
  return path.relative(process.cwd(), file) || '.';
}

async function run(invocation: Invocation, databaseUrl: string): Promise<number> {
  const target = { databaseUrl, migrationsDir: invocation.migrationsDir, schemaPath: invocation.schemaPath };
  const database = databaseNameOf(databaseUrl);
  switch (invocation.command) {
    case 'migrate': {
      const applied = await applyMigrations(target);
      if (applied.length === 0) console.log(`Database "${database}" is up to date; nothing to apply.`);
      else console.log(`Applied ${applied.length} migration(s) to "${database}":\n  ${applied.join('\n  ')}`);
      return 0;
    }
    case 'diff': {
      const created = await createMigration({ ...target, name: invocation.name ?? '' });
      if (created === null) {
        console.log(
          `No changes: ${relative(invocation.schemaPath)} matches the migrations. Nothing written.`,
        );
      } else {
        console.log(`Wrote ${relative(path.join(created.directory, 'migration.sql'))}`);
      }
      return 0;
    }
    case 'check': {
      const drift = await checkDrift(target);
      if (drift === '') {
        console.log(`${relative(invocation.schemaPath)} and ${relative(invocation.migrationsDir)} agree.`);
        return 0;
      }
      console.error(
        `${relative(invocation.schemaPath)} differs from ${relative(invocation.migrationsDir)}. ` +
          `Missing migration SQL:\n\n${drift}\n\nRun: npm run db:diff -- <name>`,
      );
      return 1;
    }
    case 'resolve': {
      await markMigrationRolledBack({ ...target, name: invocation.name ?? '' });
      console.log(
        `Marked ${invocation.name} as rolled back in "${database}"; the next migrate applies it again.`,
      );
      return 0;
    }
    case 'status': {
      const status = await migrationStatus(target);
      if (status.upToDate) {
        console.log(`Database "${database}" is up to date.`);
        return 0;
      }
      for (const [label, names] of Object.entries({
        pending: status.pending,
        failed: status.failed,
        edited: status.edited,
        'not in the directory': status.unknown,
      })) {
        if (names.length > 0) console.error(`${label}: ${names.join(', ')}`);
      }
      return 1;
    }
  }
}

async function main(): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = parseInvocation(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  try {
    return await run(invocation, databaseUrl);
  } catch (error) {
    if (isMwlError(error)) {
      console.error(`${invocation.command} failed [${error.code}]: ${error.message}`);
      return error.code === 'MWL_ERR_DB_INVALID_NAME' ? 2 : 1;
    }
    console.error(`${invocation.command} failed:`, error);
    return 1;
  }
}

process.exitCode = await main();
