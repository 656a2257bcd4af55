import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from './errors.ts';
import {
  createInProcessTargetedFetchQueue,
  parseTargetedFetch,
  type TargetedFetchPayload,
} from './targeted-fetch.ts';

const request = (overrides: Partial<TargetedFetchPayload> = {}): TargetedFetchPayload => ({
  source: 'study',
  recordIds: ['1001'],
  requestedAt: '2026-03-01T08:00:00Z',
  ...overrides,
});
const quiet = { error: () => {} };

describe('targeted fetch requests', () => {
  it.each([
    ['no record', { recordIds: [] }],
    ['a duplicate record', { recordIds: ['1', '1'] }],
    ['too many records', { recordIds: Array.from({ length: 1001 }, (_, i) => String(i)) }],
    ['an empty source', { source: '' }],
    ['a time without offset', { requestedAt: '2026-03-01T08:00:00' }],
  ])('refuses %s', (_name, overrides) => {
    expect(() => parseTargetedFetch(request(overrides as Partial<TargetedFetchPayload>))).toThrow(
      InvalidPayloadError,
    );
  });

  it('runs the requests of one source in order, retrying a failure', async () => {
    const queue = createInProcessTargetedFetchQueue({ logger: quiet, retryDelayMs: 1 });
    const seen: string[] = [];
    let failOnce = true;
    await queue.consume(
      (payload, ctx) => {
        if (failOnce) {
          failOnce = false;
          return Promise.reject(new Error('REDCap away'));
        }
        seen.push(`${payload.recordIds.join(',')}#${ctx.attempt}`);
        return Promise.resolve({});
      },
      ['study'],
    );
    await queue.request(request({ recordIds: ['1'] }));
    await queue.request(request({ recordIds: ['2'] }));
    await expect.poll(() => seen.length).toBe(2);
    await queue.close();
    expect(seen).toEqual(['1#2', '2#1']);
  });

  it('drops requests of a source it does not consume', async () => {
    const queue = createInProcessTargetedFetchQueue({ logger: quiet });
    const seen: string[] = [];
    await queue.consume(
      (payload) => {
        seen.push(payload.source);
        return Promise.resolve({});
      },
      ['other'],
    );
    await queue.request(request());
    await queue.close();
    expect(seen).toEqual([]);
  });
});
