import { defineRoleCommand } from '@mwl/runtime';
import { fetcherEnvSchema } from './env.ts';
import { runFetcher } from './run-fetcher.ts';

/** `mwl-bridge fetcher`, and the fetcher's own entry point. */
export const fetcherCommand = defineRoleCommand({
  name: 'fetcher',
  what:
    'Runs the fetcher service: polls each data source on its sync_interval inside its\n' +
    'operation_interval and publishes what it read on Redis for the writer. Replicas share the\n' +
    'ticks: a source is never fetched twice at once.',
  envSchema: fetcherEnvSchema,
  sources: true,
  run: (io, args) =>
    runFetcher(io, {
      ...(args.configPath !== undefined && { configPath: args.configPath }),
      ...(args.sources !== undefined && { sources: args.sources }),
    }),
});
