import type { WorklistEntry } from '@mwl/domain';
import { specFields } from '../mapping/spec-schema.ts';
import type {
  FetchBatch,
  FetchEvent,
  FetchStats,
  FetchWindowRequest,
  SourceDeps,
  SourceInstance,
} from '../plugin.ts';
import type { EntryWarning, Rejection } from '../rejection.ts';
import { OPERATOR_FIELDS, type CalpendoSourceConfig } from './config.ts';
import { buildClient } from './connect.ts';
import { processBooking, screenListed, type BookingContext } from './process-booking.ts';
import { bookingListQuery } from './query.ts';
import { operatorFailureWarnings, readBookings, readFailureRejection } from './read-bookings.ts';
import { bookingId, parseBookingList, type ListedBooking } from './responses.ts';
import { createStatusRule } from './rules.ts';
import { calpendoWindow, type WindowOptions } from './window.ts';

/**
 * A configured Calpendo source. `fetchWindow` lists the bookings starting in the window (Calpendo
 * can filter on start time only: there is no modification time), reads their details with bounded
 * concurrency and maps them. A `full` fetch is complete only when every booking of the window was
 * read; a booking whose detail failed is a rejection and makes the window incomplete, so nothing is
 * cancelled. An `incremental` fetch covers `request.scheduled`, else the configured window, and is
 * never complete.
 */
export interface CalpendoSourceInstance extends SourceInstance {
  /** The window (lookback + horizon) a fetch at `now` covers: what the fetcher's full fetches ask. */
  defaultWindow(now?: Date, options?: WindowOptions): { from: Date; to: Date };
}

const emptyStats = (): FetchStats => ({ rows: 0, entries: 0, rejections: 0, skipped: 0, outsideWindow: 0 });

export function createCalpendoSource(source: CalpendoSourceConfig, deps: SourceDeps): CalpendoSourceInstance {
  const { config, field_mapping } = source;
  const timezone = config.timezone ?? deps.timezone;
  const client = buildClient(source, deps);
  const readsOperator = Object.values(field_mapping)
    .flatMap(specFields)
    .some((field) => (OPERATOR_FIELDS as readonly string[]).includes(field));
  const fetchOperator =
    config.fetch_operator === 'always' || (config.fetch_operator === 'auto' && readsOperator);
  const statusOf = createStatusRule({
    statusMap: config.status_map,
    statusFilter: config.status_filter,
    skipPending: config.skip_pending,
  });
  const operatorTargets = Object.entries(field_mapping)
    .filter(([, spec]) =>
      specFields(spec).some((field) => (OPERATOR_FIELDS as readonly string[]).includes(field)),
    )
    .map(([target]) => target);
  if (source.notes.length > 0)
    deps.logger.info({ notes: source.notes }, 'Calpendo field_mapping converted from Pylantir form');

  const context = (window: { from: Date; to: Date } | undefined): BookingContext => ({
    source: deps.sourceName,
    timezone,
    fields: field_mapping,
    statusOf,
    modalityMapping: config.resource_modality_mapping,
    defaultModality: config.default_modality,
    allowedStudies: config.allowed_studies,
    ...(window ? { window } : {}),
  });

  const listBookings = async (
    window: { from: Date; to: Date },
    signal?: AbortSignal,
  ): Promise<ListedBooking[]> => {
    const query = bookingListQuery({
      from: window.from,
      to: window.to,
      timezone,
      resources: config.resources,
    });
    const listed = parseBookingList(
      await client.get(`q/Calpendo.Booking/${query}`, { kind: 'list', signal }),
    );
    const byId = new Map<string, ListedBooking>();
    for (const booking of listed) byId.set(booking.id, booking);
    return [...byId.values()];
  };

  async function* run(
    listed: readonly ListedBooking[],
    window: { from: Date; to: Date } | undefined,
    wholeWindow: boolean,
    kind: string,
    signal: AbortSignal | undefined,
    started: number,
  ): AsyncGenerator<FetchEvent> {
    const ctx = context(window);
    const stats = emptyStats();
    stats.rows = listed.length;
    const skippedBy: Record<string, number> = {};
    const skip = (reason: string) => {
      stats.skipped++;
      skippedBy[reason] = (skippedBy[reason] ?? 0) + 1;
    };
    const toRead: ListedBooking[] = [];
    for (const booking of listed) {
      const screened = window ? screenListed(booking, ctx) : 'fetch';
      if (screened === 'fetch') toRead.push(booking);
      else if (screened.kind === 'outside') stats.outsideWindow++;
      else if (screened.kind === 'skipped') skip(screened.reason);
    }

    const reads = await readBookings(toRead, {
      client,
      concurrency: config.concurrency,
      fetchOperator,
      signal,
    });
    const seenKeys: string[] = [];
    const rejectedKeys: string[] = [];
    const warningCounts: Record<string, number> = {};
    let readFailures = 0;
    let entries: WorklistEntry[] = [];
    let rejections: Rejection[] = [];
    let warnings: EntryWarning[] = [];
    const flush = (): FetchBatch => {
      const batch: FetchBatch = { type: 'batch', entries, rejections, warnings };
      entries = [];
      rejections = [];
      warnings = [];
      return batch;
    };
    const reject = (rejection: Rejection) => {
      rejections.push(rejection);
      rejectedKeys.push(rejection.sourceKey);
      stats.rejections++;
    };

    for (const read of reads) {
      if (read.kind === 'vanished') skip('vanished');
      else if (read.kind === 'failed') {
        readFailures++;
        reject(readFailureRejection(read));
      } else {
        const outcome = processBooking(read, ctx);
        if (outcome.kind === 'outside') stats.outsideWindow++;
        else if (outcome.kind === 'skipped') skip(outcome.reason);
        else if (outcome.kind === 'rejection') reject(outcome.rejection);
        else {
          const entryWarnings = [...outcome.warnings, ...operatorFailureWarnings(read, operatorTargets)];
          for (const warning of entryWarnings)
            warningCounts[warning.code] = (warningCounts[warning.code] ?? 0) + 1;
          warnings.push(...entryWarnings);
          entries.push(outcome.entry);
          seenKeys.push(outcome.entry.sourceKey);
          stats.entries++;
        }
      }
      if (entries.length + rejections.length >= config.batch_size) yield flush();
    }
    if (entries.length + rejections.length + warnings.length > 0) yield flush();

    const complete = wholeWindow && readFailures === 0;
    deps.logger.info(
      {
        kind,
        ...stats,
        skippedBy,
        readFailures,
        complete,
        warnings: warningCounts,
        ms: Date.now() - started,
      },
      'Calpendo fetch finished',
    );
    yield { type: 'end', complete, ...(complete ? { seenKeys, rejectedKeys } : {}), stats };
  }

  const defaultWindow = (now?: Date, options?: WindowOptions) =>
    calpendoWindow(config, now ?? deps.clock(), timezone, options);

  return {
    defaultWindow,

    async checkStartup(signal) {
      const now = deps.clock();
      await listBookings({ from: now, to: new Date(now.getTime() + 60_000) }, signal);
    },

    fetchWindow(request: FetchWindowRequest) {
      const window =
        request.kind === 'full'
          ? { from: request.from, to: request.to }
          : (request.scheduled ?? defaultWindow());
      const started = Date.now();
      const signal = request.signal;
      return (async function* () {
        const listed = await listBookings(window, signal);
        yield* run(listed, window, request.kind === 'full', request.kind, signal, started);
      })();
    },

    fetchKeys(keys, options) {
      const listed = [...new Set(keys.map(bookingId).filter((id): id is string => id !== undefined))].map(
        (id) => ({ id }),
      );
      return run(listed, undefined, false, 'keys', options?.signal, Date.now());
    },

    async close() {
      // The HTTP client belongs to the caller.
    },
  };
}
