import { describe, expect, it } from 'vitest';
import { SourceResponseTooLargeError } from '../errors.ts';
import { chunksOf } from '../test-collect.ts';
import type { RedcapClient } from './client.ts';
import { streamRecords, type ExportLimits } from './export-stream.ts';

// The export parsed as it arrives: limits, REDCap's error object, and a broken-off answer resumed
// only when the new answer starts with the rows already handed out.

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const LIMITS: ExportLimits = { maxRowChars: 1_000, maxRows: 100, resumes: 2 };
const rows = (ids: readonly string[]) => ids.map((id) => ({ record_id: id, name: `N${id}` }));

/** A client whose successive exports answer these texts. */
function answering(...bodies: string[]): RedcapClient & { exports: number } {
  const client = {
    exports: 0,
    call: () => Promise.reject(new Error('not used')),
    stream: () => Promise.resolve(chunksOf(bodies[client.exports++] ?? '[]', 5)),
  };
  return client;
}

async function read(client: RedcapClient, limits: ExportLimits = LIMITS) {
  const out: unknown[] = [];
  for await (const row of streamRecords(client, {}, limits, { logger: silent })) out.push(row);
  return out;
}

describe('streamRecords', () => {
  it('yields every row, as text', async () => {
    const client = answering(JSON.stringify([{ record_id: 1, n: null, x: { a: 1 } }, ...rows(['2'])]));
    expect(await read(client)).toEqual([
      { record_id: '1', n: '', x: '' },
      { record_id: '2', name: 'N2' },
    ]);
  });

  it('resumes a cut answer after the rows already yielded', async () => {
    const whole = JSON.stringify(rows(['1', '2', '3', '4']));
    const client = answering(whole.slice(0, whole.indexOf('"3"') + 3), whole);
    expect(await read(client)).toEqual(rows(['1', '2', '3', '4']));
    expect(client.exports).toBe(2);
  });

  it('fails rather than resume an export whose first rows changed', async () => {
    const whole = JSON.stringify(rows(['1', '2', '3']));
    const client = answering(whole.slice(0, whole.indexOf('"3"')), JSON.stringify(rows(['1', '9', '3'])));
    await expect(read(client)).rejects.toThrow('the REDCap export changed while it was exported again');
  });

  it('gives up after its resumes', async () => {
    const cut = JSON.stringify(rows(['1', '2'])).slice(0, 20);
    const client = answering(cut, cut, cut, cut);
    await expect(read(client)).rejects.toThrow(/ends early .*\(3 attempts\)$/);
    expect(client.exports).toBe(3);
  });

  it("reports REDCap's error object", async () => {
    await expect(read(answering('  {"error":"Invalid filter logic"}'))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_REQUEST',
      message: 'REDCap reported an error: Invalid filter logic',
    });
  });

  it('refuses a row longer than max_row_chars, and more rows than max_rows, without retrying', async () => {
    const long = answering(JSON.stringify([{ record_id: '1', note: 'x'.repeat(2_000) }]));
    await expect(read(long)).rejects.toBeInstanceOf(SourceResponseTooLargeError);
    expect(long.exports).toBe(1);
    const many = answering(JSON.stringify(rows(['1', '2', '3'])));
    await expect(read(many, { ...LIMITS, maxRows: 2 })).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_RESPONSE_TOO_LARGE',
      message: 'the REDCap export has more than 2 rows (config.request.max_rows)',
    });
  });

  it('reads an error object, or leading whitespace, only up to 64K characters', async () => {
    let consumed = 0;
    const huge = (text: string): RedcapClient => ({
      call: () => Promise.reject(new Error('not used')),
      stream: () =>
        Promise.resolve(
          (async function* () {
            for (let at = 0; at < text.length; at += 1_000) {
              await Promise.resolve(); // as text arrives from the network
              consumed += 1_000;
              yield text.slice(at, at + 1_000);
            }
          })(),
        ),
    });
    await expect(read(huge(`{"error":"${'x'.repeat(1_000_000)}"}`))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_REQUEST',
      message: 'REDCap reported an error: (no text)',
    });
    expect(consumed).toBeLessThan(70_000);
    consumed = 0;
    await expect(read(huge(' '.repeat(1_000_000)), { ...LIMITS, resumes: 0 })).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_RESPONSE',
    });
    expect(consumed).toBeLessThan(70_000);
  });

  it('fails with a clear error on malformed JSON and on a body that ends early', async () => {
    await expect(
      read(answering('[{"record_id":"1"} {"record_id":"2"}]'), { ...LIMITS, resumes: 0 }),
    ).rejects.toThrow(
      /^REDCap answered an export with invalid JSON: expected "," or "\]" between array elements \(at character \d+\)$/,
    );
    await expect(read(answering('[{"record_id":"1"},{"rec'), { ...LIMITS, resumes: 0 })).rejects.toThrow(
      /^REDCap answered an export with invalid JSON: the JSON document ends early/,
    );
  });
});
