import nodeCluster, { type Cluster, type Worker } from 'node:cluster';
import { once } from 'node:events';
import os from 'node:os';
import type { Logger } from '@mwl/observability';
import { GatewayClusterError } from './errors.ts';

/**
 * The gateway as several processes on one host. It is stateless (every query reads Postgres), so
 * `node:cluster` shares the DICOM port between N identical processes and spreads associations over
 * them; each process has its own event loop, decoder and database pool.
 *
 * The same call runs in both roles (cluster forks the main module again):
 * - `processes` 1: no cluster, the gateway runs in this process (as before);
 * - primary: forks the gateway processes, restarts one that dies (a bounded number of times per
 *   minute), reports listening once all of them are, and stops them on `close()`;
 * - gateway process: builds its gateway with `startGateway`, listens, and closes on the primary's
 *   word (or SIGTERM/SIGINT) with the primary's deadline.
 */

/** What one gateway process runs: `createGateway(...)` from gateway.ts fits. */
export interface ClusteredGateway {
  listen(): Promise<{ host: string; port: number }>;
  isListening(): boolean;
  close(options?: { deadlineMs?: number }): Promise<void>;
}

export interface GatewayClusterOptions {
  /** Gateway processes on this host; default: the cores (`os.availableParallelism()`). */
  processes?: number;
  /** Builds this process's gateway (own database pool). Called only where a gateway runs. */
  startGateway(): Promise<ClusteredGateway> | ClusteredGateway;
  logger: Logger;
  /** Module the gateway processes run; default: this process's main module (cluster's default). */
  exec?: string;
  /** Node options of the gateway processes; default: this process's. */
  execArgv?: string[];
  /** Environment added for the gateway processes (they inherit this process's). */
  env?: Record<string, string>;
  /** Restarts of dead gateway processes allowed per minute before the primary gives up. Default 5. */
  maxRestartsPerMinute?: number;
  /** Longest wait for every gateway process to listen. Default 60 s. */
  startTimeoutMs?: number;
  /** For tests. */
  cluster?: Cluster;
}

export type GatewayClusterRole = 'single' | 'primary' | 'worker';

export interface GatewayCluster extends ClusteredGateway {
  readonly role: GatewayClusterRole;
  /** Gateway processes running now (1 when single or a gateway process itself). */
  processCount(): number;
  /** Their process ids (for monitoring and the bench's CPU accounting). */
  pids(): number[];
  /**
   * A gateway process: settles once it has closed, on its primary's word or a signal (the role
   * returns then). Elsewhere: once `close()` has finished.
   */
  closed(): Promise<void>;
}

export const MAX_GATEWAY_PROCESSES = 64;

interface ListeningMessage {
  type: 'mwl-gateway-listening';
  host: string;
  port: number;
}
interface ShutdownMessage {
  type: 'mwl-gateway-shutdown';
  deadlineMs: number;
}

const isListeningMessage = (value: unknown): value is ListeningMessage =>
  (value as ListeningMessage | null)?.type === 'mwl-gateway-listening';
const isShutdownMessage = (value: unknown): value is ShutdownMessage =>
  (value as ShutdownMessage | null)?.type === 'mwl-gateway-shutdown';

/**
 * Gateway processes collect garbage on their own thread. V8's helper threads expect idle cores, but
 * the gateway processes already keep every core busy: in bench:cfind at 16 associations each
 * young-generation pause waited on helpers that could not run, and with one thread p99 fell by
 * ~2 ms and throughput rose ~3% (three runs each way, docs/PERFORMANCE.md).
 */
export const SINGLE_THREADED_GC = '--single-threaded-gc';

/** The Node options of a gateway process: the given ones, collecting garbage on its one thread. */
export function gatewayProcessExecArgv(execArgv: readonly string[]): string[] {
  return execArgv.includes(SINGLE_THREADED_GC) ? [...execArgv] : [...execArgv, SINGLE_THREADED_GC];
}

export function defaultGatewayProcesses(): number {
  return Math.min(MAX_GATEWAY_PROCESSES, os.availableParallelism());
}

/** The gateway in one process or in `processes` processes; see the file comment. */
export function createGatewayCluster(options: GatewayClusterOptions): GatewayCluster {
  const cluster = options.cluster ?? nodeCluster;
  const processes = options.processes ?? defaultGatewayProcesses();
  if (!Number.isInteger(processes) || processes < 1 || processes > MAX_GATEWAY_PROCESSES) {
    throw new GatewayClusterError(`gateway processes must be an integer from 1 to ${MAX_GATEWAY_PROCESSES}`);
  }
  if (processes === 1) return singleProcess(options);
  return cluster.isPrimary ? primary(options, cluster, processes) : worker(options, cluster);
}

/** A promise settled by the first `close()`, for `closed()`. */
function closedSignal(): { promise: Promise<void>; settle: () => void } {
  let settle: () => void = () => {};
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

function singleProcess(options: GatewayClusterOptions): GatewayCluster {
  let gateway: ClusteredGateway | undefined;
  let closing: Promise<void> | undefined;
  const done = closedSignal();
  return {
    role: 'single',
    async listen() {
      gateway ??= await options.startGateway();
      return gateway.listen();
    },
    isListening: () => gateway?.isListening() ?? false,
    close: (closeOptions) => (closing ??= Promise.resolve(gateway?.close(closeOptions)).finally(done.settle)),
    processCount: () => 1,
    pids: () => [process.pid],
    closed: () => done.promise,
  };
}

function worker(options: GatewayClusterOptions, cluster: Cluster): GatewayCluster {
  let gateway: ClusteredGateway | undefined;
  let closing: Promise<void> | undefined;
  const done = closedSignal();
  const close = (closeOptions?: { deadlineMs?: number }) => {
    closing ??= (async () => {
      try {
        await gateway?.close(closeOptions);
      } finally {
        done.settle();
        if (process.connected) cluster.worker?.disconnect();
        // Ends the process if something (a pool, a timer) still holds it open; exit 0 = not restarted.
        setTimeout(() => process.exit(0), 1_000).unref();
      }
    })();
    return closing;
  };
  process.on('message', (message: unknown) => {
    if (isShutdownMessage(message)) void close({ deadlineMs: message.deadlineMs });
  });
  // The primary is gone (or stops us with a signal to the process group): close, do not linger.
  process.on('disconnect', () => void close());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void close());
  return {
    role: 'worker',
    async listen() {
      gateway ??= await options.startGateway();
      const address = await gateway.listen();
      process.send?.({ type: 'mwl-gateway-listening', ...address } satisfies ListeningMessage);
      return address;
    },
    isListening: () => gateway?.isListening() ?? false,
    close,
    processCount: () => 1,
    pids: () => [process.pid],
    closed: () => done.promise,
  };
}

function primary(options: GatewayClusterOptions, cluster: Cluster, processes: number): GatewayCluster {
  const { logger } = options;
  const maxRestarts = options.maxRestartsPerMinute ?? 5;
  const listening = new Map<number, { host: string; port: number }>();
  const workers = new Set<Worker>();
  const restarts: number[] = [];
  let stopping = false;
  let failed: ((error: Error) => void) | undefined;

  // Each gateway process accepts from the shared socket itself. Under node's default round robin
  // the primary accepts every connection and hands it over IPC (a message each way): with one
  // association per query or MPPS step that was ~4% of every gateway process's CPU in
  // bench:mpps, besides the primary's own. A process busy answering is not waiting to accept, so
  // new associations go to whichever is free.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({
    ...(options.exec !== undefined && { exec: options.exec }),
    execArgv: gatewayProcessExecArgv(options.execArgv ?? process.execArgv),
  });

  const fork = (): Worker => {
    const child = cluster.fork(options.env);
    workers.add(child);
    child.on('message', (message: unknown) => {
      if (isListeningMessage(message)) listening.set(child.id, { host: message.host, port: message.port });
    });
    child.on('exit', (code, signal) => {
      workers.delete(child);
      listening.delete(child.id);
      // Exit 0 is a gateway process that closed on purpose (a signal to the process group).
      if (stopping || code === 0) return;
      const now = Date.now();
      while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length >= maxRestarts) {
        logger.error(
          { code, signal, restarts: restarts.length },
          'gateway process died; restart limit reached',
        );
        failed?.(new GatewayClusterError('gateway processes keep dying; not restarted'));
        return;
      }
      restarts.push(now);
      logger.warn({ code, signal }, 'gateway process died; starting another');
      fork();
    });
    return child;
  };

  const done = closedSignal();
  async function close({ deadlineMs = 5_000 } = {}): Promise<void> {
    stopping = true;
    const exits = [...workers].map(async (child) => {
      if (child.isDead()) return;
      const exited = once(child, 'exit');
      try {
        child.send({ type: 'mwl-gateway-shutdown', deadlineMs } satisfies ShutdownMessage);
      } catch {
        child.process.kill('SIGTERM');
      }
      const timer = setTimeout(() => child.process.kill('SIGKILL'), deadlineMs + 2_000);
      await exited;
      clearTimeout(timer);
    });
    await Promise.all(exits);
    done.settle();
  }

  return {
    role: 'primary',
    async listen() {
      for (let i = 0; i < processes; i++) fork();
      const signal = AbortSignal.timeout(options.startTimeoutMs ?? 60_000);
      await new Promise<void>((resolve, reject) => {
        failed = reject;
        const check = () => {
          if (listening.size >= processes) resolve();
          else if (signal.aborted)
            reject(new GatewayClusterError('gateway processes did not all start listening'));
          else setTimeout(check, 20).unref();
        };
        check();
      }).catch(async (error: unknown) => {
        await close({ deadlineMs: 1_000 });
        throw error;
      });
      const address = [...listening.values()][0]!;
      logger.info({ ...address, processes }, 'gateway listening in several processes');
      return address;
    },
    isListening: () => !stopping && listening.size === processes,
    close,
    processCount: () => workers.size,
    pids: () => [...workers].flatMap((child) => (child.process.pid === undefined ? [] : [child.process.pid])),
    closed: () => done.promise,
  };
}
