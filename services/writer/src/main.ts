// The writer's own entry point (`node services/writer/dist/main.js`; `mwl-bridge writer` runs the
// same command): the only file of the service with side effects.
import { createNodeProcessIo, exitOnFatalErrors } from '@mwl/runtime';
import { writerCommand } from './writer-command.ts';

exitOnFatalErrors(process, 'writer');
process.exitCode = await writerCommand.run(process.argv.slice(2), createNodeProcessIo(process));
