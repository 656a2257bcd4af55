import type { ResolveHost } from '@mwl/config';
import { describeError } from '@mwl/domain';

/**
 * What a process may touch of the outside world. Only a `main.ts` builds one from `process`
 * (`createNodeProcessIo`); tests build their own, so nothing else reads `process.env`, writes to
 * the console or handles signals.
 */
export interface OutputStream {
  write(text: string): unknown;
  /** A terminal: human-friendly log lines. */
  isTTY?: boolean;
}

export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

export interface ProcessIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Relative paths on the command line are taken from here. */
  cwd: string;
  /** The host's IANA timezone (config files without `timezone` use it). */
  hostTimezone: string;
  /**
   * The release of the time zone database every local time is computed with (Node's bundled
   * ICU: `process.versions.tz`, e.g. `2026e`). Rules change (Alberta kept MDT after March 2026 in
   * 2026e), so a site's IT person must be able to see which rules a process follows.
   */
  tzdataVersion?: string;
  /** Registers what SIGINT/SIGTERM do while a long-running command runs. */
  onSignal(handler: (signal: ShutdownSignal) => void): void;
  /**
   * Resolves hostnames of `gateway.allowed_aet[].addresses` (check-config, the gateway). Absent:
   * the system resolver; tests give a table.
   */
  resolveHost?: ResolveHost;
}

/** The real process's I/O; for `main.ts` files only. */
export function createNodeProcessIo(proc: NodeJS.Process): ProcessIo {
  return {
    env: proc.env,
    stdout: proc.stdout,
    stderr: proc.stderr,
    cwd: proc.cwd(),
    hostTimezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    ...(proc.versions.tz !== undefined && { tzdataVersion: proc.versions.tz }),
    onSignal(handler) {
      proc.on('SIGINT', () => handler('SIGINT'));
      proc.on('SIGTERM', () => handler('SIGTERM'));
    },
  };
}

/**
 * A process that can no longer be trusted (an error nobody awaited, an exception nobody caught)
 * logs one line describing it (`describeError`: no foreign message, it may quote data) and exits non-zero, so its
 * supervisor (compose, Kubernetes, systemd) starts a clean one. For `main.ts` files only.
 */
export function exitOnFatalErrors(proc: NodeJS.Process, service: string): void {
  const fatal = (kind: string) => (error: unknown) => {
    const line = {
      level: 'fatal',
      time: new Date().toISOString(),
      service,
      kind,
      err: describeError(error),
      msg: 'fatal error: exiting',
    };
    proc.stderr.write(`${JSON.stringify(line)}\n`);
    proc.exit(70);
  };
  proc.on('unhandledRejection', fatal('unhandledRejection'));
  proc.on('uncaughtException', fatal('uncaughtException'));
}
