import { MwlError } from '@mwl/domain';

/** A readiness check that did not settle within its time limit. */
export class HealthCheckTimeoutError extends MwlError {
  readonly timeoutMs: number;

  constructor(check: string, timeoutMs: number) {
    super('MWL_ERR_HEALTH_CHECK_TIMEOUT', `health check "${check}" did not settle within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** A metric name that breaks the `mwl_<subsystem>_<name>_<unit>` convention (a programming error). */
export class InvalidMetricNameError extends MwlError {
  constructor(name: string, reason: string) {
    super('MWL_ERR_METRIC_NAME', `metric name "${name}" ${reason}`);
  }
}

/** The health server is not bound to a TCP port (it was never started, or listens on a pipe). */
export class HealthServerAddressError extends MwlError {
  constructor() {
    super('MWL_ERR_HEALTH_SERVER_ADDRESS', 'health server is not listening on a TCP port');
  }
}
