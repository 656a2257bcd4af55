import type { ResolveHost } from '@mwl/config';

/**
 * What a command may touch of the outside world. Only main.ts builds one from `process`; tests
 * build their own, so commands never read `process.env` or write to the console themselves.
 */
export interface CliOutput {
  write(text: string): unknown;
  /** A terminal: human-friendly log lines. */
  isTTY?: boolean;
}

export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Resolves hostnames of `gateway.allowed_aet[].addresses` (check-config, start). Absent: the
   * system resolver; tests give a table.
   */
  resolveHost?: ResolveHost;
  stdout: CliOutput;
  stderr: CliOutput;
  /** Relative paths on the command line are taken from here. */
  cwd: string;
  /** The host's IANA timezone (config files without `timezone` use it). */
  hostTimezone: string;
  /** Registers what SIGINT/SIGTERM do while a long-running command runs. */
  onSignal(handler: (signal: ShutdownSignal) => void): void;
  /**
   * Runs a service's own entry point (its `main.ts`) in this process with these variables set and
   * these arguments; it reads its environment, handles signals and exits by itself. Never resolves.
   */
  launchService(
    service: ServiceName,
    launch: { env: Record<string, string>; argv: string[] },
  ): Promise<never>;
}

export type ServiceName = 'writer' | 'gateway' | 'fetcher';

/** A command: parses its own arguments, returns the exit code (0 ok, 1 failure, 2 usage/config). */
export interface Command {
  name: string;
  /** Full `--help` text. */
  help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
