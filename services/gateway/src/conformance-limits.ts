import { DEFAULT_GATEWAY_MAX_ASSOCIATIONS } from '@mwl/config';
import {
  BUSY_COMMENT,
  BUSY_STATUS,
  DIMSE_LIMIT_DEFAULTS,
  DIMSE_MAX_MESSAGE_BYTES,
  MIN_PEER_MAX_PDU_LENGTH,
} from '@mwl/dimse';
import { renderLimitsSection } from '@mwl/domain';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_PDU_LENGTH } from './gateway-options.ts';

/** The limits section, from the same defaults the gateway runs with. */
export function renderLimitsMarkdown(): string {
  const d = DIMSE_LIMIT_DEFAULTS;
  return renderLimitsSection({
    minPeerMaxPduLength: MIN_PEER_MAX_PDU_LENGTH,
    maxPduLength: DEFAULT_MAX_PDU_LENGTH,
    associationRequestTimeoutS: d.associationRequestTimeoutMs / 1000,
    pduTimeoutS: d.pduTimeoutMs / 1000,
    operationTimeoutS: d.operationTimeoutMs / 1000,
    idleTimeoutS: DEFAULT_IDLE_TIMEOUT_MS / 1000,
    maxAssociations: DEFAULT_GATEWAY_MAX_ASSOCIATIONS,
    maxAssociationsPerAddress: d.maxAssociationsPerAddress,
    tcpKeepAliveS: d.tcpKeepAliveMs / 1000,
    maxCommandBytes: d.maxCommandBytes,
    maxIdentifierBytes: d.maxIdentifierBytes,
    maxMessageBytes: DIMSE_MAX_MESSAGE_BYTES,
    maxSequenceDepth: d.maxSequenceDepth,
    maxSequenceItems: d.maxSequenceItems,
    maxAssociationBytes: d.maxAssociationBytes,
    busyStatus: { find: BUSY_STATUS['C-FIND'], other: BUSY_STATUS['C-ECHO'], comment: BUSY_COMMENT },
  });
}
