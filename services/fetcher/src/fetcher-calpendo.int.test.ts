import type { PrismaClient } from '@mwl/db';
import {
  calpendoSourceFixture,
  dbTest,
  EDMONTON_EXPECTED,
  EDMONTON_WINDOWS,
  loadFakeCalpendoFixture,
  startFakeCalpendo,
  type ExpectedCalpendoEntry,
  type FakeBooking,
  type FakeCalpendo,
  briskpBookingTomorrow,
  edmontonDay,
} from '@mwl/testing';
import { afterEach, describe, expect } from 'vitest';
import {
  configWith,
  harness,
  syncNow,
  waitForRuns,
  type Harness,
  type RunningFetcher,
} from './test-support.ts';

// Issue 6's acceptance end to end: fake Calpendo → fetcher → BullMQ → writer → Postgres. A Calpendo
// source has no modification time: every tick is a full fetch of the plugin's own window
// (lookback + horizon), a complete snapshot only when every booking of it was read.

const SOURCE = 'calpendo_mri';
const fakes: FakeCalpendo[] = [];
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
  h = undefined;
});

async function startCalpendo(
  prisma: PrismaClient,
  options: { bookings?: FakeBooking[]; config?: Record<string, unknown>; clock?: () => Date } = {},
): Promise<{ fake: FakeCalpendo; running: RunningFetcher }> {
  const fake = await startFakeCalpendo({ bookings: options.bookings ?? [] });
  fakes.push(fake);
  h = await harness(prisma);
  const running = await startOn(h, fake, options);
  await waitForRuns(prisma, SOURCE, 1);
  return { fake, running };
}

/** A fetcher of the fixture's Calpendo source (`config` merged over it) on the harness's queue. */
function startOn(
  on: Harness,
  fake: FakeCalpendo,
  options: { config?: Record<string, unknown>; clock?: () => Date },
): Promise<RunningFetcher> {
  const { name, type, config, field_mapping, env } = calpendoSourceFixture(fake, options.config);
  return on.startFetcher(
    configWith([{ name, type, config, field_mapping }]),
    env,
    options.clock ? { clock: options.clock } : {},
  );
}

const rows = (prisma: PrismaClient) =>
  prisma.worklistItem.findMany({ where: { source: SOURCE }, orderBy: { sourceKey: 'asc' } });
const row = async (prisma: PrismaClient, key: string) =>
  prisma.worklistItem.findUniqueOrThrow({ where: { source_sourceKey: { source: SOURCE, sourceKey: key } } });

const TOMORROW = [
  briskpBookingTomorrow(80001, 'SUB301 - Ann Lee', 9),
  briskpBookingTomorrow(80002, 'SUB302 - Bob Stone', 10),
  briskpBookingTomorrow(80003, 'SUB303 - Carol King', 11),
  briskpBookingTomorrow(80004, 'SUB304 - Dan Brown', 12),
];

describe('Calpendo through the fetcher', () => {
  dbTest(
    'turns the fixture bookings into the expected rows, across the spring-forward and fall-back days',
    async ({ prisma }) => {
      // The fetcher's clock at each DST day's window start; the plugin's window is exactly that day.
      // The fixture's fall-back day (2025) comes before its spring-forward day (2026): the clock
      // only moves forward.
      const fall = EDMONTON_WINDOWS.fallBack;
      const spring = EDMONTON_WINDOWS.springForward;
      const hours = (w: { from: Date; to: Date }) => (w.to.getTime() - w.from.getTime()) / 3_600_000;
      let now = fall.from;
      const { running } = await startCalpendo(prisma, {
        bookings: loadFakeCalpendoFixture('edmonton').bookings,
        config: { lookback_hours: 0, horizon_hours: hours(fall) },
        clock: () => now,
      });
      const [first] = await waitForRuns(prisma, SOURCE, 1);
      expect(first).toMatchObject({
        kind: 'full',
        complete: true,
        outcome: 'succeeded',
        windowFrom: fall.from,
        windowTo: fall.to,
      });

      // A second fetcher (same queue) whose window is the spring-forward day.
      await running.stop();
      now = spring.from;
      const springFetcher = await startOn(h!, fakes[0]!, {
        config: { lookback_hours: 0, horizon_hours: hours(spring) },
        clock: () => now,
      });
      const second = await syncNow(prisma, springFetcher, SOURCE);
      await springFetcher.stop();
      expect(second).toMatchObject({
        kind: 'full',
        complete: true,
        outcome: 'succeeded',
        windowFrom: spring.from,
      });

      const expected: Record<string, ExpectedCalpendoEntry> = {
        ...EDMONTON_EXPECTED.springForward.entries,
        ...EDMONTON_EXPECTED.fallBack.entries,
      };
      const stored = await rows(prisma);
      expect(stored.map((r) => r.sourceKey).sort()).toEqual(Object.keys(expected).sort());
      for (const item of stored) {
        const want = expected[item.sourceKey]!;
        expect(item, item.sourceKey).toMatchObject({
          patientId: want.patientId,
          patientName: want.patientName,
          modality: want.modality,
          spsStartDate: want.spsStartDate,
          spsStartTime: want.spsStartTime,
          spsStartAt: new Date(want.spsStartAt),
          timezone: 'America/Edmonton',
          status: want.status,
          ...(want.durationMinutes ? { durationMinutes: want.durationMinutes } : {}),
          ...(want.scheduledPerformingPhysician
            ? { scheduledPerformingPhysician: want.scheduledPerformingPhysician }
            : {}),
        });
        expect(item.cancelledAt !== null, item.sourceKey).toBe(want.status === 'CANCELED');
        expect(item.studyInstanceUid).toBeTruthy();
      }
      const rejections = await prisma.rejection.findMany({ where: { source: SOURCE } });
      expect(rejections.map((r) => r.sourceKey)).toEqual(EDMONTON_EXPECTED.springForward.rejectedKeys);
    },
  );

  dbTest('updates a re-timed and a re-titled booking in place', async ({ prisma }) => {
    const { fake, running } = await startCalpendo(prisma, { bookings: TOMORROW });
    const before = { retimed: await row(prisma, '80001'), retitled: await row(prisma, '80002') };
    expect(before.retimed).toMatchObject({ spsStartTime: '090000', patientId: 'SUB301', cancelledAt: null });

    const day = edmontonDay(1);
    fake.updateBooking(80001, { start: `${day} 14:15:00`, end: `${day} 15:00:00` });
    fake.updateBooking(80002, { title: 'SUB399 - Bob Stone-Hill' });
    const run = await syncNow(prisma, running, SOURCE);
    expect(run).toMatchObject({ kind: 'full', complete: true, outcome: 'succeeded', cancelled: 0 });

    const retimed = await row(prisma, '80001');
    expect(retimed).toMatchObject({ spsStartDate: day.replace(/-/g, ''), spsStartTime: '141500' });
    expect(retimed.spsStartAt.getTime()).toBe(before.retimed.spsStartAt.getTime() + 5.25 * 3_600_000);
    expect(retimed.studyInstanceUid).toBe(before.retimed.studyInstanceUid);
    expect(retimed.id).toBe(before.retimed.id);

    const retitled = await row(prisma, '80002');
    expect(retitled).toMatchObject({ patientId: 'SUB399', patientName: 'Stone-Hill^Bob', cancelledAt: null });
    expect(retitled.id).toBe(before.retitled.id);
    expect(retitled.studyInstanceUid).toBe(before.retitled.studyInstanceUid);
    expect(await prisma.worklistItem.count({ where: { source: SOURCE } })).toBe(4);
  });

  dbTest(
    'cancels the items of a cancelled booking and of one gone from a complete window',
    async ({ prisma }) => {
      const { fake, running } = await startCalpendo(prisma, { bookings: TOMORROW });
      fake.cancelBooking(80003);
      fake.removeBooking(80004);
      const run = await syncNow(prisma, running, SOURCE);
      expect(run).toMatchObject({ kind: 'full', complete: true, outcome: 'succeeded', cancelled: 1 });

      for (const key of ['80003', '80004']) {
        const item = await row(prisma, key);
        expect(item.status, key).toBe('CANCELED');
        expect(item.cancelledAt, key).not.toBeNull();
      }
      expect((await rows(prisma)).filter((r) => r.cancelledAt === null).map((r) => r.sourceKey)).toEqual([
        '80001',
        '80002',
      ]);
    },
  );

  dbTest('gives a subject booked again after a completed scan a new, visible item', async ({ prisma }) => {
    const { fake, running } = await startCalpendo(prisma, { bookings: TOMORROW });
    // MPPS completed the first scan.
    await prisma.worklistItem.updateMany({
      where: { source: SOURCE, sourceKey: '80001' },
      data: { status: 'COMPLETED' },
    });
    fake.addBooking(briskpBookingTomorrow(80005, 'SUB301 - Ann Lee', 16));
    const run = await syncNow(prisma, running, SOURCE);
    expect(run).toMatchObject({ complete: true, outcome: 'succeeded', cancelled: 0, inserted: 1 });

    const first = await row(prisma, '80001');
    const again = await row(prisma, '80005');
    expect(first).toMatchObject({ status: 'COMPLETED', cancelledAt: null });
    expect(again).toMatchObject({ patientId: 'SUB301', status: 'SCHEDULED', cancelledAt: null });
    expect(again.spsStartTime).toBe('160000');
    expect(again.studyInstanceUid).not.toBe(first.studyInstanceUid);
  });

  dbTest(
    'records a refused login as a failed run with an authentication error and cancels nothing',
    async ({ prisma }) => {
      const { fake, running } = await startCalpendo(prisma, { bookings: TOMORROW });
      fake.removeBooking(80004);
      fake.injectFault({ kind: 'http401', request: 'list', count: Infinity });
      const run = await syncNow(prisma, running, SOURCE);
      expect(run).toMatchObject({ kind: 'full', outcome: 'failed', complete: false, cancelled: 0 });
      expect(run.error).toMatch(/^MWL_ERR_SOURCE_AUTH: .*401/);
      expect(run.error).not.toContain(fake.password);
      expect(await prisma.worklistItem.count({ where: { source: SOURCE, cancelledAt: null } })).toBe(4);
    },
  );

  dbTest(
    'rejects a booking whose detail keeps failing, alone, and cancels nothing in the incomplete window',
    async ({ prisma }) => {
      const { fake, running } = await startCalpendo(prisma, { bookings: TOMORROW });
      fake.updateBooking(80001, { title: 'SUB301 - Ann Lee-Park' });
      fake.removeBooking(80004);
      fake.injectFault({ kind: 'http500', request: 'detail', bookingId: 80002, count: Infinity });
      const run = await syncNow(prisma, running, SOURCE);
      expect(run).toMatchObject({ kind: 'full', outcome: 'succeeded', complete: false, cancelled: 0 });

      const rejections = await prisma.rejection.findMany({ where: { source: SOURCE } });
      expect(rejections.map((r) => [r.sourceKey, r.reasonCode])).toEqual([
        ['80002', 'MWL_REJECT_SOURCE_READ_FAILED'],
      ]);
      // The other bookings were still written; the gone one stays until a complete window.
      expect(await row(prisma, '80001')).toMatchObject({ patientName: 'Lee-Park^Ann' });
      expect(await prisma.worklistItem.count({ where: { source: SOURCE, cancelledAt: null } })).toBe(4);

      fake.clearFaults();
      const next = await syncNow(prisma, running, SOURCE);
      expect(next).toMatchObject({ complete: true, outcome: 'succeeded', cancelled: 1 });
    },
  );

  dbTest('reads booking details with the configured concurrency', async ({ prisma }) => {
    const bookings = Array.from({ length: 10 }, (_, i) =>
      briskpBookingTomorrow(80100 + i, `SUB4${i}0 - Eve Adams`, 8 + i),
    );
    const { fake, running } = await startCalpendo(prisma, { bookings });
    fake.resetStats();
    fake.setLatency(100, 'detail');
    const run = await syncNow(prisma, running, SOURCE);
    expect(run).toMatchObject({ complete: true, outcome: 'succeeded', fetched: 10 });
    // The shared client's 4 sockets would cap this at 4.
    expect(fake.stats.concurrentMaxByKind.detail).toBe(5);
  });
});
