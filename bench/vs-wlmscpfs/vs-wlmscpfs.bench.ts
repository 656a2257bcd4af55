// mwl-bridge against DCMTK's wlmscpfs (`npm run bench:vs-wlmscpfs`): the same N items for both
// (worklist files made from a dump2dcm template for wlmscpfs, rows written by the writer's upsert
// for mwl-bridge), the same findscu queries against both, each a fresh findscu process, median of
// 5; prints the ratio of the medians and fails unless both servers returned the same matches.
// N = 100, 10,000 and 100,000 (BENCH_SIZES overrides). One RESULT line per N.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { assignIdentifiers, changeHash } from '@mwl/domain';
import {
  createPrismaClient,
  createWorklistFindRepository,
  upsertWorklistRows,
  type PrismaClient,
} from '@mwl/db';
import { runTool } from '@mwl/dimse/testing';
import { createGateway } from '@mwl/gateway';
import { createLogger } from '@mwl/observability';
import { benchGatewayOptions } from '../gateway/bench-gateway.ts';
import {
  armWatchdog,
  check,
  createScratchDatabase,
  describeMachine,
  pollUntil,
  recordResult,
  withTimeout,
} from '../support.ts';
import { benchEntry, benchItem, PLACEHOLDERS, TEMPLATE_DUMP } from './items.ts';

const SIZES = (process.env.BENCH_SIZES || '100,10000,100000').split(',').map(Number);
const RUNS = 5;
const AE = 'WLM_BENCH';
const FINDSCU_TIMEOUT_MS = 120_000;

interface Query {
  name: string;
  keys: string[];
  /** Items (by index) that must match. */
  expected(n: number): number[];
}

const RETURN_KEYS = [
  'AccessionNumber',
  'PatientName',
  'PatientID',
  'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime',
  'ScheduledProcedureStepSequence[0].ScheduledProcedureStepID',
];

const QUERIES: Query[] = [
  {
    name: 'station_day',
    keys: [
      'ScheduledProcedureStepSequence[0].Modality=MR',
      'ScheduledProcedureStepSequence[0].ScheduledStationAETitle=ST00',
      'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20260301',
    ],
    expected: (n) => Array.from({ length: Math.ceil(n / 100) }, (_, k) => k * 100),
  },
  {
    name: 'patient',
    keys: ['PatientID=PID0000042', 'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate='],
    expected: (n) => (n > 42 ? [42] : []),
  },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The worklist file template, made once by dump2dcm; every placeholder exactly once. */
async function template(dir: string): Promise<Buffer> {
  const dump = path.join(dir, 'template.dump');
  const file = path.join(dir, 'template.wl');
  writeFileSync(dump, TEMPLATE_DUMP);
  const run = await runTool('dump2dcm', [dump, file], { timeoutMs: 30_000 });
  check(run.exitCode === 0, `dump2dcm failed: ${run.stderr}`);
  const bytes = readFileSync(file);
  for (const [placeholder] of PLACEHOLDERS) {
    const at = bytes.indexOf(placeholder, 0, 'latin1');
    check(
      at >= 0 && bytes.lastIndexOf(placeholder, undefined, 'latin1') === at,
      `placeholder ${placeholder} not unique`,
    );
  }
  return bytes;
}

function writeWorklistFiles(dir: string, bytes: Buffer, n: number): void {
  const aeDir = path.join(dir, AE);
  mkdirSync(aeDir, { recursive: true });
  writeFileSync(path.join(aeDir, 'lockfile'), '');
  const offsets = PLACEHOLDERS.map(([placeholder, field]) => ({
    at: bytes.indexOf(placeholder, 0, 'latin1'),
    length: placeholder.length,
    field,
  }));
  for (let i = 0; i < n; i++) {
    const item = benchItem(i);
    const file = Buffer.from(bytes);
    for (const { at, length, field } of offsets) {
      check(item[field].length === length, `item ${i}: ${field} is not ${length} characters`);
      file.write(item[field], at, length, 'latin1');
    }
    writeFileSync(path.join(aeDir, `item${i}.wl`), file);
  }
}

async function fillDatabase(prisma: PrismaClient, n: number): Promise<void> {
  for (let start = 0; start < n; start += 2000) {
    const rows = Array.from({ length: Math.min(2000, n - start) }, (_, k) => {
      const entry = benchEntry(start + k);
      return { entry, changeHash: changeHash(entry), identifiers: assignIdentifiers(entry) };
    });
    const counts = await upsertWorklistRows(prisma, 'bench', rows);
    check(counts.inserted === rows.length, `inserted ${counts.inserted} of ${rows.length} rows`);
  }
  await prisma.$executeRawUnsafe('ANALYZE worklist_item');
}

async function startWlmscpfs(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn('wlmscpfs', ['-dfp', dir, String(port)], { stdio: 'ignore' });
  await pollUntil(
    async () => {
      const run = await runTool('echoscu', ['-aec', AE, '127.0.0.1', String(port)], { timeoutMs: 10_000 });
      return run.exitCode === 0 ? true : undefined;
    },
    30_000,
    'wlmscpfs start',
  );
  return child;
}

function findscuArgs(port: number, query: Query, showResponses: boolean): string[] {
  const keys = [...query.keys, ...RETURN_KEYS.filter((k) => !query.keys.some((q) => q.startsWith(k)))];
  return [
    '-W',
    ...(showResponses ? ['+sr'] : []),
    '-aet',
    'BENCH',
    '-aec',
    AE,
    ...keys.flatMap((key) => ['-k', key.includes('=') ? key : `${key}=`]),
    '127.0.0.1',
    String(port),
  ];
}

/** The accession numbers of the matches (from findscu's response dump), sorted. */
async function matchesOf(port: number, query: Query): Promise<string[]> {
  const run = await withTimeout(
    runTool('findscu', findscuArgs(port, query, true), { timeoutMs: FINDSCU_TIMEOUT_MS }),
    FINDSCU_TIMEOUT_MS + 5_000,
    'findscu',
  );
  check(run.exitCode === 0, `findscu failed (exit ${run.exitCode})`);
  const text = run.stdout + run.stderr;
  return [...text.matchAll(/\(0008,0050\) SH \[(ACC\d+) *\]/g)].map((m) => m[1]!).sort();
}

async function medianMs(port: number, query: Query): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    const run = await runTool('findscu', findscuArgs(port, query, false), { timeoutMs: FINDSCU_TIMEOUT_MS });
    check(run.exitCode === 0, `findscu failed (exit ${run.exitCode})`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

async function compareAt(n: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mwl-vs-wlmscpfs-'));
  const scratch = await createScratchDatabase();
  const prisma = createPrismaClient({
    databaseUrl: scratch.databaseUrl,
    poolSize: 4,
    applicationName: 'mwl-bench',
  });
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const gateway = createGateway({
    logger,
    repository: createWorklistFindRepository(prisma),
    options: { ...benchGatewayOptions(0), aeTitles: [AE], maxResults: 10_000 },
  });
  let wlmscpfs: ChildProcess | undefined;
  try {
    let started = performance.now();
    writeWorklistFiles(dir, await template(dir), n);
    const filesS = (performance.now() - started) / 1000;
    started = performance.now();
    await fillDatabase(prisma, n);
    console.log(
      `N=${n}: ${n} worklist files in ${filesS.toFixed(1)} s, ${n} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const wlmPort = await freePort();
    wlmscpfs = await startWlmscpfs(dir, wlmPort);
    const { port: mwlPort } = await gateway.listen();

    const figures: string[] = [];
    for (const query of QUERIES) {
      const expected = query
        .expected(n)
        .map((i) => benchItem(i).accession)
        .sort();
      const [wlmMatches, mwlMatches] = [await matchesOf(wlmPort, query), await matchesOf(mwlPort, query)];
      check(
        JSON.stringify(wlmMatches) === JSON.stringify(expected),
        `N=${n} ${query.name}: wlmscpfs returned ${wlmMatches.length} matches, expected ${expected.length}`,
      );
      check(
        JSON.stringify(mwlMatches) === JSON.stringify(wlmMatches),
        `N=${n} ${query.name}: mwl-bridge returned ${mwlMatches.length} matches, wlmscpfs ${wlmMatches.length}`,
      );
      const wlmMs = await medianMs(wlmPort, query);
      const mwlMs = await medianMs(mwlPort, query);
      console.log(
        `N=${n} ${query.name}: ${mwlMatches.length} matches from both; findscu median ` +
          `wlmscpfs ${wlmMs.toFixed(1)} ms, mwl-bridge ${mwlMs.toFixed(1)} ms, ratio ${(wlmMs / mwlMs).toFixed(2)}`,
      );
      figures.push(
        `${query.name}_matches=${mwlMatches.length} ${query.name}_wlmscpfs_ms=${wlmMs.toFixed(1)} ` +
          `${query.name}_mwl_ms=${mwlMs.toFixed(1)} ${query.name}_ratio=${(wlmMs / mwlMs).toFixed(2)}`,
      );
    }
    const figure = `n=${n} same_matches=true ${figures.join(' ')}`;
    recordResult({
      bench: `vs-wlmscpfs N=${n}`,
      figure,
      command: `BENCH_SIZES=${n} npm run bench:vs-wlmscpfs`,
    });
    console.log(`RESULT ${figure}`);
  } finally {
    wlmscpfs?.kill();
    await gateway.close({ deadlineMs: 1_000 });
    await prisma.$disconnect();
    await scratch.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

armWatchdog(60 * 60_000, 'bench:vs-wlmscpfs');
console.log(describeMachine());
for (const n of SIZES) await compareAt(n);
