#!/usr/bin/env node
// The mwl-bridge command: runs the built JavaScript (`npm run build` writes ../dist).
/* global process, URL */
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('mwl-bridge is not built: run "npm run build" in its folder first.\n');
  process.exit(1);
}
// Stack traces point into the TypeScript sources.
process.setSourceMapsEnabled(true);
await import(main.href);
