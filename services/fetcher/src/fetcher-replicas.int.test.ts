import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  dbTest,
  fakeRedcapEnv,
  loadFakeRedcapFixture,
  redcapSourceFixture,
  startFakeRedcap,
  testRedisUrl,
  type FakeRedcap,
} from '@mwl/testing';
import { afterEach, describe, expect } from 'vitest';
import {
  configWith,
  FAST_REQUESTS,
  finishedRuns,
  harness,
  sleep,
  waitForRuns,
  type Harness,
} from './test-support.ts';

// Acceptance 4: however many fetchers run one source, one fetch of it runs at a time. Every
// request is slow (latency injected), so a tick lasts longer than the interval and ticks of two
// replicas would overlap without the scheduler's global concurrency; the fake counts.

const SOURCE = {
  name: 'study',
  sync_interval: 1,
  ...redcapSourceFixture('classic-short', { config: { request: { ...FAST_REQUESTS, timeout_ms: 5_000 } } }),
};
const LATENCY_MS = 700;

let fake: FakeRedcap | undefined;
let h: Harness | undefined;
const children: ChildProcess[] = [];
let workDir: string | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await h?.close();
  await fake?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  fake = h = workDir = undefined;
});

/** Record exports the fake answered (one per fetch tick). */
const fetches = (server: FakeRedcap) => server.stats.byContent.record ?? 0;

describe('fetchers running one source', () => {
  dbTest(
    'never fetch it at the same time, as two schedulers with their own connections',
    async ({ prisma }) => {
      fake = await startFakeRedcap({
        fixture: loadFakeRedcapFixture('classic'),
        timezone: 'America/Edmonton',
      });
      h = await harness(prisma);
      const config = configWith([SOURCE]);
      const env = fakeRedcapEnv(fake);
      await Promise.all([h.startFetcher(config, env), h.startFetcher(config, env)]);
      fake.setLatency(LATENCY_MS);
      // Counted from here: the startup checks (not fetches) of both replicas are behind us.
      fake.resetStats();
      await waitFor(() => fetches(fake!) >= 4, 20_000);
      expect(fake.stats.concurrentMax).toBe(1);
      expect((await finishedRuns(prisma, 'study')).length).toBeGreaterThanOrEqual(2);
    },
  );

  dbTest(
    'never fetch it at the same time, as two fetcher processes, which stop cleanly on SIGTERM',
    async ({ prisma, testDatabase }) => {
      fake = await startFakeRedcap({
        fixture: loadFakeRedcapFixture('classic'),
        timezone: 'America/Edmonton',
      });
      h = await harness(prisma);
      workDir = await mkdtemp(join(tmpdir(), 'mwl-fetcher-'));
      const configPath = join(workDir, 'mwl.json');
      await writeFile(
        configPath,
        JSON.stringify({ timezone: 'America/Edmonton', data_sources: [{ type: 'redcap', ...SOURCE }] }),
      );
      const env = {
        PATH: process.env.PATH ?? '',
        MWL_CONFIG: configPath,
        DATABASE_URL: testDatabase.databaseUrl,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: h.prefix,
        QUEUE_ENCRYPTION: 'off',
        REDCAP_API_URL: fake.url,
        REDCAP_API_TOKEN: fake.token,
        HEALTH_HOST: '127.0.0.1',
        HEALTH_PORT: '0',
        LOG_LEVEL: 'info',
      };
      const processes = [startFetcherProcess(env), startFetcherProcess(env)];
      await Promise.all(processes.map((p) => p.started));
      fake.setLatency(LATENCY_MS);
      fake.resetStats();
      await waitFor(() => fetches(fake!) >= 4, 30_000);
      expect(fake.stats.concurrentMax).toBe(1);
      await waitForRuns(prisma, 'study', 2);

      const exits = processes.map((p) => once(p.child, 'exit'));
      for (const p of processes) p.child.kill('SIGTERM');
      const codes = await Promise.all(exits);
      expect(codes.map(([code]) => code as number)).toEqual([0, 0]);
      // Nothing any process logged carries a patient value from the fixture.
      const logged = processes.map((p) => p.output()).join('\n');
      for (const value of ['Alpha', 'Sample', 'REG-1001']) expect(logged).not.toContain(value);
    },
    90_000,
  );
});

function startFetcherProcess(env: Record<string, string>) {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const child = spawn(process.execPath, [join(root, 'services/cli/bin/mwl-bridge.js'), 'fetcher'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('"msg":"fetcher started"')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`fetcher exited with ${code}: ${output.slice(-2000)}`)));
  });
  return { child, started, output: () => output };
}

async function waitFor(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
