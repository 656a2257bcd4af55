import { createUndiciHttpClient, type HttpClient } from '../http.ts';
import type { Logger } from '../plugin.ts';
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

export { collect, type Collected } from '../test-collect.ts';
