// A load generator process of bench:mpps: `clients` MPPS SCUs on raw PDUs (raw-mpps-scu.ts), each
// sending N-CREATE then N-SET COMPLETED for a fresh scheduled item on one association, as a modality
// reports, in a loop until the deadline. Runs outside the gateway's processes; reports to its parent
// over IPC.
import type { DicomDataset, ScuPeer } from '@mwl/dimse';
import { sampleMppsCreate, sampleMppsFinalSet, sampleScheduledStep } from '@mwl/domain';
import { mppsPair } from './raw-mpps-scu.ts';

/** Stations of the fixture: item n is scheduled on MR_(n % STATIONS). */
export const STATIONS = 20;

export interface MppsLoadRequest {
  peer: ScuPeer;
  clients: number;
  durationMs: number;
  /** This process's items: numbers `from` to `to` (inclusive), each used once. */
  from: number;
  to: number;
  /** Makes the MPPS SOP Instance UIDs of one bench run unique. */
  run: string;
}

export interface MppsLoadReport {
  pairs: number;
  /** DIMSE status (hex) → answers; errors as `error: message`. */
  outcomes: Record<string, number>;
  seconds: number;
  /** CPU time this load process used (user + system), ms. */
  cpuMs: number;
}

function pairFor(n: number, run: string): { create: DicomDataset; set: DicomDataset; uid: string } {
  const step = sampleScheduledStep({
    studyInstanceUid: `2.25.${10000000 + n}`,
    accessionNumber: `ACC${n}`,
    requestedProcedureId: `RP${n}`,
    spsId: `SPS${n}`,
  });
  return {
    uid: `2.25.${run}${n}`,
    create: sampleMppsCreate({
      PatientID: `PID${n}`,
      PerformedStationAETitle: `MR_${n % STATIONS}`,
      ScheduledStepAttributesSequence: [step],
    }) as DicomDataset,
    set: sampleMppsFinalSet('COMPLETED') as DicomDataset,
  };
}

async function run(request: MppsLoadRequest): Promise<MppsLoadReport> {
  const report: MppsLoadReport = { pairs: 0, outcomes: {}, seconds: 0, cpuMs: 0 };
  const bump = (key: string) => (report.outcomes[key] = (report.outcomes[key] ?? 0) + 1);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + request.durationMs;
  let next = request.from;
  await Promise.all(
    Array.from({ length: request.clients }, async () => {
      while (performance.now() < deadline) {
        const n = next++;
        if (n > request.to) throw new Error(`ran out of scheduled items (${request.from}-${request.to})`);
        const pair = pairFor(n, request.run);
        try {
          const peer = { ...request.peer, callingAeTitle: `MR_${n % STATIONS}` };
          const statuses = await mppsPair(peer, pair.uid, pair.create, pair.set);
          for (const status of statuses) bump(`0x${status.toString(16).padStart(4, '0')}`);
          report.pairs++;
        } catch (error) {
          bump(`error: ${(error as Error).message}`);
        }
      }
    }),
  );
  report.seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  report.cpuMs = (used.user + used.system) / 1000;
  return report;
}

process.once('message', (request: MppsLoadRequest) => {
  void run(request).then(
    (report) => process.send!(report, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
