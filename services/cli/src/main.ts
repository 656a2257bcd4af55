// The mwl-bridge command's composition root: the only file that reads process.argv and
// process.env, writes to the console, handles signals, starts service entry points and exits.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { runCli } from './cli.ts';
import type { ServiceName } from './io.ts';

async function launchService(
  service: ServiceName,
  launch: { env: Record<string, string>; argv: string[] },
): Promise<never> {
  Object.assign(process.env, launch.env);
  process.argv.splice(2, process.argv.length - 2, ...launch.argv);
  // The service's composition root, beside its public face: it starts itself when imported.
  const index = createRequire(import.meta.url).resolve(`@mwl/${service}`);
  await import(new URL('./main.ts', pathToFileURL(index)).href);
  return new Promise<never>(() => {});
}

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  hostTimezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  onSignal(handler) {
    process.on('SIGINT', () => handler('SIGINT'));
    process.on('SIGTERM', () => handler('SIGTERM'));
  },
  launchService,
});
process.exitCode = code;
// Everything the command opened is closed by now; a library that still holds the event loop
// (a socket in linger, a timer) must not keep a finished command alive.
setTimeout(() => process.exit(code), 2_000).unref();
