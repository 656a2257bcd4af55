import SwaggerParser from '@apidevtools/swagger-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApiApp, type ApiApp } from './app.ts';
import { offlineDeps } from './test-support.ts';

let api: ApiApp | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function build(overrides: Parameters<typeof offlineDeps>[0] = {}) {
  api = await buildApiApp(offlineDeps(overrides));
  return api.app;
}

describe('buildApiApp', () => {
  it('answers /health/live and /metrics like every service', async () => {
    const app = await build();
    expect((await app.inject('/health/live')).json()).toEqual({ status: 'ok' });
    const metrics = await app.inject('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('mwl_api_auth_failures_total');
  });

  it('answers a request without credentials 401 as problem+json, before touching the database', async () => {
    const app = await build();
    const response = await app.inject('/api/v1/worklist');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toMatchObject({ status: 401, code: 'MWL_ERR_API_UNAUTHENTICATED' });
  });

  it('answers an unknown route 404 as problem+json', async () => {
    const app = await build();
    const response = await app.inject('/api/v1/nope');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'MWL_ERR_API_NO_ROUTE' });
  });

  it('refuses a malformed bearer token without looking it up, and counts it', async () => {
    const app = await build();
    const response = await app.inject({
      url: '/api/v1/worklist',
      headers: { authorization: 'Bearer \u00e9' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('rate-limits an address after too many failed token checks', async () => {
    const app = await build({ options: { port: 0, authMaxFailures: 3 } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await app.inject({ url: '/api/v1/worklist', headers: { authorization: 'Basic x' } });
      codes.push(response.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3 and lists every route of the api', async () => {
    const app = await build({ requestTargetedFetch: () => Promise.resolve() });
    const response = await app.inject('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json<{ paths: Record<string, object> }>();
    await SwaggerParser.validate(structuredClone(document) as never);
    const listed = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual(
      [
        'DELETE /api/v1/manual-items/{key}',
        'DELETE /api/v1/session',
        'GET /api/v1/audit',
        'GET /api/v1/rejections',
        'GET /api/v1/session',
        'GET /api/v1/sources',
        'GET /api/v1/sources/{name}',
        'GET /api/v1/sync-runs',
        'GET /api/v1/worklist',
        'GET /api/v1/worklist/export',
        'GET /api/v1/worklist/{id}',
        'GET /dicomweb/modality-scheduled-procedure-steps',
        'GET /dicomweb/modality-performed-procedure-steps/{uid}',
        'POST /dicomweb/modality-performed-procedure-steps/{uid}',
        'POST /dicomweb/modality-performed-procedure-steps/{uid}/update',
        'POST /api/v1/manual-items',
        'POST /api/v1/session',
        'POST /api/v1/sources/{name}/sync',
        'POST /hooks/redcap/{source}/{secret}',
        'PUT /api/v1/manual-items/{key}',
      ].sort(),
    );
  });
});

describe('the documentation page', () => {
  it('lists every route of the OpenAPI document on one page that loads nothing from elsewhere', async () => {
    const app = await build({ requestTargetedFetch: () => Promise.resolve() });
    const document = (await app.inject('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const response = await app.inject('/api/v1/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = response.body;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) {
        expect(html).toContain(`id="${method}-${path}"`);
      }
    }
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i);
    expect(html).toContain('/api/v1/openapi.json');
  });

  it('escapes what it shows', async () => {
    const { renderApiDocs } = await import('./openapi-docs.ts');
    const html = renderApiDocs({
      info: { title: '<b>x</b>' },
      paths: { '/a': { get: { summary: '<script>alert(1)</script> `code`' } } },
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('<code>code</code>');
  });
});
