import type { WorklistEntry } from '@mwl/domain';
import type { FetchEnd, FetchEvent } from './plugin.ts';
import type { EntryWarning, Rejection } from './rejection.ts';

// Test helper shared by the plugins' tests (not exported from the package).

export interface Collected {
  entries: WorklistEntry[];
  rejections: Rejection[];
  warnings: EntryWarning[];
  end: FetchEnd;
  batches: number;
}

/** Drains a fetch; checks batches come before exactly one end. */
export async function collect(events: AsyncIterable<FetchEvent>): Promise<Collected> {
  const collected: Omit<Collected, 'end'> & { end?: FetchEnd } = {
    entries: [],
    rejections: [],
    warnings: [],
    batches: 0,
  };
  for await (const event of events) {
    if (event.type === 'end') {
      if (collected.end) throw new Error('two end events');
      collected.end = event;
      continue;
    }
    if (collected.end) throw new Error('a batch after the end event');
    collected.batches++;
    collected.entries.push(...event.entries);
    collected.rejections.push(...event.rejections);
    collected.warnings.push(...event.warnings);
  }
  if (!collected.end) throw new Error('no end event');
  return collected as Collected;
}

/** `text` as an async stream of chunks of `size` characters (a file or body read in pieces). */
export function chunksOf(text: string, size: number): AsyncIterable<string> {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += Math.max(1, size)) chunks.push(text.slice(at, at + size));
  return {
    [Symbol.asyncIterator]: () => {
      const iterator = chunks[Symbol.iterator]();
      return { next: () => Promise.resolve(iterator.next()) };
    },
  };
}
