#!/usr/bin/env node
// The mwl-bridge command: runs the built JavaScript (`npm run build` writes ../dist).
/* global process, URL */
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// Memory (bench:footprint): Prisma plans queries in a WebAssembly module; V8's baseline compiler
// (Liftoff) is enough for it and spares the optimizing tier's ~30 MB of compiled code. Read when a
// module is compiled, so setting it here, before anything loads, takes effect. The young generation
// and malloc arenas are fixed at process start instead: the image and `npm start` set
// NODE_OPTIONS=--max-semi-space-size=1 and MALLOC_ARENA_MAX=2 (docs/PERFORMANCE.md).
setFlagsFromString('--liftoff-only');

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('mwl-bridge is not built: run "npm run build" in its folder first.\n');
  process.exit(1);
}
// Stack traces through the TypeScript sources on request: NODE_OPTIONS=--enable-source-maps (it
// keeps every bundle's source map in memory, ~13 MB, so it is not the default).
await import(main.href);
