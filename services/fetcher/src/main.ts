// The fetcher's own entry point (`node services/fetcher/dist/main.js`; `mwl-bridge fetcher` runs
// the same command): the only file of the service with side effects.
import { createNodeProcessIo, exitOnFatalErrors } from '@mwl/runtime';
import { fetcherCommand } from './fetcher-command.ts';

exitOnFatalErrors(process, 'fetcher');
process.exitCode = await fetcherCommand.run(process.argv.slice(2), createNodeProcessIo(process));
