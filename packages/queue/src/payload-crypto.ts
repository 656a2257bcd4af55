import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodeEncryptionKey } from '@mwl/config';
import { InvalidEncryptionKeyError, InvalidPayloadError } from './errors.ts';

/**
 * Job payloads are patient data. With a key configured, what Redis stores is only
 * `{ v: 1, iv, tag, data }`: AES-256-GCM ciphertext (base64) of the payload's JSON, authenticated
 * together with the queue's name, so a payload moved to another queue fails to decrypt.
 */

export interface EncryptedEnvelope {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

/** Encodes payloads for storage and decodes what a worker receives. */
export interface PayloadCodec {
  readonly encrypted: boolean;
  encode(queueName: string, payload: unknown): unknown;
  /** Throws InvalidPayloadError when the stored data cannot be read back. */
  decode(queueName: string, stored: unknown): unknown;
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

function isEnvelope(value: unknown): value is EncryptedEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.v === 1 && typeof v.iv === 'string' && typeof v.tag === 'string' && typeof v.data === 'string';
}

function encryptingCodec(key: Buffer): PayloadCodec {
  return {
    encrypted: true,
    encode(queueName, payload) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(queueName, 'utf8'));
      const data = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
      const envelope: EncryptedEnvelope = {
        v: 1,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
      return envelope;
    },
    decode(queueName, stored) {
      if (!isEnvelope(stored)) {
        throw new InvalidPayloadError(`${queueName}: payload is not encrypted, but a key is configured`);
      }
      const iv = Buffer.from(stored.iv, 'base64');
      const tag = Buffer.from(stored.tag, 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new InvalidPayloadError(`${queueName}: encrypted payload has a malformed iv or tag`);
      }
      let json: string;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(queueName, 'utf8'));
        decipher.setAuthTag(tag);
        json = Buffer.concat([
          decipher.update(Buffer.from(stored.data, 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } catch (cause) {
        throw new InvalidPayloadError(`${queueName}: payload fails authentication (wrong key or tampered)`, {
          cause,
        });
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
    encode: (_queueName, payload) => payload,
    decode(queueName, stored) {
      if (isEnvelope(stored)) {
        throw new InvalidPayloadError(`${queueName}: payload is encrypted, but no key is configured`);
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
