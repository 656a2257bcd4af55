import { randomBytes } from 'node:crypto';

/**
 * A snapshot id per fetch: `<source>-<kind>-<yyyyMMddTHHmmssSSS>-<6 hex>` (UTC), readable in
 * logs and sync runs, sortable by time per source, unique across replicas by its random tail.
 * It fits the queue's rule (`[A-Za-z0-9._-]`, starting with a letter or digit, at most 128).
 */
export function snapshotIdFor(
  source: string,
  kind: string,
  at: Date,
  random: () => string = () => randomBytes(3).toString('hex'),
): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d{3})Z$/, '$1');
  const name = /^[A-Za-z0-9]/.test(source) ? source : `s${source}`;
  return `${name}-${kind}-${stamp}-${random()}`;
}
