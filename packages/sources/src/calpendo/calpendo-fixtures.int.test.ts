import {
  calpendoSourceFixture,
  EDMONTON_EXPECTED,
  EDMONTON_WINDOWS,
  loadFakeCalpendoFixture,
  pylantirCalpendoSourceFixture,
  startFakeCalpendo,
  type FakeCalpendo,
} from '@mwl/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, createCalpendoTestSource, type CalpendoTestSource } from './test-support.ts';

// The `edmonton` fixture served by the fake Calpendo, read by the plugin: the spring-forward and
// fall-back days of America/Edmonton, statuses, projects, resources, and how changes in Calpendo
// (re-timed, re-titled, cancelled, removed, re-booked) show in the next fetch.

const SPRING = { kind: 'full' as const, ...EDMONTON_WINDOWS.springForward };
const FALL = { kind: 'full' as const, ...EDMONTON_WINDOWS.fallBack };

let fake: FakeCalpendo;
let source: CalpendoTestSource;
beforeEach(async () => {
  fake = await startFakeCalpendo({ bookings: loadFakeCalpendoFixture('edmonton').bookings });
  source = await createCalpendoTestSource(calpendoSourceFixture(fake));
});
afterEach(async () => {
  await source.close();
  await fake.close();
});

const byKey = <T extends { sourceKey: string }>(items: readonly T[]) =>
  Object.fromEntries(items.map((item) => [item.sourceKey, item]));
const sorted = (keys: readonly string[] | undefined) => [...(keys ?? [])].sort();

describe('Calpendo fixture bookings', () => {
  it.each([
    ['spring-forward', SPRING, EDMONTON_EXPECTED.springForward],
    ['fall-back', FALL, EDMONTON_EXPECTED.fallBack],
  ] as const)('become the expected entries on the %s day', async (_day, window, expected) => {
    const result = await collect(source.instance.fetchWindow(window));
    const entries = byKey(result.entries);
    expect(sorted(Object.keys(entries))).toEqual(sorted(Object.keys(expected.entries)));
    for (const [key, want] of Object.entries(expected.entries)) {
      expect(entries[key], key).toMatchObject({
        ...want,
        source: 'calpendo_mri',
        timezone: 'America/Edmonton',
      });
    }
    expect(sorted(result.rejections.map((r) => r.sourceKey))).toEqual(sorted(expected.rejectedKeys));
    expect(result.end).toMatchObject({
      complete: true,
      stats: { outsideWindow: expected.outsideKeys.length },
    });
    expect(sorted(result.end.seenKeys)).toEqual(sorted(Object.keys(expected.entries)));
    expect(sorted(result.end.rejectedKeys)).toEqual(sorted(expected.rejectedKeys));
    expect(result.end.stats.skipped).toBe(expected.skippedKeys.length);
  });

  it('warns about the DST adjustments it made, and only those', async () => {
    const spring = await collect(source.instance.fetchWindow(SPRING));
    const fall = await collect(source.instance.fetchWindow(FALL));
    expect(spring.warnings.map((w) => [w.sourceKey, w.code])).toEqual([
      ['70102', 'MWL_WARN_DST_NONEXISTENT_TIME'],
    ]);
    expect(fall.warnings.map((w) => [w.sourceKey, w.code])).toEqual([
      ['71101', 'MWL_WARN_DST_AMBIGUOUS_TIME'],
    ]);
  });

  it('asks for the window with the prefix query and Basic auth, and skips what it need not read', async () => {
    await collect(source.instance.fetchWindow(SPRING));
    const list = fake.requests.filter((r) => r.kind === 'list');
    expect(list.map((r) => r.path)).toEqual([
      '/webdav/q/Calpendo.Booking/AND/dateRange.start/GE/20260307-2300/dateRange.start/LT/20260309-0100/OR/' +
        'resource.name/EQ/3T%20Diagnostic/resource.name/EQ/3T%20Research/resource.name/EQ/EEG%20Lab%20Room%20A',
    ]);
    expect(fake.requests.every((r) => r.authorized)).toBe(true);
    // 70110 is on another resource (not listed); 70111 starts after the window (no detail read).
    const details = fake.requests.filter((r) => r.kind === 'detail').map((r) => r.bookingId);
    expect(details.sort()).toEqual([70101, 70102, 70103, 70104, 70105, 70106, 70107, 70108, 70109]);
  });

  it('looks the operator up for MRI scans only', async () => {
    await collect(source.instance.fetchWindow(SPRING));
    const operators = fake.requests.filter((r) => r.kind === 'operator').map((r) => r.bookingId);
    expect(operators).not.toContain(70107);
    expect(operators).toHaveLength(8);
  });

  it('makes no operator request when the mapping does not read the operator', async () => {
    const fixture = calpendoSourceFixture(fake);
    const { scheduledPerformingPhysician: _unused, ...mapping } = fixture.field_mapping;
    const quiet = await createCalpendoTestSource({ ...fixture, field_mapping: mapping });
    try {
      await collect(quiet.instance.fetchWindow(SPRING));
      expect(fake.stats.byKind.operator).toBe(0);
    } finally {
      await quiet.close();
    }
  });

  it("reads Pylantir's own config form as it is", async () => {
    const pylantir = await createCalpendoTestSource(pylantirCalpendoSourceFixture(fake));
    try {
      const result = await collect(pylantir.instance.fetchWindow(SPRING));
      const entries = byKey(result.entries);
      // Only "3T Diagnostic"; status_filter Approved skips Pending 70104, cancellations still count.
      expect(sorted(Object.keys(entries))).toEqual(['70101', '70102', '70105', '70106', '70109']);
      expect(entries['70101']).toMatchObject({
        patientId: 'SUB101',
        patientName: 'Jane Doe',
        studyDescription: 'BRISKP',
        modality: 'MR',
        scheduledStationAeTitle: 'ANY',
        durationMinutes: 45,
        spsStartAt: '2026-03-08T01:00:00-07:00',
        status: 'SCHEDULED',
      });
      expect(entries['70105']?.status).toBe('CANCELED');
      expect(result.rejections.map((r) => r.sourceKey)).toEqual(['70108']);
      expect(result.end.complete).toBe(true);
    } finally {
      await pylantir.close();
    }
  });

  it('logs counts, never patient values', async () => {
    await collect(source.instance.fetchWindow(SPRING));
    const logged = JSON.stringify(source.logger.lines);
    for (const value of ['Jane', 'Doe', 'SUB101', 'volunteer']) expect(logged).not.toContain(value);
    expect(source.logger.lines.at(-1)).toMatchObject({
      msg: 'Calpendo fetch finished',
      obj: { complete: true },
    });
  });
});

describe('Calpendo changes between fetches', () => {
  it('updates a re-timed booking under the same key', async () => {
    fake.updateBooking(70103, { start: '2026-03-08 12:15:00', end: '2026-03-08 13:15:00' });
    const entry = byKey((await collect(source.instance.fetchWindow(SPRING))).entries)['70103'];
    expect(entry).toMatchObject({ spsStartTime: '121500', spsStartAt: '2026-03-08T12:15:00-06:00' });
  });

  it('keeps the key of a re-titled booking and takes the new subject', async () => {
    fake.updateBooking(70101, { title: 'SUB999 - Jane Doe-Smith' });
    const result = await collect(source.instance.fetchWindow(SPRING));
    const entry = byKey(result.entries)['70101'];
    expect(entry).toMatchObject({ patientId: 'SUB999', patientName: 'Doe-Smith^Jane' });
    expect(result.entries.filter((e) => e.patientId === 'SUB101')).toEqual([]);
  });

  it('turns a cancelled booking into a CANCELED entry', async () => {
    fake.cancelBooking(70101);
    const entry = byKey((await collect(source.instance.fetchWindow(SPRING))).entries)['70101'];
    expect(entry?.status).toBe('CANCELED');
  });

  it('leaves a removed booking out of the seen keys of a complete window', async () => {
    fake.removeBooking(70102);
    const result = await collect(source.instance.fetchWindow(SPRING));
    expect(result.end.complete).toBe(true);
    expect(result.end.seenKeys).not.toContain('70102');
    expect(result.end.seenKeys).toContain('70101');
  });

  it('gives a subject booked again after a scan a new item key', async () => {
    fake.addBooking({
      ...fake.booking(70101)!,
      id: 70199,
      start: '2026-03-08 18:00:00',
      end: '2026-03-08 18:45:00',
    });
    const entries = (await collect(source.instance.fetchWindow(SPRING))).entries.filter(
      (e) => e.patientId === 'SUB101',
    );
    expect(entries.map((e) => [e.sourceKey, e.spsStartTime]).sort()).toEqual([
      ['70101', '010000'],
      ['70199', '180000'],
    ]);
  });

  it('re-reads given bookings by id, never as a complete window', async () => {
    fake.updateBooking(71102, { title: 'SUB202 - Ivy Chen-Lo' });
    const result = await collect(source.instance.fetchKeys!(['71102', 'not/an/id', '71102']));
    expect(result.entries.map((e) => [e.sourceKey, e.patientName])).toEqual([['71102', 'Chen-Lo^Ivy']]);
    expect(result.end).toMatchObject({ complete: false });
    expect(result.end.seenKeys).toBeUndefined();
    expect(fake.stats.byKind.list).toBe(0);
  });

  it('fetches the scheduled range of an incremental request, never as a complete window', async () => {
    const result = await collect(
      source.instance.fetchWindow({
        kind: 'incremental',
        from: new Date('2026-03-08T00:00:00Z'),
        to: new Date('2026-03-08T00:05:00Z'),
        scheduled: EDMONTON_WINDOWS.springForward,
      }),
    );
    expect(result.entries).toHaveLength(7);
    expect(result.end.complete).toBe(false);
  });
});
