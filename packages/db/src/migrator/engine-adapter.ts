import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { createDatabase, databaseUrlFor, dropDatabase } from '../database-admin.ts';
import { JsErrorRegistry, wrapAsync, wrapSync, type EngineErrorPayload } from './result-binding.ts';

/**
 * The driver-adapter factory the Wasm schema engine runs on: `@prisma/adapter-pg` over pools we
 * own, with three corrections for migration work.
 *
 * - Shadow databases are created and force-dropped here. adapter-pg's own `connectToShadowDb`
 *   drops the database while its pool is still connected, which fails.
 * - The schema describer selects Postgres' internal `"char"` type (OID 18), which adapter-pg cannot
 *   map; those columns are relabelled as text (the value is already a one-letter string).
 * - A migration script runs as one simple-protocol query, as Prisma's native engine runs it (one
 *   implicit transaction), instead of adapter-pg's split on every `;`, which breaks on a `;` inside
 *   a string or a function body and leaves half a migration behind on failure.
 *
 * Every pool has one connection: the engine works sequentially, and the migration advisory lock
 * (`pg_advisory_lock`) then lives on the same session as the work it protects, until `close()`.
 */

const INTERNAL_CHAR_OID = 18;
const TEXT_OID = 25;

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;
type PgTransaction = Awaited<ReturnType<PgAdapter['startTransaction']>>;

export interface EngineAdapterOptions {
  /** The database the engine works on (migrations apply here). */
  databaseUrl: string;
  /** A connection string to the server on which shadow databases are created (its maintenance db). */
  serverUrl: string;
  /** Receives pool-level errors (a connection that dropped). Never carries row data. */
  onPoolError?: (error: Error) => void;
}

export interface EngineAdapterFactory {
  /** The object to pass to `SchemaEngine.new`. */
  readonly factory: object;
  /** Errors the engine only saw as `GenericJs`. */
  readonly jsErrors: JsErrorRegistry;
  /** Ends every pool and drops shadow databases the engine left behind. */
  close(): Promise<void>;
}

export function createEngineAdapterFactory(options: EngineAdapterOptions): EngineAdapterFactory {
  const registry = new JsErrorRegistry();
  const pools = new Set<pg.Pool>();
  const shadowDatabases = new Set<string>();
  const onPoolError = options.onPoolError ?? (() => undefined);

  async function endPool(pool: pg.Pool): Promise<void> {
    if (!pools.delete(pool)) return;
    await pool.end();
  }

  function openPool(connectionString: string): pg.Pool {
    const pool = new pg.Pool({
      connectionString,
      max: 1,
      idleTimeoutMillis: 0,
      application_name: 'mwl-migrator',
    });
    pool.on('error', onPoolError);
    relabelInternalChar(pool);
    pools.add(pool);
    return pool;
  }

  async function dropShadow(name: string, pool: pg.Pool): Promise<void> {
    await endPool(pool);
    if (shadowDatabases.delete(name)) await dropDatabase(options.serverUrl, name);
  }

  const factory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: wrapAsync(
      async () => bindAdapter(await adaptPool(openPool(options.databaseUrl)), registry),
      registry,
      describePgError,
    ),
    connectToShadowDb: wrapAsync(
      async () => {
        const name = shadowDatabaseName();
        await createDatabase(options.serverUrl, name);
        shadowDatabases.add(name);
        const pool = openPool(databaseUrlFor(options.serverUrl, name));
        return bindAdapter(await adaptPool(pool, () => dropShadow(name, pool)), registry);
      },
      registry,
      describePgError,
    ),
  };

  return {
    factory,
    jsErrors: registry,
    async close() {
      await Promise.allSettled([...pools].map((pool) => endPool(pool)));
      for (const name of [...shadowDatabases]) {
        shadowDatabases.delete(name);
        await dropDatabase(options.serverUrl, name);
      }
    },
  };
}

export function shadowDatabaseName(): string {
  return `mwl_shadow_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** adapter-pg's adapter over `pool`, with the whole-script `executeScript` and our own dispose. */
async function adaptPool(pool: pg.Pool, onDispose?: () => Promise<void>) {
  const inner: PgAdapter = await new PrismaPg(pool).connect();
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query: Parameters<PgAdapter['queryRaw']>[0]) => inner.queryRaw(query),
    executeRaw: (query: Parameters<PgAdapter['executeRaw']>[0]) => inner.executeRaw(query),
    executeScript: async (script: string) => {
      await pool.query(script);
    },
    startTransaction: (level?: Parameters<PgAdapter['startTransaction']>[0]) => inner.startTransaction(level),
    getConnectionInfo: () => inner.getConnectionInfo(),
    dispose: async () => {
      await inner.dispose();
      await onDispose?.();
    },
  };
}

type EngineAdapter = Awaited<ReturnType<typeof adaptPool>>;

function bindAdapter(adapter: EngineAdapter, registry: JsErrorRegistry) {
  const wrap = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    wrapAsync(fn, registry, describePgError);
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: wrap(adapter.queryRaw),
    executeRaw: wrap(adapter.executeRaw),
    executeScript: wrap(adapter.executeScript),
    dispose: wrap(adapter.dispose),
    getConnectionInfo: wrapSync(adapter.getConnectionInfo, registry, describePgError),
    startTransaction: wrap(async (level?: Parameters<EngineAdapter['startTransaction']>[0]) =>
      bindTransaction(await adapter.startTransaction(level), registry),
    ),
  };
}

function bindTransaction(transaction: PgTransaction, registry: JsErrorRegistry) {
  type Query = Parameters<PgTransaction['queryRaw']>[0];
  const wrap = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    wrapAsync(fn, registry, describePgError);
  return {
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: wrap((query: Query) => transaction.queryRaw(query)),
    executeRaw: wrap((query: Query) => transaction.executeRaw(query)),
    commit: wrap(() => transaction.commit()),
    rollback: wrap(() => transaction.rollback()),
    // adapter-pg implements all three; the interface marks them optional.
    createSavepoint: wrap(async (name: string) => transaction.createSavepoint?.(name)),
    rollbackToSavepoint: wrap(async (name: string) => transaction.rollbackToSavepoint?.(name)),
    releaseSavepoint: wrap(async (name: string) => transaction.releaseSavepoint?.(name)),
  };
}

/**
 * A Postgres error as adapter-pg would describe it, minus `detail`: the detail of a constraint
 * violation quotes row values ("Key (patient_id)=(…)"), which must not reach logs.
 */
export function describePgError(error: unknown): EngineErrorPayload | undefined {
  if (!(error instanceof pg.DatabaseError)) return undefined;
  return {
    kind: 'postgres',
    code: error.code ?? 'N/A',
    severity: error.severity ?? 'N/A',
    message: error.message,
    column: error.column,
    hint: error.hint,
  };
}

/** Reports Postgres' internal `"char"` columns as text, which adapter-pg can read. */
function relabelInternalChar(pool: pg.Pool): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult | pg.QueryResult[]>;
  const relabelled = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const part of Array.isArray(result) ? result : [result]) {
      for (const field of part.fields ?? []) {
        if (field.dataTypeID === INTERNAL_CHAR_OID) field.dataTypeID = TEXT_OID;
      }
    }
    return result;
  };
  pool.query = relabelled as typeof pool.query;
}
