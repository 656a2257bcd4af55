// What every benchmark shares: the machine line its figures are read against, a migrated scratch
// database, and removal of its queue keys. Benchmarks are scripts, not tests: they print figures.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { applyMigrations, createDatabase, databaseUrlFor, defaultMigrationsDir, dropDatabase } from '@mwl/db';
import { deleteQueueKeys as deleteTestQueueKeys } from '@mwl/testing/queue';

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

/** Deletes every Redis key under a queue prefix (the bench's Redis). */
export function deleteQueueKeys(prefix: string): Promise<void> {
  return deleteTestQueueKeys(prefix, BENCH_REDIS_URL);
}

/** A bench whose measurement is wrong (counts, outcomes) fails with this instead of printing a figure. */
export class BenchAssertionError extends Error {
  override name = 'BenchAssertionError';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new BenchAssertionError(message);
}

/** `work`, or a rejection after `ms`: a bench never waits forever. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns a value (not undefined), failing after `ms`. */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what}: not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Ends a bench process that is stuck despite the bounded waits (exit 2 after `ms`). The timer is
 * unref'd: a bench that finishes is not held open by it.
 */
export function armWatchdog(ms: number, what: string): void {
  setTimeout(() => {
    console.error(`${what}: the bench did not finish within ${ms} ms`);
    process.exit(2);
  }, ms).unref();
}

const RESULTS_START = '<!-- bench-results:start -->';
const RESULTS_END = '<!-- bench-results:end -->';
const RESULTS_HEAD = '| bench | figure | command | date (UTC) | machine |\n| --- | --- | --- | --- | --- |';

/**
 * Writes a bench's figure into docs/PERFORMANCE.md's results table, replacing the row of the same
 * `bench` label: the table is the benches' output, never edited by hand. BENCH_RECORD=0 skips it
 * (a tuning run that should not land in the table).
 */
export function recordResult(entry: { bench: string; figure: string; command: string }): void {
  if (process.env.BENCH_RECORD === '0') return;
  const file = new URL('../docs/PERFORMANCE.md', import.meta.url);
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const row =
    `| ${cell(entry.bench)} | ${cell(entry.figure)} | \`${cell(entry.command)}\` | ` +
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ${cell(describeMachine().replace(/^machine: /, ''))} |`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(RESULTS_START);
  const end = text.indexOf(RESULTS_END);
  if (start < 0 || end < start)
    throw new Error(`${file.pathname} has no ${RESULTS_START} … ${RESULTS_END} block`);
  // Rows by their first cell (prettier may pad the cells; the header and separator are rebuilt).
  const firstCell = (line: string) => (line.slice(1).split(/(?<!\\)\|/)[0] ?? '').trim();
  const rows = text
    .slice(start + RESULTS_START.length, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(bench\s*\||-)/.test(line));
  const kept = rows.filter((line) => firstCell(line) !== cell(entry.bench));
  const table = [RESULTS_HEAD, ...[...kept, row].sort()].join('\n');
  writeFileSync(file, `${text.slice(0, start)}${RESULTS_START}\n${table}\n${text.slice(end)}`);
  console.log(`recorded in docs/PERFORMANCE.md: ${entry.bench}`);
}

/**
 * CPU time (user + system, ms) that processes have used so far, from /proc (Linux; 0 elsewhere or
 * for a process that is gone). CPU per operation is what a busy shared machine does not distort much.
 */
export function cpuMsOf(pids: readonly number[]): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // gone, or no /proc
    }
  }
  return total;
}
