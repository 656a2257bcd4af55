import net from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { tcpAnswers } from './probe-test-services.ts';
import { startTestContainers } from './test-containers.ts';

describe('tcpAnswers', () => {
  it('is true for a listening port and false once it is closed', async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(await tcpAnswers(`redis://127.0.0.1:${port}`, 6379)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await tcpAnswers(`redis://127.0.0.1:${port}`, 6379)).toBe(false);
  });
});

// Needs a Docker engine (none on the project's CI machine): run with MWL_TEST_DOCKER=1.
describe.runIf(process.env.MWL_TEST_DOCKER === '1')('startTestContainers (needs Docker)', () => {
  it('starts Postgres 16 and Redis 7 that answer at the URLs it returns, and stops them', async () => {
    const started = await startTestContainers(['postgres', 'redis']);
    try {
      const client = new pg.Client({ connectionString: started.urls.postgres });
      await client.connect();
      const { rows } = await client.query<{ version: string }>('show server_version');
      await client.end();
      expect(rows[0]?.version).toMatch(/^16\./);
      const redis = new Redis(started.urls.redis ?? '', { lazyConnect: true, maxRetriesPerRequest: 1 });
      await redis.connect();
      expect(await redis.info('server')).toMatch(/redis_version:7\./);
      redis.disconnect();
    } finally {
      await started.stop();
    }
  });
});
