// Preloaded into the measured process by `bench:footprint` with BENCH_BREAKDOWN=1 (`node --import`):
// writes process.memoryUsage() in MB to $MWL_FOOTPRINT_PROBE every second, with the npm packages
// loaded so far (CommonJS ones, from require.cache: bullmq, ioredis, undici, dcmjs, prisma, ...).
// Plain JavaScript, so plain node loads it; it adds one timer and no module of ours.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { setInterval } from 'node:timers';

const require = createRequire(import.meta.url);
const file = process.env.MWL_FOOTPRINT_PROBE;

/** `node_modules/<name>` or `node_modules/@scope/name` of every loaded CommonJS file. */
function loadedPackages() {
  const names = new Set();
  for (const path of Object.keys(require.cache)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(path);
    if (match) names.add(match[1]);
  }
  return [...names].sort().join(' ');
}

if (file) {
  const mb = (bytes) => Math.round(bytes / 1048576);
  setInterval(() => {
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    writeFileSync(
      file,
      `rss ${mb(rss)} MB: heapTotal ${mb(heapTotal)}, heapUsed ${mb(heapUsed)}, ` +
        `external ${mb(external)} (arrayBuffers ${mb(arrayBuffers)}); packages: ${loadedPackages()}\n`,
    );
  }, 1000).unref();
}
