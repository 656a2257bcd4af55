import { parseArgs } from 'node:util';
import { fetcherEnvSchema } from '@mwl/fetcher';
import { gatewayEnvSchema } from '@mwl/gateway';
import { writerEnvSchema } from '@mwl/writer';
import { HELP_OPTION, parseOrUsage, resolvePath } from '../args.ts';
import type { CliIo, Command, ServiceName } from '../io.ts';

/**
 * `writer`, `gateway` and `fetcher`: each service's own entry point, as its container runs it
 * (PostgreSQL and Redis from the environment; one service per process). `--config` sets
 * MWL_CONFIG; the fetcher's `--source` names the sources it runs.
 */

interface ServiceSpec {
  name: ServiceName;
  what: string;
  variables: readonly string[];
  sources: boolean;
}

/** `A, B, C.` wrapped to lines of about 96 characters. */
function wrapList(names: readonly string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, name] of names.entries()) {
    const word = `${name}${i === names.length - 1 ? '.' : ','}`;
    if (line !== '' && line.length + word.length + 1 > 96) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

function helpOf(spec: ServiceSpec): string {
  const usage = `mwl-bridge ${spec.name} [--config FILE]${spec.sources ? ' [--source NAME ...]' : ''}`;
  const variables = wrapList(spec.variables);
  return `Usage: ${usage}

${spec.what}

Options:
  -c, --config FILE     the config file (sets MWL_CONFIG)
${spec.sources ? '      --source NAME     a source to run (repeat, or a,b); default: every enabled source\n' : ''}  -h, --help            this text

Environment (secrets also as <NAME>_FILE):
${variables}
`;
}

function serviceCommand(spec: ServiceSpec): Command {
  const help = helpOf(spec);
  return {
    name: spec.name,
    help,
    async run(args: readonly string[], io: CliIo) {
      const { values } = parseOrUsage(() =>
        parseArgs({
          args: [...args],
          strict: true,
          options: {
            ...HELP_OPTION,
            config: { type: 'string', short: 'c' },
            ...(spec.sources && { source: { type: 'string', multiple: true } }),
          },
        }),
      );
      if (values.help) {
        io.stdout.write(help);
        return 0;
      }
      const env: Record<string, string> = {};
      if (typeof values.config === 'string') env.MWL_CONFIG = resolvePath(io.cwd, values.config);
      const sources = Array.isArray(values.source) ? values.source.map(String) : [];
      return io.launchService(spec.name, { env, argv: sources.flatMap((name) => ['--source', name]) });
    },
  };
}

export const writerCommand = serviceCommand({
  name: 'writer',
  what: 'Runs the writer service: the only writer of worklist rows. It takes the snapshots the fetchers\npublish on Redis and upserts, cancels and records them in PostgreSQL.',
  variables: Object.keys(writerEnvSchema.shape),
  sources: false,
});

export const gatewayCommand = serviceCommand({
  name: 'gateway',
  what: 'Runs the gateway service: C-ECHO and Modality Worklist C-FIND, answered from PostgreSQL.\nStateless: run as many as you like behind one address.',
  variables: Object.keys(gatewayEnvSchema.shape),
  sources: false,
});

export const fetcherCommand = serviceCommand({
  name: 'fetcher',
  what: 'Runs the fetcher service: polls each data source on its sync_interval inside its\noperation_interval and publishes what it read on Redis for the writer. Replicas share the\nticks: a source is never fetched twice at once.',
  variables: Object.keys(fetcherEnvSchema.shape),
  sources: true,
});
