// A small promise-based SCU on dcmjs-dimse's Client: C-ECHO and Modality Worklist C-FIND, for the
// cli's `echo` and `find` commands (testing any worklist server, ours or another).
export { echoScu } from './echo.ts';
export { findScu } from './find.ts';
export type {
  EchoScuResult,
  FindScuOptions,
  FindScuResult,
  ScuOptions,
  ScuPeer,
  ScuTlsOptions,
} from './types.ts';
