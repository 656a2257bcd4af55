import { applyCommandFields } from './command-fields.ts';
import { EncodedDataset, useFastCommandSet } from './encoded-dataset.ts';
import {
  responses,
  type LibCEchoRequest,
  type LibCEchoResponse,
  type LibNCreateRequest,
  type LibNCreateResponse,
  type LibNSetRequest,
  type LibNSetResponse,
} from './lib.ts';
import { describeError } from './log-safe.ts';
import { requestDataset } from './request-dataset.ts';
import type { OperationHost } from './operation-host.ts';
import { DimseStatus, SopClassUid, TransferSyntaxUid } from './status.ts';
import type { DicomDataset, DimseContext, DimseFinalStatus, DimseHandlers, NServiceResult } from './types.ts';

/**
 * C-ECHO, N-CREATE and N-SET: one request, one response. The callback is called exactly once; a
 * handler that throws answers Processing Failure (0x0110), logged without patient data.
 */
export function runEcho(
  host: OperationHost,
  request: LibCEchoRequest,
  callback: (rsp: LibCEchoResponse) => void,
): void {
  const { runtime, state } = host;
  const operation = state.begin(request.getMessageId(), 'echo');
  runtime.stats.echo++;
  const handler = runtime.handlers.onEcho;
  void (async () => {
    let final: DimseFinalStatus = { status: DimseStatus.Success };
    try {
      final = (handler ? await handler(state.contextFor(operation)) : undefined) ?? final;
    } catch (error) {
      runtime.stats.handlerFailures++;
      runtime.logger.error({ assocId: state.assocId, ...describeError(error) }, 'C-ECHO handler failed');
      final = { status: DimseStatus.ProcessingFailure };
    }
    state.end(operation);
    if (state.phase === 'established') {
      const response = useFastCommandSet(responses.CEchoResponse.fromRequest(request), runtime.encoder);
      response.setStatus(final.status);
      applyCommandFields(
        response.getCommandDataset(),
        { errorComment: final.errorComment },
        runtime.dictionary,
      );
      callback(response);
    }
    host.operationDone();
  })();
}

type NRequest = LibNCreateRequest | LibNSetRequest;
type NResponse = LibNCreateResponse | LibNSetResponse;

export function runNCreate(
  host: OperationHost,
  request: LibNCreateRequest,
  callback: (rsp: NResponse) => void,
): void {
  host.runtime.stats.nCreate++;
  const sopInstanceUid = request.getAffectedSopInstanceUid();
  runNService(host, 'n-create', request, callback, (handlers, ctx, dataset) =>
    handlers.onNCreate?.(ctx, request.getAffectedSopClassUid(), sopInstanceUid || undefined, dataset),
  );
}

export function runNSet(
  host: OperationHost,
  request: LibNSetRequest,
  callback: (rsp: NResponse) => void,
): void {
  host.runtime.stats.nSet++;
  runNService(host, 'n-set', request, callback, (handlers, ctx, dataset) =>
    handlers.onNSet?.(ctx, request.getRequestedSopClassUid(), request.getRequestedSopInstanceUid(), dataset),
  );
}

function runNService(
  host: OperationHost,
  kind: 'n-create' | 'n-set',
  request: NRequest,
  callback: (rsp: NResponse) => void,
  invoke: (
    handlers: DimseHandlers,
    ctx: DimseContext,
    dataset: DicomDataset,
  ) => Promise<NServiceResult> | undefined,
): void {
  const { runtime, state } = host;
  const operation = state.begin(request.getMessageId(), kind);
  const sopClassUid =
    kind === 'n-create' ? request.getAffectedSopClassUid() : request.getRequestedSopClassUid();
  const transferSyntax = host.transferSyntaxOf(request, TransferSyntaxUid.ImplicitVrLittleEndian);
  const received = requestDataset(runtime, state, request.getDataset());

  void (async () => {
    let result: NServiceResult;
    let body: EncodedDataset | undefined;
    try {
      const dataset = received.kind === 'ok' ? received.dataset : {};
      const usable = received.kind === 'ok' || received.kind === 'none';
      const pending =
        sopClassUid === SopClassUid.ModalityPerformedProcedureStep && usable
          ? invoke(runtime.handlers, state.contextFor(operation), dataset)
          : undefined;
      result = pending
        ? await pending
        : usable
          ? { status: DimseStatus.NoSuchSopClass }
          : { status: DimseStatus.ProcessingFailure, errorComment: 'Malformed or oversized data set' };
      if (result.dataset !== undefined) {
        body = new EncodedDataset(runtime.encoder.encode(result.dataset, transferSyntax), transferSyntax);
      }
    } catch (error) {
      runtime.stats.handlerFailures++;
      runtime.logger.error(
        { assocId: state.assocId, op: kind, ...describeError(error) },
        'MPPS handler failed',
      );
      result = { status: DimseStatus.ProcessingFailure, errorComment: 'Processing failure' };
      body = undefined;
    }
    state.end(operation);
    if (state.phase === 'established') {
      const response = useFastCommandSet(
        kind === 'n-create'
          ? responses.NCreateResponse.fromRequest(request)
          : responses.NSetResponse.fromRequest(request),
        runtime.encoder,
      );
      response.setStatus(result.status);
      if (kind === 'n-create' && !request.getAffectedSopInstanceUid() && result.sopInstanceUid) {
        response.setAffectedSopInstanceUid(result.sopInstanceUid);
      }
      applyCommandFields(response.getCommandDataset(), result, runtime.dictionary);
      if (body !== undefined) response.setDataset(body);
      callback(response);
    }
    host.operationDone();
  })();
}
