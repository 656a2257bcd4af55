// Builds what production runs: one ESM bundle per entry point (our workspace packages compiled in,
// every npm dependency left to node_modules), with source maps. Type-checking is `npm run
// typecheck`'s job; this only transpiles, so it takes a second or two and `npm start` can run it
// every time: it skips the build when every bundle is newer than every source.
// Usage: node scripts/build.mjs [--quiet] [--force]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { prismaWasmFile } from './prisma-wasm-file.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Each service's own entry, and the mwl-bridge command that can run every role. */
export const ENTRIES = [
  // `npm start` writes the demo's worklist for today first (demo/demo.main.ts).
  { service: 'cli', entries: ['main.ts', 'demo/demo.main.ts'] },
  { service: 'writer', entries: ['main.ts'] },
  { service: 'gateway', entries: ['main.ts'] },
  { service: 'fetcher', entries: ['main.ts'] },
  { service: 'api', entries: ['main.ts'] },
];

/** Workspace packages are bundled from their TypeScript; anything else bare is an npm package. */
const npmPackagesExternal = {
  name: 'npm-packages-external',
  setup(onBuild) {
    onBuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@mwl/') ? undefined : { path: args.path, external: true },
    );
  },
};

/** Newest modification time of the files a build reads (our sources, this script, the lockfile). */
function newestInput() {
  let newest = Math.max(
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
    statSync(`${root}package-lock.json`).mtimeMs,
  );
  for (const group of ['packages', 'services']) {
    for (const name of readdirSync(`${root}${group}`)) {
      const src = `${root}${group}/${name}/src`;
      if (!existsSync(src)) continue;
      for (const file of readdirSync(src, { recursive: true })) {
        newest = Math.max(newest, statSync(`${src}/${file}`).mtimeMs);
      }
    }
  }
  return newest;
}

/** Every bundle exists and is newer than every input: nothing to do (`npm start` runs this each time). */
function upToDate() {
  const outputs = ENTRIES.map(({ service }) => `${root}services/${service}/dist/main.js`);
  if (!outputs.every((file) => existsSync(file))) return false;
  const oldest = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return oldest > newestInput();
}

export async function buildAll({ quiet = false, force = false } = {}) {
  // A build replaces dist while other processes may be loading from it: never rebuild for nothing.
  if (!force && upToDate()) {
    if (!quiet) process.stdout.write('services/*/dist are up to date\n');
    return;
  }
  const started = performance.now();
  await Promise.all(
    ENTRIES.map(async ({ service, entries }) => {
      const outdir = `${root}services/${service}/dist`;
      await rm(outdir, { recursive: true, force: true });
      await build({
        entryPoints: entries.map((entry) => `${root}services/${service}/src/${entry}`),
        outbase: `${root}services/${service}/src`,
        outdir,
        bundle: true,
        // Commands load lazily (`mwl-bridge echo` needs neither the database nor the queue).
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'node20.19',
        sourcemap: true,
        // Names stay readable in stack traces and in errors' `name`.
        keepNames: true,
        logLevel: quiet ? 'error' : 'warning',
        plugins: [npmPackagesExternal, prismaWasmFile({ outdir })],
      });
    }),
  );
  if (!quiet) {
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      `built ${ENTRIES.map((e) => `services/${e.service}/dist`).join(', ')} in ${ms} ms\n`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildAll({ quiet: process.argv.includes('--quiet'), force: process.argv.includes('--force') });
}
