// The api's own entry point (`node services/api/dist/main.js`; `mwl-bridge api` runs the same
// command): the only file of the service with side effects.
import { createNodeProcessIo, exitOnFatalErrors } from '@mwl/runtime';
import { apiCommand } from './api-command.ts';

exitOnFatalErrors(process, 'api');
process.exitCode = await apiCommand.run(process.argv.slice(2), createNodeProcessIo(process));
