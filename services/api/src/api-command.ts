import { defineRoleCommand } from '@mwl/runtime';
import { apiEnvSchema } from './env.ts';
import { runApi } from './run-api.ts';

/** `mwl-bridge api`, and the api's own entry point. */
export const apiCommand = defineRoleCommand({
  name: 'api',
  what:
    "Runs the api service on the config file's api.host/api.port: REST under /api/v1 (bearer tokens\n" +
    'and signed-in users; OpenAPI at /api/v1/openapi.json), manual worklist items, the REDCap Data\n' +
    'Entry Trigger (/hooks/redcap/SOURCE/SECRET) and DICOMweb worklist search (/dicomweb).',
  envSchema: apiEnvSchema,
  run: (io, args) => runApi(io, args.configPath === undefined ? {} : { configPath: args.configPath }),
});
