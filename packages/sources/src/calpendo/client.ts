import { isMwlError } from '@mwl/domain';
import {
  HttpTransportError,
  SourceAuthError,
  SourceRequestError,
  SourceResponseError,
  SourceUnavailableError,
} from '../errors.ts';
import type { HttpClient } from '../http.ts';
import type { Logger } from '../plugin.ts';
import { withRetry, type RetryPolicy } from '../retry.ts';
import { finalRequestError } from '../request-failure.ts';

/**
 * Calpendo's WebDAV JSON API with HTTP Basic auth. Retries 5xx, network errors, timeouts and
 * unparsable answers with exponential backoff and jitter; 401/403 fail at once with
 * `MWL_ERR_SOURCE_AUTH`; other 4xx with `MWL_ERR_SOURCE_REQUEST` (a 404 may be asked for as a
 * result instead: a booking deleted between the list and its detail).
 */

export type CalpendoRequestKind = 'list' | 'detail' | 'operator';

export interface CalpendoClientOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** Variable names, for the authentication error's hint. */
  credentialNames: { username: string; password: string };
  http: HttpClient;
  logger: Logger;
  timeoutMs: number;
  /** Cap of one answer. Default: the HTTP client's. */
  maxBodyBytes?: number;
  retry: RetryPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface CalpendoGetOptions {
  kind: CalpendoRequestKind;
  signal?: AbortSignal;
  /** Answer 404 with `undefined` instead of an error. */
  notFoundIsEmpty?: boolean;
  /** Booking id, for logs. */
  bookingId?: string;
}

export interface CalpendoClient {
  /** GETs `{base_url}/webdav/{path}` and parses the JSON answer. */
  get(path: string, options: CalpendoGetOptions): Promise<unknown>;
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

const NOT_FOUND = Symbol('not found');

export function createCalpendoClient(options: CalpendoClientOptions): CalpendoClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers = {
    accept: 'application/json',
    authorization: basicAuthorization(options.username, options.password),
  };
  const names = options.credentialNames;

  const attemptOnce = async (path: string, get: CalpendoGetOptions): Promise<unknown> => {
    const response = await options.http.request({
      method: 'GET',
      url: `${base}/webdav/${path}`,
      headers,
      signal: get.signal,
      timeoutMs: options.timeoutMs,
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    });
    const { status, body } = response;
    if (status === 401 || status === 403) {
      throw new SourceAuthError(
        status === 401
          ? `Calpendo rejected the credentials (HTTP 401); check ${names.username} and ${names.password} (or their _FILE)`
          : `Calpendo refused access (HTTP 403) to the ${get.kind} request; check the user's rights`,
        status,
      );
    }
    if (status === 404 && get.notFoundIsEmpty) return NOT_FOUND;
    if (status >= 400 && status < 500) {
      throw new SourceRequestError(`Calpendo refused the ${get.kind} request (HTTP ${status})`, status);
    }
    if (status >= 500)
      throw new SourceUnavailableError(`Calpendo answered HTTP ${status}`, { httpStatus: status });
    if (status < 200 || status >= 300)
      throw new SourceResponseError(`Calpendo answered with unexpected HTTP ${status}`);
    try {
      return JSON.parse(body) as unknown;
    } catch (error) {
      throw new SourceResponseError(
        `Calpendo answered the ${get.kind} request with invalid JSON (${body.length} characters)`,
        { cause: error },
      );
    }
  };

  return {
    async get(path, get) {
      let attempts = 0;
      try {
        const result = await withRetry(
          () => {
            attempts++;
            return attemptOnce(path, get);
          },
          {
            policy: options.retry,
            signal: get.signal,
            sleep: options.sleep,
            random: options.random,
            isRetryable: (error) =>
              error instanceof SourceUnavailableError ||
              error instanceof HttpTransportError ||
              error instanceof SourceResponseError,
            onRetry: ({ error, retry, delayMs }) =>
              options.logger.warn(
                {
                  request: get.kind,
                  bookingId: get.bookingId,
                  retry,
                  delayMs,
                  code: isMwlError(error) ? error.code : undefined,
                  httpStatus: error instanceof SourceUnavailableError ? error.httpStatus : undefined,
                },
                'Calpendo request failed; retrying',
              ),
          },
        );
        return result === NOT_FOUND ? undefined : result;
      } catch (error) {
        throw finalRequestError('Calpendo', error, attempts, options.timeoutMs);
      }
    },
  };
}
