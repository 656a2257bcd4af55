import type { MppsState } from '@mwl/domain';

/** An instance's state as this process last wrote it, with the version that write left. */
export interface WrittenMppsState {
  state: MppsState;
  version: number;
}

/**
 * The states of the MPPS instances this process created or updated last, so that the usual N-SET
 * (on the association that sent the N-CREATE, a few seconds later) can skip reading the instance
 * back. It is a hint, never the truth: the N-SET's write is conditional on the version, so a state
 * that another process (another gateway, the api) changed meanwhile fails that write and the
 * instance is read again. `take` removes the entry: a state is used at most once.
 */
export interface MppsStateCache {
  take(sopInstanceUid: string): WrittenMppsState | undefined;
  remember(sopInstanceUid: string, written: WrittenMppsState): void;
}

/** Instances remembered at most; the oldest goes first (a modality finishes its step or it ages out). */
export const MPPS_STATE_CACHE_ENTRIES = 1_000;

export function createMppsStateCache(capacity = MPPS_STATE_CACHE_ENTRIES): MppsStateCache {
  // A Map iterates in insertion order: its first key is the oldest entry.
  const entries = new Map<string, WrittenMppsState>();
  return {
    take(sopInstanceUid) {
      const written = entries.get(sopInstanceUid);
      entries.delete(sopInstanceUid);
      return written;
    },
    remember(sopInstanceUid, written) {
      entries.delete(sopInstanceUid);
      entries.set(sopInstanceUid, written);
      if (entries.size > capacity) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
  };
}
