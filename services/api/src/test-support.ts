// Test support of the api (imported only by test files).
import type { PrismaClient } from '@mwl/db';
import { createLogger, createMetrics, type Logger } from '@mwl/observability';
import type { PublishedSnapshot, SnapshotInput } from '@mwl/queue';
import type { ApiDeps } from './app.ts';

/** Fast scrypt for tests only (production uses DEFAULT_SCRYPT). */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export function captureLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'api-test',
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, text: () => lines.join('') };
}

/** Deps of an api that must not reach its database or queue (unit tests of what comes before). */
export function offlineDeps(overrides: Partial<ApiDeps> = {}): ApiDeps {
  const unreachable = () => {
    throw new Error('the unit test reached the database');
  };
  return {
    prisma: new Proxy({}, { get: unreachable }) as unknown as PrismaClient,
    logger: captureLogger().logger,
    metrics: createMetrics(),
    publishSnapshot: (_snapshot: SnapshotInput): Promise<PublishedSnapshot> => {
      throw new Error('the unit test published a snapshot');
    },
    sources: [{ name: 'redcap_main', type: 'redcap', enabled: true, syncIntervalSeconds: 600 }],
    options: { port: 0, scrypt: TEST_SCRYPT },
    ...overrides,
  };
}
