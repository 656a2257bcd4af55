import { sourceTimezone, type DataSourceConfig, type MwlBridgeConfig } from '@mwl/config';
import { isMwlError } from '@mwl/domain';
import type { Logger } from '@mwl/observability';
import {
  createUndiciHttpClient,
  type HttpClient,
  type SourceInstance,
  type SourceRegistry,
} from '@mwl/sources';
import { FetcherConfigError } from './errors.ts';
import { describeFetchFailure } from './fetch-failure.ts';
import { fetchSettingsOf } from './fetch-settings.ts';
import type { RuntimeSource } from './run-source-tick.ts';

export interface SourceStatus {
  name: string;
  /** `ready`: scheduled, checked. `check-failed`: scheduled, its startup check failed. `invalid`: not scheduled. */
  state: 'ready' | 'check-failed' | 'invalid';
  code?: string;
  message?: string;
}

export interface BuildSourcesInput {
  config: MwlBridgeConfig;
  /** Sources named on the command line or in `FETCHER_SOURCES`; absent: every enabled source. */
  names?: readonly string[];
  registry: SourceRegistry;
  http: HttpClient;
  env: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => string;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  clock: () => Date;
  logger: Logger;
  /**
   * An HTTP client of its own for a source that reads `config.concurrency` requests at once
   * (Calpendo), so its reads are not queued behind the shared client's sockets; closed with the
   * source. Default: an undici client with that many connections.
   */
  createHttp?: (options: { connections: number }) => HttpClient;
}

/** Which `data_sources[]` entries this fetcher runs; unknown names are an error listing the known. */
export function selectSources(
  config: MwlBridgeConfig,
  names: readonly string[] | undefined,
  logger: Logger,
): DataSourceConfig[] {
  if (names === undefined || names.length === 0) return config.data_sources.filter((s) => s.enabled);
  const byName = new Map(config.data_sources.map((source) => [source.name, source]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    const known = [...byName.keys()].map((n) => `"${n}"`).join(', ') || 'none';
    throw new FetcherConfigError(
      `unknown source ${unknown.map((n) => `"${n}"`).join(', ')}: the config file's sources are ${known}`,
      unknown.map((name) => ({ path: 'FETCHER_SOURCES', message: `no data source named "${name}"` })),
    );
  }
  return [...new Set(names)].flatMap((name) => {
    const source = byName.get(name)!;
    if (source.enabled) return [source];
    logger.warn({ source: name }, 'source is disabled in the config file: not fetching it');
    return [];
  });
}

/**
 * Builds each selected source's plugin instance. A source whose type, config or settings are
 * invalid is reported and left out; the others are built.
 */
export async function buildSources(
  input: BuildSourcesInput,
): Promise<{ sources: RuntimeSource[]; statuses: SourceStatus[] }> {
  const sources: RuntimeSource[] = [];
  const statuses: SourceStatus[] = [];
  for (const entry of selectSources(input.config, input.names, input.logger)) {
    const logger = input.logger.child({ source: entry.name });
    try {
      sources.push(await buildOne(entry, input, logger));
      statuses.push({ name: entry.name, state: 'ready' });
    } catch (error) {
      const { code, message } = describeBuildError(error);
      logger.error({ code, reason: message }, 'source cannot be used: not fetching it');
      statuses.push({ name: entry.name, state: 'invalid', code, message });
    }
  }
  return { sources, statuses };
}

async function buildOne(
  entry: DataSourceConfig,
  input: BuildSourcesInput,
  logger: Logger,
): Promise<RuntimeSource> {
  const settings = fetchSettingsOf(entry);
  const plugin = await input.registry.resolve(entry.type);
  const validated = input.registry.validate(plugin, {
    config: entry.config,
    field_mapping: entry.field_mapping,
  });
  if (!validated.ok) {
    throw new FetcherConfigError(
      `source "${entry.name}": ${validated.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      validated.problems,
    );
  }
  const timezone = sourceTimezone(input.config, entry);
  const connections = declaredConcurrency(validated.config);
  const ownHttp =
    connections === undefined
      ? undefined
      : (input.createHttp ?? ((options) => createUndiciHttpClient(options)))({ connections });
  const created = await createInstance(plugin, validated.config, {
    sourceName: entry.name,
    timezone,
    http: ownHttp ?? input.http,
    clock: input.clock,
    logger,
    env: input.env,
    ...(input.readFile ? { readFile: input.readFile } : {}),
    ...(input.sleep ? { sleep: input.sleep } : {}),
  }).catch(async (error: unknown) => {
    await ownHttp?.close();
    throw error;
  });
  const instance = ownHttp ? withOwnHttp(created, ownHttp) : created;
  const sourceWindow = windowOf(created, settings.everyMs / 1000);
  return {
    name: entry.name,
    instance,
    settings,
    ...(sourceWindow ? { sourceWindow } : {}),
    operationInterval: entry.operation_interval,
    timezone,
    memory: {},
  };
}

type Plugin = Awaited<ReturnType<SourceRegistry['resolve']>>;

async function createInstance(
  plugin: Plugin,
  config: unknown,
  deps: Parameters<Plugin['create']>[1],
): Promise<SourceInstance> {
  return plugin.create(config, deps);
}

/** `config.concurrency` of a validated plugin config (Calpendo's detail reads), when it has one. */
function declaredConcurrency(validated: unknown): number | undefined {
  const config = (validated as { config?: { concurrency?: unknown } } | null)?.config;
  const concurrency = config?.concurrency;
  return typeof concurrency === 'number' && Number.isInteger(concurrency) && concurrency > 0
    ? concurrency
    : undefined;
}

/**
 * A source without modification time (Calpendo) gives its own window (`defaultWindow`, lookback
 * + horizon): the fetcher then fetches that window whole on every tick.
 */
function windowOf(
  instance: SourceInstance,
  syncIntervalSeconds: number,
): ((now: Date) => { from: Date; to: Date }) | undefined {
  const { defaultWindow } = instance as SourceInstance & {
    defaultWindow?: (now: Date, options: { syncIntervalSeconds: number }) => { from: Date; to: Date };
  };
  if (typeof defaultWindow !== 'function') return undefined;
  return (now) => defaultWindow.call(instance, now, { syncIntervalSeconds });
}

/** The instance, closing `http` after itself. */
function withOwnHttp(instance: SourceInstance, http: HttpClient): SourceInstance {
  const wrapped = Object.create(instance) as SourceInstance;
  wrapped.close = async () => {
    try {
      await instance.close?.();
    } finally {
      await http.close();
    }
  };
  return wrapped;
}

function describeBuildError(error: unknown): { code: string; message: string } {
  if (isMwlError(error)) return { code: error.code, message: error.message.slice(0, 1000) };
  return describeFetchFailure(error, false);
}
