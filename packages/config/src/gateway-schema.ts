import { stringVrProblem } from '@mwl/domain';
import { z } from 'zod';

/** An AE title as DICOM allows it (VR AE: ≤ 16 printable ASCII characters, no backslash). */
export const aeTitleSchema = z
  .string()
  .trim()
  .min(1, { error: 'AE title must not be empty' })
  .check((ctx) => {
    const problem = stringVrProblem('AE', ctx.value);
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });

const port = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be an integer` })
    .min(0, { error: `${what} must be 0–65535` })
    .max(65535, { error: `${what} must be 0–65535` });

/**
 * A calling AE title the gateway accepts. Pylantir's form is a bare string; the object form can
 * also bind the title to source addresses (IPs or hostnames; empty = any address).
 */
export const allowedAeObjectSchema = z.strictObject(
  { ae_title: aeTitleSchema, addresses: z.array(z.string().min(1)).default([]) },
  { error: 'expected an AE title or { "ae_title": …, "addresses": […] }' },
);

export const allowedAeSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { ae_title: value } : value),
  allowedAeObjectSchema,
);

export const DEFAULT_GATEWAY_PORT = 4242;
export const DEFAULT_API_PORT = 8080;

export const CHARSETS = ['ISO_IR 192', 'ISO_IR 100'] as const;

export const tlsSchema = z.strictObject({
  /** PEM certificate chain and private key of the gateway. */
  cert_file: z.string().min(1),
  key_file: z.string().min(1),
  /** PEM CA bundle: when given, TLS is mutual (calling modalities must present a certificate). */
  ca_file: z.string().min(1).optional(),
});

export const gatewaySchema = z.strictObject({
  /** Our AE title (the called AE title modalities must use). */
  ae_title: aeTitleSchema.default('MWL_BRIDGE'),
  /** Pylantir's default port. */
  port: port('port').default(DEFAULT_GATEWAY_PORT),
  host: z.string().min(1).default('0.0.0.0'),
  /** Calling AE titles accepted; empty = any (Pylantir's `allowed_aet`). */
  allowed_aet: z.array(allowedAeSchema).default([]),
  /** Further called AE titles answered besides `ae_title`; empty = only `ae_title`. */
  called_ae_titles: z.array(aeTitleSchema).default([]),
  max_associations: z.number().int().positive().default(10),
  /** C-FIND result cap; above it the query is refused with 0xA700, never silently truncated. */
  max_results: z.number().int().positive().default(1000),
  max_pdu_length: z.number().int().min(4096).max(1_048_576).optional(),
  idle_timeout_seconds: z.number().int().positive().optional(),
  /** Character set answered per calling AE title; default for everyone is ISO_IR 192 (UTF-8). */
  charset_per_ae: z
    .record(
      aeTitleSchema,
      z.enum(CHARSETS, { error: `must be one of ${CHARSETS.map((c) => `"${c}"`).join(', ')}` }),
    )
    .default({}),
  /** Patient's Name matching ignores case. */
  pn_case_insensitive: z.boolean().default(true),
  tls: tlsSchema.optional(),
});

export const apiSchema = z.strictObject({
  port: port('port').default(DEFAULT_API_PORT),
  /** Loopback by default: the api holds patient data; containers set `0.0.0.0`. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Mark the session cookie `Secure` (set when users reach the api over HTTPS). */
  secure_cookies: z.boolean().default(false),
  /** Trust `X-Forwarded-For` from a reverse proxy for client addresses (rate limits, hook allow-lists). */
  trust_proxy: z.boolean().default(false),
  /** Hours a signed-in session lasts. */
  session_hours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
});

export const writerSchema = z.strictObject({
  /**
   * Safety brake: a complete snapshot that would cancel more than this fraction of a source's
   * active items in its window is held back (and reported) instead of applied.
   */
  cancel_threshold: z
    .number({ error: 'must be a number from 0 to 1' })
    .min(0, { error: 'must be a number from 0 to 1' })
    .max(1, { error: 'must be a number from 0 to 1' })
    .default(0.5),
});

export type GatewayConfig = z.output<typeof gatewaySchema>;
export type AllowedAe = z.output<typeof allowedAeSchema>;
export type TlsConfig = z.output<typeof tlsSchema>;
export type ApiConfig = z.output<typeof apiSchema>;
export type WriterConfig = z.output<typeof writerSchema>;
export type Charset = (typeof CHARSETS)[number];
