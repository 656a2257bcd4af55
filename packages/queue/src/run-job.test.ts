import { describe, expect, it } from 'vitest';
import { collectChildResults } from './run-job.ts';

describe('collectChildResults', () => {
  it('sorts batch results by kind and lists failures', () => {
    const results = collectChildResults([
      {
        kind: 'entries',
        jobId: 's.entries.0',
        value: { inserted: 2, updated: 1, unchanged: 0, reactivated: 0, rejected: 0 },
      },
      { kind: 'rejections', jobId: 's.rejections.0', value: { recorded: 3 } },
      { kind: 'entries', jobId: 's.entries.1', failure: 'MWL_ERR_X: boom' },
    ]);
    expect(results).toEqual({
      entryBatches: [{ inserted: 2, updated: 1, unchanged: 0, reactivated: 0, rejected: 0 }],
      rejectionBatches: [{ recorded: 3 }],
      failed: [{ kind: 'entries', jobId: 's.entries.1', reason: 'MWL_ERR_X: boom' }],
    });
  });

  it('counts a batch with an unreadable result as failed', () => {
    const results = collectChildResults([{ kind: 'entries', jobId: 's.entries.0', value: { inserted: -1 } }]);
    expect(results.failed).toHaveLength(1);
    expect(results.entryBatches).toEqual([]);
  });
});
