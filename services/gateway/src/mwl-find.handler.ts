import type { StreamEnd, WorklistFindRepository } from '@mwl/db';
import {
  DimseCancelledError,
  type DicomDataset,
  type DimseContext,
  type DimseFinalStatus,
  type FindResponder,
} from '@mwl/dimse';
import {
  buildResponse,
  CFIND_STATUS,
  describeError,
  planQuery,
  type QueryCoercions,
  type ResponseCharacterSet,
  type WorklistRow,
} from '@mwl/domain';
import type { Logger } from '@mwl/observability';
import { TIMED_OUT } from './deadline.ts';
import { DatabaseTimeoutError } from './errors.ts';
import type { FindOutcome, GatewayMetrics } from './gateway-metrics.ts';

/**
 * Modality Worklist C-FIND (PS3.4 K.4.1.3): plan the identifier, stream one Pending response per
 * matching row as the rows arrive, then the final status. Every path answers:
 * - identifier the planner refuses → 0xA900 with the reason (names the key, never its value);
 * - more matches than `maxResults` → 0xA700 (a capped list never ends in Success or Cancel);
 * - C-CANCEL → reading stops, final 0xFE00;
 * - the store fails or is too slow (`queryTimeoutMs` per page) → 0xC000, promptly; the page's
 *   query is cancelled by the server at that deadline (a statement timeout of its own).
 */

export interface MwlFindOptions {
  maxResults: number;
  /** Rows read per database round trip. */
  pageSize: number;
  /** Longest wait for one page (the first includes the cap check) before answering 0xC000. */
  queryTimeoutMs: number;
  pnCaseInsensitive: boolean;
  /** SPS statuses hidden from a query that names none (default COMPLETED, DISCONTINUED, CANCELED). */
  hiddenStatuses?: readonly string[];
  /** Specific Character Set answered to a calling AE title. */
  charsetFor(callingAeTitle: string): ResponseCharacterSet;
  /** Compatibility coercions for a calling AE title (off unless configured). */
  coercionsFor?(callingAeTitle: string): QueryCoercions | undefined;
}

export interface MwlFindDeps {
  repository: WorklistFindRepository;
  logger: Logger;
  metrics?: GatewayMetrics;
  options: MwlFindOptions;
}

/** A per-page deadline for one query: one timer, re-armed (`refresh()`) for every page's wait. */
function pageDeadline(ms: number) {
  let fired = false;
  let expire: () => void = () => undefined;
  const fresh = () =>
    new Promise<typeof TIMED_OUT>((resolve) => {
      fired = false;
      expire = () => {
        fired = true;
        resolve(TIMED_OUT);
      };
    });
  let timedOut = fresh();
  const timer = setTimeout(() => expire(), ms);
  return {
    within<T>(promise: Promise<T>): Promise<T | typeof TIMED_OUT> {
      // The timer may have fired while nobody waited (a slow client between pages): start afresh.
      if (fired) timedOut = fresh();
      timer.refresh();
      return Promise.race([promise, timedOut]);
    },
    clear: () => clearTimeout(timer),
  };
}

interface Streamed {
  end: StreamEnd | 'cancelled';
  sent: number;
}

async function streamRows(
  ctx: DimseContext,
  responder: FindResponder,
  pages: AsyncGenerator<readonly WorklistRow[], StreamEnd, void>,
  respond: (row: WorklistRow) => Promise<void>,
  queryTimeoutMs: number,
): Promise<Streamed> {
  let sent = 0;
  const deadline = pageDeadline(queryTimeoutMs);
  try {
    for (;;) {
      const next = await deadline.within(pages.next());
      if (next === TIMED_OUT) {
        // The server cancels the abandoned read at the same deadline (statementTimeoutMs).
        pages.return('aborted').catch(() => undefined);
        throw new DatabaseTimeoutError(queryTimeoutMs);
      }
      if (next.done)
        return { end: next.value === 'aborted' && ctx.signal.aborted ? 'cancelled' : next.value, sent };
      for (const row of next.value) await respond(row);
      sent = responder.sent;
    }
  } catch (error) {
    if (error instanceof DimseCancelledError) {
      pages.return('aborted').catch(() => undefined);
      return { end: 'cancelled', sent: responder.sent };
    }
    throw error;
  } finally {
    deadline.clear();
  }
}

export async function handleMwlFind(
  ctx: DimseContext,
  identifier: DicomDataset,
  responder: FindResponder,
  deps: MwlFindDeps,
): Promise<DimseFinalStatus> {
  const { repository, options } = deps;
  const started = performance.now();
  const log = { assocId: ctx.assocId, callingAe: ctx.callingAeTitle, messageId: ctx.messageId };
  const finish = (outcome: FindOutcome, final: DimseFinalStatus, sent: number, extra: object = {}) => {
    const seconds = (performance.now() - started) / 1000;
    deps.metrics?.findFinished(outcome, sent, seconds);
    const level = outcome === 'failed' ? 'error' : 'info';
    deps.logger[level](
      {
        ...log,
        ...extra,
        outcome,
        status: final.status,
        matches: sent,
        durationMs: Math.round(seconds * 1000),
      },
      'C-FIND answered',
    );
    return final;
  };

  const coercions = options.coercionsFor?.(ctx.callingAeTitle);
  const planned = planQuery(identifier, {
    pnCaseInsensitive: options.pnCaseInsensitive,
    ...(options.hiddenStatuses && { hiddenStatuses: options.hiddenStatuses }),
    ...(coercions && { coercions }),
  });
  if (!planned.ok) {
    return finish(
      'refused',
      { status: CFIND_STATUS.identifierDoesNotMatchSopClass, errorComment: planned.reason },
      0,
      { offendingElements: planned.offendingElements },
    );
  }
  const { plan, status: pendingStatus, warnings } = planned;
  const specificCharacterSet = options.charsetFor(ctx.callingAeTitle);
  const respond = (row: WorklistRow) =>
    responder.pending(buildResponse(row, plan.returnKeys, { specificCharacterSet }), pendingStatus);
  const extra = warnings.length > 0 ? { warnings: warnings.map((w) => `${w.code}:${w.keyword}`) } : {};

  let streamed: Streamed;
  try {
    const pages = repository.streamMatchPages(plan, {
      maxResults: options.maxResults,
      pageSize: options.pageSize,
      signal: ctx.signal,
      // The server cancels what our deadline gives up on: no query left waiting on a lock.
      statementTimeoutMs: options.queryTimeoutMs,
    });
    streamed = await streamRows(ctx, responder, pages, respond, options.queryTimeoutMs);
  } catch (error) {
    return finish(
      'failed',
      { status: CFIND_STATUS.unableToProcess, errorComment: 'Worklist unavailable' },
      responder.sent,
      { ...extra, err: describeError(error) },
    );
  }
  switch (streamed.end) {
    case 'complete':
      return finish('success', { status: CFIND_STATUS.success }, streamed.sent, extra);
    case 'over-cap':
      return finish(
        'over_cap',
        { status: CFIND_STATUS.outOfResources, errorComment: `More than ${options.maxResults} matches` },
        streamed.sent,
        extra,
      );
    case 'aborted':
    case 'cancelled':
      return finish('cancelled', { status: CFIND_STATUS.cancel }, streamed.sent, extra);
  }
}
