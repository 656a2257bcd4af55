import { useTestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, revokeToken } from './auth/credentials.ts';
import { manualItemBody, startApiStack, type ApiStack } from './int-support.ts';
import { TEST_SCRYPT } from './test-support.ts';

const database = useTestDatabase();
let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack(database.current.databaseUrl, { options: { port: 0, authMaxFailures: 1000 } });
});
afterAll(async () => {
  await stack?.close();
});

const call = (path: string, init: RequestInit = {}) => fetch(`${stack.baseUrl}${path}`, init);
const bearer = (token: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  ...extra,
});
const json = { 'content-type': 'application/json' };

describe('tokens and roles (acceptance 4)', () => {
  it('answers 401 without a token', async () => {
    const response = await call('/api/v1/worklist');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'MWL_ERR_API_UNAUTHENTICATED' });
  });

  it('lets a read token list the worklist', async () => {
    const token = await stack.token('reader', 'read');
    const response = await call('/api/v1/worklist', { headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ items: [], total: 0 });
  });

  it('refuses a read token to create items (403), and writes nothing', async () => {
    const token = await stack.token('reader2', 'read');
    const response = await call('/api/v1/manual-items', {
      method: 'POST',
      headers: bearer(token, json),
      body: JSON.stringify(manualItemBody(1)),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'MWL_ERR_API_FORBIDDEN' });
    expect(await stack.prisma.worklistItem.count()).toBe(0);
  });

  it('refuses a revoked token', async () => {
    const token = await stack.token('leaver', 'admin');
    expect((await call('/api/v1/sources', { headers: bearer(token) })).status).toBe(200);
    await revokeToken(stack.prisma, { kind: 'cli', name: 'test' }, 'leaver', new Date());
    expect((await call('/api/v1/sources', { headers: bearer(token) })).status).toBe(401);
  });

  it('records when a token was last used, and stores only its hash', async () => {
    const token = await stack.token('used', 'read');
    await call('/api/v1/worklist', { headers: bearer(token) });
    // The last-use write does not hold up the answer: wait for it.
    await expect
      .poll(
        async () => (await stack.prisma.apiToken.findUniqueOrThrow({ where: { name: 'used' } })).lastUsedAt,
      )
      .not.toBeNull();
    const row = await stack.prisma.apiToken.findUniqueOrThrow({ where: { name: 'used' } });
    expect(Object.values(row).map(String).join(' ')).not.toContain(token.slice(5));
  });
});

describe('users and sessions (acceptance 4)', () => {
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    await createUser(
      stack.prisma,
      { kind: 'cli', name: 'test' },
      { username: 'alice', role: 'write', password },
      TEST_SCRYPT,
    );
  });

  async function signIn(pass = password) {
    return call('/api/v1/session', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'alice', password: pass }),
    });
  }

  it('refuses a wrong password with 401 and sets no cookie', async () => {
    const response = await signIn('wrong password!!');
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('signs a user in with an HttpOnly SameSite=Strict cookie, and out again', async () => {
    const response = await signIn();
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const { csrfToken } = (await response.json()) as { csrfToken: string };

    expect((await call('/api/v1/worklist', { headers: { cookie } })).status).toBe(200);
    const current = await call('/api/v1/session', { headers: { cookie } });
    expect(await current.json()).toMatchObject({ username: 'alice', role: 'write', csrfToken });

    // A state-changing request without the CSRF header is refused, with it accepted.
    const noCsrf = await call('/api/v1/session', { method: 'DELETE', headers: { cookie } });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.json()).toMatchObject({ code: 'MWL_ERR_API_CSRF' });
    const out = await call('/api/v1/session', {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);

    expect((await call('/api/v1/worklist', { headers: { cookie } })).status).toBe(401);
    const actions = await stack.prisma.auditEvent.findMany({
      where: { actor: 'alice' },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((a) => a.action)).toEqual(['session.sign_in', 'session.sign_out']);
  });

  it("ends a disabled user's sessions and refuses their sign-in", async () => {
    await createUser(
      stack.prisma,
      { kind: 'cli', name: 'test' },
      { username: 'bob', role: 'read', password },
      TEST_SCRYPT,
    );
    const response = await call('/api/v1/session', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'bob', password }),
    });
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { disableUser } = await import('./auth/credentials.ts');
    await disableUser(stack.prisma, { kind: 'cli', name: 'test' }, 'bob', new Date());
    expect((await call('/api/v1/worklist', { headers: { cookie } })).status).toBe(401);
    const again = await call('/api/v1/session', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'bob', password }),
    });
    expect(again.status).toBe(401);
  });
});
