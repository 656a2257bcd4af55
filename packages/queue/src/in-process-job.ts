import type { JobKind } from './queue-names.ts';
import type { ChildReport } from './run-job.ts';

/** A job of the in-process transport. */
export interface MemoryJob {
  kind: JobKind;
  id: string;
  /** Encoded and JSON round-tripped, as Redis would hold it. */
  stored: unknown;
  attemptsMade: number;
  createdAt: number;
  parentId?: string;
  pendingChildren?: Set<string>;
  childReports?: ChildReport[];
}
