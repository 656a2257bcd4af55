import { SourceAbortedError, SourceAuthError, SourceResponseError } from '@mwl/sources';
import { describe, expect, it } from 'vitest';
import { FetchProtocolError } from './errors.ts';
import { describeFetchFailure } from './fetch-failure.ts';
import { snapshotIdFor } from './snapshot-id.ts';

describe('describeFetchFailure', () => {
  it.each<[string, unknown, boolean, string]>([
    [
      'a refused token',
      new SourceAuthError('REDCap refused the API token (HTTP 403)', 403),
      false,
      'MWL_ERR_SOURCE_AUTH',
    ],
    [
      'an unreadable answer',
      new SourceResponseError('REDCap answered with invalid JSON'),
      false,
      'MWL_ERR_SOURCE_RESPONSE',
    ],
    ['a broken plugin', new FetchProtocolError('no end'), false, 'MWL_ERR_FETCH_PROTOCOL'],
    ['an aborted fetch', new SourceAbortedError(), false, 'MWL_ERR_FETCH_ABORTED'],
    ['any error once the signal aborted', new Error('socket hang up'), true, 'MWL_ERR_FETCH_ABORTED'],
  ])('records %s with its code', (_label, error, aborted, code) => {
    expect(describeFetchFailure(error, aborted).code).toBe(code);
  });

  it("keeps an unexpected error's class but never its message, which may quote data", () => {
    const failure = describeFetchFailure(new SyntaxError('Unexpected token in "Doe^Jane..."'), false);
    expect(failure.code).toBe('MWL_ERR_FETCH_FAILED');
    expect(failure.message).toContain('SyntaxError');
    expect(failure.message).not.toContain('Doe');
  });
});

describe('snapshotIdFor', () => {
  it('names the source, the kind and the UTC time, with a random tail', () => {
    const at = new Date('2026-03-07T12:34:56.789Z');
    expect(snapshotIdFor('redcap', 'full', at, () => 'abc123')).toBe('redcap-full-20260307T123456789-abc123');
    expect(snapshotIdFor('_x', 'incremental', at, () => '000000')).toBe(
      's_x-incremental-20260307T123456789-000000',
    );
    expect(snapshotIdFor('redcap', 'full', at)).toMatch(/^redcap-full-20260307T123456789-[0-9a-f]{6}$/);
  });
});
