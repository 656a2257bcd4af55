import type { WorklistEntry } from '@mwl/domain';
import { createUndiciHttpClient, type HttpClient } from '../http.ts';
import type { FetchEnd, FetchEvent, Logger } from '../plugin.ts';
import type { EntryWarning, Rejection } from '../rejection.ts';
import { calpendoPlugin } from './plugin.ts';
import type { CalpendoSourceInstance } from './source.ts';

/** Test support for the Calpendo integration tests and the bench (not exported by the package). */

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

export interface CalpendoTestSource {
  instance: CalpendoSourceInstance;
  http: HttpClient;
  logger: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

/** A Calpendo source from a `data_sources[]`-like fixture (`{config, field_mapping, env}`). */
export async function createCalpendoTestSource(
  fixture: { config: Record<string, unknown>; field_mapping: unknown; env: Record<string, string> },
  options: { connections?: number; timezone?: string; sourceName?: string; clock?: () => Date } = {},
): Promise<CalpendoTestSource> {
  const parsed = calpendoPlugin.configSchema.parse({
    config: fixture.config,
    field_mapping: fixture.field_mapping,
  });
  const http = createUndiciHttpClient({ connectTimeoutMs: 1_000, connections: options.connections ?? 8 });
  const logger = recordingLogger();
  let instance: CalpendoSourceInstance;
  try {
    instance = (await calpendoPlugin.create(parsed, {
      sourceName: options.sourceName ?? 'calpendo_mri',
      timezone: options.timezone ?? 'America/Edmonton',
      http,
      clock: options.clock ?? (() => new Date()),
      logger,
      env: fixture.env,
    })) as CalpendoSourceInstance;
  } catch (error) {
    await http.close();
    throw error;
  }
  return { instance, http, logger, close: () => http.close() };
}

export interface Collected {
  entries: WorklistEntry[];
  rejections: Rejection[];
  warnings: EntryWarning[];
  end: FetchEnd;
  batches: number;
}

/** Drains a fetch; checks batches come before exactly one end. */
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
