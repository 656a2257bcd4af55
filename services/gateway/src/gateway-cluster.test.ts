import { describe, expect, it } from 'vitest';
import { gatewayProcessExecArgv, SINGLE_THREADED_GC } from './gateway-cluster.ts';

describe('gatewayProcessExecArgv', () => {
  it("keeps the primary's Node options and adds single-threaded garbage collection", () => {
    expect(gatewayProcessExecArgv(['--import', 'tsx'])).toEqual(['--import', 'tsx', SINGLE_THREADED_GC]);
    expect(gatewayProcessExecArgv([])).toEqual([SINGLE_THREADED_GC]);
  });

  it('adds the flag once, and never changes the array it was given', () => {
    const given = ['--max-old-space-size=256', SINGLE_THREADED_GC];
    expect(gatewayProcessExecArgv(given)).toEqual(given);
    expect(gatewayProcessExecArgv(given)).not.toBe(given);
  });
});
