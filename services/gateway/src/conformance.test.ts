import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_PATH, renderConformanceDocument } from './conformance.ts';

describe('docs/CONFORMANCE.md', () => {
  it('matches what the attribute table generates (run services/gateway/src/conformance.main.ts)', async () => {
    // The one file read here is the checked-in document itself.
    const onDisk = readFileSync(
      fileURLToPath(new URL(`../../../${CONFORMANCE_PATH}`, import.meta.url)),
      'utf8',
    );
    expect(onDisk).toBe(await renderConformanceDocument());
  });

  it('lists Verification, Modality Worklist and MPPS, with the MPPS SCP section', async () => {
    const document = await renderConformanceDocument();
    expect(document).toMatch(/\| Verification +\| 1\.2\.840\.10008\.1\.1 +\| SCP +\|/);
    expect(document).toMatch(
      /\| Modality Worklist Information Model - FIND \| 1\.2\.840\.10008\.5\.1\.4\.31 +\| SCP +\|/,
    );
    expect(document).toMatch(
      /\| Modality Performed Procedure Step +\| 1\.2\.840\.10008\.3\.1\.2\.3\.3 +\| SCP +\|/,
    );
    expect(document).toContain('## Modality Performed Procedure Step SCP');
    expect(document).toContain('Performed Procedure Step Object may no longer be updated');
  });
});
