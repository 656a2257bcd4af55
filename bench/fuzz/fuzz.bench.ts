// PDU fuzz benchmark (`npm run bench:fuzz`): the fault suite's seeded generator, scaled up. A DICOM
// server in-process on a free port (in-memory worklist of 5 items), hostile sessions from 127.0.0.2,
// while dcmtk's findscu asks from 127.0.0.1 in a loop and every answer is checked. FUZZ_PDUS
// (default 1,000,000), FUZZ_SEED, FUZZ_CONCURRENCY. Ends with one RESULT line.
import { createDimseServer, DimseStatus, type DimseHandlers } from '@mwl/dimse';
import { findscu, runFuzz } from '@mwl/dimse/testing';
import { describeMachine } from '../support.ts';

const PDUS = Number(process.env.FUZZ_PDUS ?? 1_000_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_205);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 16);
const AE = 'FUZZ_SCP';
const WORKLIST = Array.from({ length: 5 }, (_, i) => ({ PatientID: `P${i}`, PatientName: `DOE^JOHN${i}` }));

let crashes = 0;
process.on('uncaughtException', (error) => {
  crashes++;
  console.error('uncaught exception:', error);
});
process.on('unhandledRejection', (error) => {
  crashes++;
  console.error('unhandled rejection:', error);
});

const handlers: DimseHandlers = {
  onFind: async (_ctx, identifier, responder) => {
    const wanted = identifier['PatientID'];
    const matches =
      typeof wanted === 'string' && wanted !== '' && wanted !== '*'
        ? WORKLIST.filter((item) => item.PatientID === wanted)
        : WORKLIST;
    for (const item of matches) await responder.pending(item);
    return { status: DimseStatus.Success };
  },
};

const counts = { warn: 0, error: 0, parserFailures: 0 };
const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => void counts.warn++,
  error: (_obj: object, msg?: string) => {
    counts.error++;
    if (msg === 'DICOM parser failure') counts.parserFailures++;
  },
};

async function main(): Promise<void> {
  console.log(describeMachine());
  const server = createDimseServer({
    logger: quiet,
    aeTitles: [AE],
    maxAssociations: 64,
    maxPduLength: 65_536,
    idleTimeoutMs: 30_000,
    limits: { maxAssociationsPerAddress: 48, pduTimeoutMs: 2_000 },
    handlers,
  });
  const { host, port } = await server.listen({ host: '127.0.0.1', port: 0 });
  const started = performance.now();
  let fuzzing = true;
  let queries = 0;
  const wrong: string[] = [];
  const wellBehaved = (async () => {
    while (fuzzing) {
      const one = queries % 2 === 0;
      const result = await findscu(
        { host, port, calledAeTitle: AE, callingAeTitle: 'FINDSCU' },
        { keys: [one ? 'PatientID=P3' : 'PatientID=', 'PatientName='], timeoutMs: 60_000 },
      );
      queries++;
      const ids = result.responses.map((r) => r['PatientID']).sort();
      const expected = one ? ['P3'] : WORKLIST.map((item) => item.PatientID);
      if (result.finalStatus !== 0 || JSON.stringify(ids) !== JSON.stringify(expected)) {
        wrong.push(`query ${queries}: status ${result.finalStatus}, ids ${JSON.stringify(ids)}`);
      }
    }
  })();
  const run = await runFuzz(
    { host, port, calledAeTitle: AE, localAddress: '127.0.0.2' },
    {
      seed: SEED,
      pdus: PDUS,
      concurrency: CONCURRENCY,
      onProgress: (r) => {
        if (r.sessions % 20_000 === 0) {
          const s = (performance.now() - started) / 1000;
          console.log(`  ${r.pdus} PDUs, ${r.sessions} sessions, ${s.toFixed(0)} s, ${queries} queries`);
        }
      },
    },
  ).finally(() => {
    fuzzing = false;
  });
  await wellBehaved;
  const seconds = (performance.now() - started) / 1000;
  const stats = server.stats();
  await server.close({ deadlineMs: 1_000 });
  const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);

  if (run.pdus < PDUS) throw new Error(`only ${run.pdus} PDUs sent`);
  if (crashes !== 0) throw new Error(`${crashes} crashes`);
  if (wrong.length > 0) throw new Error(`wrong answers: ${wrong.slice(0, 5).join('; ')}`);
  if (queries === 0) throw new Error('findscu never completed a query');
  console.log(
    `RESULT pdus=${run.pdus} sessions=${run.sessions} bytes=${run.bytes} seconds=${seconds.toFixed(1)} ` +
      `pdus_per_s=${Math.round(run.pdus / seconds)} crashes=${crashes} wrong_answers=${wrong.length} ` +
      `findscu_queries=${queries} protocol_errors=${stats.protocolErrors} ` +
      `assoc_accepted=${stats.associationsAccepted} assoc_rejected=${stats.associationsRejected} ` +
      `refused_busy=${stats.requestsRefusedBusy} finds=${stats.find} echoes=${stats.echo} ` +
      `library_parser_failures=${counts.parserFailures} handler_failures=${stats.handlerFailures} rss_mb=${rssMb}`,
  );
}

await main();
