import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataDirInUseError } from '../errors.ts';

const LOCK_FILE = 'mwl-bridge.pid';

export interface DataDirLock {
  release(): Promise<void>;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * PGlite is one session in one process: two processes on one data folder would corrupt it. The
 * folder (created when missing) holds the pid of its user; a lock left by a process that is gone
 * is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
      throw new DataDirInUseError(dataDir, holder);
    }
    await rm(path, { force: true });
  }
  throw new DataDirInUseError(dataDir, 0);
}
