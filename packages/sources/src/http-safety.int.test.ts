import {
  calpendoSourceFixture,
  EDMONTON_WINDOWS,
  loadFakeCalpendoFixture,
  loadFakeRedcapFixture,
  redcapSourceFixture,
  startFakeCalpendo,
  startFakeRedcap,
  type FakeCalpendo,
  type FakeRedcap,
} from '@mwl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createCalpendoTestSource, type CalpendoTestSource } from './calpendo/test-support.ts';
import { SourceConfigError, SourceResponseTooLargeError } from './errors.ts';
import { collect, createTestSource, MARCH, type TestSource } from './redcap/test-support.ts';

// Issue 12: a REDCap or Calpendo answer is read with a cap (a streamed export: per row and in
// rows), so an endless or huge body fails the fetch instead of the process; and credentials are
// never sent over http:// unless the config says so.

const MiB = 1024 * 1024;
const FAST = { timeout_ms: 10_000, retries: 2, backoff_ms: 5, max_backoff_ms: 20 };

let redcap: FakeRedcap | undefined;
let calpendo: FakeCalpendo | undefined;
let sources: (TestSource | CalpendoTestSource)[] = [];
afterEach(async () => {
  for (const source of sources) await source.close();
  await redcap?.close();
  await calpendo?.close();
  sources = [];
  redcap = calpendo = undefined;
});

async function redcapSource(request: Record<string, number>) {
  redcap = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic'), timezone: 'America/Edmonton' });
  const source = await createTestSource(
    redcapSourceFixture('classic', { config: { request: { ...FAST, ...request } } }),
    redcap,
  );
  sources.push(source);
  return { fake: redcap, source };
}

describe('REDCap answers are bounded', () => {
  it('stops reading an oversized metadata answer at max_body_bytes, and does not retry it', async () => {
    const { fake, source } = await redcapSource({ max_body_bytes: MiB });
    fake.injectFault('oversized', 5, { content: 'metadata' });
    const error = await collect(source.instance.fetchWindow(MARCH)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceResponseTooLargeError);
    expect(error).toMatchObject({
      code: 'MWL_ERR_SOURCE_RESPONSE_TOO_LARGE',
      message: `the response body is larger than ${MiB} bytes`,
    });
    expect(fake.stats.byContent.metadata).toBe(1);
    await expect.poll(() => fake.stats.oversizedBytesSent).toBeLessThan(32 * MiB);
  });

  it('stops a streamed export past max_rows', async () => {
    const { fake, source } = await redcapSource({ max_rows: 1000 });
    fake.injectFault('oversized', 5, { content: 'record' });
    await expect(collect(source.instance.fetchWindow(MARCH))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_RESPONSE_TOO_LARGE',
      message: 'the REDCap export has more than 1000 rows (config.request.max_rows)',
    });
    expect(fake.stats.byContent.record).toBe(1);
    await expect.poll(() => fake.stats.oversizedBytesSent).toBeLessThan(32 * MiB);
  });

  it('stops a streamed export at a row longer than max_row_chars', async () => {
    const { fake, source } = await redcapSource({ max_row_chars: 64 * 1024 });
    fake.injectFault('oversized-row', 5, { content: 'record' });
    await expect(collect(source.instance.fetchWindow(MARCH))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_RESPONSE_TOO_LARGE',
      message: 'a REDCap export row is longer than 65536 characters (config.request.max_row_chars)',
    });
    await expect.poll(() => fake.stats.oversizedBytesSent).toBeLessThan(32 * MiB);
  });
});

describe('Calpendo answers are bounded', () => {
  it('stops reading an oversized booking list at max_body_bytes', async () => {
    calpendo = await startFakeCalpendo({ bookings: loadFakeCalpendoFixture('edmonton').bookings });
    const source = await createCalpendoTestSource(
      calpendoSourceFixture(calpendo, { request: { ...FAST, max_body_bytes: MiB } }),
    );
    sources.push(source);
    calpendo.injectFault({ kind: 'oversized', request: 'list', count: 5 });
    const window = { kind: 'full' as const, ...EDMONTON_WINDOWS.springForward };
    await expect(collect(source.instance.fetchWindow(window))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_RESPONSE_TOO_LARGE',
    });
    expect(calpendo.stats.byKind.list).toBe(1);
    const sent = () => calpendo?.stats.oversizedBytesSent;
    await expect.poll(sent).toBeLessThan(32 * MiB);
  });
});

// Plain http:// is refused for any host but this machine's loopback (see insecureUrl): the fakes
// listen on 127.0.0.1, so these name a host on the network (never contacted: refused first).
describe('credentials over http://', () => {
  it('refuses a REDCap URL from the environment unless allow_insecure_http', async () => {
    redcap = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic') });
    const input = redcapSourceFixture('classic', { config: { allow_insecure_http: false } });
    const error = await createTestSource(input, {
      url: 'http://redcap.invalid/api/',
      token: redcap.token,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceConfigError);
    expect(error).toMatchObject({
      message:
        'the REDCap API URL is http://: the API token would cross the network in clear text; use https://, ' +
        'or set "allow_insecure_http": true in the source config',
      problems: [{ path: 'REDCAP_API_URL' }],
    });
    expect(redcap.stats.total).toBe(0);
  });

  it('refuses a Calpendo URL from the environment unless allow_insecure_http', async () => {
    calpendo = await startFakeCalpendo();
    const { base_url: _url, ...config } = calpendoSourceFixture(calpendo, {
      allow_insecure_http: false,
    }).config;
    const fixture = calpendoSourceFixture(calpendo);
    const error = await createCalpendoTestSource({
      ...fixture,
      config,
      env: { ...fixture.env, CALPENDO_API_URL: 'http://calpendo.invalid' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceConfigError);
    expect(error).toMatchObject({ problems: [{ path: 'CALPENDO_API_URL' }] });
    expect(calpendo.stats.total).toBe(0);
  });
});
