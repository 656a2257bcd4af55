import type { Counter, Metrics } from '@mwl/observability';

export interface ApiMetrics {
  authFailure(kind: 'token' | 'sign_in' | 'hook'): void;
  detTrigger(source: string, outcome: 'accepted' | 'coalesced' | 'refused'): void;
  manualWrite(action: 'create' | 'update' | 'cancel', outcome: 'applied' | 'accepted' | 'failed'): void;
  /** DICOMweb MPPS requests by action and answered HTTP status. */
  mppsAnswered(action: 'create' | 'update' | 'retrieve', status: number): void;
}

export function createApiMetrics(metrics: Metrics): ApiMetrics {
  const auth: Counter<'kind'> = metrics.counter({
    name: 'mwl_api_auth_failures_total',
    help: 'Failed token checks, sign-ins and hook secrets.',
    labelNames: ['kind'],
  });
  const det: Counter<'source' | 'outcome'> = metrics.counter({
    name: 'mwl_api_det_triggers_total',
    help: 'REDCap Data Entry Triggers received, by outcome.',
    labelNames: ['source', 'outcome'],
  });
  const manual: Counter<'action' | 'outcome'> = metrics.counter({
    name: 'mwl_api_manual_writes_total',
    help: 'Manual worklist writes, by action and outcome.',
    labelNames: ['action', 'outcome'],
  });
  const mpps: Counter<'action' | 'status'> = metrics.counter({
    name: 'mwl_api_mpps_requests_total',
    help: 'DICOMweb MPPS creates, updates and retrieves, by answered HTTP status.',
    labelNames: ['action', 'status'],
  });
  return {
    mppsAnswered: (action, status) => mpps.inc({ action, status: String(status) }),
    authFailure: (kind) => auth.inc({ kind }),
    detTrigger: (source, outcome) => det.inc({ source, outcome }),
    manualWrite: (action, outcome) => manual.inc({ action, outcome }),
  };
}
