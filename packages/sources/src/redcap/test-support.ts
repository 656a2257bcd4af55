import type { WorklistEntry } from '@mwl/domain';
import { createUndiciHttpClient, type HttpClient } from '../http.ts';
import type { FetchEnd, FetchEvent, Logger, SourceInstance } from '../plugin.ts';
import type { EntryWarning, Rejection } from '../rejection.ts';
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

export interface Collected {
  entries: WorklistEntry[];
  rejections: Rejection[];
  warnings: EntryWarning[];
  end: FetchEnd;
  batches: number;
}

export async function collect(events: AsyncIterable<FetchEvent>): Promise<Collected> {
  const collected: Omit<Collected, 'end'> & { end?: FetchEnd } = {
    entries: [],
    rejections: [],
    warnings: [],
    batches: 0,
  };
  for await (const event of events) {
    if (event.type === 'end') {
      if (collected.end) throw new Error('two end events');
      collected.end = event;
      continue;
    }
    if (collected.end) throw new Error('a batch after the end event');
    collected.batches++;
    collected.entries.push(...event.entries);
    collected.rejections.push(...event.rejections);
    collected.warnings.push(...event.warnings);
  }
  if (!collected.end) throw new Error('no end event');
  return collected as Collected;
}
