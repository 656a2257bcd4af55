/** AES-256: the queue's payload key is 32 bytes. */
export const ENCRYPTION_KEY_BYTES = 32;

/**
 * A 32-byte key written as 64 hex digits or as base64 (standard or URL-safe), or undefined when the
 * text is neither. The error is the caller's to word (an env problem, a thrown error).
 */
export function decodeEncryptionKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value) || /^[A-Za-z0-9_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
    if (key.length === ENCRYPTION_KEY_BYTES) return key;
  }
  return undefined;
}
