import type { DimseLimits } from './types.ts';

/**
 * Defaults of the limits every peer is held to. The gateway's config keys and docs/CONFORMANCE.md
 * are generated from these values, so the three cannot disagree.
 */
export const DIMSE_LIMIT_DEFAULTS: Readonly<DimseLimits> = {
  associationRequestTimeoutMs: 10_000,
  pduTimeoutMs: 10_000,
  operationTimeoutMs: 60_000,
  maxAssociationsPerAddress: 5,
  tcpKeepAliveMs: 60_000,
  maxCommandBytes: 16 * 1024,
  maxIdentifierBytes: 64 * 1024,
  maxSequenceDepth: 8,
  maxSequenceItems: 1_000,
  maxAssociationBytes: 256 * 1024 * 1024,
};

/** Default largest data set of a request other than C-FIND (MPPS); option `maxMessageBytes`. */
export const DIMSE_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/**
 * The smallest maximum PDU length a peer may propose. dcmjs-dimse splits a data set into chunks of
 * (peer's maximum − 6) bytes and loops forever at 6 or less; tiny PDUs also turn one response into
 * thousands of writes. No real implementation receives less than this; a proposal below it is
 * rejected (A-ASSOCIATE-RJ permanent, service user, no reason given). 0 (no limit) is accepted.
 */
export const MIN_PEER_MAX_PDU_LENGTH = 1024;

/** A request refused because another operation runs is answered at once, unless this much is unsent. */
export const MAX_UNSENT_BYTES_FOR_REFUSAL = 1024 * 1024;

export function resolveLimits(limits: Partial<DimseLimits> | undefined): DimseLimits {
  const resolved = { ...DIMSE_LIMIT_DEFAULTS };
  for (const [key, value] of Object.entries(limits ?? {}) as [keyof DimseLimits, number | undefined][]) {
    if (value !== undefined) resolved[key] = value;
  }
  return resolved;
}

/** Problems with a limits object (each must be a positive integer; keepalive may be 0). */
export function limitProblems(limits: DimseLimits): string[] {
  return (Object.entries(limits) as [keyof DimseLimits, number][])
    .filter(
      ([key, value]) =>
        !(Number.isInteger(value) && (value > 0 || (key === 'tcpKeepAliveMs' && value === 0))),
    )
    .map(([key]) => `${key} must be a positive integer`);
}
