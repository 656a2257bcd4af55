import { readFileSync } from 'node:fs';
import type { FakeRedcapFixture } from './project.ts';

export const FAKE_REDCAP_FIXTURES = ['classic', 'longitudinal', 'repeating'] as const;
export type FakeRedcapFixtureName = (typeof FAKE_REDCAP_FIXTURES)[number];

/** March 2026 in America/Edmonton, the fixture projects' timezone: every scan they schedule is in it. */
export const REDCAP_FIXTURE_MONTH: { readonly from: Date; readonly to: Date } = {
  from: new Date('2026-03-01T07:00:00Z'),
  to: new Date('2026-04-01T06:00:00Z'),
};

/**
 * A recorded-style project (`fixtures/<name>.json`): `project` (content=project), `metadata`
 * (content=metadata), `events`/`formEventMapping` (longitudinal), `repeatingFormsEvents`, and
 * `records`, each with its flat export rows and last modification time (server local time).
 * A fresh copy per call: tests may change it.
 */
export function loadFakeRedcapFixture(name: FakeRedcapFixtureName): FakeRedcapFixture {
  const text = readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8');
  return JSON.parse(text) as FakeRedcapFixture;
}
