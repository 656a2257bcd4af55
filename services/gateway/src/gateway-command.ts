import { defineRoleCommand } from '@mwl/runtime';
import { gatewayEnvSchema } from './env.ts';
import { runGateway } from './run-gateway.ts';

/** `mwl-bridge gateway`, and the gateway's own entry point. */
export const gatewayCommand = defineRoleCommand({
  name: 'gateway',
  what:
    'Runs the gateway service: C-ECHO and Modality Worklist C-FIND, answered from PostgreSQL.\n' +
    'Stateless: run as many as you like behind one address.',
  envSchema: gatewayEnvSchema,
  run: (io, args) => runGateway(io, args.configPath === undefined ? {} : { configPath: args.configPath }),
});
