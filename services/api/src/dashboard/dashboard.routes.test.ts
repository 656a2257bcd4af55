import { afterEach, describe, expect, it } from 'vitest';
import { buildApiApp, type ApiApp } from '../app.ts';
import { offlineDeps } from '../test-support.ts';
import { CONTENT_SECURITY_POLICY } from './security-headers.ts';

let api: ApiApp | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function build() {
  api = await buildApiApp(offlineDeps());
  return api.app;
}

describe('the dashboard before sign-in (no database reached)', () => {
  it.each(['/', '/today', '/today?date=2026-03-10', '/sources', '/rejections', '/worklist'])(
    'sends %s to the sign-in page',
    async (url) => {
      const response = await (await build()).inject(url);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/sign-in');
    },
  );

  it('sends a search or export form posted without a session to the sign-in page, with no results', async () => {
    const app = await build();
    for (const url of ['/worklist', '/worklist/export']) {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'q=DOE&csrf=x',
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/sign-in');
    }
  });

  it('serves the sign-in page with labelled fields, no inline script and a strict content policy', async () => {
    const response = await (await build()).inject('/sign-in');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatch(/<label for="username">\s*Username\s*<\/label\s*>/);
    expect(response.body).toMatch(/<label for="password">\s*Password\s*<\/label\s*>/);
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(response.body).not.toMatch(/https?:\/\//);
  });

  it('serves its script and stylesheet itself (no CDN)', async () => {
    const app = await build();
    const script = await app.inject('/assets/dashboard.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toContain('/api/v1/session');
    const css = await app.inject('/assets/dashboard.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(`${script.body}${css.body}`).not.toMatch(/https?:\/\//);
  });

  it('keeps its pages out of the OpenAPI document', async () => {
    const paths = Object.keys(
      (await (await build()).inject('/api/v1/openapi.json')).json<{ paths: object }>().paths,
    );
    expect(
      paths.filter((p) => !p.startsWith('/api/v1') && !p.startsWith('/hooks') && !p.startsWith('/dicomweb')),
    ).toEqual([]);
  });
});
