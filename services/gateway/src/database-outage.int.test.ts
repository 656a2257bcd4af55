import net from 'node:net';
import { createPrismaClient } from '@mwl/db';
import { mppsScu, type DicomDataset } from '@mwl/dimse';
import { echoscu, findscu } from '@mwl/dimse/testing';
import { sampleMppsCreate, sampleMppsFinalSet } from '@mwl/domain';
import { testDatabaseServerUrl, useTestDatabase } from '@mwl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureItem, startTestGateway, type RunningGateway } from './test-support.ts';

/** Acceptance 5: an unreachable or silent database gets a failure status within 5 s, never a hang. */

const database = useTestDatabase();
const KEYS = ['PatientName=', 'PatientID='];
let running: RunningGateway | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function timedFind(gateway: RunningGateway) {
  const started = performance.now();
  const result = await findscu(gateway.peer(), { keys: KEYS, exactStatus: true, timeoutMs: 20_000 });
  return { result, ms: performance.now() - started };
}

async function setConnectionsAllowed(name: string, allowed: boolean): Promise<void> {
  const admin = createPrismaClient({ databaseUrl: testDatabaseServerUrl(), poolSize: 1 });
  try {
    await admin.$executeRawUnsafe(
      `ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS ${allowed ? 'true' : 'false'}`,
    );
    if (!allowed) {
      await admin.$queryRawUnsafe(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        name,
      );
    }
  } finally {
    await admin.$disconnect();
  }
}

describe('database failures (acceptance 5)', () => {
  it('answers 0xC000 within 5 s when nothing listens on the database port, and still answers C-ECHO', async () => {
    running = await startTestGateway('postgresql://postgres@127.0.0.1:1/none');
    const { result, ms } = await timedFind(running);
    expect(result.finalStatus).toBe(0xc000);
    expect(ms).toBeLessThan(5_000);
    expect((await echoscu(running.peer())).ok).toBe(true);
  });

  it('answers 0xC000 within 5 s when the database accepts connections but never answers', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      // The pool would wait 30 s for the connection: the gateway's own page deadline answers first.
      running = await startTestGateway(
        `postgresql://postgres@127.0.0.1:${port}/none`,
        { queryTimeoutMs: 1_500 },
        { connectionTimeoutMillis: 30_000 },
      );
      const { result, ms } = await timedFind(running);
      expect(result.finalStatus).toBe(0xc000);
      expect(ms).toBeLessThan(5_000);
      expect(running.logText()).toContain('MWL_ERR_GATEWAY_DB_TIMEOUT');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('answers MPPS N-CREATE and N-SET with 0x0110 within 5 s when the database never answers', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      running = await startTestGateway(
        `postgresql://postgres@127.0.0.1:${port}/none`,
        { queryTimeoutMs: 700 },
        { connectionTimeoutMillis: 30_000 },
      );
      const started = performance.now();
      const answers = await mppsScu({ ...running.peer(), callingAeTitle: 'MR1' }, [
        { kind: 'n-create', sopInstanceUid: '2.25.8181', dataset: sampleMppsCreate() as DicomDataset },
        {
          kind: 'n-set',
          sopInstanceUid: '2.25.8181',
          dataset: sampleMppsFinalSet('COMPLETED') as DicomDataset,
        },
      ]);
      expect(answers.map((a) => a.status)).toEqual([0x0110, 0x0110]);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(running.logText()).toContain('MWL_ERR_GATEWAY_DB_TIMEOUT');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('fails within 5 s while its database refuses connections and serves again once it is back', async () => {
    const name = database.current.name;
    running = await startTestGateway(database.current.databaseUrl);
    await running.prisma.worklistItem.createMany({ data: [fixtureItem(1)] });
    expect((await timedFind(running)).result.responses).toHaveLength(1);

    await setConnectionsAllowed(name, false);
    try {
      const down = await timedFind(running);
      expect(down.result.finalStatus).toBe(0xc000);
      expect(down.ms).toBeLessThan(5_000);
      expect(running.logText()).not.toContain('DOE^JOHN1');
    } finally {
      await setConnectionsAllowed(name, true);
    }

    const back = await timedFind(running);
    expect(back.result.finalStatus).toBe(0x0000);
    expect(back.result.responses.map((r) => r['PatientID'])).toEqual(['P001']);
  });
});
