import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EmbeddedInitError } from '../errors.ts';

/**
 * Creating a PGlite cluster (initdb) runs a second Postgres and the initdb program, each in its own
 * Wasm instance, inside the creating process. Their memories stay reachable until a full GC, and the
 * C++ heap grown for compiling them is never handed back: a process that created its folder idles at
 * ~400 MB more than one that opened an existing folder (measured by `bench:footprint`). So a new
 * folder is created by a short-lived child process; this process then only opens it.
 */

/** Long enough for a slow disk on a loaded machine; initdb takes 3–10 s here. */
export const DEFAULT_INIT_TIMEOUT_MS = 120_000;
/** The child prints nothing on success; its error output is kept up to this size. */
const MAX_CHILD_OUTPUT = 64 * 1024;

// Plain CommonJS for `node -e`: no loader, no TypeScript, nothing of the parent's execArgv.
const CHILD_SCRIPT = `
const { PGlite } = require(process.argv[1]);
PGlite.create(process.argv[2])
  .then((pg) => pg.close())
  .catch((error) => {
    process.stderr.write(String(error && error.message ? error.message : error).slice(0, 2000));
    process.exit(1);
  });
`;

export interface InitDataDirOptions {
  timeoutMs?: number;
}

/** Whether `dataDir` names a folder on disk (PGlite also takes `memory://`, `idb://`, ...). */
export function isFolderPath(dataDir: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(dataDir);
}

/** A PostgreSQL data folder has PG_VERSION at its top. */
async function hasCluster(dataDir: string): Promise<boolean> {
  try {
    await access(path.join(dataDir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates the cluster in `dataDir` in a child process when the folder has none. Returns whether it
 * did. Folders that are not paths (`memory://`) are left to PGlite in this process.
 */
export async function initDataDirInChild(
  dataDir: string,
  options: InitDataDirOptions = {},
): Promise<boolean> {
  if (!isFolderPath(dataDir) || (await hasCluster(dataDir))) return false;
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const timeout = options.timeoutMs ?? DEFAULT_INIT_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', CHILD_SCRIPT, entry, path.resolve(dataDir)],
      { timeout, killSignal: 'SIGKILL', maxBuffer: MAX_CHILD_OUTPUT, windowsHide: true },
      (error, _stdout, stderr) => {
        if (error === null) {
          resolve();
          return;
        }
        const timedOut = error.killed === true && error.signal === 'SIGKILL';
        const reason = timedOut ? `timed out after ${timeout} ms` : lastLine(stderr) || error.message;
        reject(new EmbeddedInitError(`creating the embedded database in ${dataDir} failed: ${reason}`));
      },
    );
  });
  return true;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 500);
}
