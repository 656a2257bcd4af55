import { defineRoleCommand } from '@mwl/runtime';
import { writerEnvSchema } from './env.ts';
import { runWriter } from './run-writer.ts';

/** `mwl-bridge writer`, and the writer's own entry point. */
export const writerCommand = defineRoleCommand({
  name: 'writer',
  what:
    'Runs the writer service: the only writer of worklist rows. It takes the snapshots the fetchers\n' +
    'publish on Redis and upserts, cancels and records them in PostgreSQL.',
  envSchema: writerEnvSchema,
  run: (io, args) => runWriter(io, args.configPath === undefined ? {} : { configPath: args.configPath }),
});
