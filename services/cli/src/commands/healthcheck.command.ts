import { parseArgs } from 'node:util';
import { HELP_OPTION, intOption, parseOrUsage } from '../args.ts';
import { CliUsageError } from '../errors.ts';
import type { CliIo, Command } from '../io.ts';

const DEFAULT_PORT = 9464;
const DEFAULT_TIMEOUT_MS = 3_000;

const HELP = `Usage: mwl-bridge healthcheck [--port N] [--host HOST] [--timeout MS]

Asks this container's health server whether the service is ready (GET /health/ready) and exits
0 when it answers 200, 1 otherwise (not ready, refused, or no answer within the timeout). The
image's HEALTHCHECK runs it: no curl needed.

Options:
      --port N          the health server's port (default: HEALTH_PORT, else ${DEFAULT_PORT})
      --host HOST       its address (default 127.0.0.1)
      --timeout MS      give up after this long (default ${DEFAULT_TIMEOUT_MS})
  -h, --help            this text
`;

/** `fetch` of the URL with a deadline; tests may pass their own. */
export type HttpGet = (url: string, timeoutMs: number) => Promise<{ status: number }>;

const fetchGet: HttpGet = async (url, timeoutMs) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  return { status: response.status };
};

function portOf(option: string | undefined, env: CliIo['env']): number {
  const fromOption = intOption('port', option, { min: 1, max: 65_535 });
  if (fromOption !== undefined) return fromOption;
  const raw = env.HEALTH_PORT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65_535) {
    throw new CliUsageError(`HEALTH_PORT must be a port from 1 to 65535 (or use --port)`);
  }
  return port;
}

/** The healthcheck command over `get` (the real one uses fetch). */
export function createHealthcheckCommand(get: HttpGet = fetchGet): Command {
  return {
    name: 'healthcheck',
    help: HELP,
    async run(args: readonly string[], io: CliIo) {
      const { values } = parseOrUsage(() =>
        parseArgs({
          args: [...args],
          strict: true,
          options: {
            ...HELP_OPTION,
            port: { type: 'string' },
            host: { type: 'string' },
            timeout: { type: 'string' },
          },
        }),
      );
      if (values.help) {
        io.stdout.write(HELP);
        return 0;
      }
      const port = portOf(values.port, io.env);
      const host = values.host ?? '127.0.0.1';
      const timeoutMs = intOption('timeout', values.timeout, { min: 100, max: 60_000 }) ?? DEFAULT_TIMEOUT_MS;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/health/ready`;
      try {
        const { status } = await get(url, timeoutMs);
        if (status === 200) {
          io.stdout.write(`ready (${url})\n`);
          return 0;
        }
        io.stderr.write(`not ready: ${url} answered ${status}\n`);
        return 1;
      } catch (error) {
        const reason =
          error instanceof Error && error.name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : error instanceof Error
              ? ((error.cause as { code?: string } | undefined)?.code ?? error.message)
              : String(error);
        io.stderr.write(`not ready: ${url}: ${reason}\n`);
        return 1;
      }
    },
  };
}

export const healthcheckCommand = createHealthcheckCommand();
