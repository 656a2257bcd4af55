import type { PrismaClient } from '@mwl/db';
import type { Logger } from '@mwl/observability';
import type { PublishedSnapshot, SnapshotInput } from '@mwl/queue';
import type { ApiOptions } from './api-options.ts';
import type { Authenticator } from './auth/authenticator.ts';
import type { FailureLimiter } from './auth/rate-limiter.ts';
import type { Principal } from './auth/roles.ts';
import type { ApiMetrics } from './api-metrics.ts';

/** A configured data source as the api shows it. */
export interface ApiSource {
  name: string;
  type: string;
  enabled: boolean;
  /** Seconds between periodic fetches (`sync_interval`). */
  syncIntervalSeconds: number;
}

/** What every route module gets: the app's dependencies, resolved. */
export interface ApiContext {
  prisma: PrismaClient;
  logger: Logger;
  options: ApiOptions;
  clock: () => Date;
  sources: readonly ApiSource[];
  authenticator: Authenticator;
  limiter: FailureLimiter;
  metrics: ApiMetrics;
  publishSnapshot: (snapshot: SnapshotInput) => Promise<PublishedSnapshot>;
  triggerSync: ((source: string) => Promise<void>) | undefined;
  /** Password work behind a bounded gate. */
  hashGate: <T>(task: () => Promise<T>) => Promise<T>;
  audit(
    principal: Principal | { kind: 'hook'; name: string },
    action: string,
    target?: AuditTarget,
  ): Promise<void>;
}

export interface AuditTarget {
  type: string;
  id: string;
  detail?: Record<string, string | number | boolean | null>;
}
