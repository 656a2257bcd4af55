// The mwl-bridge command's composition root: the only file that touches `process` (arguments,
// environment, console, signals, exit code). Every role runs through its exported command.
import { createNodeProcessIo, exitOnFatalErrors } from '@mwl/runtime';
import { runCli } from './cli.ts';

exitOnFatalErrors(process, 'mwl-bridge');
const code = await runCli(process.argv.slice(2), createNodeProcessIo(process));
process.exitCode = code;
// Everything the command opened is closed by now; a library that still holds the event loop
// (a socket in linger, a timer) must not keep a finished command alive.
setTimeout(() => process.exit(code), 2_000).unref();
