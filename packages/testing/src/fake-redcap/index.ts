/**
 * A fake REDCap API for tests: a real HTTP server on 127.0.0.1 (port 0) speaking the documented
 * request fields (form-encoded POST, `name[0]=…` arrays, `token`, `content`, `format=json`).
 *
 * Supported: `content=record` (export, flat: `fields`, `forms`, `events`, `records`,
 * `rawOrLabel` for radio/dropdown/yesno/truefalse, `dateRangeBegin`/`dateRangeEnd` against each
 * record's modification time, both bounds exclusive as REDCap documents "after"/"before", and a
 * tiny `filterLogic` subset: `[field] op value` with and/or/parentheses, a record passing when one
 * of its rows does), `metadata`, `project`, `event`, `formEventMapping`, `repeatingFormsEvents`,
 * `version`. A wrong or missing token gets 403 `{"error":"You do not have permissions to use the
 * API"}`; other mistakes get 400 `{"error": …}`. As in REDCap, the record id column is exported
 * only when asked for (or when no fields are named); `<form>_complete` columns are never exported.
 *
 * For tests: mutations stamped with the fake's clock (`setNow`, `advance`), deleting records or
 * repeat instances (which REDCap's modification range never reports), injectable faults (500,
 * 503, hang, invalid JSON, 403, reset) and latency, and request counters (`stats.concurrentMax`).
 */
export {
  localTime as redcapLocalTime,
  startFakeRedcap,
  type FakeRedcap,
  type FakeRedcapFaultKind,
  type FakeRedcapStats,
  type RecordedRequest as FakeRedcapRequest,
  type StartFakeRedcapOptions,
} from './server.ts';
export {
  FakeProject as FakeRedcapProject,
  type FakeRedcapFixture,
  type FlatRow as FakeRedcapRow,
  type MetadataField as FakeRedcapMetadataField,
  type RowIdentity as FakeRedcapRowIdentity,
} from './project.ts';
export type { DetOutcome as FakeRedcapDetOutcome } from './data-entry-trigger.ts';
export {
  FAKE_REDCAP_FIXTURES,
  loadFakeRedcapFixture,
  REDCAP_FIXTURE_MONTH,
  type FakeRedcapFixtureName,
} from './fixtures.ts';
export {
  FilterLogicError as RedcapFilterLogicError,
  parseFilterLogic as parseRedcapFilterLogic,
} from './filter-logic.ts';
export {
  fakeRedcapEnv,
  PYLANTIR_REPEATING_CONFIG,
  redcapSourceFixture,
  type RedcapSourceFixture,
  type RedcapSourceFixtureName,
} from './sources.ts';
export { syntheticRedcapProject } from './synthetic.ts';
