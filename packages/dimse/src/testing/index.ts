/**
 * Test helpers for DICOM integration tests (also used by the gateway's): dcmtk tools with parsed
 * results, and raw Upper Layer PDUs for what dcmtk cannot express.
 */
export {
  runTool,
  echoscu,
  findscu,
  readResponses,
  readDicomFile,
  type ToolRun,
  type DicomPeer,
  type RejectionText,
  type EchoscuResult,
  type FindscuOptions,
  type FindscuResult,
} from './dcmtk.ts';
export {
  buildAssociateRq,
  connect,
  pdu,
  readPdu,
  requestAssociation,
  waitForClose,
  RELEASE_RQ,
  type AssociateOutcome,
  type AssociateRqOptions,
  type RawContext,
} from './raw-association.ts';
export { createCaptureLogger, type CaptureLogger, type LogEntry } from './capture-logger.ts';
export {
  commandSet,
  echoRequest,
  findRequest,
  implicitDataset,
  pData,
  pdv,
  PdvControl,
  readDimse,
  type DimseAnswer,
  type DimseReader,
} from './raw-dimse.ts';
export { createRng, fuzzSession, type FuzzSession } from './pdu-fuzzer.ts';
export { runFuzz, type FuzzRun, type FuzzTarget } from './fuzz-runner.ts';
