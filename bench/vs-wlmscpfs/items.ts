import { worklistEntrySchema, type WorklistEntry } from '@mwl/domain';

/**
 * The N items both servers hold, item i fully determined by i. Every value has a fixed width, so
 * a worklist file for wlmscpfs is the dump2dcm-made template with its placeholders overwritten.
 * Station ST00..ST49, days 2026-03-01..20: a station-day query matches every 100th item.
 */
export interface BenchItem {
  accession: string;
  patientName: string;
  patientId: string;
  studyUid: string;
  station: string;
  date: string;
  time: string;
  spsId: string;
  rpId: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function benchItem(i: number): BenchItem {
  return {
    accession: `ACC${pad(i, 7)}`,
    patientName: `DOE^P${pad(i, 7)}`,
    patientId: `PID${pad(i, 7)}`,
    studyUid: `2.25.${1_000_000_000 + i}`,
    station: `ST${pad(i % 50, 2)}`,
    date: `202603${pad(1 + (i % 20), 2)}`,
    time: `${pad(7 + (i % 12), 2)}${pad((i * 7) % 60, 2)}00`,
    spsId: `SPS${pad(i, 7)}`,
    rpId: `RP${pad(i, 8)}`,
  };
}

/** Item i as mwl-bridge stores it (validated like a source's entry). */
export function benchEntry(i: number): WorklistEntry {
  const item = benchItem(i);
  const d = item.date;
  const t = item.time;
  return worklistEntrySchema.parse({
    source: 'bench',
    sourceKey: `item-${i}`,
    patientName: item.patientName,
    patientId: item.patientId,
    patientBirthDate: '19800101',
    patientSex: 'F',
    accessionNumber: item.accession,
    studyInstanceUid: item.studyUid,
    requestedProcedureId: item.rpId,
    requestedProcedureDescription: 'Research scan',
    spsId: item.spsId,
    spsDescription: 'Protocol',
    modality: 'MR',
    scheduledStationAeTitle: item.station,
    spsStartDate: d,
    spsStartTime: t,
    spsStartAt: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`,
    timezone: 'UTC',
  });
}

/** The worklist file template (dump2dcm input); its values are item 0's placeholders. */
export const TEMPLATE_DUMP = `
(0008,0050) SH [ACC0000000]
(0010,0010) PN [DOE^P0000000]
(0010,0020) LO [PID0000000]
(0010,0030) DA [19800101]
(0010,0040) CS [F]
(0020,000d) UI [2.25.1000000000]
(0032,1060) LO [Research scan]
(0040,0100) SQ (Sequence with undefined length #=1)
  (fffe,e000) na (Item with undefined length #=7)
    (0008,0060) CS [MR]
    (0040,0001) AE [ST00]
    (0040,0002) DA [20260301]
    (0040,0003) TM [070000]
    (0040,0007) LO [Protocol]
    (0040,0009) SH [SPS0000000]
    (0040,0010) SH []
  (fffe,e00d) na (ItemDelimitationItem)
(fffe,e0dd) na (SequenceDelimitationItem)
(0040,1001) SH [RP00000000]
`;

/** Placeholder → the field of an item that replaces it (same length, checked). */
export const PLACEHOLDERS: [string, keyof BenchItem][] = [
  ['ACC0000000', 'accession'],
  ['DOE^P0000000', 'patientName'],
  ['PID0000000', 'patientId'],
  ['2.25.1000000000', 'studyUid'],
  ['ST00', 'station'],
  ['20260301', 'date'],
  ['070000', 'time'],
  ['SPS0000000', 'spsId'],
  ['RP00000000', 'rpId'],
];
