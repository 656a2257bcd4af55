import {
  problemsFromZodIssues,
  sourceTimezone,
  type ConfigProblem,
  type ConfigWarning,
  type DataSourceConfig,
  type MwlBridgeConfig,
} from '@mwl/config';
import { FETCH_SETTING_KEYS, fetchSettingsSchema } from '@mwl/fetcher';
import {
  SourceConfigError,
  type HttpClient,
  type SourceInstance,
  type SourcePlugin,
  type SourceRegistry,
} from '@mwl/sources';
import { describeError } from '@mwl/domain';
import { pylantirFormNotes } from './pylantir-sources.ts';

export interface SourceCheckDeps {
  registry: SourceRegistry;
  /** Where credentials are looked up (`REDCAP_API_TOKEN`, ...); undefined: credentials not checked. */
  env?: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => string;
}

export interface SourceCheckResult {
  problems: ConfigProblem[];
  warnings: ConfigWarning[];
}

/** check-config talks to no source: a plugin that tries gets an error. */
const offlineHttp: HttpClient = {
  request: () => Promise.reject(new Error('check-config makes no requests')),
  close: () => Promise.resolve(),
};
const quietLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * What the config schema leaves to others, source by source: the fetch settings, the plugin of
 * `type`, the plugin's `config` and `field_mapping` (problems at `data_sources[i].config…` /
 * `data_sources[i].field_mapping…`), Pylantir-form notes as warnings, and, for enabled sources when
 * `env` is given, the credentials the plugin reads (problems named by variable).
 */
export async function checkSources(
  config: MwlBridgeConfig,
  deps: SourceCheckDeps,
): Promise<SourceCheckResult> {
  const result: SourceCheckResult = { problems: [], warnings: [] };
  for (const [index, source] of config.data_sources.entries()) {
    await checkDataSource(config, source, `data_sources[${index}]`, deps, result);
  }
  return result;
}

/** One source's checks (see `checkSources`), problems under `base`, added to `result`. */
export async function checkDataSource(
  config: Pick<MwlBridgeConfig, 'timezone'>,
  source: DataSourceConfig,
  base: string,
  deps: SourceCheckDeps,
  result: SourceCheckResult,
): Promise<void> {
  const entry = source as DataSourceConfig & Record<string, unknown>;
  const settings = fetchSettingsSchema.safeParse(
    Object.fromEntries(FETCH_SETTING_KEYS.filter((key) => key in entry).map((key) => [key, entry[key]])),
  );
  if (!settings.success) result.problems.push(...problemsFromZodIssues(settings.error.issues, base));

  let plugin: SourcePlugin;
  try {
    plugin = await deps.registry.resolve(source.type);
  } catch (error) {
    result.problems.push({ path: `${base}.type`, message: describeError(error).message });
    return;
  }
  for (const note of pylantirFormNotes(source)) {
    result.warnings.push({ path: note.path ? `${base}.${note.path}` : base, message: note.message });
  }

  const parsed = plugin.configSchema.safeParse({
    config: source.config,
    field_mapping: source.field_mapping,
  });
  if (!parsed.success) {
    result.problems.push(...problemsFromZodIssues(parsed.error.issues, base));
    return;
  }
  if (!source.enabled || deps.env === undefined) return;

  let instance: SourceInstance | undefined;
  try {
    instance = await plugin.create(parsed.data, {
      sourceName: source.name,
      timezone: sourceTimezone(config, source),
      http: offlineHttp,
      clock: () => new Date(),
      logger: quietLogger,
      env: deps.env,
      ...(deps.readFile && { readFile: deps.readFile }),
    });
    // A file source's check reads only the local file; other checks would call the source.
    if (source.type === 'file') await instance.checkStartup?.();
  } catch (error) {
    result.problems.push(...creationProblems(error, base, source));
  } finally {
    await instance?.close?.().catch(() => undefined);
  }
}

function creationProblems(error: unknown, base: string, source: DataSourceConfig): ConfigProblem[] {
  if (error instanceof SourceConfigError && error.problems.length > 0) {
    return error.problems.map((problem) =>
      /^(config|field_mapping)(\.|$)/.test(problem.path)
        ? { path: `${base}.${problem.path}`, message: problem.message }
        : { path: problem.path, message: `${problem.message} (needed by source "${source.name}")` },
    );
  }
  if (source.type === 'file') {
    const code = (error as { code?: unknown } | null)?.code;
    const reason = code === 'ENOENT' ? 'file not found' : typeof code === 'string' ? code : 'cannot be read';
    return [{ path: `${base}.config.path`, message: reason }];
  }
  return [{ path: base, message: describeError(error).message }];
}
