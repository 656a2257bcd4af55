import { InvalidSourcePluginError, UnknownSourceTypeError } from './errors.ts';
import type { SourceConfigInput, SourcePlugin } from './plugin.ts';

/**
 * Which plugin serves a config `type`: a statically registered one (`redcap`, `calpendo`), else an
 * installed npm package of that name exporting a plugin (default export, or a `plugin` /
 * `sourcePlugin` named export), so a site can add a source without forking.
 */
export interface SourceRegistry {
  /** The plugin for `type`; throws `UnknownSourceTypeError` listing the known types. */
  resolve(type: string): Promise<SourcePlugin>;
  /** Statically registered types (packages are found on demand). */
  knownTypes(): string[];
  /** Validates `{ config, field_mapping }` with the plugin's schema; problems carry paths. */
  validate(plugin: SourcePlugin, input: SourceConfigInput): SourceConfigValidation;
}

export type SourceConfigValidation =
  { ok: true; config: unknown } | { ok: false; problems: { path: string; message: string }[] };

export interface CreateSourceRegistryOptions {
  plugins: readonly SourcePlugin[];
  /** Loads a package by name; default `import(name)`. Tests inject a map. */
  importModule?: (specifier: string) => Promise<unknown>;
}

const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const NOT_FOUND_CODES = new Set([
  'ERR_MODULE_NOT_FOUND',
  'MODULE_NOT_FOUND',
  'ERR_PACKAGE_PATH_NOT_EXPORTED',
]);

export function createSourceRegistry(options: CreateSourceRegistryOptions): SourceRegistry {
  const statics = new Map<string, SourcePlugin>();
  for (const plugin of options.plugins) {
    if (statics.has(plugin.type)) throw new Error(`source plugin type "${plugin.type}" registered twice`);
    statics.set(plugin.type, plugin);
  }
  const importModule = options.importModule ?? ((specifier: string) => import(specifier) as Promise<unknown>);
  const loaded = new Map<string, Promise<SourcePlugin>>();
  const knownTypes = () => [...statics.keys()].sort();

  const load = async (type: string): Promise<SourcePlugin> => {
    let module: unknown;
    try {
      module = await importModule(type);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && NOT_FOUND_CODES.has(code)) {
        throw new UnknownSourceTypeError(type, knownTypes(), { cause: error });
      }
      throw new InvalidSourcePluginError(type, 'it failed to load', { cause: error });
    }
    return pluginFromModule(type, module);
  };

  return {
    resolve(type) {
      const plugin = statics.get(type);
      if (plugin) return Promise.resolve(plugin);
      if (!PACKAGE_NAME.test(type)) return Promise.reject(new UnknownSourceTypeError(type, knownTypes()));
      let pending = loaded.get(type);
      if (!pending) {
        pending = load(type);
        loaded.set(type, pending);
        pending.catch(() => loaded.delete(type));
      }
      return pending;
    },
    knownTypes,
    validate(plugin, input) {
      const result = plugin.configSchema.safeParse({
        config: input.config ?? {},
        field_mapping: input.field_mapping ?? {},
      });
      if (result.success) return { ok: true, config: result.data };
      return {
        ok: false,
        problems: result.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.') || '(source)',
          message: issue.message,
        })),
      };
    },
  };
}

/** Finds and checks the plugin object a package exports. */
export function pluginFromModule(type: string, module: unknown): SourcePlugin {
  const exports = (module ?? {}) as Record<string, unknown>;
  const candidates = [exports.default, exports.plugin, exports.sourcePlugin];
  // `export default plugin` seen through CommonJS interop arrives as `default.default`.
  const nested = (exports.default as Record<string, unknown> | undefined)?.default;
  for (const candidate of [...candidates, nested]) {
    if (isSourcePlugin(candidate)) return candidate;
  }
  throw new InvalidSourcePluginError(
    type,
    'it exports no object with "type" (string), "configSchema" (a zod schema) and "create" (function)',
  );
}

export function isSourcePlugin(value: unknown): value is SourcePlugin {
  if (!value || typeof value !== 'object') return false;
  const plugin = value as Record<string, unknown>;
  const schema = plugin.configSchema as Record<string, unknown> | undefined;
  return (
    typeof plugin.type === 'string' &&
    plugin.type !== '' &&
    typeof plugin.create === 'function' &&
    !!schema &&
    typeof schema.safeParse === 'function'
  );
}
