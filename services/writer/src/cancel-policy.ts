/**
 * The safety brake of reconcile: an outage that returns an empty or truncated list must never wipe
 * a worklist. A complete snapshot's cancellations are held (nothing cancelled, the SyncRun says
 * why) when
 *
 * - the snapshot read no record at all but would cancel something (the classic outage), or
 * - it would cancel more than `threshold` of the window's active items, and at least `minimum`
 *   of them (so a small window where 2 of 3 bookings are really cancelled is not held forever), or
 * - it would cancel more than `maximum` items at once, whatever their share.
 */
export interface CancelPolicy {
  /** Share of the window's active items, 0..1; default 0.5. */
  threshold: number;
  /** Fewest cancellations the share rule applies to; default 5. */
  minimum: number;
  /** Most cancellations one snapshot may apply, whatever the share; absent: no such limit. */
  maximum?: number;
}

export const DEFAULT_CANCEL_POLICY: CancelPolicy = { threshold: 0.5, minimum: 5, maximum: 200 };

export interface CancelFacts {
  /** Items of the window a snapshot may cancel (not cancelled, not owned by MPPS). */
  active: number;
  /** Of those, the ones missing from the snapshot. */
  missing: number;
  /** Records the snapshot read. */
  fetched: number;
}

export type CancelDecision = { action: 'cancel' } | { action: 'hold'; warning: string };

export function decideCancellation(facts: CancelFacts, policy: CancelPolicy): CancelDecision {
  const { active, missing, fetched } = facts;
  if (missing === 0) return { action: 'cancel' };
  if (fetched === 0) {
    return {
      action: 'hold',
      warning: `held: the snapshot read no records but would cancel ${missing} of ${active} active items`,
    };
  }
  if (policy.maximum !== undefined && missing > policy.maximum) {
    return {
      action: 'hold',
      warning: `held: the snapshot would cancel ${missing} items, more than the limit of ${policy.maximum} per run`,
    };
  }
  if (missing >= policy.minimum && missing > policy.threshold * active) {
    const share = Math.round((missing / active) * 100);
    return {
      action: 'hold',
      warning:
        `held: the snapshot would cancel ${missing} of ${active} active items (${share}%), ` +
        `more than the threshold of ${Math.round(policy.threshold * 100)}%`,
    };
  }
  return { action: 'cancel' };
}
