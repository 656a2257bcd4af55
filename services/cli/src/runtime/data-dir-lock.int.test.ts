import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataDirInUseError } from '../errors.ts';
import { lockDataDir } from './data-dir-lock.ts';

const LOCK_MODULE = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));
const lockFile = (folder: string) => join(folder, 'mwl-bridge.pid');
const bootId = async () => (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();

let dir: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-cli-lock-'));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Another process, alive while the test runs, that holds no lock. */
async function unrelatedProcess(): Promise<number> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  await once(child, 'spawn');
  return child.pid!;
}

/** Another process that takes the lock of `folder` and keeps it until killed. */
async function holderProcess(folder: string): Promise<ChildProcess> {
  const script =
    `const { lockDataDir } = await import(${JSON.stringify(LOCK_MODULE)});` +
    `await lockDataDir(${JSON.stringify(folder)}); process.stdout.write('locked\\n');` +
    'setInterval(() => {}, 60_000);';
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  expect(chunk.toString()).toBe('locked\n');
  return child;
}

describe('the data folder lock', () => {
  it('creates the folder, records its pid, and frees the folder on release', async () => {
    const folder = join(dir, 'fresh', 'data');
    const lock = await lockDataDir(folder);
    expect((await readFile(lockFile(folder), 'utf8')).split('\n')[0]).toBe(`${process.pid}`);
    await lock.release();
    await (await lockDataDir(folder)).release();
  });

  it('refuses a folder this very process holds', async () => {
    const folder = join(dir, 'held');
    const lock = await lockDataDir(folder);
    try {
      await expect(lockDataDir(folder)).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(lockDataDir(folder)).rejects.toThrow(`in use by process ${process.pid}`);
    } finally {
      await lock.release();
    }
  });

  it('refuses a folder another running mwl-bridge holds, and takes it over once that one is gone', async () => {
    const folder = join(dir, 'other-holder');
    const holder = await holderProcess(folder);
    await expect(lockDataDir(folder)).rejects.toThrow(`in use by process ${holder.pid}`);
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const lock = await lockDataDir(folder);
    await lock.release();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const folder = join(dir, 'stale');
    await (await lockDataDir(folder)).release();
    await writeFile(lockFile(folder), '2147483646\n');
    const lock = await lockDataDir(folder);
    expect((await readFile(lockFile(folder), 'utf8')).split('\n')[0]).toBe(`${process.pid}`);
    await lock.release();
  });

  it.each([
    ['an old-style lock naming our own pid (a restarted container is PID 1 again)', () => `${process.pid}\n`],
    [
      'a lock naming our own pid with another start time',
      async () => `${process.pid}\nboot_id=${await bootId()}\nstart_time=1\n`,
    ],
    [
      'a lock naming a live unrelated process with another start time (the pid was reused)',
      async () => `${await unrelatedProcess()}\nboot_id=${await bootId()}\nstart_time=1\n`,
    ],
    [
      'a lock naming a live process, written before the machine rebooted',
      async () => `${await unrelatedProcess()}\nboot_id=00000000-0000-0000-0000-000000000000\nstart_time=1\n`,
    ],
  ])('takes over %s', async (_label, content) => {
    const folder = join(dir, `reused-${Math.random().toString(36).slice(2)}`);
    await (await lockDataDir(folder)).release();
    await writeFile(lockFile(folder), await content());
    const lock = await lockDataDir(folder);
    expect((await readFile(lockFile(folder), 'utf8')).split('\n')[0]).toBe(`${process.pid}`);
    await lock.release();
  });
});
