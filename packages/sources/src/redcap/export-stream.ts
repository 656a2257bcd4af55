import { createHash, type Hash } from 'node:crypto';
import { isMwlError } from '@mwl/domain';
import {
  HttpTransportError,
  SourceRequestError,
  SourceResponseError,
  SourceResponseTooLargeError,
} from '../errors.ts';
import type { Logger } from '../plugin.ts';
import { createJsonArrayReader, JsonStreamError } from '../stream/json-array.ts';
import { redcapErrorText, type RedcapClient } from './client.ts';
import { exportRecordsParams, toRow, type ExportRecordsOptions } from './export.ts';
import type { RedcapRow } from './rows.ts';

/** Bounds of a streamed export: it is never held whole, so its rows are limited instead of its bytes. */
export interface ExportLimits {
  /** The longest row, in characters of JSON. */
  maxRowChars: number;
  /** Rows of one export. */
  maxRows: number;
  /** Re-exports after an answer broke off (cut JSON, network); 0: none. */
  resumes: number;
}

/** REDCap's error answer (`{"error": …}` instead of the array), read up to this many characters. */
const MAX_ERROR_CHARS = 64 * 1024;

/** One answer's rows, parsed as its text arrives. */
async function* parseExport(body: AsyncIterable<string>, limits: ExportLimits): AsyncGenerator<unknown> {
  const reader = createJsonArrayReader({ maxElementChars: limits.maxRowChars });
  let count = 0;
  let head: string | undefined = '';
  try {
    for await (const chunk of body) {
      let text = chunk;
      if (head !== undefined) {
        // An error object instead of the array: read it (bounded) for REDCap's message.
        head += chunk;
        const first = head.trimStart()[0];
        if (first === undefined || first === '{') {
          if (head.length > MAX_ERROR_CHARS) break;
          continue;
        }
        text = head;
        head = undefined;
      }
      for (const row of reader.push(text)) {
        if (++count > limits.maxRows) {
          throw new SourceResponseTooLargeError(
            `the REDCap export has more than ${limits.maxRows} rows (config.request.max_rows)`,
            limits.maxRows,
          );
        }
        yield row;
      }
    }
    if (head?.trimStart().startsWith('{')) {
      throw new SourceRequestError(`REDCap reported an error: ${redcapErrorText(head) ?? '(no text)'}`, 200);
    }
    if (head !== undefined) reader.push(head);
    reader.end();
  } catch (error) {
    if (!(error instanceof JsonStreamError)) throw error;
    if (error.problem === 'too_large') {
      throw new SourceResponseTooLargeError(
        `a REDCap export row is longer than ${limits.maxRowChars} characters (config.request.max_row_chars)`,
        limits.maxRowChars,
      );
    }
    throw new SourceResponseError(`REDCap answered an export with invalid JSON: ${error.message}`, {
      cause: error,
    });
  }
}

/** The rows already yielded are not the first rows of the new export: no resume possible. */
class ExportChangedError extends SourceResponseError {
  constructor() {
    super('the REDCap export changed while it was exported again after breaking off');
  }
}

const brokeOff = (error: unknown) =>
  (error instanceof SourceResponseError && !(error instanceof ExportChangedError)) ||
  error instanceof HttpTransportError;

/**
 * Export Records, parsed as the answer arrives: yields each row once its JSON closed. An answer
 * that breaks off (cut JSON, network error) is exported again, and its rows already yielded are
 * skipped, after checking they are the same rows (a digest of them): a project that changed in
 * between fails the export instead of shifting rows. A row past `maxRowChars` or more than
 * `maxRows` rows fail it at once.
 */
export async function* streamRecords(
  client: RedcapClient,
  options: ExportRecordsOptions,
  limits: ExportLimits,
  deps: { logger: Logger; signal?: AbortSignal },
): AsyncGenerator<RedcapRow> {
  let yielded = 0;
  let yieldedDigest = '';
  for (let attempt = 1; ; attempt++) {
    const digest: Hash = createHash('sha256');
    let index = 0;
    try {
      const body = await client.stream(exportRecordsParams(options), deps.signal);
      for await (const item of parseExport(body, limits)) {
        digest.update(JSON.stringify(item));
        if (index < yielded) {
          if (++index === yielded && digest.copy().digest('hex') !== yieldedDigest) {
            throw new ExportChangedError();
          }
          continue;
        }
        yield toRow(item, index++);
        yielded = index;
      }
      if (index < yielded) throw new ExportChangedError();
      return;
    } catch (error) {
      if (!brokeOff(error) || attempt > limits.resumes || deps.signal?.aborted) {
        throw attempt > 1 && error instanceof SourceResponseError
          ? new SourceResponseError(`${error.message} (${attempt} attempts)`, { cause: error })
          : error;
      }
      if (index >= yielded) yieldedDigest = digest.digest('hex');
      deps.logger.warn(
        { content: 'record', attempt, rows: yielded, code: isMwlError(error) ? error.code : undefined },
        'REDCap export broke off; exporting again',
      );
    }
  }
}
