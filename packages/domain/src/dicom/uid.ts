import { randomUUID } from 'node:crypto';
import { sha256Bytes } from '../sha256.ts';

/**
 * DICOM UIDs (PS3.5 9.1): dot-separated numeric components, no leading zero in a component other
 * than `0` itself, at most 64 characters. Generated UIDs use the `2.25.<UUID as integer>` form
 * (PS3.5 B.2), which needs no registered root.
 */

const UID_PATTERN = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;
export const UID_MAX_LENGTH = 64;

export function isValidUid(value: string): boolean {
  return value.length <= UID_MAX_LENGTH && UID_PATTERN.test(value);
}

/** `2.25.` followed by the 128-bit UUID as an unsigned decimal integer (at most 44 characters). */
export function uidFromUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError('not a UUID');
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

export function randomUid(): string {
  return uidFromUuid(randomUUID());
}

/**
 * A UID that depends only on its inputs: sha256 of the namespace and parts, shaped as an RFC 9562
 * version 8 UUID. An item deleted and re-created from the same `(source, sourceKey)` gets the
 * same Study Instance UID, so images already acquired still match their study.
 */
export function deterministicUid(namespace: string, ...parts: string[]): string {
  const digest = sha256Bytes([namespace, ...parts].join('\u0000'));
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  return uidFromUuid(bytes.toString('hex'));
}

export function studyInstanceUidFor(source: string, sourceKey: string): string {
  return deterministicUid('mwl-bridge/study-instance-uid', source, sourceKey);
}
