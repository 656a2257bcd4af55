import { Agent, request } from 'undici';
import { HttpTransportError, SourceAbortedError } from './errors.ts';

/**
 * The HTTP client a source plugin is given (injected, so tests and the fetcher decide pooling and
 * timeouts). Bodies are read whole: source APIs answer with one JSON document.
 */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string | URL;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request; the promise rejects with `SourceAbortedError`. */
  signal?: AbortSignal;
  /** Deadline for the whole exchange (connect, headers and body); default 30 s. */
  timeoutMs?: number;
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

/** An `HttpClient` on an undici `Agent` (one pool per origin). */
export function createUndiciHttpClient(options: UndiciHttpClientOptions = {}): HttpClient {
  const agent = new Agent({
    connections: options.connections ?? 4,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
  });
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;

  return {
    async request(req) {
      const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
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
        const body = await response.body.text();
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        return { status: response.statusCode, headers, body };
      } catch (error) {
        throw classifyTransportError(error, { callerAborted: req.signal?.aborted === true, timeoutMs });
      }
    },
    async close() {
      await agent.close();
    },
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
