import { MIN_PEER_MAX_PDU_LENGTH } from './limits.ts';
import { TransferSyntaxUid } from './status.ts';

/**
 * Association and presentation-context decisions, as pure functions.
 *
 * A-ASSOCIATE-RJ values (PS3.8 Table 9-21): result 1 rejected-permanent / 2 rejected-transient;
 * source 1 service-user (reasons 1 no-reason, 2 application-context-name, 3 calling-AE-title not
 * recognized, 7 called-AE-title not recognized), source 2 service-provider ACSE, source 3
 * service-provider presentation (reasons 1 temporary-congestion, 2 local-limit-exceeded).
 */
export const RejectResult = { Permanent: 1, Transient: 2 } as const;
export const RejectSource = {
  ServiceUser: 1,
  ServiceProviderAcse: 2,
  ServiceProviderPresentation: 3,
} as const;
export const RejectReason = {
  NoReasonGiven: 1,
  CallingAeNotRecognized: 3,
  CalledAeNotRecognized: 7,
  TemporaryCongestion: 1,
  LocalLimitExceeded: 2,
} as const;

/** Presentation context results in A-ASSOCIATE-AC (PS3.8 9.3.3.2). */
export const ContextResult = {
  Acceptance: 0,
  UserRejection: 1,
  NoReason: 2,
  AbstractSyntaxNotSupported: 3,
  TransferSyntaxesNotSupported: 4,
} as const;

export interface AssociationPolicy {
  aeTitles: ReadonlySet<string>;
  /** null: any calling AE title. */
  callingAeAllowList: ReadonlySet<string> | null;
  /** Calling AE → allowed source addresses; absent or empty = any address. */
  addressBinding: ReadonlyMap<string, ReadonlySet<string>>;
  /** Calling AE → names its TLS client certificate must carry (subject CN or subject alternative name). */
  certificateBinding: ReadonlyMap<string, ReadonlySet<string>>;
  maxAssociations: number;
}

export interface AssociationRequestFacts {
  calledAeTitle: string;
  callingAeTitle: string;
  remoteAddress: string;
  /** Associations already established (not counting this one). */
  activeAssociations: number;
  draining: boolean;
  /** Names in the peer's TLS client certificate; undefined without TLS or without a certificate. */
  certificateNames?: readonly string[];
  /** The peer's proposed maximum PDU length (0: no limit). */
  peerMaxPduLength?: number;
}

export type AssociationDecision =
  { accept: true } | { accept: false; result: number; source: number; reason: number; why: string };

/** `::ffff:10.0.0.1` → `10.0.0.1`; other addresses unchanged (lower-cased). */
export function normalizeAddress(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}

export function buildAssociationPolicy(options: {
  aeTitles: readonly string[];
  callingAeAllowList?: readonly string[] | null;
  callingAeAddressBinding?: Readonly<Record<string, readonly string[]>>;
  certificateBinding?: Readonly<Record<string, readonly string[]>>;
  maxAssociations: number;
}): AssociationPolicy {
  const allow = options.callingAeAllowList;
  const binding = new Map<string, ReadonlySet<string>>();
  for (const [ae, addresses] of Object.entries(options.callingAeAddressBinding ?? {})) {
    if (addresses.length > 0) binding.set(ae.trim(), new Set(addresses.map(normalizeAddress)));
  }
  const certificates = new Map<string, ReadonlySet<string>>();
  for (const [ae, names] of Object.entries(options.certificateBinding ?? {})) {
    certificates.set(ae.trim(), new Set(names));
  }
  return {
    certificateBinding: certificates,
    aeTitles: new Set(options.aeTitles.map((ae) => ae.trim())),
    callingAeAllowList: allow && allow.length > 0 ? new Set(allow.map((ae) => ae.trim())) : null,
    addressBinding: binding,
    maxAssociations: options.maxAssociations,
  };
}

export function decideAssociation(
  facts: AssociationRequestFacts,
  policy: AssociationPolicy,
): AssociationDecision {
  const { Permanent, Transient } = RejectResult;
  if (!policy.aeTitles.has(facts.calledAeTitle)) {
    return reject(
      Permanent,
      RejectSource.ServiceUser,
      RejectReason.CalledAeNotRecognized,
      'called AE title not ours',
    );
  }
  if (policy.callingAeAllowList !== null && !policy.callingAeAllowList.has(facts.callingAeTitle)) {
    return reject(
      Permanent,
      RejectSource.ServiceUser,
      RejectReason.CallingAeNotRecognized,
      'calling AE title not allowed',
    );
  }
  const bound = policy.addressBinding.get(facts.callingAeTitle);
  if (bound !== undefined && !bound.has(normalizeAddress(facts.remoteAddress))) {
    return reject(
      Permanent,
      RejectSource.ServiceUser,
      RejectReason.CallingAeNotRecognized,
      'calling AE title not allowed from this address',
    );
  }
  const names = policy.certificateBinding.get(facts.callingAeTitle);
  if (names !== undefined && !(facts.certificateNames ?? []).some((name) => names.has(name))) {
    return reject(
      Permanent,
      RejectSource.ServiceUser,
      RejectReason.CallingAeNotRecognized,
      'calling AE title not bound to this client certificate',
    );
  }
  const max = facts.peerMaxPduLength ?? 0;
  if (max !== 0 && max < MIN_PEER_MAX_PDU_LENGTH) {
    return reject(
      Permanent,
      RejectSource.ServiceUser,
      RejectReason.NoReasonGiven,
      'proposed maximum PDU length below the floor',
    );
  }
  if (facts.draining) {
    return reject(
      Transient,
      RejectSource.ServiceProviderPresentation,
      RejectReason.TemporaryCongestion,
      'shutting down',
    );
  }
  if (facts.activeAssociations >= policy.maxAssociations) {
    return reject(
      Transient,
      RejectSource.ServiceProviderPresentation,
      RejectReason.LocalLimitExceeded,
      'association limit reached',
    );
  }
  return { accept: true };
}

function reject(result: number, source: number, reason: number, why: string): AssociationDecision {
  return { accept: false, result, source, reason, why };
}

export interface ProposedContext {
  id: number;
  abstractSyntaxUid: string;
  transferSyntaxUids: readonly string[];
}

export interface ContextDecision {
  id: number;
  result: number;
  /** The one transfer syntax accepted (only when result is Acceptance). */
  transferSyntaxUid?: string;
}

/**
 * One decision per proposed context. Explicit VR Little Endian is preferred when proposed: the VR
 * travels with each element, so neither side depends on its dictionary for private or new
 * attributes; Implicit VR Little Endian (the default every peer must support) otherwise. Responses are
 * routed by their (abstract syntax, transfer syntax) pair, so two contexts never get the same pair:
 * a repeat takes the other transfer syntax when offered, else it is rejected.
 */
export function decidePresentationContexts(
  proposed: readonly ProposedContext[],
  supportedAbstractSyntaxes: ReadonlySet<string>,
): ContextDecision[] {
  const preference = [TransferSyntaxUid.ExplicitVrLittleEndian, TransferSyntaxUid.ImplicitVrLittleEndian];
  const taken = new Set<string>();
  return proposed.map((context) => {
    if (!supportedAbstractSyntaxes.has(context.abstractSyntaxUid)) {
      return { id: context.id, result: ContextResult.AbstractSyntaxNotSupported };
    }
    const offered = preference.filter((uid) => context.transferSyntaxUids.includes(uid));
    if (offered.length === 0) return { id: context.id, result: ContextResult.TransferSyntaxesNotSupported };
    const chosen = offered.find((uid) => !taken.has(`${context.abstractSyntaxUid}|${uid}`));
    if (chosen === undefined) return { id: context.id, result: ContextResult.NoReason };
    taken.add(`${context.abstractSyntaxUid}|${chosen}`);
    return { id: context.id, result: ContextResult.Acceptance, transferSyntaxUid: chosen };
  });
}
