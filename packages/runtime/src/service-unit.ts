import type { HealthCheck } from '@mwl/observability';

/**
 * One service inside a process (the writer, the gateway, the fetchers, the api). A container runs
 * one; `mwl-bridge start` runs them all on shared clients. Either way the same factory builds it.
 */
export interface ServiceUnit {
  /** In logs and in the shutdown report. */
  readonly name: string;
  /** Starts serving (consuming, listening, ticking). */
  start(): Promise<unknown>;
  /** Stops taking new work and finishes what is in hand; the shared clients close after it. */
  stop(): Promise<void>;
  /** Readiness checks of this service (`dicom`, `sources`), added to the process's. */
  readonly checks?: Readonly<Record<string, HealthCheck>>;
}
