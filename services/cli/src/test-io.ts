import type { ResolveHost } from '@mwl/config';
import type { CliIo } from './io.ts';

/** Test-only: a CliIo that captures what a command writes (no process, no console). */
export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export function captureIo(
  options: {
    env?: Record<string, string>;
    cwd?: string;
    hostTimezone?: string;
    tzdataVersion?: string;
    resolveHost?: ResolveHost;
  } = {},
): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    env: options.env ?? {},
    ...(options.resolveHost && { resolveHost: options.resolveHost }),
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    cwd: options.cwd ?? '/',
    hostTimezone: options.hostTimezone ?? 'America/Edmonton',
    ...(options.tzdataVersion !== undefined && { tzdataVersion: options.tzdataVersion }),
    onSignal: () => {},
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
