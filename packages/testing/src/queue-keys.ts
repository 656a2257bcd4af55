import { Redis } from 'ioredis';
import { testRedisUrl } from './test-env.ts';

/** Removes every Redis key of a test's queue prefix (a test's own, from `uniqueQueuePrefix`). */
export async function deleteQueueKeys(prefix: string, redisUrl: string = testRedisUrl()): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
