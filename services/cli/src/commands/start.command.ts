import { parseArgs } from 'node:util';
import { aeTitleSchema } from '@mwl/config';
import { gatewayOverridesOf, loadGatewayOptions } from '@mwl/gateway';
import { prepareRole } from '@mwl/runtime';
import { HELP_OPTION, intOption, parseOrUsage, resolvePath } from '../args.ts';
import { bridgeEnvSchema } from '../config/bridge-env.ts';
import { CliUsageError } from '../errors.ts';
import type { CliIo, Command } from '../io.ts';
import { startBridge } from '../runtime/bridge.ts';

const HELP = `Usage: mwl-bridge start [--config FILE] [--data-dir DIR] [options]

Runs all of mwl-bridge in one process: a fetcher per enabled data source, the writer, the DICOM
gateway (C-ECHO, Modality Worklist C-FIND, MPPS), the api (REST, DICOMweb, REDCap Data Entry
Trigger on api.host:api.port, default 127.0.0.1:8080; off with api.enabled: false) and the health
server (/health/live, /health/ready, /metrics). Ctrl-C (SIGINT) or SIGTERM stops it in order and
exits 0.

Storage: with DATABASE_URL, that PostgreSQL (migrated first); without it, an embedded PostgreSQL
(PGlite) in the data folder, kept across restarts. Queue: with REDIS_URL, BullMQ on that Redis;
without it, in this process.

Options:
  -c, --config FILE       the config file (mwl-bridge or Pylantir form; default $MWL_CONFIG, else
                          no sources and the default gateway)
      --data-dir DIR      the embedded database's folder (default $MWL_DATA_DIR, else ./data)
      --AEtitle AE        the gateway's AE title (default gateway.ae_title, else MWL_BRIDGE)
      --ip HOST           the address the gateway listens on (default gateway.host, else 0.0.0.0)
      --port N            the gateway's port; 0 picks a free one (default gateway.port, else 4242)
      --health-port N     the health server's port; 0 picks a free one (default $HEALTH_PORT, else 9464)
      --api-port N        the api's port; 0 picks a free one (default api.port, else 8080)
      --pylantir_config FILE   Pylantir's name for --config
  -h, --help              this text

Environment (the services' own variables, with the same meanings; secrets also as <NAME>_FILE):
${Object.keys(bridgeEnvSchema.shape).join(', ')},
and the credentials the sources name (REDCAP_API_TOKEN, CALPENDO_USERNAME, ...).
`;

function parse(args: readonly string[]) {
  return parseOrUsage(() =>
    parseArgs({
      args: [...args],
      strict: true,
      options: {
        ...HELP_OPTION,
        config: { type: 'string', short: 'c' },
        pylantir_config: { type: 'string' },
        'data-dir': { type: 'string' },
        AEtitle: { type: 'string' },
        ip: { type: 'string' },
        port: { type: 'string' },
        'health-port': { type: 'string' },
        'api-port': { type: 'string' },
      },
    }),
  );
}

function aeTitleOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = aeTitleSchema.safeParse(value);
  if (!parsed.success) throw new CliUsageError(`--AEtitle: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(args);
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.config !== undefined && values.pylantir_config !== undefined) {
    throw new CliUsageError('give --config or --pylantir_config, not both');
  }
  const port = intOption('port', values.port, { min: 0, max: 65535 });
  const healthPort = intOption('health-port', values['health-port'], { min: 0, max: 65535 });
  const apiPort = intOption('api-port', values['api-port'], { min: 0, max: 65535 });
  const aeTitle = aeTitleOption(values.AEtitle);

  const configPath = values.config ?? values.pylantir_config;
  const role = await prepareRole(io, {
    service: 'mwl-bridge',
    envSchema: bridgeEnvSchema,
    ...(configPath !== undefined && { configPath: resolvePath(io.cwd, configPath) }),
  });
  if (!role.ok) return role.exitCode;
  const { env, config, logger, metrics } = role;

  const loaded = await loadGatewayOptions(
    config.gateway,
    {
      ...gatewayOverridesOf(env),
      ...(values.ip !== undefined && { host: values.ip }),
      ...(port !== undefined && { port }),
      ...(aeTitle !== undefined && { aeTitle }),
    },
    io.resolveHost,
  );
  for (const warning of loaded.warnings) logger.warn({ path: warning.path }, warning.message);
  const bridge = await startBridge({
    config,
    env,
    gateway: loaded.options,
    dataDir: resolvePath(io.cwd, values['data-dir'] ?? env.MWL_DATA_DIR),
    health: { host: env.HEALTH_HOST, port: healthPort ?? env.HEALTH_PORT },
    ...(apiPort !== undefined && { apiPort }),
    io,
    logger,
    metrics,
  });
  return bridge.exited;
}

export const startCommand: Command = {
  name: 'start',
  help: HELP,
  run,
};
