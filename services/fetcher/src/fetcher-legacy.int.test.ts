import {
  dbTest,
  fakeRedcapEnv,
  loadFakeRedcapFixture,
  PYLANTIR_REPEATING_CONFIG,
  startFakeRedcap,
  type FakeRedcap,
} from '@mwl/testing';
import { afterEach, describe, expect } from 'vitest';
import {
  harness,
  parsed,
  REPEATING_NEW_FORM,
  waitForRuns,
  withFetchSettings,
  worklistRows,
  type Harness,
} from './test-support.ts';

// Acceptance 2: a Pylantir legacy config (`redcap2wl`, `site`, `protocol`) gives the same rows as
// its new-form equivalent, end to end.

let fake: FakeRedcap | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await fake?.close();
  fake = h = undefined;
});

describe("Pylantir's legacy config", () => {
  // Pylantir's own example, limited to the fields of the repeating fixture project.
  const legacyFile = { db_update_interval: 3600, ...PYLANTIR_REPEATING_CONFIG };

  async function rowsFrom(prisma: Parameters<typeof harness>[0], file: Record<string, unknown>) {
    fake = await startFakeRedcap({
      fixture: loadFakeRedcapFixture('repeating'),
      timezone: 'America/Edmonton',
    });
    h = await harness(prisma);
    const config = withFetchSettings(parsed(file), [{ name: 'redcap' }]);
    // Pylantir's form has no place for it: the fake listens on http://127.0.0.1.
    Object.assign(config.data_sources[0]!.config as object, { allow_insecure_http: true });
    await h.startFetcher(config, fakeRedcapEnv(fake));
    const [run] = await waitForRuns(prisma, 'redcap', 1);
    expect(run).toMatchObject({ outcome: 'succeeded', kind: 'full' });
    const rows = await worklistRows(prisma, 'redcap');
    await h.close();
    await fake.close();
    fake = h = undefined;
    // A clean slate for the next config (same source name).
    await prisma.$transaction([
      prisma.worklistItem.deleteMany(),
      prisma.syncRun.deleteMany(),
      prisma.sourceCursor.deleteMany(),
      prisma.rejection.deleteMany(),
    ]);
    return rows;
  }

  dbTest('yields the same rows as its new-form equivalent', async ({ prisma }) => {
    const fromLegacy = await rowsFrom(prisma, legacyFile);
    const fromNewForm = await rowsFrom(prisma, {
      timezone: 'America/Edmonton',
      data_sources: [{ name: 'redcap', type: 'redcap', sync_interval: 3600, ...REPEATING_NEW_FORM }],
    });
    expect(fromLegacy.map((r) => r.sourceKey)).toEqual(['1/-/mri/1', '1/-/mri/2', '2/-/mri/1']);
    expect(fromLegacy).toEqual(fromNewForm);
  });
});
