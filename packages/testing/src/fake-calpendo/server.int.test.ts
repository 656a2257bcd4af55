import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFakeCalpendoFixture } from './fixtures.ts';
import { startFakeCalpendo, type FakeCalpendo } from './server.ts';

let fake: FakeCalpendo;
beforeEach(async () => {
  fake = await startFakeCalpendo({ bookings: loadFakeCalpendoFixture('edmonton').bookings });
});
afterEach(async () => {
  await fake.close();
});

const auth = () => `Basic ${Buffer.from(`${fake.username}:${fake.password}`).toString('base64')}`;
const get = (path: string, authorization = auth()) =>
  fetch(`${fake.url}${path}`, { headers: { authorization } });

describe('the fake Calpendo server', () => {
  it('lists the bookings a query selects, in start order', async () => {
    const response = await get(
      '/webdav/q/Calpendo.Booking/AND/dateRange.start/GE/20251101-0000/dateRange.start/LT/20251103-0000/resource.name/EQ/3T%20Diagnostic',
    );
    const body = (await response.json()) as { biskits: { id: number }[] };
    expect(body.biskits.map((b) => b.id)).toEqual([71103, 71104, 71101, 71102]);
  });

  it('answers 401 without valid credentials and counts it', async () => {
    const response = await get('/webdav/b/Calpendo.Booking/70101', 'Basic bm9ib2R5Om5vdGhpbmc=');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="Calpendo"');
    expect(fake.stats.unauthorized).toBe(1);
  });

  it('answers a detail, 404 for a removed booking, 400 for a bad query', async () => {
    expect(((await (await get('/webdav/b/Calpendo.Booking/70101')).json()) as { title: string }).title).toBe(
      'SUB101 - Jane Doe',
    );
    fake.removeBooking(70101);
    expect((await get('/webdav/b/Calpendo.Booking/70101')).status).toBe(404);
    expect((await get('/webdav/q/Calpendo.Booking/status/EQ')).status).toBe(400);
  });

  it("answers an MRI scan's operator", async () => {
    const body = await (await get('/webdav/q/MRIScan/id/eq/70103?paths=Operator.name')).json();
    expect(body).toEqual({ biskits: [{ id: 70103, properties: { Operator: { name: 'Tech Sam Ortiz' } } }] });
  });

  it('injects faults for the matching requests only, as many times as asked', async () => {
    fake.injectFault({ kind: 'http500', request: 'detail', bookingId: 70102, count: 2 });
    expect((await get('/webdav/b/Calpendo.Booking/70101')).status).toBe(200);
    expect((await get('/webdav/b/Calpendo.Booking/70102')).status).toBe(500);
    expect((await get('/webdav/b/Calpendo.Booking/70102')).status).toBe(500);
    expect((await get('/webdav/b/Calpendo.Booking/70102')).status).toBe(200);
    expect(fake.stats.byKind.detail).toBe(4);
  });

  it('delays answers and records how many ran at once', async () => {
    fake.setLatency(40, 'detail');
    const started = Date.now();
    await Promise.all(
      [70101, 70102, 70103].map((id) => get(`/webdav/b/Calpendo.Booking/${id}`).then((r) => r.text())),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(fake.stats.concurrentMaxByKind.detail).toBe(3);
  });

  it('re-times and cancels bookings', async () => {
    fake.updateBooking(70101, { start: '2026-03-08 07:00:00', end: '2026-03-08 07:45:00' });
    fake.cancelBooking(70102);
    const response = await get('/webdav/q/Calpendo.Booking/id/EQ/70101');
    expect(
      ((await response.json()) as { biskits: { formattedName: string }[] }).biskits[0]?.formattedName,
    ).toBe('[2026-03-08 07:00:00.0, 2026-03-08 07:45:00.0]');
    expect(fake.booking(70102)?.status).toBe('Cancelled');
  });
});
