import { readSourceProgress, type PrismaClient } from '@mwl/db';
import { SyncProgressError } from './errors.ts';
import type { SourceProgress } from './fetch-plan.ts';

export type ReadSourceProgress = (source: string) => Promise<SourceProgress>;

/** Reads where a source's sync stands (see `readSourceProgress` in @mwl/db). */
export function createSourceProgressReader(prisma: PrismaClient): ReadSourceProgress {
  return async (source) => {
    try {
      return await readSourceProgress(prisma, source);
    } catch (error) {
      throw new SyncProgressError({ cause: error });
    }
  };
}
