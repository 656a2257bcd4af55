// Preloaded into the measured process by `bench:footprint` with BENCH_BREAKDOWN=1 (`node --import`):
// writes process.memoryUsage() in MB to $MWL_FOOTPRINT_PROBE every second. Plain JavaScript, so
// plain node loads it; it adds one timer and no module of ours.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';

const file = process.env.MWL_FOOTPRINT_PROBE;
if (file) {
  const mb = (bytes) => Math.round(bytes / 1048576);
  setInterval(() => {
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    writeFileSync(
      file,
      `rss ${mb(rss)} MB: heapTotal ${mb(heapTotal)}, heapUsed ${mb(heapUsed)}, ` +
        `external ${mb(external)} (arrayBuffers ${mb(arrayBuffers)})\n`,
    );
  }, 1000).unref();
}
