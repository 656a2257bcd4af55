import { SourceConfigError } from '../errors.ts';
import type { SourceDeps } from '../plugin.ts';
import { readEnvSecret } from '../secrets.ts';
import { createCalpendoClient, type CalpendoClient } from './client.ts';
import { insecureUrl } from '../http.ts';
import { CALPENDO_INSECURE_HTTP_MESSAGE, type CalpendoSourceConfig } from './config.ts';

/**
 * The Calpendo client of a configured source: the URL from `base_url` (else the variable
 * `base_url_env`), the Basic-auth credentials from the variables the config names (`X`, or a file
 * named by `X_FILE`). Errors name settings and variables, never their values.
 */
export function buildClient(source: CalpendoSourceConfig, deps: SourceDeps): CalpendoClient {
  const { config } = source;
  const baseUrl = config.base_url ?? deps.env[config.base_url_env]?.trim();
  if (!baseUrl) {
    throw new SourceConfigError(`no Calpendo URL: set config.base_url or ${config.base_url_env}`, [
      { path: 'config.base_url', message: `is not set, nor is ${config.base_url_env}` },
    ]);
  }
  const urlPath = config.base_url ? 'config.base_url' : config.base_url_env;
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new SourceConfigError('the Calpendo URL is not an http(s) URL', [
      { path: urlPath, message: 'is not an http(s) URL' },
    ]);
  }
  if (insecureUrl(baseUrl) && !config.allow_insecure_http) {
    throw new SourceConfigError(`the Calpendo URL ${CALPENDO_INSECURE_HTTP_MESSAGE}`, [
      { path: urlPath, message: CALPENDO_INSECURE_HTTP_MESSAGE },
    ]);
  }
  const username = readEnvSecret(deps.env, config.username_env, deps.readFile);
  const password = readEnvSecret(deps.env, config.password_env, deps.readFile);
  const missing = [...(username ? [] : [config.username_env]), ...(password ? [] : [config.password_env])];
  if (!username || !password) {
    throw new SourceConfigError(
      `no Calpendo credentials: set ${missing.map((name) => `${name} (or ${name}_FILE)`).join(' and ')}`,
      missing.map((name) => ({ path: name, message: 'is not set' })),
    );
  }
  return createCalpendoClient({
    baseUrl,
    username,
    password,
    credentialNames: { username: config.username_env, password: config.password_env },
    http: deps.http,
    logger: deps.logger,
    timeoutMs: config.request.timeout_ms,
    maxBodyBytes: config.request.max_body_bytes,
    retry: {
      retries: config.request.retries,
      baseDelayMs: config.request.backoff_ms,
      maxDelayMs: config.request.max_backoff_ms,
    },
    sleep: deps.sleep,
  });
}
