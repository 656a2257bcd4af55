import { HIDDEN_BY_DEFAULT_STATUSES, SPS_STATUSES, stringVrProblem } from '@mwl/domain';
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
export const DEFAULT_GATEWAY_MAX_ASSOCIATIONS = 10;

export const CHARSETS = ['ISO_IR 192', 'ISO_IR 100'] as const;

export const tlsSchema = z.strictObject({
  /** PEM certificate chain and private key of the gateway. */
  cert_file: z.string().min(1),
  key_file: z.string().min(1),
  /** PEM CA bundle: when given, TLS is mutual (calling modalities must present a certificate). */
  ca_file: z.string().min(1).optional(),
  /**
   * Calling AE title → names its client certificate must carry (subject CN or a DNS/URI subject
   * alternative name). Titles not listed need only a certificate the CA signed. Needs `ca_file`.
   */
  ae_title_binding: z.record(aeTitleSchema, z.array(z.string().min(1)).min(1)).optional(),
});

export const gatewaySchema = z.strictObject({
  /** Our AE title (the called AE title modalities must use). */
  ae_title: aeTitleSchema.default('MWL_BRIDGE'),
  /** Pylantir's default port. */
  port: port('port').default(DEFAULT_GATEWAY_PORT),
  host: z.string().min(1).default('0.0.0.0'),
  /** Calling AE titles accepted; empty = any (Pylantir's `allowed_aet`). */
  allowed_aet: z.array(allowedAeSchema).default([]),
  /**
   * With an empty `allowed_aet`, every peer is accepted: true says that is meant, and silences the
   * warning check-config and every startup give about it.
   */
  allow_any: z.boolean().default(false),
  /** Further called AE titles answered besides `ae_title`; empty = only `ae_title`. */
  called_ae_titles: z.array(aeTitleSchema).default([]),
  /** Concurrent associations, per gateway process (see `processes`). */
  max_associations: z.number().int().positive().default(DEFAULT_GATEWAY_MAX_ASSOCIATIONS),
  /**
   * `mwl-bridge gateway` as this many processes on one host sharing the DICOM port (node:cluster).
   * Absent = 1: a container's CPU limit is not visible to Node 20's core count, so more processes
   * are the site's choice (a VM: its cores; Kubernetes: replicas). `start` always runs one.
   */
  processes: z.number().int().min(1).max(64).optional(),
  /** C-FIND result cap; above it the query is refused with 0xA700, never silently truncated. */
  max_results: z.number().int().positive().default(1000),
  max_pdu_length: z.number().int().min(4096).max(1_048_576).optional(),
  idle_timeout_seconds: z.number().int().positive().optional(),
  // Limits every peer is held to (issue 12); absent = the defaults in @mwl/dimse, stated in
  // docs/CONFORMANCE.md with what a peer gets when it crosses one.
  /** Time from TCP connect to a complete A-ASSOCIATE-RQ. */
  association_request_timeout_seconds: z.number().int().positive().max(3600).optional(),
  /** Time from the first byte of a PDU to its last. */
  pdu_timeout_seconds: z.number().int().positive().max(3600).optional(),
  /** Longest one C-FIND, C-ECHO or MPPS operation may run before its association is aborted. */
  operation_timeout_seconds: z.number().int().positive().max(86_400).optional(),
  /** Simultaneous connections from one source address. */
  max_associations_per_address: z.number().int().positive().optional(),
  /** TCP keepalive probes after this much silence; 0 turns keepalive off. */
  tcp_keepalive_seconds: z.number().int().min(0).max(7200).optional(),
  /** Largest C-FIND identifier accepted (answered 0xA700 above it). */
  max_identifier_bytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .optional(),
  /** Deepest sequence nesting and most sequence items in a received data set (0xA900 beyond). */
  max_sequence_depth: z.number().int().positive().max(64).optional(),
  max_sequence_items: z.number().int().positive().optional(),
  /** Bytes one association may send in all before it is aborted. */
  max_association_bytes: z
    .number()
    .int()
    .min(1024 * 1024)
    .optional(),
  /** Character set answered per calling AE title; default for everyone is ISO_IR 192 (UTF-8). */
  charset_per_ae: z
    .record(
      aeTitleSchema,
      z.enum(CHARSETS, { error: `must be one of ${CHARSETS.map((c) => `"${c}"`).join(', ')}` }),
    )
    .default({}),
  /**
   * SPS statuses a C-FIND that names no SPS Status does not see; a query naming statuses gets
   * exactly those. STARTED is not hidden by default (unlike dcm4chee-arc): a scanner that restarts
   * mid-exam must still find its step.
   */
  hide_statuses: z
    .array(z.enum(SPS_STATUSES, { error: `must be one of ${SPS_STATUSES.join(', ')}` }))
    .default([...HIDDEN_BY_DEFAULT_STATUSES]),
  /** Patient's Name matching ignores case. */
  pn_case_insensitive: z.boolean().default(true),
  tls: tlsSchema.optional(),
});

export const apiSchema = z.strictObject({
  /** `mwl-bridge start` runs the api too (REST, DICOMweb, Data Entry Trigger); false: it does not. */
  enabled: z.boolean().default(true),
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
  /** Fewest cancellations the threshold applies to: smaller cancellations always go through. */
  cancel_minimum: z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be 0 or more' })
    .default(5),
  /** Most items one snapshot may cancel, whatever their share: more is held back and reported. */
  cancel_max: z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be 0 or more' })
    .default(200),
});

export type GatewayConfig = z.output<typeof gatewaySchema>;
export type AllowedAe = z.output<typeof allowedAeSchema>;
export type TlsConfig = z.output<typeof tlsSchema>;
export type ApiConfig = z.output<typeof apiSchema>;
export type WriterConfig = z.output<typeof writerSchema>;
export type Charset = (typeof CHARSETS)[number];
