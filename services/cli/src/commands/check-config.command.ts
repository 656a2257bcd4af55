import { parseArgs } from 'node:util';
import {
  gatewayExposureWarnings,
  loadConfig,
  parseEnv,
  readSecretFile,
  resolveAllowedAddresses,
  systemResolveHost,
  type ConfigProblem,
  type MwlBridgeConfig,
} from '@mwl/config';
import { HELP_OPTION, parseOrUsage, resolvePath } from '../args.ts';
import { bridgeEnvSchema } from '../config/bridge-env.ts';
import { parsableSources } from '../config/raw-sources.ts';
import { checkDataSource, checkSources } from '../config/source-checks.ts';
import { CliUsageError } from '../errors.ts';
import type { CliIo, Command } from '../io.ts';
import { writeProblems, writeWarnings } from '@mwl/runtime';
import { createBuiltInSourceRegistry } from '@mwl/sources';

const HELP = `Usage: mwl-bridge check-config --config FILE [--no-env]

Checks a config file (mwl-bridge or Pylantir form) and the environment it will run with, and lists
every problem with its path (data_sources[0].field_mapping.patientName, REDCAP_API_TOKEN, ...).
Each source's config and field_mapping are checked by its plugin; the credentials it reads must be
set (as X or X_FILE). Sources are not contacted. Hostnames in gateway.allowed_aet addresses must
resolve. A gateway that accepts any calling AE title from any address gets a SECURITY WARNING
(gateway.allow_any: true says it is meant).

Exit code: 0 usable (warnings are printed), 2 problems found.

Options:
  -c, --config FILE          the config file (default $MWL_CONFIG)
      --pylantir_config FILE Pylantir's name for --config
      --no-env               check the file only, not the environment
  -h, --help                 this text
`;

function summary(config: MwlBridgeConfig, tzdataVersion: string | undefined): string {
  const enabled = config.data_sources.filter((s) => s.enabled);
  const sources = enabled.map((s) => `${s.name} (${s.type})`).join(', ') || 'none';
  const { ae_title, host, port } = config.gateway;
  // The rules in force are the runtime's (Node's tzdata), not the host's: say which.
  const rules = tzdataVersion === undefined ? '' : ` (tzdata ${tzdataVersion})`;
  return `OK: gateway ${ae_title} on ${host}:${port}, timezone ${config.timezone}${rules}, sources: ${sources}\n`;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args: [...args],
      strict: true,
      options: {
        ...HELP_OPTION,
        config: { type: 'string', short: 'c' },
        pylantir_config: { type: 'string' },
        'no-env': { type: 'boolean' },
      },
    }),
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const given = values.config ?? values.pylantir_config ?? io.env.MWL_CONFIG;
  if (given === undefined || given === '') throw new CliUsageError('--config FILE is required');
  const file = resolvePath(io.cwd, given);
  const checkEnv = values['no-env'] !== true;

  let envProblems: ConfigProblem[] = [];
  if (checkEnv) {
    const env = parseEnv(bridgeEnvSchema, io.env, { readFile: readSecretFile });
    if (!env.ok) envProblems = env.problems;
  }
  const loaded = await loadConfig(file, io.hostTimezone);
  const warnings = [...loaded.warnings];
  const problems = loaded.ok ? [] : [...loaded.problems];
  const deps = {
    registry: createBuiltInSourceRegistry(),
    ...(checkEnv && { env: io.env, readFile: readSecretFile }),
  };
  const sources = { problems: [] as ConfigProblem[], warnings: [] as ConfigProblem[] };
  if (loaded.ok) Object.assign(sources, await checkSources(loaded.config, deps));
  else {
    // The sources that parse on their own are still checked: one run lists every problem.
    const config = { timezone: io.hostTimezone };
    for (const { index, source } of parsableSources(loaded.json)) {
      await checkDataSource(config, source, `data_sources[${index}]`, deps, sources);
    }
  }
  warnings.push(...sources.warnings);
  problems.push(...sources.problems.filter((p) => !isVariable(p.path)));
  const security = loaded.ok ? gatewayExposureWarnings(loaded.config.gateway) : [];
  if (loaded.ok) {
    const resolved = await resolveAllowedAddresses(loaded.config.gateway, {
      resolveHost: io.resolveHost ?? systemResolveHost,
    });
    if (!resolved.ok) problems.push(...resolved.problems);
  }
  envProblems.push(...sources.problems.filter((p) => isVariable(p.path)));

  writeWarnings(io.stdout, given, warnings);
  writeWarnings(io.stdout, 'SECURITY WARNING', security);
  if (problems.length > 0) writeProblems(io.stdout, given, problems);
  if (envProblems.length > 0) writeProblems(io.stdout, 'environment', envProblems);
  if (problems.length > 0 || envProblems.length > 0 || !loaded.ok) return 2;
  io.stdout.write(summary(loaded.config, io.tzdataVersion));
  return 0;
}

/** Problems named by an environment variable (`REDCAP_API_TOKEN`) rather than a config path. */
function isVariable(path: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(path);
}

export const checkConfigCommand: Command = {
  name: 'check-config',
  help: HELP,
  run,
};
