import { describe, expect, it } from 'vitest';
import { TEST_SCRYPT } from '../test-support.ts';
import { readCookie, sessionCookie } from './cookies.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { createFailureLimiter, createGate } from './rate-limiter.ts';
import { roleAllows } from './roles.ts';
import { constantTimeEqual, generateToken } from './secrets.ts';

describe('roles', () => {
  it.each([
    ['read', 'read', true],
    ['read', 'write', false],
    ['write', 'read', true],
    ['write', 'admin', false],
    ['admin', 'write', true],
    ['root', 'read', false],
  ] as const)('%s allows %s: %s', (held, required, allowed) => {
    expect(roleAllows(held, required)).toBe(allowed);
  });
});

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('a long enough passphrase', TEST_SCRYPT);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('a long enough passphrase', hash)).toBe(true);
    expect(await verifyPassword('a long enough passphrasE', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here', TEST_SCRYPT)).not.toBe(
      await hashPassword('same password here', TEST_SCRYPT),
    );
  });

  it.each([
    ['garbage', 'not a hash'],
    ['parameters that would exhaust memory', 'scrypt$1073741824$8$1$c2FsdA$aGFzaA'],
    ['a truncated key', 'scrypt$1024$8$1$c2FsdA$aGFzaA'],
  ])('refuses %s without throwing', async (_name, encoded) => {
    expect(await verifyPassword('whatever password', encoded)).toBe(false);
  });

  it('asks for at least 12 characters', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('twelve chars')).toBeNull();
  });
});

describe('the failure limiter', () => {
  it('blocks a key after maxFailures until its window ends, then forgets it', () => {
    let now = 0;
    const limiter = createFailureLimiter({ maxFailures: 2, windowMs: 10_000, maxKeys: 10, clock: () => now });
    limiter.fail('a');
    expect(limiter.blockedFor('a')).toBe(0);
    limiter.fail('a');
    expect(limiter.blockedFor('a')).toBe(10);
    expect(limiter.blockedFor('b')).toBe(0);
    now = 10_000;
    expect(limiter.blockedFor('a')).toBe(0);
  });

  it('keeps at most maxKeys keys, forgetting the oldest', () => {
    const limiter = createFailureLimiter({ maxFailures: 1, windowMs: 60_000, maxKeys: 3, clock: () => 0 });
    for (let i = 0; i < 1000; i += 1) limiter.fail(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size()).toBe(3);
    expect(limiter.blockedFor('10.0.3.231')).toBeGreaterThan(0);
    expect(limiter.blockedFor('10.0.0.0')).toBe(0);
  });
});

describe('the gate', () => {
  it('runs at most `concurrency` tasks and refuses beyond its queue', async () => {
    const run = createGate(1, 1, () => new Error('busy'));
    let release = () => {};
    const first = run(() => new Promise<void>((resolve) => (release = resolve)));
    const second = run(() => Promise.resolve('second'));
    await expect(run(() => Promise.resolve('third'))).rejects.toThrow('busy');
    release();
    await first;
    expect(await second).toBe('second');
  });
});

describe('cookies and secrets', () => {
  it('reads the session cookie among others and refuses odd values', () => {
    expect(readCookie('a=1; mwl_session=abc-DEF_1; b=2', 'mwl_session')).toBe('abc-DEF_1');
    expect(readCookie('mwl_session=a;b', 'mwl_session')).toBe('a');
    expect(readCookie('mwl_session="<script>"', 'mwl_session')).toBeUndefined();
    expect(readCookie(undefined, 'mwl_session')).toBeUndefined();
  });

  it('sets HttpOnly, SameSite=Strict and, behind TLS, Secure', () => {
    expect(sessionCookie({ name: 's', secure: true }, 'v', 60)).toBe(
      's=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure',
    );
  });

  it('makes tokens of 256 random bits and compares secrets exactly', () => {
    expect(generateToken()).toMatch(/^mwlb_[\w-]{43}$/);
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});
