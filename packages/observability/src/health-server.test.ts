import { describe, expect, it } from 'vitest';
import { MwlError } from '@mwl/domain';
import { createHealthServer } from './health-server.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import type { HealthCheck } from './readiness.ts';
import { captureLines } from './test-log-capture.ts';

function newServer(checks: Record<string, HealthCheck> = {}, checkTimeoutMs = 100) {
  const destination = captureLines();
  const logger = createLogger({ service: 'test', destination, level: 'debug' });
  const metrics = createMetrics();
  const server = createHealthServer({ logger, registry: metrics.registry, checks, checkTimeoutMs });
  return { server, metrics, destination };
}

const pass: HealthCheck = async () => {};
const hang: HealthCheck = () => new Promise<void>(() => {});

describe('createHealthServer', () => {
  it('answers live with 200 without running any check', async () => {
    let ran = false;
    const { server } = newServer({
      database: () => {
        ran = true;
        return Promise.resolve();
      },
    });
    const response = await server.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(ran).toBe(false);
    await server.close();
  });

  it('answers ready with 200 when every check passes', async () => {
    const { server } = newServer({ database: pass, redis: pass });
    const response = await server.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ok',
      checks: { database: { ok: true }, redis: { ok: true } },
    });
    await server.close();
  });

  it('answers ready with 503 and names each failure when a check fails and another hangs', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { server } = newServer({ database: () => Promise.reject(refused), redis: hang, queue: pass }, 50);
    const started = Date.now();
    const response = await server.app.inject({ method: 'GET', url: '/health/ready' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'unavailable',
      checks: {
        database: { ok: false, error: { code: 'ECONNREFUSED' } },
        redis: {
          ok: false,
          error: { code: 'MWL_ERR_HEALTH_CHECK_TIMEOUT', message: 'timed out after 50 ms' },
        },
        queue: { ok: true },
      },
    });
    await server.close();
  });

  it('does not quote a failing check’s message, which may hold credentials or patient data', async () => {
    const leaky = new Error('password authentication failed: postgres://mwl:hunter2@db/mwl for DOE^JANE');
    const { server, destination } = newServer({ database: () => Promise.reject(leaky) });
    const response = await server.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('DOE^JANE');
    expect(response.json()).toMatchObject({ checks: { database: { ok: false, error: { code: 'Error' } } } });
    expect(destination.text()).toContain('readiness check failed');
    await server.close();
  });

  it('reports our own errors by code and message', async () => {
    const { server } = newServer({
      source: () => Promise.reject(new MwlError('MWL_ERR_SOURCE_AUTH', 'REDCap refused the token')),
    });
    const response = await server.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.json()).toMatchObject({
      checks: {
        source: { ok: false, error: { code: 'MWL_ERR_SOURCE_AUTH', message: 'REDCap refused the token' } },
      },
    });
    await server.close();
  });

  it('treats a check that throws synchronously as failed', async () => {
    const { server } = newServer({
      broken: () => {
        throw new TypeError('not a function');
      },
    });
    const response = await server.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      checks: { broken: { ok: false, error: { code: 'TypeError' } } },
    });
    await server.close();
  });

  it('serves the registry as Prometheus text', async () => {
    const { server, metrics } = newServer();
    metrics.counter({ name: 'mwl_api_requests_handled_total', help: 'Requests.' }).inc(4);
    const response = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# TYPE mwl_api_requests_handled_total counter');
    expect(response.body).toContain('mwl_api_requests_handled_total 4');
    await server.close();
  });

  it('logs a failing route’s error through the scrubbing logger, without the query string', async () => {
    const { server, destination } = newServer();
    server.app.get('/api/items/:id', () => {
      throw Object.assign(new Error('lookup failed'), { entry: { patientId: 'P123', source: 'redcap' } });
    });
    const response = await server.app.inject({ method: 'GET', url: '/api/items/7?patientName=DOE%5EJANE' });
    expect(response.statusCode).toBe(500);
    const text = destination.text();
    expect(text).toContain('lookup failed');
    expect(text).not.toContain('P123');
    expect(text).not.toContain('DOE');
    expect(text).toContain('/api/items/:id');
    await server.close();
  });

  it('logs an unknown route without its path or query', async () => {
    const { server, destination } = newServer();
    const response = await server.app.inject({ method: 'GET', url: '/patients/P123?patientName=DOE%5EJANE' });
    expect(response.statusCode).toBe(404);
    expect(destination.text()).toContain('route not found');
    expect(destination.text()).not.toContain('P123');
    expect(destination.text()).not.toContain('DOE');
    await server.close();
  });

  it('logs nothing for a successful request', async () => {
    const { server, destination } = newServer();
    await server.app.inject({ method: 'GET', url: '/health/live' });
    expect(destination.lines).toEqual([]);
    await server.close();
  });

  it('lets a service add its own routes to the app', async () => {
    const { server } = newServer();
    server.app.get('/api/ping', (_request, reply) => reply.send({ pong: true }));
    const response = await server.app.inject({ method: 'GET', url: '/api/ping' });
    expect(response.json()).toEqual({ pong: true });
    await server.close();
  });
});
