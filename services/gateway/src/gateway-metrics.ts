import type { DimseServerStats } from '@mwl/dimse';
import type { Metrics } from '@mwl/observability';

/** How a C-FIND ended, as a metric label and a log field. */
export type FindOutcome = 'success' | 'cancelled' | 'refused' | 'over_cap' | 'failed';

/** How an MPPS N-CREATE or N-SET was answered, as a metric label and a log field. */
export type MppsOutcome =
  | 'created'
  | 'updated'
  | 'completed'
  | 'discontinued'
  | 'duplicate'
  | 'not_found'
  | 'missing_attribute'
  | 'missing_value'
  | 'invalid_value'
  | 'final'
  | 'failed';

export type MppsOperation = 'n_create' | 'n_set';

/**
 * Distinct calling AE titles given their own label value; later ones count as `other`, so a peer
 * inventing titles cannot grow the metric without bound.
 */
export const MAX_CALLING_AE_LABELS = 64;

export interface GatewayMetrics {
  findFinished(outcome: FindOutcome, matches: number, durationSeconds: number): void;
  mppsAnswered(operation: MppsOperation, outcome: MppsOutcome, callingAeTitle: string): void;
  echoAnswered(): void;
  /** Reads association counters from the DICOM server at every scrape. */
  observeServer(stats: () => DimseServerStats): void;
}

/** Latency buckets from a 5 ms single match to a slow 30 s stream. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createGatewayMetrics(metrics: Metrics): GatewayMetrics {
  let readStats: (() => DimseServerStats) | undefined;
  const seen = { accepted: 0, rejected: 0, aborted: 0, protocolErrors: 0 };

  const queries = metrics.counter<'outcome'>({
    name: 'mwl_gateway_cfind_queries_total',
    help: 'Modality Worklist C-FIND queries answered, by outcome',
    labelNames: ['outcome'],
  });
  const matches = metrics.counter({
    name: 'mwl_gateway_cfind_matches_total',
    help: 'Pending C-FIND responses sent (one per matching worklist item)',
  });
  const duration = metrics.histogram<'outcome'>({
    name: 'mwl_gateway_cfind_duration_seconds',
    help: 'Time from C-FIND request to final response, by outcome',
    labelNames: ['outcome'],
    buckets: DURATION_BUCKETS,
  });
  const echoes = metrics.counter({
    name: 'mwl_gateway_echo_requests_total',
    help: 'C-ECHO requests answered',
  });
  metrics.gauge({
    name: 'mwl_gateway_associations_active',
    help: 'DICOM associations currently established',
    collect() {
      if (readStats) this.set(readStats().associationsActive);
    },
  });
  metrics.counter<'result'>({
    name: 'mwl_gateway_associations_total',
    help: 'DICOM association requests, by result',
    labelNames: ['result'],
    collect() {
      if (!readStats) return;
      const stats = readStats();
      const now = {
        accepted: stats.associationsAccepted,
        rejected: stats.associationsRejected,
        aborted: stats.associationsAborted,
      };
      for (const result of ['accepted', 'rejected', 'aborted'] as const) {
        if (now[result] > seen[result]) this.inc({ result }, now[result] - seen[result]);
        seen[result] = now[result];
      }
    },
  });
  metrics.counter({
    name: 'mwl_gateway_protocol_errors_total',
    help: 'Associations ended for malformed PDUs or DIMSE messages',
    collect() {
      if (!readStats) return;
      const now = readStats().protocolErrors;
      if (now > seen.protocolErrors) this.inc(now - seen.protocolErrors);
      seen.protocolErrors = now;
    },
  });

  const mpps = metrics.counter<'operation' | 'outcome' | 'calling_ae'>({
    name: 'mwl_gateway_mpps_requests_total',
    help: 'MPPS N-CREATE and N-SET requests answered, by operation, outcome and calling AE title',
    labelNames: ['operation', 'outcome', 'calling_ae'],
  });
  const callingAes = new Set<string>();
  const aeLabel = (title: string) => {
    if (callingAes.has(title)) return title;
    if (callingAes.size >= MAX_CALLING_AE_LABELS) return 'other';
    callingAes.add(title);
    return title;
  };

  return {
    mppsAnswered(operation, outcome, callingAeTitle) {
      mpps.inc({ operation, outcome, calling_ae: aeLabel(callingAeTitle) });
    },
    findFinished(outcome, count, durationSeconds) {
      queries.inc({ outcome });
      if (count > 0) matches.inc(count);
      duration.observe({ outcome }, durationSeconds);
    },
    echoAnswered() {
      echoes.inc();
    },
    observeServer(stats) {
      readStats = stats;
    },
  };
}
