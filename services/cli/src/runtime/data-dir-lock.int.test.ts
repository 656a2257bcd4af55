import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirInUseError } from '../errors.ts';
import { lockDataDir } from './data-dir-lock.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-cli-lock-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the data folder lock', () => {
  it('creates the folder, records its pid, and frees the folder on release', async () => {
    const folder = join(dir, 'fresh', 'data');
    const lock = await lockDataDir(folder);
    expect(await readFile(join(folder, 'mwl-bridge.pid'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
    await (await lockDataDir(folder)).release();
  });

  it('refuses a folder a running process holds', async () => {
    const folder = join(dir, 'held');
    const lock = await lockDataDir(folder);
    try {
      await expect(lockDataDir(folder)).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(lockDataDir(folder)).rejects.toThrow(`in use by process ${process.pid}`);
    } finally {
      await lock.release();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const folder = join(dir, 'stale');
    await (await lockDataDir(folder)).release();
    await writeFile(join(folder, 'mwl-bridge.pid'), '2147483646\n');
    const lock = await lockDataDir(folder);
    expect(await readFile(join(folder, 'mwl-bridge.pid'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });
});
