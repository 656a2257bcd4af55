import type { WorklistEntry } from '@mwl/domain';
import type { RejectionItemInput } from '@mwl/queue';
import type { FetchEnd, FetchEvent } from '@mwl/sources';
import { FetchAbortedError, FetchProtocolError } from './errors.ts';

/** One batch of a fetch, rejections in the queue's form (the plugin's `fields` are dropped: the message names them). */
export interface FetchPart {
  entries: WorklistEntry[];
  rejections: RejectionItemInput[];
}

export interface FetchSummary {
  entries: number;
  rejections: number;
  /** Warnings by code (stored nowhere yet; logged as counts, never with values). */
  warningCounts: Record<string, number>;
  end: FetchEnd;
}

export interface CollectedFetch {
  entries: WorklistEntry[];
  rejections: RejectionItemInput[];
  warningCounts: Record<string, number>;
  end: FetchEnd;
}

/**
 * Reads a plugin's fetch to its end, handing each batch to `onPart` before it reads the next
 * (so a slow consumer slows the fetch instead of piling batches up): batches, then exactly one
 * `end`. A stream that breaks the contract throws `FetchProtocolError`; an aborted signal stops
 * reading at the next event.
 */
export async function readFetch(
  events: AsyncIterable<FetchEvent>,
  onPart: (part: FetchPart) => Promise<void>,
  signal?: AbortSignal,
): Promise<FetchSummary> {
  const warningCounts: Record<string, number> = {};
  let entries = 0;
  let rejections = 0;
  let end: FetchEnd | undefined;
  for await (const event of events) {
    if (signal?.aborted) throw new FetchAbortedError({ cause: signal.reason });
    if (end) throw new FetchProtocolError('the source plugin yielded an event after its end event');
    if (event.type === 'end') {
      end = event;
      continue;
    }
    for (const warning of event.warnings) {
      warningCounts[warning.code] = (warningCounts[warning.code] ?? 0) + 1;
    }
    entries += event.entries.length;
    rejections += event.rejections.length;
    await onPart({
      entries: event.entries,
      rejections: event.rejections.map((rejection) => ({
        sourceKey: rejection.sourceKey,
        reasonCode: rejection.reasonCode,
        message: rejection.message,
        rawRef: rejection.rawRef || null,
      })),
    });
  }
  if (!end) throw new FetchProtocolError('the source plugin ended its fetch without an end event');
  return { entries, rejections, warningCounts, end };
}

/** Reads a fetch whole: for small ones (targeted fetches of a few records). */
export async function collectFetch(
  events: AsyncIterable<FetchEvent>,
  signal?: AbortSignal,
): Promise<CollectedFetch> {
  const entries: WorklistEntry[] = [];
  const rejections: RejectionItemInput[] = [];
  const collect = (part: FetchPart) => {
    for (const entry of part.entries) entries.push(entry);
    for (const rejection of part.rejections) rejections.push(rejection);
    return Promise.resolve();
  };
  const { warningCounts, end } = await readFetch(events, collect, signal);
  return { entries, rejections, warningCounts, end };
}
