import { describe, expect, it } from 'vitest';
import { InvalidEncryptionKeyError, InvalidPayloadError } from './errors.ts';
import { createPayloadCodec, parseEncryptionKey } from './payload-crypto.ts';

const KEY = Buffer.alloc(32, 3);
const payload = { entries: [{ patientName: 'Doe^Jane', patientId: 'SUB-1' }] };

describe('parseEncryptionKey', () => {
  it.each([
    ['64 hex digits', KEY.toString('hex')],
    ['base64 with padding', KEY.toString('base64')],
    ['base64 without padding', KEY.toString('base64').replace(/=$/, '')],
    ['base64url', Buffer.alloc(32, 0xfb).toString('base64url')],
    ['a value with a trailing newline (from a file)', `${KEY.toString('hex')}\n`],
  ])('reads %s', (_label, text) => {
    expect(parseEncryptionKey(text)).toHaveLength(32);
  });

  it.each([
    ['too short hex', 'ab'.repeat(16)],
    ['16 bytes of base64', Buffer.alloc(16).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['empty', ''],
  ])('refuses %s without echoing it', (_label, text) => {
    expect(() => parseEncryptionKey(text)).toThrow(InvalidEncryptionKeyError);
    try {
      parseEncryptionKey(text);
    } catch (error) {
      if (text !== '') expect((error as Error).message).not.toContain(text);
    }
  });
});

describe('payload codec', () => {
  it('round-trips a payload through encryption', () => {
    const codec = createPayloadCodec(KEY);
    expect(codec.decode('mwl-entries', codec.encode('mwl-entries', payload))).toEqual(payload);
  });

  it('stores only the envelope, without the plaintext', () => {
    const stored = JSON.stringify(createPayloadCodec(KEY).encode('mwl-entries', payload));
    expect(stored).not.toContain('Doe');
    expect(Object.keys(JSON.parse(stored) as object).sort()).toEqual(['data', 'iv', 'tag', 'v']);
  });

  it('uses a fresh iv for every payload', () => {
    const codec = createPayloadCodec(KEY);
    expect(codec.encode('q', payload)).not.toEqual(codec.encode('q', payload));
  });

  it.each([
    ['a payload moved to another queue', (s: Record<string, unknown>) => s, 'mwl-rejections'],
    [
      'a tampered ciphertext',
      (s: Record<string, unknown>) => ({ ...s, data: `A${String(s.data).slice(1)}` }),
      'mwl-entries',
    ],
    ['a plaintext payload', () => payload, 'mwl-entries'],
    ['a truncated tag', (s: Record<string, unknown>) => ({ ...s, tag: 'AAAA' }), 'mwl-entries'],
  ])('refuses %s as an invalid payload', (_label, mutate, queue) => {
    const codec = createPayloadCodec(KEY);
    const stored = codec.encode('mwl-entries', payload) as Record<string, unknown>;
    expect(() => codec.decode(queue, mutate(stored))).toThrow(InvalidPayloadError);
  });

  it('refuses an encrypted payload when no key is configured', () => {
    const stored = createPayloadCodec(KEY).encode('q', payload);
    expect(() => createPayloadCodec().decode('q', stored)).toThrow(InvalidPayloadError);
  });

  it('passes payloads through unchanged without a key', () => {
    const codec = createPayloadCodec(null);
    expect(codec.encrypted).toBe(false);
    expect(codec.decode('q', codec.encode('q', payload))).toEqual(payload);
  });
});
