// A small promise-based SCU on dcmjs-dimse's Client: C-ECHO and Modality Worklist C-FIND, for the
// cli's `echo` and `find` commands (testing any worklist server, ours or another), and MPPS
// N-CREATE/N-SET as a modality sends them (tests, the MPPS benchmark).
export { echoScu } from './echo.ts';
export { findScu } from './find.ts';
export { mppsScu } from './mpps.ts';
export type {
  EchoScuResult,
  FindScuOptions,
  FindScuResult,
  MppsScuAnswer,
  MppsScuRequest,
  ScuOptions,
  ScuPeer,
  ScuTlsOptions,
} from './types.ts';
