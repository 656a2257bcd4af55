import { testRedisUrl, uniqueQueuePrefix } from '@mwl/testing';
import { afterEach, expect, it } from 'vitest';
import { createBullmqTargetedFetchQueue } from './bullmq-targeted-fetch.ts';
import type { TargetedFetchPayload, TargetedFetchQueue } from './targeted-fetch.ts';

const quiet = { info: () => {}, error: () => {} };
const open: TargetedFetchQueue[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close()));
});

function queue(prefix: string, encryptionKey: Buffer | null = null) {
  const created = createBullmqTargetedFetchQueue({
    redisUrl: testRedisUrl(),
    prefix,
    logger: quiet,
    encryptionKey,
  });
  open.push(created);
  return created;
}

it('carries a request from the api to the fetcher of its source, encrypted at rest', async () => {
  const prefix = uniqueQueuePrefix('targeted');
  const key = Buffer.alloc(32, 7);
  const received: TargetedFetchPayload[] = [];
  const done = new Promise<void>((resolve) => {
    void queue(prefix, key).consume(
      (payload) => {
        received.push(payload);
        resolve();
        return Promise.resolve({ outcome: 'published' });
      },
      ['study'],
    );
  });
  const request = { source: 'study', recordIds: ['1001', 'R-7'], requestedAt: new Date().toISOString() };
  await queue(prefix, key).request(request);
  await done;
  expect(received).toEqual([request]);
});

it('refuses an invalid request before enqueueing it', async () => {
  const producer = queue(uniqueQueuePrefix('targeted'));
  await expect(
    producer.request({ source: 'study', recordIds: [], requestedAt: new Date().toISOString() }),
  ).rejects.toMatchObject({ code: 'MWL_ERR_QUEUE_PAYLOAD' });
});
