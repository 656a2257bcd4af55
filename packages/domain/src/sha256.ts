import crypto from 'node:crypto';

/**
 * SHA-256 of a UTF-8 string. `crypto.hash` (Node ≥ 20.12) is several times faster than a Hash
 * object for short inputs; the fallback keeps older runtimes working.
 */
type OneShot = (algorithm: string, data: string, encoding: 'hex' | 'buffer') => string | Buffer;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

export function sha256Hex(text: string): string {
  return oneShot
    ? (oneShot('sha256', text, 'hex') as string)
    : crypto.createHash('sha256').update(text).digest('hex');
}

export function sha256Bytes(text: string): Buffer {
  return oneShot
    ? (oneShot('sha256', text, 'buffer') as Buffer)
    : crypto.createHash('sha256').update(text).digest();
}
