import {
  calpendoSourceFixture,
  EDMONTON_WINDOWS,
  loadFakeCalpendoFixture,
  startFakeCalpendo,
  type FakeCalpendo,
} from '@mwl/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceAbortedError, SourceAuthError, SourceConfigError, SourceUnavailableError } from '../errors.ts';
import type { FetchEvent } from '../plugin.ts';
import { CALPENDO_READ_FAILED } from './read-bookings.ts';
import { collect, createCalpendoTestSource, type CalpendoTestSource } from './test-support.ts';

// Failures of the Calpendo API and what the plugin makes of them: an authentication error stops
// the fetch with nothing published; a booking whose detail keeps failing is a rejection of its own
// and makes the window incomplete (so nothing is cancelled); detail reads stay within the
// configured concurrency on reused connections. Tests use 2 retries and a 5–20 ms backoff.

const SPRING = { kind: 'full' as const, ...EDMONTON_WINDOWS.springForward };

let fake: FakeCalpendo | undefined;
let source: CalpendoTestSource | undefined;
afterEach(async () => {
  await source?.close();
  await fake?.close();
  source = undefined;
  fake = undefined;
});

async function start(config: Record<string, unknown> = {}, env?: Record<string, string>) {
  fake = await startFakeCalpendo({ bookings: loadFakeCalpendoFixture('edmonton').bookings });
  const fixture = calpendoSourceFixture(fake, config);
  source = await createCalpendoTestSource({ ...fixture, env: env ?? fixture.env });
  return { fake, source };
}

/** Every event a fetch yields before it throws (or ends). */
async function drain(
  events: AsyncIterable<FetchEvent>,
): Promise<{ events: FetchEvent[]; error?: Error & { code?: string } }> {
  const seen: FetchEvent[] = [];
  try {
    for await (const event of events) seen.push(event);
    return { events: seen };
  } catch (error) {
    return { events: seen, error: error as Error & { code?: string } };
  }
}

describe('Calpendo failures', () => {
  it('reports rejected credentials clearly, at once, with nothing yielded', async () => {
    const { fake, source } = await start({}, { CALPENDO_USERNAME: 'mwl-bridge', CALPENDO_PASSWORD: 'wrong' });
    const { events, error } = await drain(source.instance.fetchWindow(SPRING));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(SourceAuthError);
    expect(error?.code).toBe('MWL_ERR_SOURCE_AUTH');
    expect(error?.message).toBe(
      'Calpendo rejected the credentials (HTTP 401); check CALPENDO_USERNAME and CALPENDO_PASSWORD (or their _FILE)',
    );
    expect(fake.stats).toMatchObject({ total: 1, unauthorized: 1 });
  });

  it('stops the whole fetch when a detail request is refused, with no end event', async () => {
    const { fake, source } = await start();
    fake.injectFault({ kind: 'http401', request: 'detail', bookingId: 70104 });
    const { events, error } = await drain(source.instance.fetchWindow(SPRING));
    expect(error).toBeInstanceOf(SourceAuthError);
    expect(events.filter((e) => e.type === 'end')).toEqual([]);
  });

  it('checks the credentials at startup', async () => {
    const { source } = await start({}, { CALPENDO_USERNAME: 'someone', CALPENDO_PASSWORD: 'else' });
    await expect(source.instance.checkStartup!()).rejects.toBeInstanceOf(SourceAuthError);
  });

  it('turns a detail that fails after retries into a rejection of that booking alone and an incomplete window', async () => {
    const { fake, source } = await start();
    fake.injectFault({ kind: 'http500', request: 'detail', bookingId: 70103, count: Infinity });
    const result = await collect(source.instance.fetchWindow(SPRING));
    expect(result.rejections.filter((r) => (r.reasonCode as string) === CALPENDO_READ_FAILED)).toEqual([
      expect.objectContaining({ sourceKey: '70103', rawRef: 'booking=70103' }),
    ]);
    expect(result.rejections.find((r) => r.sourceKey === '70103')?.message).toContain('HTTP 500');
    expect(result.entries.map((e) => e.sourceKey).sort()).toEqual([
      '70101',
      '70102',
      '70104',
      '70105',
      '70106',
      '70107',
    ]);
    expect(result.end.complete).toBe(false);
    expect(result.end.seenKeys).toBeUndefined();
    expect(fake.requests.filter((r) => r.bookingId === 70103 && r.kind === 'detail')).toHaveLength(3);
  });

  it('retries a detail that fails once and keeps the window complete', async () => {
    const { fake, source } = await start();
    fake.injectFault({ kind: 'http503', request: 'detail', bookingId: 70101 });
    fake.injectFault({ kind: 'invalid-json', request: 'detail', bookingId: 70102 });
    const result = await collect(source.instance.fetchWindow(SPRING));
    expect(result.end.complete).toBe(true);
    expect(result.end.seenKeys).toEqual(expect.arrayContaining(['70101', '70102']));
    expect(source.logger.lines.filter((l) => l.msg === 'Calpendo request failed; retrying')).toHaveLength(2);
  });

  it('fails the fetch when the list keeps failing, publishing nothing', async () => {
    const { fake, source } = await start();
    fake.injectFault({ kind: 'http500', request: 'list', count: Infinity });
    const { events, error } = await drain(source.instance.fetchWindow(SPRING));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(error?.message).toBe('Calpendo answered HTTP 500 (3 attempts)');
  });

  it('counts a booking gone between the list and its detail as vanished', async () => {
    const { fake, source } = await start();
    fake.injectFault({ kind: 'http404', request: 'detail', bookingId: 70104 });
    const result = await collect(source.instance.fetchWindow(SPRING));
    expect(result.end.complete).toBe(true);
    expect(result.end.seenKeys).not.toContain('70104');
    expect(result.rejections.map((r) => r.sourceKey)).toEqual(['70108']);
  });

  it('keeps a booking whose operator cannot be read, with a warning', async () => {
    const { fake, source } = await start();
    fake.injectFault({ kind: 'http500', request: 'operator', bookingId: 70101, count: Infinity });
    const result = await collect(source.instance.fetchWindow(SPRING));
    const entry = result.entries.find((e) => e.sourceKey === '70101');
    expect(entry?.scheduledPerformingPhysician).toBeUndefined();
    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        sourceKey: '70101',
        code: 'MWL_WARN_VALUE_OMITTED',
        field: 'scheduledPerformingPhysician',
      }),
    );
    expect(result.end.complete).toBe(true);
  });

  it('stops when the caller aborts', async () => {
    const { fake, source } = await start();
    fake.setLatency(200, 'detail');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { events, error } = await drain(
      source.instance.fetchWindow({ ...SPRING, signal: controller.signal }),
    );
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(SourceAbortedError);
  });

  it.each([1, 3, 5])('reads at most %i details at once', async (concurrency) => {
    const { fake, source } = await start({ concurrency, fetch_operator: 'never' });
    fake.setLatency(30, 'detail');
    const result = await collect(source.instance.fetchWindow(SPRING));
    expect(result.end.complete).toBe(true);
    expect(fake.stats.byKind.detail).toBe(9);
    expect(fake.stats.concurrentMaxByKind.detail).toBe(concurrency);
  });

  it('reuses its pooled connections from one fetch to the next', async () => {
    const { fake, source } = await start({ concurrency: 3 });
    await collect(source.instance.fetchWindow(SPRING));
    const opened = fake.stats.connections;
    expect(opened).toBeLessThanOrEqual(8); // the test client's pool size
    await collect(source.instance.fetchWindow(SPRING));
    expect(fake.stats.total).toBe(36);
    expect(fake.stats.connections - opened).toBeLessThanOrEqual(1);
  });
});

describe('Calpendo credentials', () => {
  it('names the missing variables', async () => {
    fake = await startFakeCalpendo();
    const error = await createCalpendoTestSource({ ...calpendoSourceFixture(fake), env: {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SourceConfigError);
    expect(error).toMatchObject({
      code: 'MWL_ERR_SOURCE_CONFIG',
      message:
        'no Calpendo credentials: set CALPENDO_USERNAME (or CALPENDO_USERNAME_FILE) and CALPENDO_PASSWORD (or CALPENDO_PASSWORD_FILE)',
      problems: [
        { path: 'CALPENDO_USERNAME', message: 'is not set' },
        { path: 'CALPENDO_PASSWORD', message: 'is not set' },
      ],
    });
  });

  it('reads them from _FILE variables and from renamed variables', async () => {
    fake = await startFakeCalpendo({ bookings: loadFakeCalpendoFixture('edmonton').bookings });
    const dir = await mkdtemp(join(tmpdir(), 'calpendo-secret-'));
    try {
      await writeFile(join(dir, 'password'), `${fake.password}\n`);
      const fixture = calpendoSourceFixture(fake, { username_env: 'SITE_CALPENDO_USER' });
      source = await createCalpendoTestSource({
        ...fixture,
        env: { SITE_CALPENDO_USER: fake.username, CALPENDO_PASSWORD_FILE: join(dir, 'password') },
      });
      await source.instance.checkStartup!();
      expect(fake.stats.unauthorized).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
