import { loadFakeRedcapFixture, redcapSourceFixture, startFakeRedcap, type FakeRedcap } from '@mwl/testing';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SourceAbortedError,
  SourceAuthError,
  SourceConfigError,
  SourceRequestError,
  SourceResponseError,
  SourceTimeoutError,
  SourceUnavailableError,
} from '../errors.ts';
import { collect, createTestSource, MARCH, type TestSource } from './test-support.ts';

// Failures of the REDCap API and how the plugin reports them: retried with backoff when they may
// pass (5xx, timeouts, network, unparsable answers), at once and typed when they will not (4xx).
// The tests use 2 retries (3 attempts), a 5–20 ms backoff and, for timeouts, a 300 ms deadline.

const input = redcapSourceFixture('classic-short');

let fake: FakeRedcap;
let source: TestSource | undefined;
afterEach(async () => {
  await source?.close();
  await fake.close();
  source = undefined;
});

async function start(options: { token?: string; request?: Record<string, number>; url?: string } = {}) {
  fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic'), timezone: 'America/Edmonton' });
  const request = { timeout_ms: 2_000, retries: 2, backoff_ms: 5, max_backoff_ms: 20, ...options.request };
  source = await createTestSource(
    { config: { ...input.config, request }, field_mapping: input.field_mapping },
    { url: options.url ?? fake.url, token: options.token ?? fake.token },
  );
  return source;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error & { code: string },
  );

describe('REDCap API failures', () => {
  it('reports a rejected token clearly and does not retry', async () => {
    const { instance } = await start({ token: 'F'.repeat(32) });
    const error = await failure(instance.checkStartup!());
    expect(error).toBeInstanceOf(SourceAuthError);
    expect(error.code).toBe('MWL_ERR_SOURCE_AUTH');
    expect(error.message).toBe(
      "REDCap rejected the API token (HTTP 403: You do not have permissions to use the API); check the token variable and the user's API rights",
    );
    expect(fake.stats.total).toBe(1);
  });

  it('does not retry a 403 in the middle of a fetch either', async () => {
    const { instance } = await start();
    fake.injectFault('http403', 1, { content: 'record' });
    await expect(collect(instance.fetchWindow(MARCH))).rejects.toBeInstanceOf(SourceAuthError);
    expect(fake.stats.byContent.record).toBe(1);
  });

  it('retries a 500 and succeeds', async () => {
    const { instance, logger } = await start();
    fake.injectFault('http500', 1, { content: 'record' });
    const result = await collect(instance.fetchWindow(MARCH));
    expect(result.entries.length).toBeGreaterThan(0);
    expect(fake.stats.byContent.record).toBe(2);
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([
      expect.objectContaining({
        msg: 'REDCap request failed; retrying',
        obj: expect.objectContaining({
          content: 'record',
          retry: 1,
          code: 'MWL_ERR_SOURCE_UNAVAILABLE',
          httpStatus: 500,
        }),
      }),
    ]);
  });

  it('gives up on repeated 5xx with an unavailable error', async () => {
    const { instance } = await start();
    fake.injectFault('http503', 3, { content: 'record' });
    const error = await failure(collect(instance.fetchWindow(MARCH)));
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(error.message).toBe('REDCap answered HTTP 503 (3 attempts)');
  });

  it('retries a request that timed out and succeeds', async () => {
    const { instance } = await start({ request: { timeout_ms: 300 } });
    fake.injectFault('timeout', 1, { content: 'record' });
    const result = await collect(instance.fetchWindow(MARCH));
    expect(result.entries.length).toBeGreaterThan(0);
    expect(fake.stats.byContent.record).toBe(2);
  });

  it('gives up on repeated timeouts with a timeout error', async () => {
    const { instance } = await start({ request: { timeout_ms: 300 } });
    fake.injectFault('timeout', 3, { content: 'record' });
    const error = await failure(collect(instance.fetchWindow(MARCH)));
    expect(error).toBeInstanceOf(SourceTimeoutError);
    expect(error.message).toBe('REDCap did not answer within 300 ms (3 attempts)');
    expect(fake.stats.byContent.record).toBe(3);
  });

  it('reports invalid JSON clearly after retrying it', async () => {
    const { instance } = await start();
    fake.injectFault('invalid-json', 3, { content: 'record' });
    const error = await failure(collect(instance.fetchWindow(MARCH)));
    expect(error).toBeInstanceOf(SourceResponseError);
    expect(error.message).toMatch(
      /^REDCap answered an export with invalid JSON: the JSON document ends early \(after \d+ characters\) \(3 attempts\)$/,
    );
    expect(fake.stats.byContent.record).toBe(3);
  });

  it("reports a refused request with REDCap's reason and does not retry it", async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic') });
    const selection = { ...input.config.selection, filter_logic: "datediff([scan_date], 'today', 'd') < 30" };
    source = await createTestSource({ config: { selection }, field_mapping: input.field_mapping }, fake);
    const error = await failure(collect(source.instance.fetchWindow(MARCH)));
    expect(error).toBeInstanceOf(SourceRequestError);
    expect(error.message).toBe(
      'REDCap refused the request (HTTP 400): The filterLogic is not valid: unsupported filterLogic near character 1',
    );
    expect(fake.stats.byContent.record).toBe(1);
  });

  it('reports an unreachable server after retrying', async () => {
    const port = await closedPort();
    const { instance } = await start({ url: `http://127.0.0.1:${port}/api/` });
    const error = await failure(instance.checkStartup!());
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(error.message).toBe('REDCap could not be reached: network error (ECONNREFUSED) (3 attempts)');
  });

  it('stops at once when the caller aborts', async () => {
    const { instance } = await start();
    fake.setLatency(5_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await failure(collect(instance.fetchWindow({ ...MARCH, signal: controller.signal })));
    expect(error).toBeInstanceOf(SourceAbortedError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses to start without a token', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic') });
    await expect(createTestSource(input, { url: fake.url, token: '' })).rejects.toBeInstanceOf(
      SourceConfigError,
    );
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}
