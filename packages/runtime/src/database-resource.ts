import { createPrismaClient, pingDatabase, type PrismaClient } from '@mwl/db';
import { describeError } from '@mwl/domain';
import type { HealthCheck, Logger, ShutdownStep } from '@mwl/observability';

export interface DatabaseResource {
  prisma: PrismaClient;
  /** Closes the pool (after every unit using it stopped). */
  close: ShutdownStep;
  /** `SELECT 1` answers. */
  check: HealthCheck;
}

/** A PostgreSQL pool for one role, with its shutdown step and readiness check. */
export function databaseResource(options: {
  databaseUrl: string;
  applicationName: string;
  poolSize: number;
  logger: Logger;
  connectionTimeoutMillis?: number;
  /** Server side: a statement running longer is cancelled by PostgreSQL itself. */
  statementTimeoutMillis?: number;
}): DatabaseResource {
  const { logger } = options;
  const prisma = createPrismaClient({
    databaseUrl: options.databaseUrl,
    poolSize: options.poolSize,
    applicationName: options.applicationName,
    ...(options.connectionTimeoutMillis !== undefined && {
      connectionTimeoutMillis: options.connectionTimeoutMillis,
    }),
    ...(options.statementTimeoutMillis !== undefined && {
      statementTimeoutMillis: options.statementTimeoutMillis,
    }),
    onPoolError: (error) => logger.warn({ err: describeError(error) }, 'idle database connection failed'),
  });
  return {
    prisma,
    close: { name: `database (${options.applicationName})`, run: () => prisma.$disconnect() },
    check: () => pingDatabase(prisma),
  };
}
