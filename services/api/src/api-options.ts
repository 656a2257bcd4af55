import type { ScryptParams } from './auth/password.ts';

/** The api's settings; `buildApiApp` fills what is not given with these defaults. */
export interface ApiOptions {
  /** `api.host` of the config file. */
  host: string;
  /** `api.port` of the config file; 0 picks a free port. */
  port: number;
  /** IANA timezone of manual items that name none (the config file's `timezone`). */
  timezone: string;
  cookieName: string;
  /** Adds `Secure` to the session cookie: set it when the api is reached over TLS. */
  secureCookies: boolean;
  sessionTtlSeconds: number;
  /** Failed sign-ins and token checks per client address and window before it is refused (429). */
  authMaxFailures: number;
  authFailureWindowMs: number;
  /** Client addresses remembered by the limiter (oldest forgotten first). */
  authLimiterMaxKeys: number;
  /** How long a manual write waits for the writer before answering 202 instead of 201/200. */
  manualWaitMs: number;
  /** Coalescing window of Data Entry Triggers per source. */
  detCoalesceMs: number;
  /** Most rows a CSV/JSON export returns. */
  exportMaxRows: number;
  /** Password hashing parameters (tests lower them). */
  scrypt?: ScryptParams;
  /** Patient's Name matching ignores case (the gateway's `pn_case_insensitive`). */
  pnCaseInsensitive: boolean;
  /** Most matches a DICOMweb search collects before answering 413 (the gateway's `max_results`). */
  dicomwebMaxResults: number;
  /** Answer a search without match `200 []` (CP-2473) instead of 204. */
  dicomwebEmptyArray: boolean;
  /** Trust `X-Forwarded-For` from a reverse proxy (fastify's `trustProxy`); default off. */
  trustProxy: boolean | string;
}

export const DEFAULT_API_OPTIONS: ApiOptions = {
  host: '127.0.0.1',
  port: 8080,
  timezone: 'UTC',
  cookieName: 'mwl_session',
  secureCookies: false,
  sessionTtlSeconds: 8 * 3600,
  authMaxFailures: 10,
  authFailureWindowMs: 15 * 60_000,
  authLimiterMaxKeys: 10_000,
  manualWaitMs: 10_000,
  detCoalesceMs: 250,
  exportMaxRows: 10_000,
  trustProxy: false,
  pnCaseInsensitive: true,
  dicomwebMaxResults: 1000,
  dicomwebEmptyArray: false,
};
