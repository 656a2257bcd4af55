/** Plain-text tables for the terminal: a header, a rule, and columns padded to their widest cell. */

export interface Column<Row> {
  title: string;
  value(row: Row): string;
  /** Longest cell shown; longer ones are cut with `…`. */
  max?: number;
}

const cut = (text: string, max: number | undefined) =>
  max !== undefined && text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;

export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => cut(column.value(row), column.max)));
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...cells.map((line) => line[i]!.length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join(
    '\n',
  );
}

/** `20261123` → `2026-11-23`; anything else as it is. */
export function formatDa(value: string | undefined | null): string {
  if (!value) return '';
  return /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : value;
}

/** `093000` / `0930` / `093000.5` → `09:30`; anything else as it is. */
export function formatTm(value: string | undefined | null): string {
  if (!value) return '';
  return /^\d{4}/.test(value) ? `${value.slice(0, 2)}:${value.slice(2, 4)}` : value;
}
