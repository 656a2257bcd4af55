import net from 'node:net';
import { createHealthServer, createLogger, createMetrics, type HealthServer } from '@mwl/observability';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { captureIo } from './test-io.ts';
import { freePort, scrubbedEnv, spawnCli } from './test-support.ts';

/** `mwl-bridge healthcheck`: the image's HEALTHCHECK, against a real health server. */

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function healthServer(ready: () => boolean): Promise<number> {
  const server: HealthServer = createHealthServer({
    logger: createLogger({ service: 'healthcheck-test', level: 'silent' }),
    registry: createMetrics({ defaultMetrics: false }).registry,
    checks: {
      database: () => {
        if (!ready()) throw new Error('down');
        return Promise.resolve();
      },
    },
    host: '127.0.0.1',
    port: 0,
  });
  const { port } = await server.listen();
  closers.push(() => server.close());
  return port;
}

describe('mwl-bridge healthcheck', () => {
  it('exits 0 while /health/ready answers 200 and 1 once a check fails (port from HEALTH_PORT)', async () => {
    let ready = true;
    const port = await healthServer(() => ready);
    const io = captureIo({ env: { HEALTH_PORT: String(port) } });
    expect(await runCli(['healthcheck'], io)).toBe(0);
    expect(io.out()).toContain(`ready (http://127.0.0.1:${port}/health/ready)`);

    ready = false;
    const failing = captureIo({ env: { HEALTH_PORT: String(port) } });
    expect(await runCli(['healthcheck'], failing)).toBe(1);
    expect(failing.err()).toContain('answered 503');
  });

  it('exits 1 when nothing listens (--port wins over HEALTH_PORT)', async () => {
    const port = await freePort();
    const io = captureIo({ env: { HEALTH_PORT: '1' } });
    expect(await runCli(['healthcheck', '--port', String(port)], io)).toBe(1);
    expect(io.err()).toContain('ECONNREFUSED');
  });

  it('exits 1 within its timeout when the server accepts but never answers', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const sockets = new Set<net.Socket>();
    silent.on('connection', (socket) => sockets.add(socket));
    closers.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as net.AddressInfo;
    const io = captureIo();
    const began = performance.now();
    expect(await runCli(['healthcheck', '--port', String(port), '--timeout', '300'], io)).toBe(1);
    expect(io.err()).toContain('no answer within 300 ms');
    expect(performance.now() - began).toBeLessThan(10_000);
  });

  it('refuses a bad HEALTH_PORT with exit 2', async () => {
    const io = captureIo({ env: { HEALTH_PORT: 'http' } });
    expect(await runCli(['healthcheck'], io)).toBe(2);
    expect(io.err()).toContain('HEALTH_PORT must be a port');
  });

  it('runs as the image runs it: the mwl-bridge bin, the port from the environment', async () => {
    const port = await healthServer(() => true);
    const child = spawnCli(['healthcheck'], scrubbedEnv({ HEALTH_PORT: String(port) }));
    expect(await child.exited).toBe(0);
  });
});
