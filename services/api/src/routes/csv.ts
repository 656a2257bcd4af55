/**
 * One CSV cell (RFC 4180). A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 * tab, CR at the start) is prefixed with `'` (OWASP's CSV injection advice).
 */
export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
