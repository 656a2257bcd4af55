import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { databaseExists } from '../index.ts';
import { dbTest } from './fixtures.ts';
import { createTestDatabase } from './test-database.ts';
import { testDatabaseServerUrl } from './test-env.ts';

/** Resolves once `parties` callers are waiting: proves the tests really overlap in time. */
function barrier(parties: number, timeoutMs = 15_000): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => undefined;
  const allHere = new Promise<void>((resolve) => {
    release = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived === parties) release();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the other test never ran alongside this one')), timeoutMs);
    });
    try {
      await Promise.race([allHere, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

function worklistItem(marker: string) {
  return {
    source: 'redcap-study',
    sourceKey: 'record-1/baseline',
    changeHash: marker,
    patientName: 'Test^Subject',
    patientId: 'SUBJ-001',
    accessionNumber: `ACC-${marker}`,
    studyInstanceUid: `2.25.${marker.length}${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    requestedProcedureId: 'RP1',
    spsId: 'SPS1',
    modality: 'MR',
    scheduledStationAeTitle: 'MRI1',
    spsStartDate: '20261123',
    spsStartTime: '100000',
    spsStartAt: new Date('2026-11-23T09:00:00Z'),
    timezone: 'Europe/Paris',
  };
}

describe.concurrent('databases cloned for concurrent tests', () => {
  const bothRunning = barrier(2);

  for (const marker of ['first', 'second']) {
    dbTest(
      `lets the ${marker} test write the same (source, source_key) and see only its own row`,
      async ({ prisma }) => {
        await bothRunning();
        await prisma.worklistItem.create({ data: worklistItem(marker) });
        await bothRunning();
        const rows = await prisma.worklistItem.findMany({ where: { source: 'redcap-study' } });
        expect(rows.map((row) => row.changeHash)).toEqual([marker]);
      },
    );
  }
});

describe('createTestDatabase', () => {
  it('clones the migrated template: tables present, rows absent', async () => {
    const database = await createTestDatabase();
    try {
      const client = new pg.Client({ connectionString: database.databaseUrl });
      await client.connect();
      try {
        const migrations = await client.query('SELECT migration_name FROM _prisma_migrations');
        const items = await client.query('SELECT 1 FROM worklist_item');
        expect(migrations.rowCount).toBeGreaterThan(0);
        expect(items.rowCount).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });

  it('names the database after the run and drops it, even twice', async () => {
    const database = await createTestDatabase();
    expect(database.name).toMatch(new RegExp(`^mwl_test_${inject('mwlTestRunId')}_[0-9a-f]{10}$`));
    await database.drop();
    await database.drop();
    expect(await databaseExists(testDatabaseServerUrl(), database.name)).toBe(false);
  });

  it('drops a database that still has open connections', async () => {
    const database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    await database.drop();
    expect(await databaseExists(testDatabaseServerUrl(), database.name)).toBe(false);
    await client.end().catch(() => undefined);
  });
});
