import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from './test-server.ts';
import { echoscu, runTool } from './testing/dcmtk.ts';

let dir = '';
const file = (name: string): string => join(dir, name);

async function openssl(...args: string[]): Promise<void> {
  const run = await runTool('openssl', args, { timeoutMs: 20_000 });
  if (run.exitCode !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr}`);
}

/** A throw-away CA and, signed by it, a server and a client certificate (RSA 2048, SHA-256). */
async function makePki(): Promise<void> {
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  for (const [name, cn] of [
    ['server', '127.0.0.1'],
    ['client', 'MODALITY'],
  ] as const) {
    await openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
    );
    await openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-sha256',
      '-out',
      file(`${name}.pem`),
    );
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dimse-tls-'));
  await makePki();
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.server.close({ deadlineMs: 1000 });
  running = undefined;
});

async function startTls(
  mutual: boolean,
  aeTitleBinding?: Record<string, string[]>,
): Promise<RunningTestServer> {
  return startTestServer({
    tls: {
      key: await readFile(file('server.key')),
      cert: await readFile(file('server.pem')),
      ...(mutual ? { ca: await readFile(file('ca.pem')) } : {}),
      ...(aeTitleBinding && { aeTitleBinding }),
    },
  });
}

const trustServer = () => ['+cf', file('ca.pem')];
const clientCert = () => ['+tls', file('client.key'), file('client.pem')];

describe('TLS', () => {
  it('answers a C-ECHO over TLS to a client that trusts the server', async () => {
    running = await startTls(false);
    expect((await echoscu(running.peer(), { extraArgs: ['+tla', ...trustServer()] })).ok).toBe(true);
  });

  it('refuses a plain TCP association on a TLS port', async () => {
    running = await startTls(false);
    expect(
      (await echoscu(running.peer(), { timeoutMs: 10_000, extraArgs: ['-to', '3', '-ta', '3'] })).ok,
    ).toBe(false);
  });

  it('requires a client certificate signed by the configured CA (mutual TLS)', async () => {
    running = await startTls(true);
    expect((await echoscu(running.peer(), { extraArgs: [...clientCert(), ...trustServer()] })).ok).toBe(true);
    expect((await echoscu(running.peer(), { extraArgs: ['+tla', ...trustServer()] })).ok).toBe(false);
  });

  it('binds calling AE titles to client certificate names when configured', async () => {
    running = await startTls(true, { MODALITY: ['MODALITY'], CT_ROOM: ['ct-room.example'] });
    const extraArgs = [...clientCert(), ...trustServer()];
    expect((await echoscu(running.peer('MODALITY'), { extraArgs })).ok).toBe(true);
    expect((await echoscu(running.peer('UNLISTED'), { extraArgs })).ok).toBe(true);
    const impostor = await echoscu(running.peer('CT_ROOM'), { extraArgs });
    expect(impostor.ok).toBe(false);
    expect(impostor.rejection?.result).toBe('Rejected Permanent');
    expect(impostor.rejection?.reason).toMatch(/Calling AE Title Not Recognized/i);
  });
});
