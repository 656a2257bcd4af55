/**
 * The booking rules that are not field mapping: what a Calpendo status means for the worklist,
 * which modality a resource is, and whether a booking's project is one of the allowed studies.
 */

/** What a booking status does: schedule an item, cancel it, or leave the booking out. */
export type StatusDecision = 'SCHEDULED' | 'CANCELED' | 'skip';

/**
 * Calpendo statuses (compared case-insensitively). Approved and Pending bookings are scheduled;
 * Cancelled and Denied ones cancel their item. "In Progress" and "Completed" stay scheduled: the
 * scanner's MPPS owns those states. Any other status leaves the booking out.
 */
export const DEFAULT_STATUS_MAP: Readonly<Record<string, StatusDecision>> = {
  approved: 'SCHEDULED',
  pending: 'SCHEDULED',
  'in progress': 'SCHEDULED',
  completed: 'SCHEDULED',
  cancelled: 'CANCELED',
  canceled: 'CANCELED',
  denied: 'CANCELED',
};

export interface StatusRuleOptions {
  /** Overrides and additions to `DEFAULT_STATUS_MAP` (keys in any case). */
  statusMap?: Readonly<Record<string, StatusDecision>>;
  /** Only these statuses schedule an item (cancelling statuses always pass). */
  statusFilter?: readonly string[];
  /** Leave Pending bookings out. */
  skipPending?: boolean;
}

export interface StatusVerdict {
  decision: StatusDecision;
  /** Why a booking is left out. */
  reason?: 'unknown-status' | 'filtered' | 'pending-skipped' | 'mapped-to-skip';
}

const key = (status: string) => status.trim().replace(/\s+/g, ' ').toLowerCase();

export function createStatusRule(
  options: StatusRuleOptions = {},
): (status: string | undefined) => StatusVerdict {
  const map = new Map<string, StatusDecision>(Object.entries(DEFAULT_STATUS_MAP));
  for (const [status, decision] of Object.entries(options.statusMap ?? {})) map.set(key(status), decision);
  const filter = options.statusFilter ? new Set(options.statusFilter.map(key)) : undefined;
  return (status) => {
    const name = key(status ?? '');
    const decision = map.get(name);
    if (decision === undefined) return { decision: 'skip', reason: 'unknown-status' };
    if (decision === 'skip') return { decision, reason: 'mapped-to-skip' };
    if (decision === 'CANCELED') return { decision };
    if (options.skipPending && name === 'pending') return { decision: 'skip', reason: 'pending-skipped' };
    if (filter && !filter.has(name)) return { decision: 'skip', reason: 'filtered' };
    return { decision };
  };
}

export interface ModalityVerdict {
  modality: string;
  rule: 'exact' | 'prefix' | 'default';
}

/**
 * The modality of a resource: an exact key of `mapping` (then the same, ignoring case), else the
 * longest key the resource name starts with (ignoring case), else `fallback`.
 */
export function modalityForResource(
  resource: string | undefined,
  mapping: Readonly<Record<string, string>>,
  fallback: string,
): ModalityVerdict {
  const name = (resource ?? '').trim();
  if (name === '') return { modality: fallback, rule: 'default' };
  if (Object.hasOwn(mapping, name)) return { modality: mapping[name]!, rule: 'exact' };
  const lower = name.toLowerCase();
  const entries = Object.entries(mapping);
  const exact = entries.find(([candidate]) => candidate.trim().toLowerCase() === lower);
  if (exact) return { modality: exact[1], rule: 'exact' };
  let best: [string, string] | undefined;
  for (const [prefix, modality] of entries) {
    const wanted = prefix.trim().toLowerCase();
    if (wanted !== '' && lower.startsWith(wanted) && (!best || wanted.length > best[0].length)) {
      best = [wanted, modality];
    }
  }
  return best ? { modality: best[1], rule: 'prefix' } : { modality: fallback, rule: 'default' };
}

/**
 * Whether a booking's project is allowed: its name equals an allowed study, or its short name
 * (the text before ` (`, as in `BRISKP (Brain network study)`) does, ignoring case and spaces.
 * No list allows every project.
 */
export function isStudyAllowed(project: string | undefined, allowed: readonly string[] | undefined): boolean {
  if (!allowed) return true;
  const full = key(project ?? '');
  if (full === '') return false;
  const short = key(full.split('(')[0] ?? '');
  return allowed.some((study) => {
    const wanted = key(study);
    return wanted === full || wanted === short;
  });
}
