import { resolve } from 'node:path';
import { loadConfig, parseEnv, readSecretFile, type LOG_LEVELS, type MwlBridgeConfig } from '@mwl/config';
import { createLogger, createMetrics, type Logger, type Metrics } from '@mwl/observability';
import type { z } from 'zod';
import type { ProcessIo } from './process-io.ts';
import { writeProblems } from './report.ts';

/** What every role's environment has (`processEnvShape` in @mwl/config). */
interface BaseRoleEnv {
  MWL_CONFIG?: string | undefined;
  LOG_LEVEL: (typeof LOG_LEVELS)[number];
}

export interface RoleSpec<S extends z.ZodObject> {
  /** `writer`, `gateway`, ...: the logger's `service` and the heading of problems. */
  service: string;
  envSchema: S;
  /** From `--config`; else MWL_CONFIG; else the defaults. */
  configPath?: string;
}

export type PreparedRole<E> =
  | { ok: true; env: E; config: MwlBridgeConfig; logger: Logger; metrics: Metrics }
  | { ok: false; exitCode: number };

/**
 * What every role does first, the same way: its environment (every problem at once), the one
 * config file every process of a deployment reads (every problem at once), its logger (JSON, or
 * pretty on a terminal) and its metrics registry. Problems go to stderr and give exit code 2.
 */
export async function prepareRole<S extends z.ZodObject>(
  io: ProcessIo,
  spec: RoleSpec<S>,
): Promise<PreparedRole<z.output<S>>> {
  const parsed = parseEnv(spec.envSchema, io.env, { readFile: readSecretFile });
  if (!parsed.ok) {
    writeProblems(io.stderr, `${spec.service}: environment`, parsed.problems);
    return { ok: false, exitCode: 2 };
  }
  const env = parsed.env as z.output<S> & BaseRoleEnv;
  const configPath =
    spec.configPath ?? (env.MWL_CONFIG === undefined ? undefined : resolve(io.cwd, env.MWL_CONFIG));
  const loaded = await loadConfig(configPath, io.hostTimezone);
  if (!loaded.ok) {
    writeProblems(io.stderr, configPath ?? 'config', loaded.problems);
    return { ok: false, exitCode: 2 };
  }
  const logger = createLogger({
    service: spec.service,
    level: env.LOG_LEVEL,
    pretty: io.stdout.isTTY === true,
    destination: io.stdout,
  });
  for (const warning of loaded.warnings) {
    logger.warn({ path: warning.path || '(top level)' }, warning.message);
  }
  if (configPath === undefined) logger.warn({}, 'no config file (--config or MWL_CONFIG): the defaults');
  logger.info(
    { timezone: loaded.config.timezone, tzdata: io.tzdataVersion ?? 'unknown' },
    'local times follow this time zone database',
  );
  return { ok: true, env, config: loaded.config, logger, metrics: createMetrics({ defaultMetrics: true }) };
}
