import {
  createHealthServer,
  createShutdown,
  type HealthCheck,
  type Logger,
  type MetricsSource,
  type ShutdownReport,
  type ShutdownStep,
} from '@mwl/observability';
import type { ProcessIo, ShutdownSignal } from './process-io.ts';
import type { ServiceUnit } from './service-unit.ts';

export interface ProcessAssembly {
  io: Pick<ProcessIo, 'onSignal'>;
  logger: Logger;
  registry: MetricsSource;
  health: { host: string; port: number };
  /** The whole shutdown; keep it below the orchestrator's grace period. */
  shutdownDeadlineMs: number;
  /** Started in this order once the health server listens; stopped in reverse order first. */
  units: readonly ServiceUnit[];
  /** Shared clients (queue, HTTP, database), closed in this order after every unit stopped. */
  resources: readonly ShutdownStep[];
  /** Readiness checks of the shared clients (`database`, `queue`). */
  checks: Readonly<Record<string, HealthCheck>>;
}

export interface RunningProcess {
  health: { host: string; port: number };
  /** Ordered and bounded; a second call returns the first one's report. */
  stop(reason: string): Promise<ShutdownReport>;
  /** The exit code once a signal (or `stop`) has shut everything down: 0 when it all closed cleanly. */
  exited: Promise<number>;
}

/**
 * The lifecycle every mwl-bridge process shares: the health server first (liveness answers while
 * the rest starts), then the units; on SIGINT/SIGTERM the units in reverse order, then the shared
 * clients, then the health server, so probes answer until the end. A signal that comes while the
 * process starts stops it as soon as it has started. A unit that fails to start stops what did.
 */
export async function startProcess(assembly: ProcessAssembly): Promise<RunningProcess> {
  const { logger, units } = assembly;
  const unitChecks = Object.assign({}, ...units.map((unit) => unit.checks ?? {})) as Record<
    string,
    HealthCheck
  >;
  const health = createHealthServer({
    logger,
    registry: assembly.registry,
    host: assembly.health.host,
    port: assembly.health.port,
    checks: { ...assembly.checks, ...unitChecks },
  });
  const shutdown = createShutdown({
    logger,
    deadlineMs: assembly.shutdownDeadlineMs,
    steps: [
      ...[...units].reverse().map((unit) => ({ name: unit.name, run: () => unit.stop() })),
      ...assembly.resources,
      { name: 'health', run: () => health.close() },
    ],
  });
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const stop = async (reason: string) => {
    const report = await shutdown(reason);
    resolveExit(report.ok ? 0 : 1);
    return report;
  };

  let starting = true;
  let pending: ShutdownSignal | undefined;
  assembly.io.onSignal((signal) => {
    // Wrappers (npm, a shell) pass a terminal's Ctrl-C on too: the same signal often comes twice;
    // the shutdown runs once, bounded by its deadline.
    if (starting) pending ??= signal;
    else void stop(signal);
  });

  try {
    const address = await health.listen();
    for (const unit of units) await unit.start();
    starting = false;
    if (pending !== undefined) void stop(pending);
    return { health: address, stop, exited };
  } catch (error) {
    starting = false;
    await stop('start failed');
    throw error;
  }
}

/** `startProcess`, resolving with the exit code once the process has been shut down. */
export async function runProcess(assembly: ProcessAssembly): Promise<number> {
  const running = await startProcess(assembly);
  return running.exited;
}
