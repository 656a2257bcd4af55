import { MwlError } from '@mwl/domain';

/**
 * Ticks each source's fetch on its interval, so that a source never has two ticks running at
 * once: across every replica with the BullMQ scheduler, inside one process with the in-process
 * one. A tick that waited longer than its source's interval (behind a long fetch, or while every
 * replica was down) is dropped: the next one is already on its way.
 */

export interface SourceSchedule {
  /** The source's name (`[A-Za-z0-9_-]`, at most 64 characters: it becomes part of a queue name). */
  name: string;
  /** Milliseconds between ticks (the source's `sync_interval`). */
  everyMs: number;
}

export interface TickInfo {
  /** `schedule`: the interval came round; `manual`: `triggerNow` (e.g. a Data Entry Trigger). */
  trigger: 'schedule' | 'manual';
  /** When the tick was due. */
  scheduledAt: Date;
}

/**
 * One tick of a source. The signal aborts when the scheduler closes (or the tick's lock is lost);
 * the handler should then stop fetching and return. A throw is logged, never retried: the next
 * tick comes anyway.
 */
export type SourceTickHandler = (source: string, signal: AbortSignal, info: TickInfo) => Promise<void>;

export type TickSkipReason = 'stale';

export interface SourceScheduler {
  /** Starts ticking every source (the first tick of a new schedule comes at once). */
  start(): Promise<void>;
  /**
   * Runs a tick of `source` as soon as none of it is running. Triggers made while one already
   * waits collapse into it.
   */
  triggerNow(source: string): Promise<void>;
  /** Stops ticking: aborts the signals of running ticks, waits for them to return, disconnects. */
  close(): Promise<void>;
}

export interface SourceSchedulerOptions {
  sources: readonly SourceSchedule[];
  onTick: SourceTickHandler;
  /** Called when a tick is dropped (for metrics); the scheduler also logs it. */
  onSkip?: (source: string, reason: TickSkipReason) => void;
  logger: SchedulerLogger;
}

/** The slice of a pino logger the schedulers use. */
export interface SchedulerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const SOURCE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Shortest interval accepted: below it a tick could not even reach Redis and back reliably. */
export const MIN_TICK_INTERVAL_MS = 50;

/** A schedule the scheduler cannot run (bad name, interval, or a source named twice). */
export class InvalidSourceScheduleError extends MwlError {
  constructor(message: string) {
    super('MWL_ERR_QUEUE_SCHEDULE', message);
  }
}

/** `triggerNow` for a source the scheduler does not tick. */
export class UnknownScheduledSourceError extends MwlError {
  constructor(source: string) {
    super('MWL_ERR_QUEUE_UNKNOWN_SOURCE', `source "${source}" is not scheduled here`);
  }
}

export function validateSchedules(sources: readonly SourceSchedule[]): void {
  const seen = new Set<string>();
  for (const { name, everyMs } of sources) {
    if (!SOURCE_NAME.test(name)) {
      throw new InvalidSourceScheduleError(`source name "${name}" must be 1-64 characters A-Z a-z 0-9 _ -`);
    }
    if (seen.has(name)) throw new InvalidSourceScheduleError(`source "${name}" is scheduled twice`);
    seen.add(name);
    if (!Number.isInteger(everyMs) || everyMs < MIN_TICK_INTERVAL_MS) {
      throw new InvalidSourceScheduleError(
        `source "${name}": the interval must be a whole number of at least ${MIN_TICK_INTERVAL_MS} ms`,
      );
    }
  }
}

/** A tick due at `scheduledAt` that starts at `now` is stale once it waited a whole interval. */
export function isStaleTick(scheduledAt: number, now: number, everyMs: number): boolean {
  return now - scheduledAt > everyMs;
}

/** The queue that carries one source's ticks (one queue per source: its own global concurrency). */
export function fetchQueueName(source: string): string {
  return `mwl-fetch-${source}`;
}
