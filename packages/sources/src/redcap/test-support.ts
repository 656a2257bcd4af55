import {
  loadFakeRedcapFixture,
  REDCAP_FIXTURE_MONTH,
  startFakeRedcap,
  type FakeRedcap,
  type FakeRedcapFixture,
  type FakeRedcapFixtureName,
} from '@mwl/testing/fake-redcap';
import { afterEach } from 'vitest';
import { createUndiciHttpClient, type HttpClient } from '../http.ts';
import type { Logger, SourceInstance } from '../plugin.ts';
import { redcapPlugin } from './plugin.ts';

/** Test support for the REDCap integration tests (not exported by the package). */

export interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface TestSource {
  instance: SourceInstance;
  http: HttpClient;
  logger: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

/** A REDCap source against `url` with fast retries; `input` is `{config, field_mapping}`. */
export async function createTestSource(
  input: { config: Record<string, unknown>; field_mapping: unknown },
  server: { url: string; token: string },
  options: { timezone?: string; sourceName?: string } = {},
): Promise<TestSource> {
  const parsed = redcapPlugin.configSchema.parse({
    config: {
      server_timezone: 'America/Edmonton',
      allow_insecure_http: true, // the fake REDCap listens on http://127.0.0.1
      request: { timeout_ms: 2_000, retries: 2, backoff_ms: 5, max_backoff_ms: 20 },
      ...input.config,
    },
    field_mapping: input.field_mapping,
  });
  const http = createUndiciHttpClient({ connectTimeoutMs: 1_000 });
  const logger = recordingLogger();
  const instance = await redcapPlugin.create(parsed, {
    sourceName: options.sourceName ?? 'redcap',
    timezone: options.timezone ?? 'America/Edmonton',
    http,
    clock: () => new Date(),
    logger,
    env: { REDCAP_API_URL: server.url, REDCAP_API_TOKEN: server.token },
  });
  return { instance, http, logger, close: () => http.close() };
}

/** A full fetch over the fixture projects' month (March 2026 in America/Edmonton). */
export const MARCH = { kind: 'full' as const, ...REDCAP_FIXTURE_MONTH };

/** What every entry of the fixture projects shares. */
export const FIXTURE_ENTRY_BASE = {
  source: 'redcap',
  timezone: 'America/Edmonton',
  status: 'SCHEDULED',
  extra: {},
};

/**
 * `start(fixture, input)`: a fake REDCap serving a fixture project (by name, or a project such as
 * `syntheticRedcapProject(…)`) and a source on it; both closed after each test of the file (call at
 * the top level of the file or a `describe`).
 */
export function useFixtureSource(): (
  fixture: FakeRedcapFixtureName | FakeRedcapFixture,
  input: Parameters<typeof createTestSource>[0],
) => Promise<{ fake: FakeRedcap; source: TestSource }> {
  let fake: FakeRedcap | undefined;
  let source: TestSource | undefined;
  afterEach(async () => {
    await source?.close();
    await fake?.close();
    source = fake = undefined;
  });
  return async (fixture, input) => {
    const project = typeof fixture === 'string' ? loadFakeRedcapFixture(fixture) : fixture;
    fake = await startFakeRedcap({ fixture: project, timezone: 'America/Edmonton' });
    source = await createTestSource(input, fake);
    return { fake, source };
  };
}

export { collect, type Collected } from '../test-collect.ts';
