import { describeError } from '@mwl/domain';
import { TransportClosedError } from './errors.ts';
import {
  isStaleTick,
  UnknownScheduledSourceError,
  validateSchedules,
  type SourceSchedule,
  type SourceScheduler,
  type SourceSchedulerOptions,
  type TickInfo,
} from './source-scheduler.ts';

export interface InProcessSourceSchedulerOptions extends SourceSchedulerOptions {
  /** Milliseconds since the epoch; tests may drive it. Default `Date.now`. */
  now?: () => number;
}

interface SourceState {
  schedule: SourceSchedule;
  /** When the next scheduled tick is due. */
  dueAt: number;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  controller?: AbortController;
  /** A `triggerNow` arrived while a tick ran: run one more right after. */
  triggered: boolean;
}

/**
 * The embedded-mode scheduler: a timer per source, one tick of a source at a time (ticks of
 * different sources run side by side). Same rules as the BullMQ scheduler: the first tick comes
 * at once, a tick that would start a whole interval late is dropped, triggers made while a tick
 * runs collapse into one tick right after it.
 */
export function createInProcessSourceScheduler(options: InProcessSourceSchedulerOptions): SourceScheduler {
  validateSchedules(options.sources);
  const now = options.now ?? Date.now;
  const { logger } = options;
  const states = new Map<string, SourceState>(
    options.sources.map((schedule) => [schedule.name, { schedule, dueAt: 0, triggered: false }]),
  );
  let started = false;
  let closed = false;

  function arm(state: SourceState): void {
    clearTimeout(state.timer);
    if (closed) return;
    state.timer = setTimeout(() => onTimer(state), Math.max(0, state.dueAt - now()));
  }

  function onTimer(state: SourceState): void {
    state.timer = undefined;
    if (closed || state.running) return;
    const { everyMs, name } = state.schedule;
    let scheduledAt = state.dueAt;
    if (isStaleTick(scheduledAt, now(), everyMs)) {
      logger.info({ source: name, lateMs: now() - scheduledAt }, 'dropped a stale tick');
      options.onSkip?.(name, 'stale');
      while (isStaleTick(scheduledAt, now(), everyMs)) scheduledAt += everyMs;
    }
    state.dueAt = scheduledAt + everyMs;
    if (scheduledAt > now()) {
      state.dueAt = scheduledAt;
      arm(state);
      return;
    }
    run(state, { trigger: 'schedule', scheduledAt: new Date(scheduledAt) });
  }

  function run(state: SourceState, info: TickInfo): void {
    const controller = new AbortController();
    state.controller = controller;
    state.running = (async () => {
      try {
        await options.onTick(state.schedule.name, controller.signal, info);
      } catch (error) {
        logger.error({ source: state.schedule.name, err: describeError(error) }, 'tick failed');
      }
    })().finally(() => {
      state.running = undefined;
      state.controller = undefined;
      if (closed) return;
      if (state.triggered) {
        state.triggered = false;
        run(state, { trigger: 'manual', scheduledAt: new Date(now()) });
        return;
      }
      if (state.dueAt <= now()) onTimer(state);
      else arm(state);
    });
  }

  return {
    start() {
      if (closed) return Promise.reject(new TransportClosedError());
      if (!started) {
        started = true;
        for (const state of states.values()) {
          state.dueAt = now();
          arm(state);
        }
      }
      return Promise.resolve();
    },

    triggerNow(source) {
      if (closed) return Promise.reject(new TransportClosedError());
      const state = states.get(source);
      if (!state) return Promise.reject(new UnknownScheduledSourceError(source));
      if (state.running) {
        state.triggered = true;
      } else {
        clearTimeout(state.timer);
        state.timer = undefined;
        run(state, { trigger: 'manual', scheduledAt: new Date(now()) });
      }
      return Promise.resolve();
    },

    async close() {
      closed = true;
      const running: Promise<void>[] = [];
      for (const state of states.values()) {
        clearTimeout(state.timer);
        state.controller?.abort(new Error('the scheduler is closing'));
        if (state.running) running.push(state.running);
      }
      await Promise.allSettled(running);
    },
  };
}
