import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { currentDemoCsv } from './demo-worklist.ts';

/** The demo's template (tracked, fixed dates) and its current copy (gitignored, from today). */
export const DEMO_TEMPLATE = fileURLToPath(
  new URL('../../../../examples/demo/worklist.csv', import.meta.url),
);
export const DEMO_CURRENT = fileURLToPath(
  new URL('../../../../examples/demo/worklist.current.csv', import.meta.url),
);

/**
 * Writes the current copy for `today` (YYYY-MM-DD): through a temp file and a rename, so a demo
 * reading it never sees half a file.
 */
export async function refreshDemoWorklist(
  today: string,
  paths = { template: DEMO_TEMPLATE, current: DEMO_CURRENT },
): Promise<string> {
  const csv = currentDemoCsv(await readFile(paths.template, 'utf8'), today);
  const temp = `${paths.current}.${process.pid}.tmp`;
  await writeFile(temp, csv);
  await rename(temp, paths.current);
  return csv;
}
