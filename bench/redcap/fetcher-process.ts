// The bench's fetcher process (fetch-child.ts): started under tsx, or bundled to plain JS first
// (`--built`), the way a deployed fetcher runs (no TypeScript loader in its memory).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entry = `${root}bench/redcap/fetch-child.ts`;

/**
 * The fetcher's NODE_OPTIONS as docker-compose.yml and k8s give the fetcher services (the
 * Dockerfile's plus a heap cap), with the Dockerfile's MALLOC_ARENA_MAX=2.
 */
const FETCHER_NODE_OPTIONS = '--max-semi-space-size=1 --max-old-space-size=256';

export type ChildMessage = { event: string; [key: string]: unknown };

export interface FetcherProcess {
  send(command: string): void;
  /** The next JSON message; rejects when the process exits or after `timeoutMs`. */
  next(timeoutMs: number, what: string): Promise<ChildMessage>;
  exited: Promise<number | null>;
  kill(): void;
  /** Removes the bundle (if built). */
  cleanup(): Promise<void>;
}

/**
 * Bundles fetch-child.ts and our workspace packages into one ES module the way scripts/build.mjs
 * builds the services (npm dependencies stay imports, resolved from the repository's node_modules:
 * the bundle is written inside it).
 */
async function bundle(): Promise<{ file: string; dir: string }> {
  const { build } = await import('esbuild');
  const dir = await mkdtemp(join(root, 'node_modules/.cache-bench-redcap-'));
  const file = join(dir, 'fetch-child.mjs');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    keepNames: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'npm-dependencies-external',
        setup(builder) {
          builder.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@mwl/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  return { file, dir };
}

export async function startFetcherProcess(
  childEnv: Record<string, string>,
  options: { built: boolean },
): Promise<FetcherProcess> {
  const bundled = options.built ? await bundle() : undefined;
  // The fetcher runs with the memory settings its containers have; BENCH_FETCHER_NODE_OPTIONS
  // replaces its Node flags (never this process's).
  const env = {
    ...childEnv,
    MALLOC_ARENA_MAX: '2',
    NODE_OPTIONS: process.env.BENCH_FETCHER_NODE_OPTIONS ?? FETCHER_NODE_OPTIONS,
  };
  const child: ChildProcessWithoutNullStreams = bundled
    ? spawn(process.execPath, [bundled.file], { cwd: root, env: { ...process.env, ...env } })
    : spawn(`${root}node_modules/.bin/tsx`, [entry], { cwd: root, env: { ...process.env, ...env } });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const waiting: ((message: ChildMessage) => void)[] = [];
  const queued: ChildMessage[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const message = JSON.parse(line) as Partial<ChildMessage>;
    if (typeof message.event !== 'string') {
      process.stderr.write(`fetcher: ${line}\n`); // a log line (BENCH_LOG_LEVEL=info)
      return;
    }
    const next = waiting.shift();
    if (next) next(message as ChildMessage);
    else queued.push(message as ChildMessage);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    send: (command) => child.stdin.write(`${command}\n`),
    next(timeoutMs, what) {
      if (queued.length > 0) return Promise.resolve(queued.shift()!);
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        new Promise<ChildMessage>((resolve) => waiting.push(resolve)),
        exited.then((code) => Promise.reject(new Error(`the fetcher process exited with ${code}`))),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no ${what} from the fetcher within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]).finally(() => clearTimeout(timer));
    },
    exited,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
    cleanup: async () => {
      if (bundled) await rm(bundled.dir, { recursive: true, force: true });
    },
  };
}
