import { isMwlError } from './errors.ts';

/** An error as logs, job failure reasons, sync runs and API answers may show it. */
export interface ErrorDescription {
  /** `MWL_ERR_…` for ours; the caller's fallback code for anything else. */
  code: string;
  /** The error's class name (`TypeError`, `DatabaseTimeoutError`). */
  name: string;
  /** Our own message (it names settings and steps, never values), else a sentence naming the class. */
  message: string;
  /** A driver's or the system's own code, when it has one: a SQLSTATE (`57014`), `ECONNREFUSED`. */
  cause?: string;
}

const MAX_MESSAGE = 500;
const SAFE_CODE = /^[\w.-]{1,64}$/;

/**
 * The one way an error is described outside the process that caught it. Only our own errors
 * (`MwlError`) keep their message: by convention it quotes no value. A third-party message may
 * quote one (a JSON parser quotes the text it choked on, a driver the row it refused), so of any
 * other error only its class and its own code are kept.
 */
export function describeError(error: unknown, fallbackCode = 'MWL_ERR_UNEXPECTED'): ErrorDescription {
  const cause = foreignCode(error);
  const withCause = cause === undefined ? {} : { cause };
  if (isMwlError(error)) {
    return { code: error.code, name: error.name, message: truncate(error.message), ...withCause };
  }
  const name = error instanceof Error && SAFE_CODE.test(error.name) ? error.name : typeof error;
  return {
    code: fallbackCode,
    name,
    // A system or driver code (EADDRINUSE, ENOENT, 57014) says what happened without quoting data.
    message: `an unexpected ${name}${cause === undefined ? '' : ` (${cause})`}, its details not recorded: they may hold data`,
    ...withCause,
  };
}

/** `CODE: message`, for the few places that store one line (a job's failed reason). */
export function describeErrorLine(error: unknown, fallbackCode?: string): string {
  const { code, message } = describeError(error, fallbackCode);
  return `${code}: ${message}`;
}

/** Prisma's driver-adapter errors carry the Postgres code deep inside; others carry `code`. */
function foreignCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const withCode = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
  };
  const adapter = withCode.meta?.driverAdapterError?.cause;
  const candidates = [adapter?.originalCode, adapter?.kind, isMwlError(error) ? undefined : withCode.code];
  return candidates.find((c): c is string => typeof c === 'string' && SAFE_CODE.test(c));
}

function truncate(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}
