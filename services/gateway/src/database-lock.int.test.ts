import { createPrismaClient, type PrismaClient } from '@mwl/db';
import { findscu } from '@mwl/dimse/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureItem, startTestGateway, type RunningGateway } from './test-support.ts';

/**
 * Issue 12, case 8: a table lock held by another session. C-FIND answers 0xC000 at its deadline,
 * and the timed-out SQL is cancelled on the server instead of waiting on (and holding a pooled
 * connection) until the lock goes.
 */

const database = useTestDatabase();
const KEYS = ['PatientName=', 'PatientID='];
const QUERY_TIMEOUT_MS = 1_500;
let running: RunningGateway | undefined;
const clients: PrismaClient[] = [];

afterEach(async () => {
  await running?.close();
  running = undefined;
  await Promise.all(clients.splice(0).map((client) => client.$disconnect()));
});

function client(applicationName: string): PrismaClient {
  const created = createPrismaClient({
    databaseUrl: database.current.databaseUrl,
    poolSize: 1,
    applicationName,
  });
  clients.push(created);
  return created;
}

/** Holds ACCESS EXCLUSIVE on worklist_item in an open transaction until `release` is called. */
async function holdTableLock(): Promise<{ release: () => Promise<void> }> {
  const locker = client('lock-holder');
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const done = locker.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('LOCK TABLE worklist_item IN ACCESS EXCLUSIVE MODE');
      locked();
      await released;
    },
    { timeout: 120_000 },
  );
  await Promise.race([isLocked, done]);
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

/** Queries of the gateway (application_name mwl-bridge) still running on the server. */
async function gatewayQueries(observer: PrismaClient): Promise<{ state: string; wait: string | null }[]> {
  return observer.$queryRawUnsafe(
    `SELECT state, wait_event_type AS wait FROM pg_stat_activity
      WHERE datname = $1 AND application_name = 'mwl-bridge' AND state <> 'idle'`,
    database.current.name,
  );
}

describe('a C-FIND while another session locks the worklist table (case 8)', () => {
  it.each([
    ['a timeout of its own per query (a pool without one, or shared with the writer)', {}],
    ['the statement timeout of its pool', { statementTimeoutMillis: QUERY_TIMEOUT_MS }],
  ])(
    'answers 0xC000 at its deadline, leaves no query waiting on the server, and answers normally once the lock goes, with %s',
    async (_label, pool) => {
      running = await startTestGateway(
        database.current.databaseUrl,
        // Ten scanners behind one address (the test's): above the default per-address cap.
        { queryTimeoutMs: QUERY_TIMEOUT_MS, maxAssociations: 20, limits: { maxAssociationsPerAddress: 20 } },
        pool,
      );
      await running.prisma.worklistItem.deleteMany();
      await running.prisma.worklistItem.createMany({ data: [fixtureItem(1)] });
      const observer = client('observer');
      const lock = await holdTableLock();
      try {
        const finds = await Promise.all(
          Array.from({ length: 10 }, async () => {
            const started = performance.now();
            const result = await findscu(running!.peer(), {
              keys: KEYS,
              exactStatus: true,
              timeoutMs: 30_000,
            });
            return { status: result.finalStatus, ms: performance.now() - started };
          }),
        );
        expect(finds.map((f) => f.status)).toEqual(Array(10).fill(0xc000));
        // Promptly: at the deadline, not when the lock goes (the bound is loose: 10 findscu processes
        // start at once on a shared machine).
        for (const find of finds) expect(find.ms).toBeLessThan(QUERY_TIMEOUT_MS + 8_000);
        // The statement timeout fires with the deadline: give the server a moment to cancel.
        const deadline = Date.now() + 2_000;
        let left = await gatewayQueries(observer);
        while (left.length > 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          left = await gatewayQueries(observer);
        }
        expect(left).toEqual([]);
      } finally {
        await lock.release();
      }
      const after = await findscu(running.peer(), { keys: KEYS, exactStatus: true, timeoutMs: 10_000 });
      expect(after.finalStatus).toBe(0x0000);
      expect(after.responses.map((r) => r['PatientID'])).toEqual(['P001']);
    },
  );
});
