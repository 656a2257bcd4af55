import { parseArgs } from 'node:util';
import { aeTitleSchema, parseEnv, readSecretFile } from '@mwl/config';
import { createLogger } from '@mwl/observability';
import { HELP_OPTION, intOption, parseOrUsage, resolvePath } from '../args.ts';
import { bridgeEnvSchema } from '../config/bridge-env.ts';
import { loadConfig } from '../config/load-config.ts';
import { CliUsageError } from '../errors.ts';
import type { CliIo, Command, ShutdownSignal } from '../io.ts';
import { startBridge, type RunningBridge } from '../runtime/bridge.ts';
import { gatewayOptionsOf } from '../runtime/gateway-options.ts';
import { writeProblems } from './report.ts';

const HELP = `Usage: mwl-bridge start [--config FILE] [--data-dir DIR] [options]

Runs all of mwl-bridge in one process: a fetcher per enabled data source, the writer, the DICOM
gateway (C-ECHO, Modality Worklist C-FIND) and the health server (/health/live, /health/ready,
/metrics). Ctrl-C (SIGINT) or SIGTERM stops it in order and exits 0.

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
      --pylantir_config FILE   Pylantir's name for --config
  -h, --help              this text

Environment: DATABASE_URL, REDIS_URL, MWL_CONFIG, MWL_DATA_DIR, QUEUE_PREFIX, QUEUE_ENCRYPTION_KEY,
GATEWAY_HOST, GATEWAY_PORT, GATEWAY_AE_TITLE, HEALTH_HOST, HEALTH_PORT, LOG_LEVEL,
WRITER_CONCURRENCY, CANCEL_HOLD_MINIMUM, STARTUP_CHECK_TIMEOUT_MS, SHUTDOWN_DEADLINE_MS, and the
credentials the sources name (REDCAP_API_URL, REDCAP_API_TOKEN, CALPENDO_USERNAME, ...; each secret
also as <NAME>_FILE).
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
  const aeTitle = aeTitleOption(values.AEtitle);

  const parsedEnv = parseEnv(bridgeEnvSchema, io.env, { readFile: readSecretFile });
  if (!parsedEnv.ok) {
    writeProblems(io.stderr, 'environment', parsedEnv.problems);
    return 2;
  }
  const env = parsedEnv.env;
  const configPath = values.config ?? values.pylantir_config ?? env.MWL_CONFIG;
  const file = configPath === undefined ? undefined : resolvePath(io.cwd, configPath);
  const loaded = await loadConfig(file, io.hostTimezone);
  if (!loaded.ok) {
    writeProblems(io.stderr, file ?? 'config', loaded.problems);
    return 2;
  }

  const logger = createLogger({
    service: 'mwl-bridge',
    level: env.LOG_LEVEL,
    pretty: io.stdout.isTTY === true,
    destination: io.stdout,
  });
  for (const warning of loaded.warnings)
    logger.warn({ path: warning.path || '(top level)' }, warning.message);
  if (file === undefined) logger.warn({}, 'no config file (--config or MWL_CONFIG): no data sources');

  // Signals stop the bridge; one that comes while it starts stops it as soon as it has started.
  let resolveExit: (code: number) => void = () => {};
  const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
  const state: { bridge?: RunningBridge; pending?: ShutdownSignal; stopping: boolean } = { stopping: false };
  const stop = (bridge: RunningBridge, signal: ShutdownSignal) => {
    // Wrappers (npm, a shell) pass the terminal's Ctrl-C on: the same signal often arrives twice.
    // The shutdown is bounded by SHUTDOWN_DEADLINE_MS; cutting it short could leave the data behind.
    if (state.stopping) {
      logger.info({ signal }, 'already stopping');
      return;
    }
    state.stopping = true;
    void bridge.stop(signal).then((report) => resolveExit(report.ok ? 0 : 1));
  };
  io.onSignal((signal) => {
    if (state.bridge) stop(state.bridge, signal);
    else state.pending ??= signal;
  });

  const gateway = await gatewayOptionsOf(loaded.config.gateway, {
    ...((values.ip ?? env.GATEWAY_HOST) !== undefined && { host: values.ip ?? env.GATEWAY_HOST }),
    ...((port ?? env.GATEWAY_PORT) !== undefined && { port: port ?? env.GATEWAY_PORT }),
    ...((aeTitle ?? env.GATEWAY_AE_TITLE) !== undefined && { aeTitle: aeTitle ?? env.GATEWAY_AE_TITLE }),
  });
  const bridge = await startBridge({
    config: loaded.config,
    gateway,
    ...(env.DATABASE_URL !== undefined && { databaseUrl: env.DATABASE_URL }),
    dataDir: resolvePath(io.cwd, values['data-dir'] ?? env.MWL_DATA_DIR),
    ...(env.REDIS_URL !== undefined && { redisUrl: env.REDIS_URL }),
    queuePrefix: env.QUEUE_PREFIX,
    encryptionKey: env.QUEUE_ENCRYPTION_KEY ?? null,
    health: { host: env.HEALTH_HOST, port: healthPort ?? env.HEALTH_PORT },
    writerConcurrency: env.WRITER_CONCURRENCY,
    cancelHoldMinimum: env.CANCEL_HOLD_MINIMUM,
    startupCheckTimeoutMs: env.STARTUP_CHECK_TIMEOUT_MS,
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
    sourceEnv: io.env,
    logger,
  });
  state.bridge = bridge;
  if (state.pending) stop(bridge, state.pending);
  return exitCode;
}

export const startCommand: Command = {
  name: 'start',
  help: HELP,
  run,
};
