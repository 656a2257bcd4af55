import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodeEncryptionKey } from '@mwl/config';
import { InvalidEncryptionKeyError, InvalidPayloadError } from './errors.ts';

/**
 * Job payloads are patient data. With a key configured, what Redis stores is only
 * `{ v: 2, iv, tag, data }`: AES-256-GCM ciphertext (base64) of the payload's JSON, authenticated
 * together with the queue's name and the job's id, so a payload moved to another queue or to
 * another job (one who can write to Redis swapping two batches) fails to decrypt. Version 1
 * envelopes (queue name only) are refused: their jobs fail, and the next snapshot republishes.
 */

export interface EncryptedEnvelope {
  v: 2;
  iv: string;
  tag: string;
  data: string;
}

/** Where a payload belongs: it decrypts only there. */
export interface PayloadBinding {
  queue: string;
  jobId: string;
}

/** Encodes payloads for storage and decodes what a worker receives. */
export interface PayloadCodec {
  readonly encrypted: boolean;
  encode(binding: PayloadBinding, payload: unknown): unknown;
  /** Throws InvalidPayloadError when the stored data cannot be read back. */
  decode(binding: PayloadBinding, stored: unknown): unknown;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Reads a 32-byte key given as 64 hex digits or as base64 (44 characters with padding). */
export function parseEncryptionKey(text: string): Buffer {
  const key = decodeEncryptionKey(text);
  if (key !== undefined) return key;
  throw new InvalidEncryptionKeyError(
    `the queue encryption key must be ${KEY_BYTES} bytes, written as 64 hex digits or as base64`,
  );
}

/** Any version's envelope: `{ v, iv, tag, data }`. */
function looksEncrypted(value: unknown): value is { v: unknown; iv: string; tag: string; data: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.iv === 'string' && typeof v.tag === 'string' && typeof v.data === 'string' && 'v' in v;
}

/** Unambiguous (JSON) whatever characters the queue name or job id hold. */
function additionalData({ queue, jobId }: PayloadBinding): Buffer {
  return Buffer.from(JSON.stringify([queue, jobId]), 'utf8');
}

function encryptingCodec(key: Buffer): PayloadCodec {
  return {
    encrypted: true,
    encode(binding, payload) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData(binding));
      const data = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
      const envelope: EncryptedEnvelope = {
        v: 2,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
      return envelope;
    },
    decode(binding, stored) {
      const queueName = binding.queue;
      if (!looksEncrypted(stored)) {
        throw new InvalidPayloadError(`${queueName}: payload is not encrypted, but a key is configured`);
      }
      if (stored.v !== 2) {
        throw new InvalidPayloadError(
          `${queueName}: payload was encrypted by an older version (envelope v${String(stored.v)}): not bound to its job`,
        );
      }
      const iv = Buffer.from(stored.iv, 'base64');
      const tag = Buffer.from(stored.tag, 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new InvalidPayloadError(`${queueName}: encrypted payload has a malformed iv or tag`);
      }
      let json: string;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(additionalData(binding));
        decipher.setAuthTag(tag);
        json = Buffer.concat([
          decipher.update(Buffer.from(stored.data, 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } catch (cause) {
        throw new InvalidPayloadError(
          `${queueName}: payload fails authentication (wrong key, tampered, or moved from another job)`,
          {
            cause,
          },
        );
      }
      return parseJson(queueName, json);
    },
  };
}

function parseJson(queueName: string, json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch (cause) {
    throw new InvalidPayloadError(`${queueName}: payload is not JSON`, { cause });
  }
}

/** Stores payloads as they are, refusing encrypted ones it cannot read. */
function plainCodec(): PayloadCodec {
  return {
    encrypted: false,
    encode: (_binding, payload) => payload,
    decode(binding, stored) {
      if (looksEncrypted(stored)) {
        throw new InvalidPayloadError(`${binding.queue}: payload is encrypted, but no key is configured`);
      }
      return stored;
    },
  };
}

/** A codec that encrypts with `key` (32 bytes), or stores plain JSON when no key is given. */
export function createPayloadCodec(key?: Buffer | null): PayloadCodec {
  if (!key) return plainCodec();
  if (key.length !== KEY_BYTES) {
    throw new InvalidEncryptionKeyError(`the queue encryption key must be ${KEY_BYTES} bytes`);
  }
  return encryptingCodec(Buffer.from(key));
}
