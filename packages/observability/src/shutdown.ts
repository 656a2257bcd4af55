import type { Logger } from 'pino';

export interface ShutdownStep {
  /** Shown in logs and in the report: `gateway`, `workers`, `queues`, `database`, `redis`. */
  name: string;
  run: () => Promise<void>;
  /**
   * Runs even when the deadline has passed (after the others are given up): storage that must be
   * closed to keep its data, such as the embedded database flushing to its folder.
   */
  final?: boolean;
}

export interface CreateShutdownOptions {
  logger: Logger;
  /** The whole shutdown; keep it below the orchestrator's grace period (k8s default 30 s). */
  deadlineMs: number;
  /** Run one after another, in this order: stop accepting → workers → queues → database → Redis. */
  steps: readonly ShutdownStep[];
}

export interface ShutdownReport {
  /** Every step finished without error before the deadline. */
  ok: boolean;
  timedOut: boolean;
  completed: string[];
  failed: string[];
  /** Not finished when the deadline passed: the one running then, and those never started. */
  skipped: string[];
  durationMs: number;
}

export type Shutdown = (reason?: string) => Promise<ShutdownReport>;

const DEADLINE = Symbol('deadline');

/**
 * An ordered, bounded, idempotent shutdown. A failing step is logged and the next one still runs;
 * at the deadline the remaining steps are given up and the report says so. Calling it again (a
 * second SIGTERM) returns the first call's promise. It never exits the process and registers no
 * signal handler: `main.ts` does both, with the report's `ok` deciding the exit code.
 */
export function createShutdown(options: CreateShutdownOptions): Shutdown {
  const { logger, deadlineMs, steps } = options;
  let running: Promise<ShutdownReport> | undefined;

  async function run(reason: string | undefined): Promise<ShutdownReport> {
    const started = performance.now();
    logger.info({ reason, deadlineMs }, 'shutting down');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof DEADLINE>((resolve) => {
      timer = setTimeout(() => resolve(DEADLINE), deadlineMs);
    });
    const report: ShutdownReport = {
      ok: false,
      timedOut: false,
      completed: [],
      failed: [],
      skipped: [],
      durationMs: 0,
    };

    try {
      for (const [index, step] of steps.entries()) {
        const outcome = await Promise.race([runStep(step, logger), deadline]);
        if (outcome === DEADLINE) {
          report.timedOut = true;
          const rest = steps.slice(index);
          report.skipped = rest.filter((s) => s.final !== true || s === step).map((s) => s.name);
          logger.error({ step: step.name, skipped: report.skipped, deadlineMs }, 'shutdown deadline passed');
          for (const last of rest.filter((s) => s.final === true && s !== step)) {
            const lastOutcome = await runStep(last, logger);
            (lastOutcome === 'completed' ? report.completed : report.failed).push(last.name);
          }
          break;
        }
        (outcome === 'completed' ? report.completed : report.failed).push(step.name);
      }
    } finally {
      clearTimeout(timer);
    }

    report.ok = !report.timedOut && report.failed.length === 0;
    report.durationMs = Math.round(performance.now() - started);
    logger.info({ ...report }, 'shutdown finished');
    return report;
  }

  return (reason) => {
    running ??= run(reason);
    return running;
  };
}

async function runStep(step: ShutdownStep, logger: Logger): Promise<'completed' | 'failed'> {
  try {
    await step.run();
    logger.debug({ step: step.name }, 'shutdown step done');
    return 'completed';
  } catch (error) {
    logger.error({ err: error, step: step.name }, 'shutdown step failed');
    return 'failed';
  }
}
