import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A bearer token: `mwlb_` and 32 random bytes (256 bits) in base64url. */
export function generateToken(): string {
  return `mwlb_${randomBytes(32).toString('base64url')}`;
}

/** A session id or CSRF token: 32 random bytes in base64url. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** sha256 hex: how tokens and session ids are stored (high-entropy inputs need no slow hash). */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two strings in time that depends only on their hashes, never on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
