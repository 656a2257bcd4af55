import type { OutputStream, ProcessIo } from '@mwl/runtime';

/**
 * What a command may touch of the outside world: the process I/O every mwl-bridge process uses.
 * Only main.ts builds one from `process`; tests build their own, so commands never read
 * `process.env` or write to the console themselves.
 */
export type CliIo = ProcessIo;
export type CliOutput = OutputStream;
export type { ShutdownSignal } from '@mwl/runtime';

/** A command: parses its own arguments, returns the exit code (0 ok, 1 failure, 2 usage/config). */
export interface Command {
  name: string;
  /** Full `--help` text. */
  help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
