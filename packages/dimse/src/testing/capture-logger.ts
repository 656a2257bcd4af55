import type { DimseLogger } from '../types.ts';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

/** A DimseLogger that keeps every entry, for assertions (e.g. that no patient name was logged). */
export interface CaptureLogger extends DimseLogger {
  readonly entries: LogEntry[];
  /** All entries as one JSON string, for "does not contain" checks. */
  text(): string;
}

export function createCaptureLogger(): CaptureLogger {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj, msg });
    };
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(entries),
  };
}
