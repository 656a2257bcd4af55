import { planQuery, type MatchPlan, type NaturalizedDataset, type WorklistRow } from '@mwl/domain';
import { dbTest } from '../testing/index.ts';
import { describe, expect } from 'vitest';
import type { Prisma, PrismaClient } from '../generated/client.ts';
import { createWorklistFindRepository, type StreamEnd } from './worklist-find.repository.ts';

function item(i: number, overrides: Partial<Prisma.WorklistItemCreateManyInput> = {}) {
  const minute = String(i % 60).padStart(2, '0');
  return {
    source: 'test',
    sourceKey: `key-${i}`,
    changeHash: `hash-${i}`,
    patientName: `DOE^JOHN${i}`,
    patientId: `PID-${i}`,
    patientWeightKg: 70.5,
    accessionNumber: `ACC${i}`,
    studyInstanceUid: `2.25.${1000 + i}`,
    requestedProcedureId: `RP${i}`,
    spsId: `SPS${i}`,
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    spsStartDate: '20260310',
    spsStartTime: `09${minute}00`,
    spsStartAt: new Date(`2026-03-10T15:${minute}:00.000Z`),
    timezone: 'America/Edmonton',
    extra: { InstitutionName: 'Site' },
    ...overrides,
  } satisfies Prisma.WorklistItemCreateManyInput;
}

function plan(identifier: NaturalizedDataset): MatchPlan {
  const result = planQuery(identifier);
  if (!result.ok) throw new Error(result.reason);
  return result.plan;
}

async function drain(
  prisma: PrismaClient,
  query: MatchPlan,
  options: { pageSize?: number; maxResults?: number; signal?: AbortSignal } = {},
): Promise<{ rows: WorklistRow[]; end: StreamEnd }> {
  const stream = createWorklistFindRepository(prisma).streamMatches(query, { maxResults: 1000, ...options });
  const rows: WorklistRow[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return { rows, end: next.value };
    rows.push(next.value);
  }
}

describe('createWorklistFindRepository().streamMatches', () => {
  dbTest('reads rows as WorklistRow values with their JavaScript types', async ({ prisma }) => {
    await prisma.worklistItem.createMany({ data: [item(1)] });
    const { rows, end } = await drain(prisma, plan({ PatientID: 'PID-1' }));
    expect(end).toBe('complete');
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      patientName: 'DOE^JOHN1',
      patientWeightKg: 70.5,
      patientSizeM: null,
      spsStartAt: new Date('2026-03-10T15:01:00.000Z'),
      cancelledAt: null,
      status: 'SCHEDULED',
      extra: { InstitutionName: 'Site' },
    });
    expect(row).not.toHaveProperty('id');
  });

  dbTest('pages through every match in start order without repeats', async ({ prisma }) => {
    // Pairs share a start instant, so the id breaks ties across page boundaries.
    await prisma.worklistItem.createMany({
      data: Array.from({ length: 11 }, (_, i) =>
        item(i, { spsStartAt: new Date(Date.UTC(2026, 2, 10, 15, Math.floor(i / 2))) }),
      ),
    });
    const { rows, end } = await drain(prisma, plan({ PatientID: '' }), { pageSize: 3 });
    expect(end).toBe('complete');
    expect(rows.map((r) => r.patientId)).toEqual(Array.from({ length: 11 }, (_, i) => `PID-${i}`));
  });

  dbTest('hands the same matches out a page at a time, never an empty page', async ({ prisma }) => {
    const pageSizes = async () => {
      const pages = createWorklistFindRepository(prisma).streamMatchPages(plan({}), {
        maxResults: 1000,
        pageSize: 3,
      });
      const sizes: number[] = [];
      for (;;) {
        const next = await pages.next();
        if (next.done) return { sizes, end: next.value };
        expect(next.value.some((row) => 'id' in row)).toBe(false);
        sizes.push(next.value.length);
      }
    };
    await prisma.worklistItem.createMany({ data: Array.from({ length: 7 }, (_, i) => item(i)) });
    expect(await pageSizes()).toEqual({ sizes: [3, 3, 1], end: 'complete' });
    // Six rows: the third read finds nothing, and yields no page.
    await prisma.worklistItem.deleteMany({ where: { patientId: 'PID-6' } });
    expect(await pageSizes()).toEqual({ sizes: [3, 3], end: 'complete' });
  });

  dbTest('ends over-cap at the cap when rows were added while it streamed', async ({ prisma }) => {
    await prisma.worklistItem.createMany({ data: Array.from({ length: 3 }, (_, i) => item(i)) });
    const pages = createWorklistFindRepository(prisma).streamMatchPages(plan({}), {
      maxResults: 3,
      pageSize: 2,
    });
    const first = await pages.next();
    expect(first.done ? [] : first.value.map((row) => row.patientId)).toEqual(['PID-0', 'PID-1']);
    // Two more, starting after the rows already sent: the next page would take the list past 3.
    await prisma.worklistItem.createMany({ data: [item(3), item(4)] });
    const second = await pages.next();
    expect(second.done ? [] : second.value.map((row) => row.patientId)).toEqual(['PID-2']);
    expect(await pages.next()).toEqual({ done: true, value: 'over-cap' });
  });

  dbTest('ends over-cap before yielding anything when more rows match than the cap', async ({ prisma }) => {
    await prisma.worklistItem.createMany({ data: Array.from({ length: 6 }, (_, i) => item(i)) });
    expect(await drain(prisma, plan({}), { maxResults: 5 })).toEqual({ rows: [], end: 'over-cap' });
    expect((await drain(prisma, plan({}), { maxResults: 6 })).end).toBe('complete');
  });

  dbTest('stops reading once the signal is aborted', async ({ prisma }) => {
    await prisma.worklistItem.createMany({ data: Array.from({ length: 10 }, (_, i) => item(i)) });
    const controller = new AbortController();
    const stream = createWorklistFindRepository(prisma).streamMatches(plan({}), {
      maxResults: 100,
      pageSize: 4,
      signal: controller.signal,
    });
    expect((await stream.next()).done).toBe(false);
    controller.abort();
    expect(await stream.next()).toEqual({ done: true, value: 'aborted' });
  });

  dbTest('hides cancelled and completed rows unless the status is asked for', async ({ prisma }) => {
    await prisma.worklistItem.createMany({
      data: [item(1), item(2, { status: 'COMPLETED' }), item(3, { cancelledAt: new Date() })],
    });
    expect((await drain(prisma, plan({}))).rows.map((r) => r.patientId)).toEqual(['PID-1']);
    const asked = await drain(
      prisma,
      plan({ ScheduledProcedureStepSequence: [{ ScheduledProcedureStepStatus: ['CANCELED', 'COMPLETED'] }] }),
    );
    expect(asked.rows.map((r) => r.patientId).sort()).toEqual(['PID-2', 'PID-3']);
  });

  dbTest('matches SQL metacharacters literally', async ({ prisma }) => {
    const values = ["'; DROP TABLE x; --", '100%', 'A_B', 'plain'];
    await prisma.worklistItem.createMany({
      data: [
        ...values.map((v, i) => item(i, { patientId: v, patientName: `${v}^X` })),
        item(9, { patientId: 'AXB' }),
      ],
    });
    for (const value of values) {
      const exact = await drain(prisma, plan({ PatientID: value }));
      expect(exact.rows.map((r) => r.patientId)).toEqual([value]);
      const wildcard = await drain(prisma, plan({ PatientName: `${value}*` }));
      expect(wildcard.rows.map((r) => r.patientId)).toEqual([value]);
    }
    expect((await drain(prisma, plan({ PatientID: '%' }))).rows).toEqual([]);
    expect((await drain(prisma, plan({ PatientName: '%*' }))).rows).toEqual([]);
    expect((await drain(prisma, plan({ PatientName: '_*' }))).rows).toEqual([]);
    expect(await prisma.worklistItem.count()).toBe(5);
  });

  // A backslash separates values on the wire (PS3.5 6.4), so only a plan can carry one inside a value.
  dbTest('matches a backslash literally, also next to LIKE metacharacters', async ({ prisma }) => {
    await prisma.worklistItem.createMany({
      data: [
        item(1, { accessionNumber: 'A\\%B' }),
        item(2, { accessionNumber: 'A\\XB' }),
        item(3, { accessionNumber: 'AB' }),
      ],
    });
    const path = 'AccessionNumber';
    const single = await drain(prisma, {
      ...plan({}),
      conditions: [
        {
          kind: 'single',
          column: 'accession_number',
          path,
          value: 'A\\%B',
          caseInsensitive: false,
          excludeEmpty: true,
        },
      ],
    });
    expect(single.rows.map((r) => r.accessionNumber)).toEqual(['A\\%B']);
    const wildcard = await drain(prisma, {
      ...plan({}),
      conditions: [
        {
          kind: 'wildcard',
          column: 'accession_number',
          path,
          pattern: 'A\\%*',
          caseInsensitive: false,
          excludeEmpty: true,
        },
      ],
    });
    expect(wildcard.rows.map((r) => r.accessionNumber)).toEqual(['A\\%B']);
  });

  dbTest('matches a combined date-time period across days', async ({ prisma }) => {
    await prisma.worklistItem.createMany({
      data: [
        item(1, { spsStartDate: '20260310', spsStartTime: '080000' }),
        item(2, { spsStartDate: '20260310', spsStartTime: '100000' }),
        item(3, { spsStartDate: '20260311', spsStartTime: '200000' }),
        item(4, { spsStartDate: '20260312', spsStartTime: '160000' }),
        item(5, { spsStartDate: '20260312', spsStartTime: '180000' }),
      ],
    });
    const { rows } = await drain(
      prisma,
      plan({
        ScheduledProcedureStepSequence: [
          {
            ScheduledProcedureStepStartDate: '20260310-20260312',
            ScheduledProcedureStepStartTime: '0900-1700',
          },
        ],
      }),
    );
    expect(rows.map((r) => r.patientId).sort()).toEqual(['PID-2', 'PID-3', 'PID-4']);
  });
});

describe('createWorklistFindRepository() statement timeouts', () => {
  /** The real client, with its `$transaction` calls counted. */
  function countingTransactions(prisma: PrismaClient) {
    const counter = { transactions: 0 };
    const client = new Proxy(prisma, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (key !== '$transaction' || typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => {
          counter.transactions++;
          return Reflect.apply(value, target, args) as unknown;
        };
      },
    });
    return { client, counter };
  }

  const readAll = async (
    db: PrismaClient,
    options: { poolStatementTimeoutMs?: number; statementTimeoutMs: number; pageSize?: number },
  ) => {
    const { poolStatementTimeoutMs, ...streamOptions } = options;
    const repository = createWorklistFindRepository(
      db,
      poolStatementTimeoutMs ? { poolStatementTimeoutMs } : {},
    );
    let rows = 0;
    for await (const _ of repository.streamMatches(plan({ Modality: 'MR' }), {
      maxResults: 100,
      ...streamOptions,
    })) {
      rows++;
    }
    return rows;
  };

  dbTest(
    "reads each page without a transaction when the pool's timeout cancels in time",
    async ({ prisma }) => {
      await prisma.worklistItem.createMany({ data: [1, 2, 3, 4, 5].map((i) => item(i)) });
      const { client, counter } = countingTransactions(prisma);
      const rows = await readAll(client, {
        poolStatementTimeoutMs: 5000,
        statementTimeoutMs: 5000,
        pageSize: 2,
      });
      expect(rows).toBe(5);
      // Three pages, one statement each; the count after the full first page needs what is left.
      expect(counter.transactions).toBe(1);
    },
  );

  dbTest(
    'sets the timeout in a transaction of its own when the pool has none or a longer one',
    async ({ prisma }) => {
      await prisma.worklistItem.createMany({ data: [item(1)] });
      for (const poolStatementTimeoutMs of [undefined, 10_000]) {
        const { client, counter } = countingTransactions(prisma);
        expect(
          await readAll(client, {
            statementTimeoutMs: 5000,
            ...(poolStatementTimeoutMs && { poolStatementTimeoutMs }),
          }),
        ).toBe(1);
        expect(counter.transactions).toBe(1);
      }
    },
  );
});
