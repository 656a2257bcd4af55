import { readFileSync } from 'node:fs';
import { ConfigError } from '@mwl/config';
import { describeError } from '@mwl/domain';
import { CliUsageError, QueryKeyError } from './errors.ts';
import type { CliIo, Command } from './io.ts';

export type { CliIo, CliOutput, Command, ShutdownSignal } from './io.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  /** Loaded on use: `mwl-bridge echo` need not load the database client or the queue. */
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'start',
    summary: 'run fetchers, writer, gateway and health server in one process',
    load: async () => (await import('./commands/start.command.ts')).startCommand,
  },
  {
    name: 'writer',
    summary: 'the writer service: stores snapshots from the queue (PostgreSQL + Redis)',
    load: async () => (await import('@mwl/writer')).writerCommand,
  },
  {
    name: 'gateway',
    summary: 'the gateway service: the DICOM worklist server (PostgreSQL)',
    load: async () => (await import('@mwl/gateway')).gatewayCommand,
  },
  {
    name: 'fetcher',
    summary: 'the fetcher service: polls the data sources (PostgreSQL + Redis)',
    load: async () => (await import('@mwl/fetcher')).fetcherCommand,
  },
  {
    name: 'api',
    summary:
      'the api service: REST, manual items, REDCap Data Entry Trigger, DICOMweb search (PostgreSQL + Redis)',
    load: async () => (await import('@mwl/api')).apiCommand,
  },
  {
    name: 'migrate',
    summary: 'apply pending database migrations (DATABASE_URL, or the embedded data folder)',
    load: async () => (await import('./commands/migrate.command.ts')).migrateCommand,
  },
  {
    name: 'healthcheck',
    summary: "exit 0 when this container's service is ready (GET /health/ready): the image's HEALTHCHECK",
    load: async () => (await import('./commands/healthcheck.command.ts')).healthcheckCommand,
  },
  {
    name: 'check-config',
    summary: 'check a config file and the environment; every problem with its path (exit 2)',
    load: async () => (await import('./commands/check-config.command.ts')).checkConfigCommand,
  },
  {
    name: 'convert-config',
    summary: "rewrite a Pylantir config in mwl-bridge's form (passes check-config without warnings)",
    load: async () => (await import('./commands/convert-config.command.ts')).convertConfigCommand,
  },
  {
    name: 'query',
    summary: "print the worklist as a table or JSON, with filters (Pylantir's query-db)",
    load: async () => (await import('./commands/query.command.ts')).queryCommand,
  },
  {
    name: 'echo',
    summary: 'send a C-ECHO to any DICOM server (ours, dcmtk, a PACS)',
    load: async () => (await import('./commands/echo.command.ts')).echoCommand,
  },
  {
    name: 'find',
    summary: 'send a Modality Worklist C-FIND to any worklist server and print the matches',
    load: async () => (await import('./commands/find.command.ts')).findCommand,
  },
  {
    name: 'token',
    summary: "create, list and revoke the api's bearer tokens (shown once, stored hashed)",
    load: async () => (await import('./commands/token.command.ts')).tokenCommand,
  },
  {
    name: 'user',
    summary: 'create users of the api, change their password, disable them',
    load: async () => (await import('./commands/user.command.ts')).userCommand,
  },
];

/** Pylantir's command names, so its muscle memory works. */
const ALIASES: Readonly<Record<string, string>> = { 'query-db': 'query' };

export function version(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: mwl-bridge <command> [options]',
    '',
    'DICOM Modality Worklist for research imaging sites, fed from REDCap, Calpendo and files.',
    '',
    'Commands:',
    ...lines,
    '',
    'Run "mwl-bridge <command> --help" for a command\'s options; "mwl-bridge --version" for the version.',
    '',
  ].join('\n');
}

/** Runs one command line (without `node` and the script); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(usage());
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(usage());
    return 0;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    io.stdout.write(`mwl-bridge ${version()}\n`);
    return 0;
  }
  const name = ALIASES[first] ?? first;
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`mwl-bridge: unknown command "${first}"\n\n${usage()}`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof QueryKeyError) {
      io.stderr.write(
        `mwl-bridge ${name}: ${error.message}\nRun "mwl-bridge ${name} --help" for its options.\n`,
      );
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    const { code, message } = describeError(error);
    io.stderr.write(`mwl-bridge ${name} failed: ${code}: ${message}\n`);
    return 1;
  }
}
