import { randomBytes } from 'node:crypto';

/**
 * A BullMQ key prefix no other test (or test run) shares, so tests on one Redis never see each
 * other's jobs: `mwl-test-<label>-<time>-<random>`, letters, digits and dashes only (no `:`, which
 * BullMQ uses as its own separator).
 */
export function uniqueQueuePrefix(label = ''): string {
  const cleaned = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
  const unique = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  return cleaned === '' ? `mwl-test-${unique}` : `mwl-test-${cleaned}-${unique}`;
}
