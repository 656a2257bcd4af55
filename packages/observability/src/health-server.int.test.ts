import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createHealthServer } from './health-server.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { captureLines } from './test-log-capture.ts';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createHealthServer on a socket', () => {
  it('listens on a free port of 127.0.0.1, answers, and frees the port on close', async () => {
    const logger = createLogger({ service: 'test', destination: captureLines() });
    const metrics = createMetrics({ defaultMetrics: true });
    const server = createHealthServer({ logger, registry: metrics.registry, host: '127.0.0.1', port: 0 });

    const address = await server.listen();
    expect(address.host).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);

    expect(await get(address.port, '/health/live')).toEqual({ status: 200, body: '{"status":"ok"}' });
    expect(await get(address.port, '/health/ready')).toMatchObject({ status: 200 });
    expect((await get(address.port, '/metrics')).body).toContain('mwl_process_cpu_user_seconds_total');

    await server.close();
    await expect(get(address.port, '/health/live')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
