/**
 * Counts failures per key (a client address) in a fixed window and blocks a key that failed
 * `maxFailures` times until its window ends. Memory is bounded: at most `maxKeys` keys, the oldest
 * forgotten first (an attacker rotating addresses only evicts its own entries sooner).
 */
export interface FailureLimiterOptions {
  maxFailures: number;
  windowMs: number;
  maxKeys: number;
  clock: () => number;
}

export interface FailureLimiter {
  /** Seconds until the key may try again, or 0 when it may try now. */
  blockedFor(key: string): number;
  fail(key: string): void;
  /** Forgets a key's failures (after a success). */
  reset(key: string): void;
  size(): number;
}

interface Entry {
  failures: number;
  windowEnd: number;
}

export function createFailureLimiter(options: FailureLimiterOptions): FailureLimiter {
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.windowEnd <= options.clock()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    blockedFor(key) {
      const entry = live(key);
      if (!entry || entry.failures < options.maxFailures) return 0;
      return Math.max(1, Math.ceil((entry.windowEnd - options.clock()) / 1000));
    },
    fail(key) {
      const entry = live(key);
      if (entry) {
        entry.failures += 1;
        return;
      }
      while (entries.size >= options.maxKeys) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      entries.set(key, { failures: 1, windowEnd: options.clock() + options.windowMs });
    },
    reset(key) {
      entries.delete(key);
    },
    size: () => entries.size,
  };
}

/**
 * Runs at most `concurrency` tasks at once with at most `maxQueued` waiting; beyond that `run`
 * rejects at once with what `busy()` makes (password hashing takes 128 MiB each).
 */
export function createGate(concurrency: number, maxQueued: number, busy: () => Error) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= concurrency) {
      if (waiting.length >= maxQueued) throw busy();
      // The finishing task hands its slot over: `active` stays as it is.
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      active += 1;
    }
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
