import pg from 'pg';
import { DatabaseAdminError, InvalidNameError } from './errors.ts';

/**
 * Server-level chores (create, clone, rename, drop a database) for the migrator's shadow databases
 * and the test fixtures' template clones. Each call opens one short connection to the database
 * named in `serverUrl` (the maintenance database, usually `postgres`) and closes it.
 */

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Only the lower-case names we generate ourselves go into DDL: no quoting surprises. */
export function assertDatabaseName(name: string): string {
  if (!DATABASE_NAME.test(name)) {
    throw new InvalidNameError(
      `database name "${name}" is not allowed: use 1-63 characters a-z, 0-9 and _, not starting with a digit`,
    );
  }
  return name;
}

/** The same server and credentials as `serverUrl`, pointed at another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = parseUrl(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The database a connection string points at (`postgres` when it names none). */
export function databaseNameOf(databaseUrl: string): string {
  const name = decodeURIComponent(parseUrl(databaseUrl).pathname.replace(/^\//, ''));
  return name === '' ? 'postgres' : name;
}

function parseUrl(databaseUrl: string): URL {
  try {
    return new URL(databaseUrl);
  } catch (error) {
    // Never echo the URL: it may carry a password.
    throw new DatabaseAdminError('the database URL is not a valid postgresql:// URL', { cause: error });
  }
}

export interface CreateDatabaseOptions {
  /** Clone this database (`CREATE DATABASE … TEMPLATE`): nobody may be connected to it. */
  template?: string;
}

export async function createDatabase(
  serverUrl: string,
  name: string,
  options: CreateDatabaseOptions = {},
): Promise<void> {
  const template = options.template === undefined ? '' : ` TEMPLATE ${assertDatabaseName(options.template)}`;
  await withAdminClient(serverUrl, `create database ${name}`, (client) =>
    client.query(`CREATE DATABASE ${assertDatabaseName(name)}${template}`),
  );
}

/**
 * Drops the database if it exists, ending its sessions first (`WITH (FORCE)`, PostgreSQL 13+).
 * A sealed template is unsealed first (PostgreSQL refuses to drop a template).
 */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const database = assertDatabaseName(name);
  await withAdminClient(serverUrl, `drop database ${name}`, async (client) => {
    const template = await client.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [
      name,
    ]);
    if (template.rowCount === 1) await client.query(`ALTER DATABASE ${database} WITH IS_TEMPLATE false`);
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withAdminClient(serverUrl, `look up database ${name}`, async (client) => {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  });
}

/** Names of the databases on the server that start with `prefix` (for clean-up of our own leftovers). */
export async function listDatabases(serverUrl: string, prefix: string): Promise<string[]> {
  return withAdminClient(serverUrl, `list databases ${prefix}*`, async (client) => {
    const result = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname',
      [prefix],
    );
    return result.rows.map((row) => row.datname);
  });
}

export type RenameOutcome = 'renamed' | 'target-exists';

/**
 * Renames a database nobody is connected to. Renaming is atomic, which makes it the commit step of
 * "build under a temporary name, then publish": when another process published first, the answer
 * is `target-exists` and the caller drops its own copy.
 */
export async function renameDatabase(serverUrl: string, from: string, to: string): Promise<RenameOutcome> {
  return withAdminClient(serverUrl, `rename database ${from}`, async (client) => {
    try {
      await client.query(`ALTER DATABASE ${assertDatabaseName(from)} RENAME TO ${assertDatabaseName(to)}`);
      return 'renamed';
    } catch (error) {
      if (error instanceof pg.DatabaseError && error.code === '42P04') return 'target-exists';
      throw error;
    }
  });
}

/**
 * Marks a database as a template nobody connects to, so `CREATE DATABASE … TEMPLATE` never fails
 * with "source database is being accessed by other users".
 */
export async function sealAsTemplate(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, `seal template ${name}`, (client) =>
    client.query(`ALTER DATABASE ${assertDatabaseName(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`),
  );
}

async function withAdminClient<T>(
  serverUrl: string,
  what: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    if (error instanceof InvalidNameError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseAdminError(`could not ${what}: ${reason}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
