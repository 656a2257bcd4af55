import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';
import { createPoolSqlRunner } from './pool-sql-runner.ts';
import { createPoolSqlTransaction } from './pool-sql-transaction.ts';
import { registerDirectSql } from './repositories/direct-sql.ts';
import { registerDirectTransactions } from './repositories/direct-transaction.ts';

export interface CreatePrismaClientOptions {
  /** `postgresql://user:password@host:5432/database` */
  databaseUrl: string;
  /** Most connections the pool opens at once. Default 10. */
  poolSize?: number;
  /** Shown in `pg_stat_activity.application_name`, e.g. the service name. */
  applicationName?: string;
  /** How long to wait for a connection (new, or free in the pool) before failing. Default 10 s. */
  connectionTimeoutMillis?: number;
  /** Idle connections are closed after this long. Default 30 s. */
  idleTimeoutMillis?: number;
  /** Server-side `statement_timeout` for every connection. Default: none. */
  statementTimeoutMillis?: number;
  /** Errors of idle pooled connections (the server went away). Default: ignored; queries still fail. */
  onPoolError?: (error: Error) => void;
}

/**
 * A PrismaClient on its own `pg` pool (through `@prisma/adapter-pg`). The client owns the pool:
 * `await prisma.$disconnect()` closes every connection, and is the whole shutdown story. The
 * writer's batch statements run on the same pool without Prisma (see `direct-sql.ts`).
 */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'mwl-bridge',
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    ...(options.statementTimeoutMillis !== undefined && {
      statement_timeout: options.statementTimeoutMillis,
    }),
  });
  pool.on('error', options.onPoolError ?? (() => undefined));
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const prisma = new PrismaClient({ adapter });
  registerDirectSql(prisma, createPoolSqlRunner(pool));
  registerDirectTransactions(prisma, createPoolSqlTransaction(pool));
  return prisma;
}
