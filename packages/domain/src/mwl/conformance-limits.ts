/**
 * The "Limits" section of the DICOM conformance statement: every limit a peer is held to and what
 * the peer gets when it crosses one. The caller passes the values in force (the gateway passes its
 * option defaults), so the document is generated from the same numbers the server runs with.
 */

export interface ConformanceLimits {
  /** Smallest maximum PDU length a peer may propose (0, no limit, is accepted). */
  minPeerMaxPduLength: number;
  maxPduLength: number;
  associationRequestTimeoutS: number;
  pduTimeoutS: number;
  operationTimeoutS: number;
  idleTimeoutS: number;
  maxAssociations: number;
  maxAssociationsPerAddress: number;
  tcpKeepAliveS: number;
  maxCommandBytes: number;
  maxIdentifierBytes: number;
  /** Largest data set of an MPPS request. */
  maxMessageBytes: number;
  maxSequenceDepth: number;
  maxSequenceItems: number;
  maxAssociationBytes: number;
  /** Status of a request refused while another operation runs, per service. */
  busyStatus: { find: number; other: number; comment: string };
}

const hex = (status: number): string => `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;

function bytes(value: number): string {
  if (value % (1024 * 1024) === 0) return `${value / (1024 * 1024)} MiB`;
  if (value % 1024 === 0) return `${value / 1024} KiB`;
  return `${value} bytes`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Renders the Markdown section (a heading, one table and the operation-window paragraph). */
export function renderLimitsSection(l: ConformanceLimits): string {
  const abort = 'A-ABORT (service provider)';
  return [
    '## Limits',
    '',
    'Every peer is held to these limits (defaults shown, with the `gateway.*` config key that changes ' +
      'them where there is one). A limit ' +
      'crossed by one association ends or refuses that association or request only; other ' +
      'associations are not affected.',
    '',
    row(['Limit', 'Default', 'Config key', 'What the peer gets']),
    row(['---', '---', '---', '---']),
    row([
      'Smallest maximum PDU length the peer may propose',
      `${l.minPeerMaxPduLength} bytes (0 = no limit is accepted)`,
      '(fixed)',
      'A-ASSOCIATE-RJ rejected-permanent, service user, no reason given',
    ]),
    row([
      'Largest PDU received',
      `${l.maxPduLength} bytes`,
      '`max_pdu_length`',
      `${abort}, invalid PDU parameter value`,
    ]),
    row([
      'A-ASSOCIATE-RQ complete after TCP connect (ARTIM)',
      `${l.associationRequestTimeoutS} s`,
      '`association_request_timeout_seconds`',
      'connection closed (TLS: also bounds the handshake)',
    ]),
    row(['Each PDU complete after its first byte', `${l.pduTimeoutS} s`, '`pdu_timeout_seconds`', abort]),
    row([
      'Each operation (C-FIND with all its responses, C-ECHO, N-CREATE, N-SET)',
      `${l.operationTimeoutS} s`,
      '`operation_timeout_seconds`',
      `${abort}; the operation is stopped`,
    ]),
    row([
      'Idle association (nothing received or sent, no operation running)',
      `${l.idleTimeoutS} s`,
      '`idle_timeout_seconds`',
      abort,
    ]),
    row([
      'Concurrent associations',
      String(l.maxAssociations),
      '`max_associations`',
      'A-ASSOCIATE-RJ rejected-transient, service provider (presentation), local limit exceeded',
    ]),
    row([
      'Simultaneous connections from one source address',
      String(l.maxAssociationsPerAddress),
      '`max_associations_per_address`',
      'the further connection is closed at once, before any PDU',
    ]),
    row([
      'TCP keepalive probes after silence',
      l.tcpKeepAliveS === 0 ? 'off' : `${l.tcpKeepAliveS} s`,
      '`tcp_keepalive_seconds`',
      'a dead peer is detected by TCP and its association closed',
    ]),
    row([
      'Command set (sum of its fragments)',
      bytes(l.maxCommandBytes),
      '(fixed)',
      `${abort}, invalid PDU parameter value`,
    ]),
    row([
      'C-FIND identifier (sum of its fragments)',
      bytes(l.maxIdentifierBytes),
      '`max_identifier_bytes`',
      `final status ${hex(0xa700)} (Refused: out of resources); its bytes are not kept`,
    ]),
    row([
      'MPPS data set',
      bytes(l.maxMessageBytes),
      '(fixed)',
      `final status ${hex(0x0110)} (Processing failure)`,
    ]),
    row([
      'Sequence nesting depth / sequence items in one data set',
      `${l.maxSequenceDepth} / ${l.maxSequenceItems}`,
      '`max_sequence_depth`, `max_sequence_items`',
      `C-FIND: ${hex(0xa900)} "Malformed identifier"; MPPS: ${hex(0x0110)}`,
    ]),
    row([
      'Bytes one association may send in all',
      bytes(l.maxAssociationBytes),
      '`max_association_bytes`',
      abort,
    ]),
    '',
    '- Message structure: a PDV on a presentation context that was not accepted, a data-set fragment ' +
      'no command announced, a command fragment while a data set is due, or a command set with ' +
      `elements outside group 0000 is a protocol error: ${abort}, invalid PDU parameter value.`,
    '- TLS client certificates can be bound to calling AE titles (`gateway.tls.ae_title_binding`: ' +
      'title → certificate subject CN or DNS/URI subject alternative names). A bound title presenting ' +
      'another certificate gets A-ASSOCIATE-RJ rejected-permanent, service user, calling AE title not ' +
      'recognized; titles not listed need only a certificate the CA signed.',
    '- An identifier that does not decode is answered ' +
      `${hex(0xa900)} (Error Comment "Malformed identifier"); it is never matched on a partial parse.`,
    '- **One operation at a time.** The asynchronous operations window is not negotiated (1 invoked, ' +
      '1 performed). A request that arrives while another operation runs on the same association is ' +
      'not queued: it is answered at once with a final status, C-FIND ' +
      `${hex(l.busyStatus.find)} (Refused: out of resources), C-ECHO, N-CREATE and N-SET ` +
      `${hex(l.busyStatus.other)} (Resource limitation), Error Comment "${l.busyStatus.comment}". ` +
      'C-CANCEL is always honoured. A peer that keeps sending requests without reading the answers ' +
      `(more than 1 MiB unsent) gets ${abort}.`,
    '',
  ].join('\n');
}
