// A load generator process of bench:cfind: `clients` SCUs, each asking one query per association in
// a loop until the deadline. Runs outside the gateway's processes; reports to its parent over IPC.
import { findOnce, prepareFind, type ScuPeer } from './raw-find-scu.ts';

export interface LoadRequest {
  peer: ScuPeer;
  identifierHex: string;
  clients: number;
  durationMs: number;
  /** Stop after this many queries per client (the time-to-first-Pending probe). */
  maxQueriesPerClient?: number;
  clientOffset: number;
}

export interface LoadReport {
  latencies: number[];
  /** From connect to the A-ASSOCIATE-AC, per query. */
  associated: number[];
  firstPending: number[];
  /** Match count → queries that returned it. */
  matchCounts: Record<string, number>;
  /** Final status (hex) → queries that ended with it; errors as `error: message`. */
  outcomes: Record<string, number>;
  seconds: number;
  /** CPU time this load process used (user + system), ms. */
  cpuMs: number;
}

async function run(request: LoadRequest): Promise<LoadReport> {
  const identifier = Buffer.from(request.identifierHex, 'hex');
  const report: LoadReport = {
    latencies: [],
    associated: [],
    firstPending: [],
    matchCounts: {},
    outcomes: {},
    seconds: 0,
    cpuMs: 0,
  };
  const cpu = process.cpuUsage();
  const bump = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);
  const started = performance.now();
  const deadline = started + request.durationMs;
  await Promise.all(
    Array.from({ length: request.clients }, async (_, i) => {
      const prepared = prepareFind(
        { ...request.peer, callingAeTitle: `BENCH${request.clientOffset + i}` },
        identifier,
      );
      for (let n = 0; performance.now() < deadline && n < (request.maxQueriesPerClient ?? Infinity); n++) {
        try {
          const outcome = await findOnce(prepared);
          bump(report.outcomes, `0x${outcome.status.toString(16).padStart(4, '0')}`);
          bump(report.matchCounts, String(outcome.matches));
          report.latencies.push(outcome.ms);
          report.associated.push(outcome.associatedMs);
          if (!Number.isNaN(outcome.firstPendingMs)) report.firstPending.push(outcome.firstPendingMs);
        } catch (error) {
          bump(report.outcomes, `error: ${(error as Error).message}`);
        }
      }
    }),
  );
  report.seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  report.cpuMs = (used.user + used.system) / 1000;
  return report;
}

process.once('message', (request: LoadRequest) => {
  void run(request).then(
    (report) => process.send!(report, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
