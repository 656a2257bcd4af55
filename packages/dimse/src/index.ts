export { createDimseServer } from './server.ts';
export {
  DIMSE_LIMIT_DEFAULTS,
  DIMSE_MAX_MESSAGE_BYTES,
  MIN_PEER_MAX_PDU_LENGTH,
  resolveLimits,
} from './limits.ts';
export { BUSY_STATUS, BUSY_COMMENT } from './busy-refusal.ts';
export { isEncodable, encodingOfCharacterSet, type TextEncoding } from './charset.ts';
export { DimseStatus, SopClassUid, TransferSyntaxUid, isPendingStatus, isFinalFindStatus } from './status.ts';
export {
  DimseCancelledError,
  DimseConfigError,
  DimseDecodingError,
  DimseEncodingError,
  DimseListenError,
  DimseUsageError,
} from './errors.ts';
export type {
  DicomDataset,
  DicomPrimitive,
  DicomValue,
  DimseContext,
  DimseFinalStatus,
  DimseHandlers,
  DimseLimits,
  DimseLogger,
  DimseServer,
  DimseServerOptions,
  DimseServerStats,
  DimseTlsOptions,
  FindPendingStatus,
  FindResponder,
  NServiceResult,
  PersonNameGroups,
} from './types.ts';
export { ScuAssociationRejectedError, ScuConnectionError } from './errors.ts';
export {
  echoScu,
  findScu,
  mppsScu,
  type EchoScuResult,
  type FindScuOptions,
  type FindScuResult,
  type MppsScuAnswer,
  type MppsScuRequest,
  type ScuOptions,
  type ScuPeer,
  type ScuTlsOptions,
} from './scu/index.ts';
export {
  createDicomJsonCodec,
  type DicomJsonCodec,
  type DicomJsonDataset,
  type DicomJsonDecoded,
  type DicomJsonElement,
  type DicomJsonProblem,
} from './dicom-json.ts';
