import { verifyPassword } from '@mwl/api';
import { createPrismaClient, type PrismaClient } from '@mwl/db';
import { dbTest } from '@mwl/testing';
import { expect } from 'vitest';
import { runCli } from './cli.ts';
import { captureIo } from './test-io.ts';

async function cli(databaseUrl: string, argv: string[], env: Record<string, string> = {}) {
  const io = captureIo({ env: { DATABASE_URL: databaseUrl, USER: 'operator', ...env } });
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

async function withPrisma<T>(databaseUrl: string, use: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  const prisma = createPrismaClient({ databaseUrl, poolSize: 1 });
  try {
    return await use(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

dbTest(
  'token create prints the token once, stores its hash; list shows it; revoke revokes it',
  async ({ testDatabase }) => {
    const url = testDatabase.databaseUrl;
    const created = await cli(url, ['token', 'create', 'ris', '--role', 'write']);
    expect(created.code).toBe(0);
    const token = created.out.trim();
    expect(token).toMatch(/^mwlb_[\w-]{43}$/);

    const listed = await cli(url, ['token', 'list', '--json']);
    expect(JSON.parse(listed.out)).toMatchObject([
      { name: 'ris', role: 'write', lastUsedAt: null, revokedAt: null },
    ]);
    expect(listed.out).not.toContain(token);

    expect((await cli(url, ['token', 'create', 'ris', '--role', 'read'])).code).toBe(1);
    expect((await cli(url, ['token', 'create', 'x', '--role', 'root'])).code).toBe(2);
    expect((await cli(url, ['token', 'revoke', 'ris'])).code).toBe(0);
    expect((await cli(url, ['token', 'revoke', 'ris'])).code).toBe(1);

    const audit = await withPrisma(url, (prisma) => prisma.auditEvent.findMany({ orderBy: { id: 'asc' } }));
    expect(audit.map((a) => [a.actorKind, a.actor, a.action, a.targetId])).toEqual([
      ['cli', 'operator', 'token.create', 'ris'],
      ['cli', 'operator', 'token.revoke', 'ris'],
    ]);
  },
);

dbTest(
  'user create, passwd and disable; passwords come from a variable, never the command line',
  async ({ testDatabase }) => {
    const url = testDatabase.databaseUrl;
    const env = { NEW_PASSWORD: 'a long enough passphrase' };
    expect((await cli(url, ['user', 'create', 'alice', '--role', 'admin'], env)).code).toBe(2);
    expect(
      (
        await cli(url, ['user', 'create', 'alice', '--role', 'admin', '--password-env', 'SHORT'], {
          SHORT: 'short',
        })
      ).code,
    ).toBe(1);
    const created = await cli(
      url,
      ['user', 'create', 'alice', '--role', 'admin', '--password-env', 'NEW_PASSWORD'],
      env,
    );
    expect(created).toMatchObject({ code: 0 });

    const user = await withPrisma(url, (prisma) =>
      prisma.apiUser.findUniqueOrThrow({ where: { username: 'alice' } }),
    );
    expect(user.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword(env.NEW_PASSWORD, user.passwordHash)).toBe(true);

    const changed = await cli(url, ['user', 'passwd', 'alice', '--password-env', 'P2'], {
      P2: 'another long passphrase',
    });
    expect(changed.code).toBe(0);
    expect((await cli(url, ['user', 'disable', 'alice'])).code).toBe(0);
    expect((await cli(url, ['user', 'disable', 'nobody'])).code).toBe(1);
    const after = await withPrisma(url, (prisma) =>
      prisma.apiUser.findUniqueOrThrow({ where: { username: 'alice' } }),
    );
    expect(after.disabledAt).not.toBeNull();
    expect(await verifyPassword('another long passphrase', after.passwordHash)).toBe(true);
  },
);
