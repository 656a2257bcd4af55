// Integration-test support for the cli (imported only by *.int.test.ts files).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/mwl-bridge.js', import.meta.url));
export const DEMO_CONFIG = join(REPO_ROOT, 'examples/demo/mwl.json');
export const DEMO_CSV = join(REPO_ROOT, 'examples/demo/worklist.csv');
export const FIXTURES = join(REPO_ROOT, 'packages/config/src/fixtures');

/** A child's environment without DATABASE_URL, REDIS_URL or anything else of ours: the fresh clone. */
export function scrubbedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  const env: Record<string, string> = {};
  for (const name of keep) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface StartedInfo {
  gateway: { host: string; port: number };
  health: { host: string; port: number };
  /** Absent when `api.enabled` is false. */
  api?: { host: string; port: number };
  storage: string;
  queue: string;
  sources: { name: string; state: string }[];
}

export interface SpawnedCli {
  child: ChildProcess;
  /** Resolves with the first JSON log line (so far or to come) whose `msg` is `message`; rejects when the process ends first. */
  logLine<T = Record<string, unknown>>(message: string): Promise<T>;
  /** Every stdout and stderr line so far. */
  output(): string;
  /** Resolves with the exit code when the process ends by itself. */
  exited: Promise<number | null>;
  /** Sends the signal; resolves with the exit code and how long the process took to end. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** `mwl-bridge <args>` as a child process from the repository root (as `npm start` runs it). */
export function spawnCli(args: readonly string[], env: Record<string, string>): SpawnedCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const entries: { msg?: unknown }[] = [];
  const waiting: { message: string; resolve: (entry: never) => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      lines.push(line);
      let entry: { msg?: unknown };
      try {
        entry = JSON.parse(line) as { msg?: unknown };
      } catch {
        continue;
      }
      entries.push(entry);
      for (const waiter of waiting.filter((w) => w.message === entry.msg)) waiter.resolve(entry as never);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  return {
    child,
    logLine<T>(message: string) {
      const found = new Promise<T>((resolve, reject) => {
        const seen = entries.find((entry) => entry.msg === message);
        if (seen) resolve(seen as T);
        waiting.push({ message, resolve });
        void exited.then((code) =>
          reject(
            new Error(`mwl-bridge ${args[0]} exited (${code}) before "${message}":\n${lines.join('\n')}`),
          ),
        );
      });
      found.catch(() => undefined);
      return found;
    },
    output: () => lines.join('\n'),
    exited,
    async stop(signal = 'SIGINT') {
      const began = performance.now();
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      return { code, ms: performance.now() - began };
    },
  };
}

export interface SpawnedBridge extends SpawnedCli {
  /** The "mwl-bridge started" log line. */
  started: Promise<StartedInfo>;
}

/** `start` options that put the gateway, the health server and the api on free ports. */
export const FREE_PORTS = ['--port', '0', '--health-port', '0', '--api-port', '0'] as const;

/** `mwl-bridge start <args>` as a child process. */
export function spawnBridge(args: readonly string[], env: Record<string, string>): SpawnedBridge {
  const cli = spawnCli(['start', ...args], env);
  return { ...cli, started: cli.logLine<StartedInfo>('mwl-bridge started') };
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${timeoutMs} ms (${last instanceof Error ? last.message : 'no value yet'})`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Resolves once `/health/ready` answers 200. */
export function waitForReady(healthPort: number): Promise<true> {
  return waitFor('health ready', async () => {
    const response = await fetch(`http://127.0.0.1:${healthPort}/health/ready`);
    return response.status === 200 ? true : undefined;
  });
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The demo's config for a test run today, in `dir`: a copy of the demo CSV template (fixed dates)
 * with its dates moved by whole weeks (weekdays kept) once its first date is more than a week old,
 * and a copy of the config reading it. (`npm start` writes its own current copy: demo.main.ts.)
 */
export async function demoConfigFor(dir: string, now = new Date()): Promise<{ config: string; csv: string }> {
  const csv = await readFile(DEMO_CSV, 'utf8');
  const dates = [...csv.matchAll(/,(\d{4}-\d{2}-\d{2}),\d{2}:\d{2},/g)].map((m) => m[1]!);
  const first = Date.parse(`${dates.sort()[0]}T00:00:00Z`);
  const ageMs = now.getTime() - first;
  const weeks = ageMs <= 7 * DAY_MS ? 0 : Math.ceil((ageMs - 7 * DAY_MS) / (7 * DAY_MS));
  const shift = (date: string) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + weeks * 7 * DAY_MS).toISOString().slice(0, 10);
  const shifted = csv.replace(
    /,(\d{4}-\d{2}-\d{2}),(\d{2}:\d{2}),/g,
    (_m, date: string, time: string) => `,${shift(date)},${time},`,
  );
  const config = JSON.parse(await readFile(DEMO_CONFIG, 'utf8')) as {
    data_sources: { config: { path: string } }[];
  };
  config.data_sources[0]!.config.path = join(dir, 'worklist.csv');
  await writeFile(join(dir, 'worklist.csv'), shifted);
  await writeFile(join(dir, 'mwl.json'), JSON.stringify(config));
  return { config: join(dir, 'mwl.json'), csv: shifted };
}
