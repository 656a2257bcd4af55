// What every benchmark shares: the machine line its figures are read against, a migrated scratch
// database, and removal of its queue keys. Benchmarks are scripts, not tests: they print figures.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { applyMigrations, createDatabase, databaseUrlFor, defaultMigrationsDir, dropDatabase } from '@mwl/db';
import { Redis } from 'ioredis';

export const BENCH_DATABASE_SERVER =
  process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
export const BENCH_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** `machine: <cpu>, <n> cores, <mem> GiB, node <v>, <os>, load <1 5 15>`. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return (
    `machine: ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.release()}, ` +
    `load ${load}`
  );
}

export interface ScratchDatabase {
  name: string;
  databaseUrl: string;
  drop(): Promise<void>;
}

/** A new, migrated database on the bench server; `drop()` removes it. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `mwl_bench_${randomBytes(4).toString('hex')}`;
  await createDatabase(BENCH_DATABASE_SERVER, name);
  const databaseUrl = databaseUrlFor(BENCH_DATABASE_SERVER, name);
  const drop = () => dropDatabase(BENCH_DATABASE_SERVER, name);
  try {
    await applyMigrations({ databaseUrl, migrationsDir: defaultMigrationsDir() });
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, databaseUrl, drop };
}

export function uniqueBenchPrefix(): string {
  return `mwl-bench-${randomBytes(4).toString('hex')}`;
}

/** Deletes every Redis key under a queue prefix. */
export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(BENCH_REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
