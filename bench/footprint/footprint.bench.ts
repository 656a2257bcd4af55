// Idle footprint (`npm run bench:footprint`): the built `mwl-bridge start` with the demo config, run
// as a site runs it (plain node, the bin), once on the embedded database (PGlite in a fresh folder,
// in-process queue) and once on PostgreSQL (a scratch migrated database, still no Redis). Each run
// waits for /health/ready and for the demo's items to be answered by findscu, idles, samples the
// process's resident memory (VmRSS) every second and keeps the largest, then stops it with SIGTERM.
// RSS, not time, so a busy machine distorts it little. Ends with one RESULT line. The figure is
// the first idle seconds after start-up: V8 shrinks its heap later (~35 s on), so a longer
// BENCH_IDLE_SECONDS shows the RSS falling. Another Node: `/path/to/node --import tsx <this file>`
// (the bridge runs on the same binary).
//
// Env: DATABASE_URL (server for the scratch database; default postgresql://postgres@127.0.0.1:5432/postgres),
// BENCH_IDLE_SECONDS (default 10), BENCH_NODE_FLAGS (e.g. "--liftoff-only", put before the bin),
// BENCH_BREAKDOWN=1 (also print heap/external/arrayBuffers from inside the process, through a
// preloaded probe), BENCH_ENFORCE_GOALS=1 (exit 1 when a goal of issue 10 is missed),
// BENCH_SKIP_BUILD=1 (measure services/*/dist as it is). The child gets the NODE_OPTIONS and
// MALLOC_ARENA_MAX of `npm start` unless this shell sets them (an empty value turns one off).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { findscu } from '@mwl/dimse/testing';
import { procStatusMb, residentKindsMb, sleep, startBridge, type BridgePorts } from './bridge-process.ts';
import { createScratchDatabase, describeMachine, recordResult } from '../support.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DEMO_CONFIG = 'examples/demo/mwl.json';
const DEMO_CSV = path.join(root, 'examples/demo/worklist.csv');
const PROBE = path.join(root, 'bench/footprint/memory-probe.js');
const IDLE_MS = Number(process.env.BENCH_IDLE_SECONDS || 10) * 1000;
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
const BREAKDOWN = process.env.BENCH_BREAKDOWN === '1';
const STARTUP_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;
const GOALS = { embedded: 250, pg: 120 } as const;

type Mode = keyof typeof GOALS;

interface Measurement {
  idleRssMb: number;
  samples: number[];
  peakRssMb: number;
  anonymousMb: number;
  readyS: number;
  items: number;
  inside: string | undefined;
}

/** The demo CSV's accession numbers: what the gateway must answer once the fetcher ran. */
async function demoAccessions(): Promise<string[]> {
  const [header, ...rows] = (await readFile(DEMO_CSV, 'utf8')).trim().split('\n');
  const column = header?.split(',').indexOf('accession') ?? -1;
  if (column < 0) throw new Error(`${DEMO_CSV} has no accession column`);
  return rows.map((row) => row.split(',')[column] ?? '').sort();
}

async function waitReady(healthPort: number, deadline: number): Promise<void> {
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${healthPort}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`/health/ready answered ${status}, not 200`);
    await sleep(250);
  }
}

/** Asks the gateway with dcmtk's findscu until it answers exactly the demo's accessions. */
async function waitForItems(port: number, expected: string[], deadline: number): Promise<number> {
  for (;;) {
    const run = await findscu(
      { host: '127.0.0.1', port, calledAeTitle: 'MWL_BRIDGE' },
      { keys: ['AccessionNumber=', 'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate='] },
    );
    if (run.finalStatus !== 0)
      throw new Error(`findscu ended with status ${run.finalStatusText ?? run.exitCode}`);
    const last = run.responses.map((item) => accessionOf(item['AccessionNumber'])).sort();
    if (last.join() === expected.join()) return last.length;
    if (Date.now() > deadline) {
      throw new Error(
        `the gateway answered ${last.length} items (${last.join(' ')}), not ${expected.join(' ')}`,
      );
    }
    await sleep(1000);
  }
}

function accessionOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

async function measure(mode: Mode, env: NodeJS.ProcessEnv, args: string[]): Promise<Measurement> {
  const probeFile = path.join(tmpdir(), `mwl-footprint-probe-${process.pid}-${mode}.json`);
  const nodeFlags = BREAKDOWN ? [...NODE_FLAGS, '--import', pathToFileURL(PROBE).href] : NODE_FLAGS;
  const bridge = startBridge({
    cwd: root,
    args: ['start', '--config', DEMO_CONFIG, '--port', '0', '--health-port', '0', '--api-port', '0', ...args],
    env: BREAKDOWN ? { ...env, MWL_FOOTPRINT_PROBE: probeFile } : env,
    nodeFlags,
  });
  try {
    const started = Date.now();
    const deadline = started + STARTUP_TIMEOUT_MS;
    const ports: BridgePorts = await bridge.ports(STARTUP_TIMEOUT_MS);
    await waitReady(ports.health, deadline);
    const items = await waitForItems(ports.gateway, await demoAccessions(), deadline);
    const readyS = (Date.now() - started) / 1000;
    const samples: number[] = [];
    for (let elapsed = 0; elapsed < IDLE_MS; elapsed += 1000) {
      await sleep(1000);
      samples.push(await procStatusMb(bridge.pid, 'VmRSS'));
    }
    const peakRssMb = await procStatusMb(bridge.pid, 'VmHWM');
    const { anonymous } = await residentKindsMb(bridge.pid);
    const inside = BREAKDOWN ? await readFile(probeFile, 'utf8').catch(() => undefined) : undefined;
    await waitReady(ports.health, Date.now() + 5_000);
    const code = await bridge.stop(STOP_TIMEOUT_MS);
    if (code !== 0) throw new Error(`mwl-bridge exited ${code} after SIGTERM:\n${bridge.tail()}`);
    return {
      idleRssMb: Math.max(...samples),
      samples,
      peakRssMb,
      anonymousMb: anonymous,
      readyS,
      items,
      inside,
    };
  } catch (error) {
    console.error(`${mode}: last output of mwl-bridge:\n${bridge.tail()}`);
    throw error;
  } finally {
    bridge.kill();
    await rm(probeFile, { force: true });
  }
}

/** The child's whole environment: none of this shell's database, queue or mwl-bridge settings. */
/**
 * The memory settings a site runs with, as `npm start` sets them (`NAME=value` words before
 * `node services/cli/bin/…` in package.json; the Dockerfile sets the same, which a deploy test checks).
 */
async function siteRuntimeEnv(): Promise<NodeJS.ProcessEnv> {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = pkg.scripts.start?.split('&&').find((part) => part.includes('services/cli/bin/')) ?? '';
  const env: NodeJS.ProcessEnv = {};
  for (const [, name, value] of command.matchAll(/\b([A-Z_]+)=(\S+)/g)) env[name!] = value;
  return env;
}

async function baseEnv(): Promise<NodeJS.ProcessEnv> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'MALLOC_ARENA_MAX', 'NODE_OPTIONS'];
  const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'info', ...(await siteRuntimeEnv()) };
  // This shell's values win: e.g. NODE_OPTIONS= MALLOC_ARENA_MAX= to measure without the settings.
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

function report(mode: Mode, m: Measurement): void {
  const mb = (n: number) => n.toFixed(0);
  console.log(
    `${mode}: ready with ${m.items} items in ${m.readyS.toFixed(1)} s; idle RSS max ${mb(m.idleRssMb)} MB ` +
      `(samples ${m.samples.map(mb).join(' ')}), anonymous ${mb(m.anonymousMb)} MB, peak (VmHWM) ${mb(m.peakRssMb)} MB; SIGTERM exit 0`,
  );
  if (m.inside !== undefined) console.log(`${mode}: inside ${m.inside.trim()}`);
}

async function main(): Promise<void> {
  console.log(describeMachine());
  if (NODE_FLAGS.length > 0) console.log(`node flags: ${NODE_FLAGS.join(' ')}`);
  const runtime = await baseEnv();
  console.log(
    `runtime env: NODE_OPTIONS=${runtime.NODE_OPTIONS ?? ''} MALLOC_ARENA_MAX=${runtime.MALLOC_ARENA_MAX ?? ''}`,
  );
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: root });
  }
  if (!existsSync(path.join(root, 'services/cli/dist/main.js'))) throw new Error('the build wrote no dist');
  // As `npm start` does: the demo source reads worklist.current.csv, the demo moved to today.
  await promisify(execFile)(process.execPath, ['services/cli/dist/demo/demo.main.js'], { cwd: root });

  const dataDir = await mkdtemp(path.join(tmpdir(), 'mwl-footprint-'));
  let embedded: Measurement;
  try {
    embedded = await measure('embedded', await baseEnv(), ['--data-dir', path.join(dataDir, 'data')]);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  report('embedded', embedded);

  const scratch = await createScratchDatabase();
  let pg: Measurement;
  try {
    pg = await measure('pg', { ...(await baseEnv()), DATABASE_URL: scratch.databaseUrl }, []);
  } finally {
    await scratch.drop();
  }
  report('pg', pg);

  const missed = (Object.keys(GOALS) as Mode[]).filter(
    (mode) => (mode === 'embedded' ? embedded : pg).idleRssMb > GOALS[mode],
  );
  console.log(
    `goals (issue 10): embedded ≤ ${GOALS.embedded} MB, with DATABASE_URL ≤ ${GOALS.pg} MB: ` +
      (missed.length === 0
        ? 'met'
        : `missed by ${missed.map((mode) => `${mode} ${((mode === 'embedded' ? embedded : pg).idleRssMb - GOALS[mode]).toFixed(0)} MB`).join(', ')}`),
  );
  const figure =
    `idle_rss_mb_embedded=${embedded.idleRssMb.toFixed(0)} idle_rss_mb_pg=${pg.idleRssMb.toFixed(0)} ` +
    `peak_rss_mb_embedded=${embedded.peakRssMb.toFixed(0)} peak_rss_mb_pg=${pg.peakRssMb.toFixed(0)}`;
  // A run with other node flags or settings is a tuning run, not the product's figure.
  if (
    NODE_FLAGS.length === 0 &&
    process.env.NODE_OPTIONS === undefined &&
    process.env.MALLOC_ARENA_MAX === undefined
  ) {
    recordResult({
      bench: 'footprint (idle start, demo config)',
      figure,
      command: 'npm run bench:footprint',
    });
  }
  console.log(`RESULT ${figure}`);
  if (missed.length > 0 && process.env.BENCH_ENFORCE_GOALS === '1') process.exitCode = 1;
}

await main();
