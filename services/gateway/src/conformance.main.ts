// Writes docs/CONFORMANCE.md (a script, like main.ts the only kind of file with side effects).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE_PATH, renderConformanceDocument } from './conformance.ts';

const target = fileURLToPath(new URL(`../../../${CONFORMANCE_PATH}`, import.meta.url));
await writeFile(target, await renderConformanceDocument(), 'utf8');
process.stdout.write(`wrote ${CONFORMANCE_PATH}\n`);
