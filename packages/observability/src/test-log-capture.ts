import type { DestinationStream } from 'pino';

/** A pino destination that keeps every line, for tests to read back. */
export function captureLines(): DestinationStream & {
  lines: string[];
  text(): string;
  records(): unknown[];
} {
  const lines: string[] = [];
  return {
    lines,
    write(line: string) {
      lines.push(line);
    },
    text: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line) as unknown),
  };
}
