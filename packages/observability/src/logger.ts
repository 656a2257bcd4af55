import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import {
  pino,
  stdSerializers,
  stdTimeFunctions,
  type DestinationStream,
  type LevelWithSilent,
  type Logger,
  type LoggerOptions,
} from 'pino';
import type { PinoPretty } from 'pino-pretty';
import { PHI_KEYS, REDACTED } from './phi-keys.ts';
import { scrubPhi } from './scrub-phi.ts';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** Bound to every line as `service`. */
  service: string;
  /** Default `info`. */
  level?: LevelWithSilent;
  /** Human-readable lines (pino-pretty, in-process). The caller decides, e.g. from `stdout.isTTY`. */
  pretty?: boolean;
  /** Where lines go; default stdout. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/**
 * The service's pino logger: JSON lines with `service`, ISO time and the level's label.
 *
 * Patient data is kept out of every part of a line, each by the one pino hook that sees it:
 * - log calls: `hooks.logMethod` runs `scrubPhi` over every object argument (the merge object and
 *   `%j`/`%o` arguments): any PHI key at any depth, without mutating the caller's objects;
 * - child bindings (`logger.child({ entry })`), which never pass through that hook: `child` and
 *   `setBindings` scrub them first (children inherit both from the root);
 * - an Error logged as such: the `err` serializer scrubs the error's properties and causes;
 * - requests and responses (fastify's error lines): `req` keeps the method and route, never the
 *   query string; `res` keeps the status code; neither is walked by `scrubPhi`;
 * - and pino's own `redact`, for every PHI key at the top level: a net under the rest.
 * Why not pino `redact` wildcards (`*.patientName`, `*[*].patientName`) for the depth? Measured
 * here with @pinojs/redact 0.4 and our ~120 keys: one wildcard level costs ~120 µs per line, two
 * levels ~480 µs, against ~3 µs for a whole plain pino line; `scrubPhi` costs a few µs and reaches
 * any depth. Top-level paths cost nothing measurable, so they stay as the net.
 * Messages are strings and cannot be scrubbed: never build one from patient fields.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: {
      err: (value: unknown) => scrubPhi(value instanceof Error ? stdSerializers.err(value) : value),
      req: serializeRequest,
      res: serializeResponse,
    },
    redact: { paths: PHI_KEYS.map(topLevelPath), censor: REDACTED },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args;
        const scrubbed = [scrubMergeObject(first), ...rest.map((arg: unknown) => scrubPhi(arg))];
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };

  const logger =
    options.pretty === true
      ? pino(config, loadPretty()({ destination: prettyDestination(options.destination), sync: true }))
      : options.destination === undefined
        ? pino(config)
        : pino(config, options.destination);
  return scrubBindings(logger);
}

/**
 * pino-pretty (and the half-dozen packages it pulls in) only for a terminal: a service writing JSON
 * never loads it. Loaded synchronously because creating a logger is.
 */
function loadPretty(): typeof PinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
}

/** pino-pretty pipes into its destination, so a bare `{ write }` object is wrapped in a stream. */
function prettyDestination(destination: DestinationStream | undefined): number | Writable {
  if (destination === undefined) return 1;
  if (destination instanceof Writable) return destination;
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      destination.write(chunk.toString());
      callback();
    },
  });
}

/**
 * The first argument of a log call. A leading Error keeps its identity: pino makes it `err` (and
 * the message) and the err serializer scrubs it. `req` and `res` are left to their serializers,
 * which copy only safe fields: walking a request would copy it into a plain object and lose the
 * getters they read (`routeOptions`, `statusCode`).
 */
function scrubMergeObject(value: unknown): unknown {
  if (value instanceof Error) return value;
  if (value === null || typeof value !== 'object') return value;
  const { req, res, ...rest } = value as Record<string, unknown>;
  if (req === undefined && res === undefined) return scrubPhi(value);
  const scrubbed = scrubPhi(rest);
  return { ...scrubbed, ...(req === undefined ? {} : { req }), ...(res === undefined ? {} : { res }) };
}

/** `patientName`, or `["00100010"]` where pino's path syntax needs brackets. */
function topLevelPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
}

/**
 * Wraps `child` and `setBindings` on the root instance. pino creates each child with
 * `Object.create(parent)`, so every descendant (fastify's per-request loggers too) inherits them.
 */
function scrubBindings(logger: Logger): Logger {
  // Taken unbound on purpose: each wrapper calls them with the logger it is invoked on.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const { child, setBindings } = logger;
  Object.defineProperties(logger, {
    child: {
      value: function scrubbingChild(this: Logger, bindings: object, childOptions?: object) {
        return child.call(this, scrubPhi(bindings), childOptions);
      },
      writable: true,
      configurable: true,
    },
    setBindings: {
      value: function scrubbingSetBindings(this: Logger, bindings: object) {
        setBindings.call(this, scrubPhi(bindings));
      },
      writable: true,
      configurable: true,
    },
  });
  return logger;
}

interface RequestLike {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  routeOptions?: { url?: unknown };
}

/** The route pattern (`/items/:id`) rather than the path, and never the query string. */
function serializeRequest(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const req = value as RequestLike;
  const route = req.routeOptions?.url;
  const path = typeof req.url === 'string' ? req.url.split('?')[0] : undefined;
  return { id: req.id, method: req.method, url: typeof route === 'string' ? route : path };
}

/** The status code only. */
function serializeResponse(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return { statusCode: (value as { statusCode?: unknown }).statusCode };
}
