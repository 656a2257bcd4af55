import type { DicomDataset, DicomValue } from '@mwl/dimse';
import { formatDa, formatTable, formatTm, type Column } from '../worklist/format-table.ts';

/** One C-FIND match as text: a value, multiple values joined by `\`, binary as its size. */
function text(value: DicomValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value instanceof Uint8Array) return `(${value.length} bytes)`;
  if (Array.isArray(value))
    return (value as unknown[]).every((v) => typeof v !== 'object') ? value.join('\\') : '';
  return '';
}

function sps(match: DicomDataset): DicomDataset {
  const sequence = match.ScheduledProcedureStepSequence;
  return Array.isArray(sequence) && typeof sequence[0] === 'object' ? (sequence[0] as DicomDataset) : {};
}

const COLUMNS: Column<DicomDataset>[] = [
  { title: 'DATE', value: (m) => formatDa(text(sps(m).ScheduledProcedureStepStartDate)) },
  { title: 'TIME', value: (m) => formatTm(text(sps(m).ScheduledProcedureStepStartTime)) },
  { title: 'PATIENT NAME', value: (m) => text(m.PatientName), max: 32 },
  { title: 'PATIENT ID', value: (m) => text(m.PatientID), max: 40 },
  { title: 'ACCESSION', value: (m) => text(m.AccessionNumber), max: 16 },
  { title: 'MOD', value: (m) => text(sps(m).Modality) },
  { title: 'STATION', value: (m) => text(sps(m).ScheduledStationAETitle) },
  { title: 'DESCRIPTION', value: (m) => text(sps(m).ScheduledProcedureStepDescription), max: 40 },
];

export function matchTable(matches: readonly DicomDataset[]): string {
  return formatTable(matches, COLUMNS);
}

/** JSON of the matches: binary values as base64. */
export function matchesJson(matches: readonly DicomDataset[]): string {
  return JSON.stringify(
    matches,
    (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value),
    2,
  );
}
