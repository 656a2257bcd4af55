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

const AT = { queue: 'mwl-entries', jobId: 'snap-1.entries.0' };

describe('payload codec', () => {
  it('round-trips a payload through encryption', () => {
    const codec = createPayloadCodec(KEY);
    expect(codec.decode(AT, codec.encode(AT, payload))).toEqual(payload);
  });

  it('stores only the envelope, without the plaintext', () => {
    const stored = JSON.stringify(createPayloadCodec(KEY).encode(AT, payload));
    expect(stored).not.toContain('Doe');
    expect(JSON.parse(stored)).toMatchObject({ v: 2 });
    expect(Object.keys(JSON.parse(stored) as object).sort()).toEqual(['data', 'iv', 'tag', 'v']);
  });

  it('uses a fresh iv for every payload', () => {
    const codec = createPayloadCodec(KEY);
    expect(codec.encode(AT, payload)).not.toEqual(codec.encode(AT, payload));
  });

  const same = (s: Record<string, unknown>) => s;
  it.each([
    ['a payload moved to another queue', same, { ...AT, queue: 'mwl-rejections' }],
    ['a payload moved to another job of the same queue', same, { ...AT, jobId: 'snap-1.entries.1' }],
    [
      'a payload moved to a job whose id only looks alike',
      same,
      { queue: 'mwl-entries"', jobId: 'snap-1.entries.0' },
    ],
    [
      'a tampered ciphertext',
      (s: Record<string, unknown>) => ({ ...s, data: `A${String(s.data).slice(1)}` }),
      AT,
    ],
    ['a plaintext payload', () => payload, AT],
    ['a truncated tag', (s: Record<string, unknown>) => ({ ...s, tag: 'AAAA' }), AT],
    ['an envelope of version 1 (not bound to its job)', (s: Record<string, unknown>) => ({ ...s, v: 1 }), AT],
  ])('refuses %s as an invalid payload', (_label, mutate, at) => {
    const codec = createPayloadCodec(KEY);
    const stored = codec.encode(AT, payload) as Record<string, unknown>;
    expect(() => codec.decode(at, mutate(stored))).toThrow(InvalidPayloadError);
  });

  it('refuses an encrypted payload when no key is configured', () => {
    const stored = createPayloadCodec(KEY).encode(AT, payload);
    expect(() => createPayloadCodec().decode(AT, stored)).toThrow(InvalidPayloadError);
  });

  it('passes payloads through unchanged without a key', () => {
    const codec = createPayloadCodec(null);
    expect(codec.encrypted).toBe(false);
    expect(codec.decode(AT, codec.encode(AT, payload))).toEqual(payload);
  });
});
