/**
 * Gathers Data Entry Triggers per source for `windowMs`, then asks for one targeted fetch of the
 * distinct records: a burst of saves of one record (REDCap fires on every form save) becomes one
 * fetch. Memory is bounded: a source's pending set is sent at once when it reaches `maxPending`.
 */
export interface DetCoalescerOptions {
  windowMs: number;
  maxPending: number;
  send(source: string, recordIds: readonly string[]): Promise<void>;
  onError(source: string, error: unknown): void;
}

export interface DetCoalescer {
  /** `coalesced` when the record already waits to be fetched. */
  add(source: string, recordId: string): 'accepted' | 'coalesced';
  /** Sends everything pending now (shutdown). */
  flush(): Promise<void>;
}

export function createDetCoalescer(options: DetCoalescerOptions): DetCoalescer {
  const pending = new Map<string, { records: Set<string>; timer: NodeJS.Timeout }>();
  const inFlight = new Set<Promise<void>>();

  function sendNow(source: string): void {
    const batch = pending.get(source);
    if (!batch) return;
    clearTimeout(batch.timer);
    pending.delete(source);
    const sent = options
      .send(source, [...batch.records])
      .catch((error: unknown) => options.onError(source, error))
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  }

  return {
    add(source, recordId) {
      let batch = pending.get(source);
      if (!batch) {
        batch = { records: new Set(), timer: setTimeout(() => sendNow(source), options.windowMs) };
        pending.set(source, batch);
      }
      if (batch.records.has(recordId)) return 'coalesced';
      batch.records.add(recordId);
      if (batch.records.size >= options.maxPending) sendNow(source);
      return 'accepted';
    },
    async flush() {
      for (const source of [...pending.keys()]) sendNow(source);
      await Promise.allSettled([...inFlight]);
    },
  };
}
