// One `mwl-bridge start` as a child process, the way a site runs it (the built bin, plain node):
// its ports read from its JSON log, its memory read from /proc, stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface BridgeProcessOptions {
  /** Repository root: the bin and the demo config's relative paths are resolved from it. */
  cwd: string;
  args: readonly string[];
  /** The child's whole environment (nothing inherited that is not here). */
  env: NodeJS.ProcessEnv;
  /** Node flags put before the bin (e.g. `--liftoff-only`). */
  nodeFlags?: readonly string[];
}

export interface BridgePorts {
  gateway: number;
  health: number;
}

export interface BridgeProcess {
  pid: number;
  /** Resolves once both listening ports were logged; rejects when the process ends first. */
  ports(timeoutMs: number): Promise<BridgePorts>;
  /** SIGTERM, then the exit code (SIGKILL and null after `timeoutMs`). */
  stop(timeoutMs: number): Promise<number | null>;
  kill(): void;
  /** The last lines it wrote (stdout and stderr), for a failure message. */
  tail(): string;
}

const TAIL_LINES = 40;

export function startBridge(options: BridgeProcessOptions): BridgeProcess {
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), 'services/cli/bin/mwl-bridge.js', ...options.args],
    { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (child.pid === undefined) throw new Error('mwl-bridge did not start');
  const lines: string[] = [];
  const found: Partial<BridgePorts> = {};
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    readPorts(line, found);
  };
  createInterface({ input: child.stdout }).on('line', keep);
  createInterface({ input: child.stderr }).on('line', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    pid: child.pid,
    async ports(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (found.gateway === undefined || found.health === undefined) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`mwl-bridge ended before listening:\n${lines.join('\n')}`);
        }
        if (Date.now() > deadline) throw new Error(`mwl-bridge logged no ports in ${timeoutMs} ms`);
        await sleep(100);
      }
      return { gateway: found.gateway, health: found.health };
    },
    async stop(timeoutMs) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    kill: () => killQuietly(child),
    tail: () => lines.join('\n'),
  };
}

/** From "gateway listening" / "health server listening", or the summary line with both. */
function readPorts(line: string, found: Partial<BridgePorts>): void {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const gateway = portOf(entry['gateway']);
  const health = portOf(entry['health']);
  if (gateway !== undefined) found.gateway = gateway;
  if (health !== undefined) found.health = health;
  const msg = typeof entry['msg'] === 'string' ? entry['msg'] : '';
  const port = typeof entry['port'] === 'number' ? entry['port'] : undefined;
  if (port !== undefined && msg === 'gateway listening') found.gateway = port;
  if (port !== undefined && msg === 'health server listening') found.health = port;
}

function portOf(value: unknown): number | undefined {
  const port = (value as { port?: unknown } | undefined)?.port;
  return typeof port === 'number' && port > 0 ? port : undefined;
}

function killQuietly(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One line of /proc/<pid>/status in kB (VmRSS, VmHWM), as MB. */
export async function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  if (kb === undefined) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(kb) / 1024;
}

/** Resident memory by kind from /proc/<pid>/smaps_rollup, in MB. */
export async function residentKindsMb(pid: number): Promise<{ anonymous: number; file: number }> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
  return { anonymous: kb('Anonymous') / 1024, file: kb('Pss_File') / 1024 };
}
