import type { WorklistEntry } from '@mwl/domain';
import type { RejectionItemInput } from '@mwl/queue';
import type { FetchEnd, FetchEvent } from '@mwl/sources';
import { FetchAbortedError, FetchProtocolError } from './errors.ts';

export interface CollectedFetch {
  entries: WorklistEntry[];
  /** In the queue's form: the plugin's `fields` are dropped (the message names them). */
  rejections: RejectionItemInput[];
  /** Warnings by code (stored nowhere yet; logged as counts, never with values). */
  warningCounts: Record<string, number>;
  end: FetchEnd;
}

/**
 * Reads a plugin's fetch to its end: batches, then exactly one `end`. A stream that breaks the
 * contract throws `FetchProtocolError`; an aborted signal stops reading at the next event.
 */
export async function collectFetch(
  events: AsyncIterable<FetchEvent>,
  signal?: AbortSignal,
): Promise<CollectedFetch> {
  const entries: WorklistEntry[] = [];
  const rejections: RejectionItemInput[] = [];
  const warningCounts: Record<string, number> = {};
  let end: FetchEnd | undefined;
  for await (const event of events) {
    if (signal?.aborted) throw new FetchAbortedError({ cause: signal.reason });
    if (end) throw new FetchProtocolError('the source plugin yielded an event after its end event');
    if (event.type === 'end') {
      end = event;
      continue;
    }
    for (const entry of event.entries) entries.push(entry);
    for (const rejection of event.rejections) {
      rejections.push({
        sourceKey: rejection.sourceKey,
        reasonCode: rejection.reasonCode,
        message: rejection.message,
        rawRef: rejection.rawRef || null,
      });
    }
    for (const warning of event.warnings) {
      warningCounts[warning.code] = (warningCounts[warning.code] ?? 0) + 1;
    }
  }
  if (!end) throw new FetchProtocolError('the source plugin ended its fetch without an end event');
  return { entries, rejections, warningCounts, end };
}
