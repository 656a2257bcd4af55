import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataDirInUseError } from '../errors.ts';

const LOCK_FILE = 'mwl-bridge.pid';
const BOOT_ID_FILE = '/proc/sys/kernel/random/boot_id';
/** The lock file is a few short lines: only its start is read. */
const MAX_LOCK_BYTES = 512;

export interface DataDirLock {
  release(): Promise<void>;
}

/** Who holds the folder: a pid alone is not enough, pids are reused (a container's PID 1). */
interface Holder {
  pid: number;
  /** The kernel's boot id: another boot means every pid since belongs to another process. */
  bootId?: string;
  /** The process's start time (clock ticks since boot, field 22 of /proc/<pid>/stat). */
  startTime?: string;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function bootId(): Promise<string | undefined> {
  return (await readText(BOOT_ID_FILE))?.trim() || undefined;
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
async function processStartTime(pid: number): Promise<string | undefined> {
  const stat = await readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = fields[22 - 3];
  return start && /^\d+$/.test(start) ? start : undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

async function ourselves(): Promise<Holder> {
  const [boot, start] = await Promise.all([bootId(), processStartTime(process.pid)]);
  return { pid: process.pid, ...(boot ? { bootId: boot } : {}), ...(start ? { startTime: start } : {}) };
}

function format(holder: Holder): string {
  return [
    `${holder.pid}`,
    ...(holder.bootId ? [`boot_id=${holder.bootId}`] : []),
    ...(holder.startTime ? [`start_time=${holder.startTime}`] : []),
    '',
  ].join('\n');
}

/** The first line is the pid (what older versions wrote, and what a person reads); then key=value. */
function parse(text: string): Holder | undefined {
  const [first = '', ...rest] = text.slice(0, MAX_LOCK_BYTES).split('\n');
  const pid = Number(first.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  const fields = new Map(
    rest.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const boot = fields.get('boot_id')?.trim();
  const start = fields.get('start_time')?.trim();
  return { pid, ...(boot ? { bootId: boot } : {}), ...(start ? { startTime: start } : {}) };
}

/**
 * Whether the process the lock names still holds it. Recorded and live start times must agree
 * (same pid, same start: the same process, even when that is this very process opening the
 * folder twice). Where the start time cannot be compared (a lock written by an older version, or
 * no /proc), our own pid cannot be the holder, since we have not locked yet: it was a process
 * before a restart that got the same pid; any other live pid is taken as the holder.
 */
async function stillHeld(holder: Holder, me: Holder): Promise<boolean> {
  if (holder.bootId && me.bootId && holder.bootId !== me.bootId) return false;
  if (!isRunning(holder.pid)) return false;
  const liveStart = holder.pid === me.pid ? me.startTime : await processStartTime(holder.pid);
  if (holder.startTime && liveStart) return holder.startTime === liveStart;
  return holder.pid !== me.pid;
}

/**
 * PGlite is one session in one process: two processes on one data folder would corrupt it. The
 * folder (created when missing) holds a lock file naming its user: pid, boot id and the process's
 * start time, so that a lock survives pid reuse. After a crash in a container, the new process is
 * PID 1 again, as was the one that left the lock; after a reboot, the lock's pid may name any
 * unrelated process. Both are told apart from a live holder and taken over.
 *
 * Why not an OS-level lock (flock on a descriptor, released by the kernel when the process dies):
 * Node has no flock/fcntl API; it would need a native addon, for a check that /proc answers.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const me = await ourselves();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(format(me));
      } finally {
        await handle.close();
      }
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
    const holder = parse((await readText(path)) ?? '');
    if (holder && (await stillHeld(holder, me))) throw new DataDirInUseError(dataDir, holder.pid);
    await rm(path, { force: true });
  }
  throw new DataDirInUseError(dataDir, 0);
}
