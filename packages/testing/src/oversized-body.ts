import type { ServerResponse } from 'node:http';

/** What the fakes' oversized faults send: a JSON array far larger than any cap under test. */
export const OVERSIZED_BODY_BYTES = 256 * 1024 * 1024;

export interface OversizedJsonOptions {
  /** Characters of each row's `note` (one row of the whole size when larger than it). */
  rowBytes: number;
  /** Text around the array, e.g. `{"biskits":` and `}`. */
  prefix?: string;
  suffix?: string;
  /** The bytes sent when the exchange ended (a client that stops reading hangs up early). */
  onEnd?: (bytes: number) => void;
}

/**
 * Answers HTTP 200 with a JSON array of rows `{"record_id":"1","note":"xxx…"}` adding up to
 * `OVERSIZED_BODY_BYTES`, written only as fast as the client reads, and stopped when it hangs up.
 */
export function sendOversizedJson(res: ServerResponse, options: OversizedJsonOptions): void {
  const filler = 'x'.repeat(Math.min(options.rowBytes, 64 * 1024));
  let sent = 0;
  let rows = 0;
  /** Characters of the current row's note written; undefined between rows. */
  let inRow: number | undefined;
  let closed = false;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.on('close', () => {
    closed = true;
    options.onEnd?.(sent);
  });
  const write = (text: string) => {
    sent += Buffer.byteLength(text);
    return res.write(text);
  };
  let ok = write(`${options.prefix ?? ''}[`);
  const pump = () => {
    ok = true;
    while (ok && !closed && sent < OVERSIZED_BODY_BYTES) {
      if (inRow === undefined) {
        ok = write(`${rows++ > 0 ? ',' : ''}{"record_id":"1","note":"`);
        inRow = 0;
        continue;
      }
      const piece = filler.slice(0, Math.min(filler.length, options.rowBytes - inRow));
      ok = write(piece);
      inRow += piece.length;
      if (inRow >= options.rowBytes) {
        ok = write('"}') && ok;
        inRow = undefined;
      }
    }
    if (closed) return;
    if (sent >= OVERSIZED_BODY_BYTES) res.end(`${inRow === undefined ? '' : '"}'}]${options.suffix ?? ''}`);
    else res.once('drain', pump);
  };
  if (ok) pump();
  else res.once('drain', pump);
}
