/**
 * A fake Calpendo for tests: a real HTTP server on 127.0.0.1 (port 0) answering the WebDAV JSON
 * API the Calpendo source uses, with HTTP Basic auth (401 otherwise):
 *
 * - `GET /webdav/q/Calpendo.Booking/{query}`: the booking list, `{"biskits": [{id, formattedName,
 *   title, status, biskitType}]}`, filtered by a prefix-notation query (`AND`/`OR`, `EQ`/`NE`/`GE`/
 *   `GT`/`LE`/`LT` on `dateRange.start`, `resource.name`, `status`, …; see `query.ts`);
 * - `GET /webdav/b/Calpendo.Booking/{id}`: a booking's detail (404 when it is gone);
 * - `GET /webdav/q/MRIScan/id/eq/{id}?paths=Operator.name`: an MRI scan's operator.
 *
 * For tests: recorded-style fixtures (`fixtures/*.json`, America/Edmonton DST days), mutations
 * (add, update — re-time, re-title —, cancel, remove), injectable faults per request kind or
 * booking (500, 503, 401, 404, invalid JSON, hang, reset), latency, and counters (requests per
 * kind, highest concurrency per kind, TCP connections).
 */
export { startFakeCalpendo, type FakeCalpendo, type StartFakeCalpendoOptions } from './server.ts';
export type {
  FakeCalpendoFault,
  FakeCalpendoFaultKind,
  FakeCalpendoRequest,
  FakeCalpendoRequestKind,
  FakeCalpendoStats,
} from './requests.ts';
export {
  bookingFromRecorded,
  detailView as calpendoDetailView,
  listView as calpendoListView,
  type FakeBooking,
  type RecordedBooking,
} from './model.ts';
export {
  matchesQuery as matchesCalpendoQuery,
  parseQuery as parseCalpendoQuery,
  QueryError as CalpendoQueryError,
  type QueryExpr as CalpendoQueryExpr,
} from './query.ts';
export {
  briskpBookingTomorrow,
  calpendoSourceFixture,
  edmontonDay,
  EDMONTON_EXPECTED,
  EDMONTON_WINDOWS,
  FAKE_CALPENDO_FIXTURES,
  loadFakeCalpendoFixture,
  pylantirCalpendoSourceFixture,
  type CalpendoSourceFixture,
  type ExpectedCalpendoEntry,
  type FakeCalpendoAddress,
  type FakeCalpendoFixture,
  type FakeCalpendoFixtureName,
} from './fixtures.ts';
