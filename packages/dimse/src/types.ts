/**
 * A DICOM data set as a plain object keyed by DICOM keyword (`PatientName`, `ScheduledProcedureStepSequence`),
 * the keywords of the dcmjs dictionary (retired attributes carry its `RETIRED_` prefix).
 *
 * Values, incoming and outgoing:
 * - text VRs (AE, CS, DA, TM, DT, LO, SH, PN, UI, ...): a `string` when single-valued, a `string[]`
 *   when multi-valued; a zero-length element reads as `''`; padding is trimmed. PN is the DICOM
 *   string form `Family^Given^Middle^Prefix^Suffix`, `=` between alphabetic, ideographic and
 *   phonetic groups (writing also accepts dcmjs' `{ Alphabetic, Ideographic, Phonetic }` objects).
 * - DS and IS read as `number` (or `number[]`; a value that is not a number stays a string); write
 *   numbers or strings (numbers are formatted to DS' 16 characters).
 * - US, SS, UL, SL, FL, FD, AT: `number` / `number[]` (AT as `0xGGGGEEEE`; writing also takes an
 *   8-digit hex string). Zero-length numeric elements, DS and IS included, read as `null`.
 * - SQ: an array of nested data sets; a zero-length sequence is `[]`.
 * - OB, OW, UN and unknown or private elements (keyed by their 8-digit upper-case hex tag): `Uint8Array`;
 *   private creators (gggg,00xx) read as strings.
 * When writing, `null` or `''` gives a zero-length element (type 2 "known but empty"); `undefined`
 * leaves the attribute out. Unknown keywords are refused.
 *
 * Character sets: incoming text is decoded with the data set's own Specific Character Set (sequence
 * items inherit it), and `SpecificCharacterSet` is returned as the peer sent it. Outgoing text is
 * encoded with the `SpecificCharacterSet` of the data set itself: absent or `ISO_IR 6` (default
 * repertoire, ASCII), `ISO_IR 100` (Latin-1) or `ISO_IR 192` (UTF-8); a character the declared set
 * cannot represent is refused (DimseEncodingError), never replaced.
 */
export interface DicomDataset {
  [keyword: string]: DicomValue | undefined;
}

export type DicomPrimitive = string | number;

export interface PersonNameGroups {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

export type DicomValue =
  | DicomPrimitive
  | null
  | readonly DicomPrimitive[]
  | readonly DicomDataset[]
  | PersonNameGroups
  | readonly PersonNameGroups[]
  | Uint8Array;

/** Structured logger (pino's call shape). Never receives patient data from this package. */
export interface DimseLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What a handler knows about the association and the operation it serves. */
export interface DimseContext {
  /** Short unique id of the association, for log correlation. */
  readonly assocId: string;
  readonly callingAeTitle: string;
  readonly calledAeTitle: string;
  /** Peer IP address (IPv4-mapped IPv6 addresses are given as plain IPv4). */
  readonly remoteAddress: string;
  /** Message ID of the request being served. */
  readonly messageId: number;
  /** Aborted on C-CANCEL (C-FIND only), on A-ABORT, when the connection closes and at shutdown. */
  readonly signal: AbortSignal;
}

/** Final status of an operation; `errorComment` is sent as (0000,0902), cut to 64 ASCII characters. */
export interface DimseFinalStatus {
  status: number;
  errorComment?: string;
}

export type FindPendingStatus = 0xff00 | 0xff01;

/** Streams C-FIND matches, one pending response each. */
export interface FindResponder {
  /**
   * Sends one pending response. Resolves once the response is queued on the socket (waiting for the
   * socket to drain when the peer reads slowly). Rejects with `DimseCancelledError` once the
   * operation is cancelled or the association is gone, and with `DimseEncodingError` when the data
   * set cannot be encoded (nothing is sent then).
   */
  pending(dataset: DicomDataset, status?: FindPendingStatus): Promise<void>;
  /** Pending responses sent so far. */
  readonly sent: number;
}

/** Result of an N-CREATE or N-SET handler. */
export interface NServiceResult {
  status: number;
  /** Attribute list returned with the response (optional for MPPS). */
  dataset?: DicomDataset;
  errorComment?: string;
  /** Error ID (0000,0903), e.g. 0xA710 for "Performed Procedure Step Object may no longer be updated". */
  errorId?: number;
  /** Attribute Identifier List (0000,1005): keywords, 8-digit hex tags or numeric tags. */
  attributeIdentifierList?: readonly (string | number)[];
  /** N-CREATE only: the SOP Instance UID the SCP assigned when the request carried none. */
  sopInstanceUid?: string;
}

export interface DimseHandlers {
  /** C-ECHO. Default: Success. */
  onEcho?: (ctx: DimseContext) => Promise<DimseFinalStatus | void>;
  /** Modality Worklist C-FIND: stream matches with `responder.pending`, return the final status. */
  onFind?: (
    ctx: DimseContext,
    identifier: DicomDataset,
    responder: FindResponder,
  ) => Promise<DimseFinalStatus>;
  /** MPPS N-CREATE. `sopInstanceUid` is undefined when the SCU left the SCP to assign it. */
  onNCreate?: (
    ctx: DimseContext,
    sopClassUid: string,
    sopInstanceUid: string | undefined,
    dataset: DicomDataset,
  ) => Promise<NServiceResult>;
  /** MPPS N-SET. */
  onNSet?: (
    ctx: DimseContext,
    sopClassUid: string,
    sopInstanceUid: string,
    dataset: DicomDataset,
  ) => Promise<NServiceResult>;
}

export interface DimseTlsOptions {
  key: string | Buffer;
  cert: string | Buffer;
  /** CA bundle; when given, clients must present a certificate it signed (mutual TLS). */
  ca?: string | Buffer;
  /**
   * Calling AE title → names its client certificate must carry (subject CN or a DNS/URI subject
   * alternative name). A listed title presenting another certificate is rejected (calling AE title not
   * recognized); titles not listed need only a certificate the CA signed. Requires `ca`.
   */
  aeTitleBinding?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Limits every peer is held to (issue 12). Defaults in `DIMSE_LIMIT_DEFAULTS` (limits.ts); what a
 * peer gets when it crosses one is stated in docs/CONFORMANCE.md.
 */
export interface DimseLimits {
  /** Time from TCP connect (or TLS handshake start) to a complete A-ASSOCIATE-RQ. */
  associationRequestTimeoutMs: number;
  /** Time from the first byte of a PDU to its last. */
  pduTimeoutMs: number;
  /** Longest one operation may run (handler and sending its responses); then the association is aborted. */
  operationTimeoutMs: number;
  /** Simultaneous connections from one source address; a further one is closed at once. */
  maxAssociationsPerAddress: number;
  /** TCP keepalive probes start after this much silence (0 = off). */
  tcpKeepAliveMs: number;
  /** Largest command set (sum of its fragments); more aborts the association. */
  maxCommandBytes: number;
  /** Largest C-FIND identifier; a larger one is answered 0xA700 (its bytes are not kept). */
  maxIdentifierBytes: number;
  /** Nesting depth of sequences in a received data set; deeper is malformed (C-FIND: 0xA900). */
  maxSequenceDepth: number;
  /** Sequence items in all of a received data set; more is malformed (C-FIND: 0xA900). */
  maxSequenceItems: number;
  /** Bytes one association may send in all; past it the association is aborted. */
  maxAssociationBytes: number;
}

export interface DimseServerOptions {
  logger: DimseLogger;
  /** Called AE titles we answer to. */
  aeTitles: readonly string[];
  /** Calling AE titles accepted; `null`/absent/empty = any. */
  callingAeAllowList?: readonly string[] | null;
  /** Calling AE title → source IP addresses it may connect from (absent or empty list = any). */
  callingAeAddressBinding?: Readonly<Record<string, readonly string[]>>;
  /** Concurrent associations; beyond it A-ASSOCIATE-RJ rejected-transient, local-limit-exceeded. */
  maxAssociations: number;
  /** Largest PDU we accept and announce (bytes of the PDU variable part). */
  maxPduLength: number;
  /** An association with no traffic and no operation in progress for this long is aborted. */
  idleTimeoutMs: number;
  /** Largest data set of a request other than C-FIND (MPPS N-CREATE/N-SET; default 8 MiB). */
  maxMessageBytes?: number;
  /** Edge limits; each one absent takes its default from `DIMSE_LIMIT_DEFAULTS`. */
  limits?: Partial<DimseLimits>;
  tls?: DimseTlsOptions;
  handlers: DimseHandlers;
}

export interface DimseServerStats {
  connectionsOpen: number;
  associationsActive: number;
  associationsAccepted: number;
  associationsRejected: number;
  associationsAborted: number;
  protocolErrors: number;
  /** Connections closed at once because their source address already had the most allowed. */
  connectionsRefusedPerAddress: number;
  /** Requests refused because another operation was running on their association. */
  requestsRefusedBusy: number;
  /** Associations aborted at a deadline (request, PDU, idle or operation). */
  deadlinesExceeded: number;
  echo: number;
  find: number;
  findCancelled: number;
  findResponses: number;
  nCreate: number;
  nSet: number;
  handlerFailures: number;
}

export interface DimseServer {
  /** Binds to `host:port` (port 0 picks a free one) and resolves with the bound address. */
  listen(options: { host: string; port: number }): Promise<{ host: string; port: number }>;
  /**
   * Stops accepting, lets operations in flight finish until `deadlineMs` (default 5000), aborts
   * idle associations at once and destroys what is left at the deadline.
   */
  close(options?: { deadlineMs?: number }): Promise<void>;
  stats(): DimseServerStats;
}
