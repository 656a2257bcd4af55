// The gateway's own entry point (`node services/gateway/dist/main.js`; `mwl-bridge gateway` runs
// the same command): the only file of the service with side effects.
import { createNodeProcessIo, exitOnFatalErrors } from '@mwl/runtime';
import { gatewayCommand } from './gateway-command.ts';

exitOnFatalErrors(process, 'gateway');
process.exitCode = await gatewayCommand.run(process.argv.slice(2), createNodeProcessIo(process));
