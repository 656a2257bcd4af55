// Calpendo fetch time against the fake Calpendo: 200 bookings, every request answered after 50 ms,
// one full-window fetch with detail concurrency 1, then one with 5. Each fetch lists the window
// once and reads every booking's detail and its MRI scan operator (Pylantir's N+1 pattern, now
// bounded and on pooled keep-alive connections). Not a test: run with `npm run bench:calpendo`.
//
// Env: BENCH_BOOKINGS (default 200), BENCH_LATENCY_MS (default 50), BENCH_CONCURRENCY (the second
// run's concurrency, default 5).
import { calpendoPlugin, createUndiciHttpClient } from '@mwl/sources';
import {
  calpendoSourceFixture,
  startFakeCalpendo,
  type FakeBooking,
  type FakeCalpendo,
} from '@mwl/testing/fake-calpendo';
import { describeMachine } from '../support.ts';

const bookings = Number(process.env.BENCH_BOOKINGS || 200);
const latencyMs = Number(process.env.BENCH_LATENCY_MS || 50);
const highConcurrency = Number(process.env.BENCH_CONCURRENCY || 5);
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const WINDOW = { from: new Date('2026-03-10T06:00:00Z'), to: new Date('2026-03-11T06:00:00Z') };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `count` bookings of 2026-03-10 (America/Edmonton), five minutes apart from 06:00, on two scanners. */
function syntheticBookings(count: number): FakeBooking[] {
  return Array.from({ length: count }, (_, i) => {
    const startMinutes = 6 * 60 + i * 5;
    const local = (minutes: number) => `2026-03-10 ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;
    return {
      id: 80_000 + i,
      title: `SUB${pad(i, 4)} - Given${i} Family${i}`,
      status: i % 20 === 0 ? 'Pending' : 'Approved',
      biskitType: 'MRIScan',
      resource: i % 2 === 0 ? '3T Diagnostic' : '3T Research',
      project: 'BRISKP (Brain network study)',
      start: local(startMinutes),
      end: local(startMinutes + 5),
      durationInMinutes: 5,
      operator: 'Tech Alex Kim',
    };
  });
}

interface Run {
  concurrency: number;
  seconds: number;
  entries: number;
  complete: boolean;
  requests: number;
  maxConcurrentDetails: number;
  connections: number;
}

async function run(fake: FakeCalpendo, concurrency: number): Promise<Run> {
  const fixture = calpendoSourceFixture(fake, { concurrency });
  const config = calpendoPlugin.configSchema.parse({
    config: fixture.config,
    field_mapping: fixture.field_mapping,
  });
  const http = createUndiciHttpClient({ connections: concurrency });
  fake.resetStats();
  try {
    const source = await calpendoPlugin.create(config, {
      sourceName: fixture.name,
      timezone: fixture.timezone,
      http,
      clock: () => new Date(),
      logger: silent,
      env: fixture.env,
    });
    let entries = 0;
    let complete = false;
    const t0 = performance.now();
    for await (const event of source.fetchWindow({ kind: 'full', ...WINDOW })) {
      if (event.type === 'batch') entries += event.entries.length;
      else complete = event.complete;
    }
    const seconds = (performance.now() - t0) / 1000;
    return {
      concurrency,
      seconds,
      entries,
      complete,
      requests: fake.stats.total,
      maxConcurrentDetails: fake.stats.concurrentMaxByKind.detail,
      connections: fake.stats.connections,
    };
  } finally {
    await http.close();
  }
}

async function main() {
  console.log(describeMachine());
  console.log(`bookings=${bookings} latency_ms=${latencyMs} (every request: list, detail, operator)`);

  const fake = await startFakeCalpendo({ bookings: syntheticBookings(bookings) });
  fake.setLatency(latencyMs);
  try {
    const results: Run[] = [];
    for (const concurrency of [1, highConcurrency]) {
      const result = await run(fake, concurrency);
      results.push(result);
      console.log(
        `concurrency=${result.concurrency}: ${result.seconds.toFixed(2)} s, entries=${result.entries} ` +
          `complete=${result.complete} requests=${result.requests} ` +
          `max_concurrent_details=${result.maxConcurrentDetails} connections=${result.connections}`,
      );
      if (!result.complete || result.entries !== bookings)
        throw new Error('the fetch did not read every booking');
    }
    const [c1, cN] = results as [Run, Run];
    console.log(`speed-up: ${(c1.seconds / cN.seconds).toFixed(2)}x`);
    console.log(`RESULT c1_s=${c1.seconds.toFixed(2)} c${cN.concurrency}_s=${cN.seconds.toFixed(2)}`);
  } finally {
    await fake.close();
  }
}

await main();
