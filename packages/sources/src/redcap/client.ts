import { isMwlError } from '@mwl/domain';
import {
  HttpTransportError,
  SourceAuthError,
  SourceRequestError,
  SourceResponseError,
  SourceUnavailableError,
} from '../errors.ts';
import { streamRequest, type HttpClient } from '../http.ts';
import type { Logger } from '../plugin.ts';
import { withRetry, type RetryPolicy } from '../retry.ts';
import { finalRequestError } from '../request-failure.ts';

/**
 * REDCap's API: one endpoint, form-encoded POSTs, JSON answers. Retries 5xx, network errors,
 * timeouts and unparsable answers with exponential backoff and jitter; 4xx fail at once with a
 * typed error (403: the token).
 */

/** A form parameter: a value, or a list sent as REDCap's array syntax `name[0]=…&name[1]=…`. */
export type FormValue = string | readonly string[] | undefined;
export type FormParams = Readonly<Record<string, FormValue>>;

export interface RedcapClientOptions {
  apiUrl: string;
  token: string;
  http: HttpClient;
  logger: Logger;
  /** Deadline per attempt. */
  timeoutMs: number;
  /** Cap of an answer read whole (metadata, small exports). Default: the HTTP client's. */
  maxBodyBytes?: number;
  retry: RetryPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface RedcapClient {
  /** Posts `params` (plus the token) and returns the parsed JSON answer. */
  call(params: FormParams, signal?: AbortSignal): Promise<unknown>;
  /**
   * Posts `params` and hands over the successful answer's body as it arrives. Failures before the
   * body starts (HTTP status, network) are retried like `call`; the body's own are the caller's.
   */
  stream(params: FormParams, signal?: AbortSignal): Promise<AsyncIterable<string>>;
}

/** Longest error answer read (REDCap's `{"error": …}` or an HTML page). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Form-encodes `params` with REDCap's (PHP's) indexed array syntax; undefined values are left out. */
export function encodeForm(params: FormParams): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'string') form.append(name, value);
    else value.forEach((item, index) => form.append(`${name}[${index}]`, item));
  }
  return form.toString();
}

const MAX_ERROR_TEXT = 300;

/** REDCap's `{"error": "…"}` text, shortened; it names parameters and fields, not data. */
export function redcapErrorText(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'error' in parsed && typeof parsed.error === 'string') {
      return parsed.error.slice(0, MAX_ERROR_TEXT);
    }
  } catch {
    // not JSON (an HTML error page): say nothing about its content
  }
  return undefined;
}

export function createRedcapClient(options: RedcapClientOptions): RedcapClient {
  const post = (params: FormParams, signal?: AbortSignal) => ({
    method: 'POST' as const,
    url: options.apiUrl,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: encodeForm({ token: options.token, ...params }),
    signal,
    timeoutMs: options.timeoutMs,
  });

  const attemptOnce = async (params: FormParams, signal?: AbortSignal): Promise<unknown> => {
    const { status, body } = await options.http.request({
      ...post(params, signal),
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    });
    checkStatus(status, body);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw new SourceResponseError(
        `REDCap answered with invalid JSON (HTTP ${status}, ${body.length} characters)`,
        { cause: error },
      );
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'error' in parsed) {
      throw new SourceRequestError(
        `REDCap reported an error: ${redcapErrorText(body) ?? '(no text)'}`,
        status,
      );
    }
    return parsed;
  };

  const streamOnce = async (params: FormParams, signal?: AbortSignal): Promise<AsyncIterable<string>> => {
    const response = await streamRequest(options.http, post(params, signal));
    if (response.status < 200 || response.status >= 300) {
      checkStatus(response.status, await response.text(MAX_ERROR_BODY_BYTES));
    }
    return response.body;
  };

  const retrying = async <T>(
    params: FormParams,
    signal: AbortSignal | undefined,
    attempt: (params: FormParams, signal?: AbortSignal) => Promise<T>,
  ): Promise<T> => {
    let attempts = 0;
    try {
      return await withRetry(
        () => {
          attempts++;
          return attempt(params, signal);
        },
        {
          policy: options.retry,
          signal,
          sleep: options.sleep,
          random: options.random,
          isRetryable: (error) =>
            error instanceof SourceUnavailableError ||
            error instanceof HttpTransportError ||
            error instanceof SourceResponseError,
          onRetry: ({ error, retry, delayMs }) =>
            options.logger.warn(
              {
                content: typeof params.content === 'string' ? params.content : undefined,
                retry,
                delayMs,
                code: isMwlError(error) ? error.code : undefined,
                httpStatus: error instanceof SourceUnavailableError ? error.httpStatus : undefined,
              },
              'REDCap request failed; retrying',
            ),
        },
      );
    } catch (error) {
      throw finalRequestError('REDCap', error, attempts, options.timeoutMs);
    }
  };

  return {
    call: (params, signal) => retrying(params, signal, attemptOnce),
    stream: (params, signal) => retrying(params, signal, streamOnce),
  };
}

/** Throws the typed error of a non-2xx answer (the body only for REDCap's error text). */
function checkStatus(status: number, body: string): void {
  if (status === 401 || status === 403) {
    const detail = redcapErrorText(body);
    throw new SourceAuthError(
      `REDCap rejected the API token (HTTP ${status}${detail ? `: ${detail}` : ''}); ` +
        "check the token variable and the user's API rights",
      status,
    );
  }
  if (status >= 400 && status < 500) {
    const detail = redcapErrorText(body);
    throw new SourceRequestError(
      `REDCap refused the request (HTTP ${status})${detail ? `: ${detail}` : ''}`,
      status,
    );
  }
  if (status >= 500) {
    throw new SourceUnavailableError(`REDCap answered HTTP ${status}`, { httpStatus: status });
  }
  if (status < 200 || status >= 300) {
    throw new SourceResponseError(`REDCap answered with unexpected HTTP ${status}`);
  }
}
