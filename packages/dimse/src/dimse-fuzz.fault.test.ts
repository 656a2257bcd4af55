import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DimseStatus } from './status.ts';
import { startTestServer, type RunningTestServer } from './test-server.ts';
import { echoscu, findscu } from './testing/dcmtk.ts';
import { runFuzz } from './testing/fuzz-runner.ts';
import type { DimseHandlers } from './types.ts';

/**
 * Issue 12, acceptance 2: at least 10,000 hostile PDUs (fixed seed) from 127.0.0.2 while dcmtk's
 * findscu, from 127.0.0.1, keeps asking and must keep getting exactly the right answers. A crash
 * (an uncaught exception or rejection in this process) fails the run; so does any wrong answer.
 * bench/fuzz runs the same generator for a million PDUs.
 */

const SEED = 20_261_205;
const PDUS = 10_000;
const WORKLIST = Array.from({ length: 5 }, (_, i) => ({ PatientID: `P${i}`, PatientName: `DOE^JOHN${i}` }));

const handlers: DimseHandlers = {
  onFind: async (_ctx, identifier, responder) => {
    const wanted = identifier['PatientID'];
    const matches =
      typeof wanted === 'string' && wanted !== '' && wanted !== '*'
        ? WORKLIST.filter((item) => item.PatientID === wanted)
        : WORKLIST;
    for (const item of matches)
      await responder.pending({ PatientID: item.PatientID, PatientName: item.PatientName });
    return { status: DimseStatus.Success };
  },
};

let running: RunningTestServer;
beforeAll(async () => {
  running = await startTestServer({
    maxAssociations: 64,
    limits: { maxAssociationsPerAddress: 48, pduTimeoutMs: 2_000 },
    handlers,
  });
});
afterAll(async () => {
  await running.server.close({ deadlineMs: 1_000 });
});

describe('PDU fuzzer', () => {
  it(`survives ${PDUS} hostile PDUs while findscu keeps getting correct answers`, async () => {
    let fuzzing = true;
    const wrong: string[] = [];
    let queries = 0;
    const wellBehaved = (async () => {
      while (fuzzing || queries < 4) {
        const one = queries % 2 === 0;
        const result = await findscu(running.peer(), {
          keys: [one ? 'PatientID=P3' : 'PatientID=', 'PatientName='],
          timeoutMs: 30_000,
        });
        queries++;
        const ids = result.responses.map((r) => r['PatientID']).sort();
        const expected = one ? ['P3'] : WORKLIST.map((item) => item.PatientID);
        if (result.finalStatus !== 0 || JSON.stringify(ids) !== JSON.stringify(expected)) {
          wrong.push(`query ${queries}: status ${result.finalStatus}, ids ${JSON.stringify(ids)}`);
        }
      }
    })();
    const run = await runFuzz(
      { host: running.host, port: running.port, calledAeTitle: 'OURAE', localAddress: '127.0.0.2' },
      { seed: SEED, pdus: PDUS, concurrency: 8 },
    ).finally(() => {
      fuzzing = false;
    });
    await wellBehaved;
    const stats = running.server.stats();
    const parserFailures = running.logger.entries.filter((e) => e.msg === 'DICOM parser failure').length;
    console.info(
      `fuzz: ${run.pdus} PDUs in ${run.sessions} sessions (${run.bytes} bytes), ${queries} findscu queries, ` +
        `${stats.protocolErrors} protocol errors, ${stats.associationsRejected} rejected, ` +
        `${stats.requestsRefusedBusy} refused busy, ${parserFailures} library parser failures`,
    );
    expect(run.pdus).toBeGreaterThanOrEqual(PDUS);
    expect(wrong).toEqual([]);
    expect(queries).toBeGreaterThanOrEqual(4);
    expect(stats.handlerFailures).toBe(0);
    expect(stats.protocolErrors).toBeGreaterThan(0);
    expect((await echoscu(running.peer())).ok).toBe(true);
  });
});
