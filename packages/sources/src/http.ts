import type { Agent, Dispatcher, request as undiciRequest } from 'undici';
import { HttpTransportError, SourceAbortedError, SourceResponseTooLargeError } from './errors.ts';

/**
 * The HTTP client a source plugin is given (injected, so tests and the fetcher decide pooling and
 * timeouts). `request` reads a body whole, up to a byte limit; `stream` hands it over as it
 * arrives (a large export parsed on the fly).
 */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Optional: a client without it is streamed through `request` (see `streamRequest`). */
  stream?(req: HttpRequest): Promise<HttpStreamResponse>;
  close(): Promise<void>;
}

/**
 * Whether credentials sent to this URL would cross a network in clear text: plain `http://` to
 * any host but this machine's loopback (a REDCap reached through a local TLS proxy, a test double).
 */
export function insecureUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && !isLoopback(hostname);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** Default cap of a body read whole. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string | URL;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request; the promise rejects with `SourceAbortedError`. */
  signal?: AbortSignal;
  /** Deadline for the whole exchange (connect, headers and body); default 30 s. */
  timeoutMs?: number;
  /**
   * `request` only: a longer body fails with `MWL_ERR_SOURCE_RESPONSE_TOO_LARGE` once the limit
   * is crossed (nothing more is read). Default: the client's, 32 MiB.
   */
  maxBodyBytes?: number;
}

export interface HttpStreamResponse {
  status: number;
  headers: Record<string, string | undefined>;
  /** The body as UTF-8 text, chunk by chunk. Stopping early ends the exchange. */
  body: AsyncIterable<string>;
  /** Reads the body whole, up to `maxBytes` (e.g. an error answer), and ends the exchange. */
  text(maxBytes: number): Promise<string>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface UndiciHttpClientOptions {
  /** Sockets per origin (a source rarely needs more than a few). Default 4. */
  connections?: number;
  /** TCP/TLS connect timeout. Default 10 s. */
  connectTimeoutMs?: number;
  /** Idle keep-alive sockets close after this. Default 10 s. */
  keepAliveTimeoutMs?: number;
  /** Default per-request deadline when a request names none. Default 30 s. */
  defaultTimeoutMs?: number;
  /** Default cap of a body read whole. Default 32 MiB. */
  maxBodyBytes?: number;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);
const TIMEOUT_CODES = new Set([
  // Aborted, but not by the caller: only our own deadline aborts then.
  'UND_ERR_ABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * An `HttpClient` on an undici `Agent` (one pool per origin). undici is loaded with the first
 * request: a process whose sources are all files (the demo, `start` on a site's exports) never
 * loads it (~15 MB resident).
 */
export function createUndiciHttpClient(options: UndiciHttpClientOptions = {}): HttpClient {
  let undici: Promise<{ agent: Agent; request: typeof undiciRequest }> | undefined;
  const load = () =>
    (undici ??= import('undici').then(({ Agent, request }) => ({
      request,
      agent: new Agent({
        connections: options.connections ?? 4,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
        connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      }),
    })));
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;

  const defaultMaxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  /** Starts an exchange; the body is the caller's to read or dump. */
  const open = async (req: HttpRequest) => {
    const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
    const classify = (error: unknown) =>
      classifyTransportError(error, { callerAborted: req.signal?.aborted === true, timeoutMs });
    const { agent, request } = await load();
    try {
      const response = await request(req.url, {
        dispatcher: agent,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      return { response, headers: headersOf(response), classify };
    } catch (error) {
      throw classify(error);
    }
  };

  return {
    async request(req) {
      const { response, headers, classify } = await open(req);
      const maxBytes = req.maxBodyBytes ?? defaultMaxBodyBytes;
      try {
        const body = await readCapped(response.body, maxBytes, headers['content-length']);
        return { status: response.statusCode, headers, body };
      } catch (error) {
        throw error instanceof SourceResponseTooLargeError ? error : classify(error);
      }
    },
    async stream(req) {
      const { response, headers, classify } = await open(req);
      const body = response.body;
      return {
        status: response.statusCode,
        headers,
        body: (async function* () {
          // UTF-8 across chunk ends: a character split between two chunks is decoded whole.
          const decoder = new TextDecoder('utf-8');
          try {
            for await (const chunk of body) {
              const text = decoder.decode(chunk as Buffer, { stream: true });
              if (text !== '') yield text;
            }
            const rest = decoder.decode();
            if (rest !== '') yield rest;
          } catch (error) {
            throw classify(error);
          } finally {
            body.destroy();
          }
        })(),
        async text(maxBytes) {
          try {
            return await readCapped(body, maxBytes, headers['content-length']);
          } catch (error) {
            throw error instanceof SourceResponseTooLargeError ? error : classify(error);
          }
        },
      };
    },
    async close() {
      if (undici) await (await undici).agent.close();
    },
  };
}

function headersOf(response: Dispatcher.ResponseData): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function tooLarge(maxBytes: number): SourceResponseTooLargeError {
  return new SourceResponseTooLargeError(`the response body is larger than ${maxBytes} bytes`, maxBytes);
}

/** Reads a body as UTF-8 up to `maxBytes`; past it, stops reading and throws. */
async function readCapped(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  contentLength: string | undefined,
): Promise<string> {
  try {
    if (contentLength !== undefined && Number(contentLength) > maxBytes) throw tooLarge(maxBytes);
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      bytes += buffer.length;
      if (bytes > maxBytes) throw tooLarge(maxBytes);
      chunks.push(buffer);
    }
    return Buffer.concat(chunks, bytes).toString('utf8');
  } finally {
    body.destroy();
  }
}

/**
 * Streams through `http.stream`, or, for a client without it, through `request` (the body then
 * read whole, capped as usual).
 */
export async function streamRequest(http: HttpClient, req: HttpRequest): Promise<HttpStreamResponse> {
  if (http.stream) return http.stream(req);
  const response = await http.request(req);
  const { body } = response;
  return {
    status: response.status,
    headers: response.headers,
    body: (async function* () {
      await Promise.resolve();
      yield body;
    })(),
    text: (maxBytes) => Promise.resolve(Buffer.byteLength(body) > maxBytes ? body.slice(0, maxBytes) : body),
  };
}

/** Maps undici/node errors onto aborted / timeout / network; anything else passes through. */
export function classifyTransportError(
  error: unknown,
  context: { callerAborted: boolean; timeoutMs: number },
): unknown {
  if (context.callerAborted) return new SourceAbortedError({ cause: error });
  const code = errorCode(error);
  const name = error instanceof Error ? error.name : '';
  if ((code !== undefined && TIMEOUT_CODES.has(code)) || name === 'TimeoutError' || name === 'AbortError') {
    return new HttpTransportError('timeout', `no answer within ${context.timeoutMs} ms`, { cause: error });
  }
  if (code !== undefined && NETWORK_CODES.has(code)) {
    return new HttpTransportError('network', `network error (${code})`, { cause: error });
  }
  return error;
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}
