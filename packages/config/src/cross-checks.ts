import { DEFAULT_API_PORT, DEFAULT_GATEWAY_PORT } from './gateway-schema.ts';
import { isPlainObject } from './is-plain-object.ts';
import type { ConfigProblem, ConfigWarning } from './problems.ts';

/** The api's built-in source of manual items. */
export const RESERVED_SOURCE_NAME = 'manual';

const CREDENTIAL_KEY = /pass(word|wd)?$|token|secret|api_?key|credential/i;

/**
 * Rules spanning several fields, run on the unvalidated object so they are reported together with
 * the schema's problems (zod skips an object's refinements once a field inside it failed).
 */
export function crossCheck(config: Record<string, unknown>): {
  problems: ConfigProblem[];
  warnings: ConfigWarning[];
} {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigWarning[] = [];
  const sources = Array.isArray(config.data_sources) ? config.data_sources : [];

  const firstIndexByName = new Map<string, number>();
  sources.forEach((source: unknown, index) => {
    if (!isPlainObject(source) || typeof source.name !== 'string') return;
    const first = firstIndexByName.get(source.name);
    if (first === undefined) firstIndexByName.set(source.name, index);
    else
      problems.push({
        path: `data_sources[${index}].name`,
        message: `duplicate source name "${source.name}" (also data_sources[${first}].name); names must be unique`,
      });
  });

  sources.forEach((source: unknown, index) => {
    if (isPlainObject(source) && source.name === RESERVED_SOURCE_NAME) {
      problems.push({
        path: `data_sources[${index}].name`,
        message: `"${RESERVED_SOURCE_NAME}" is reserved for items created through the api; choose another name`,
      });
    }
  });

  sources.forEach((source: unknown, index) => {
    if (!isPlainObject(source) || !isPlainObject(source.config)) return;
    for (const [key, value] of Object.entries(source.config)) {
      // `api_token_env` and the like name a variable: that is where credentials belong.
      if (CREDENTIAL_KEY.test(key) && !key.endsWith('_env') && typeof value === 'string' && value !== '') {
        warnings.push({
          path: `data_sources[${index}].config.${key}`,
          message:
            'looks like a credential: put credentials in the environment (or a *_FILE secret), not in the config file',
        });
      }
    }
  });

  const gateway = isPlainObject(config.gateway) ? config.gateway : {};
  const api = isPlainObject(config.api) ? config.api : {};
  const gatewayPort = typeof gateway.port === 'number' ? gateway.port : DEFAULT_GATEWAY_PORT;
  const apiPort = typeof api.port === 'number' ? api.port : DEFAULT_API_PORT;
  if (gatewayPort === apiPort && gatewayPort !== 0) {
    problems.push({
      path: 'api.port',
      message: `same as gateway.port (${gatewayPort}); they need different ports`,
    });
  }

  if (sources.length === 0) {
    warnings.push({
      path: 'data_sources',
      message: 'no data sources: the worklist only holds what is already stored',
    });
  } else if (sources.every((s: unknown) => isPlainObject(s) && s.enabled === false)) {
    warnings.push({ path: 'data_sources', message: 'every data source is disabled' });
  }
  return { problems, warnings };
}
