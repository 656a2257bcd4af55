import { afterEach, describe, expect, it, vi } from 'vitest';
import { Client, Dataset, requests, Scp, type LibNCreateResponse } from './lib.ts';
import { DimseStatus, SopClassUid } from './status.ts';
import { startTestServer, OUR_AE, type RunningTestServer } from './test-server.ts';
import type { DicomDataset, DimseHandlers } from './types.ts';

// dcmtk ships no MPPS SCU, so these tests drive the server with dcmjs-dimse's own Client.

const MPPS = SopClassUid.ModalityPerformedProcedureStep;
const INSTANCE = '2.25.123456789';

interface Answer {
  status: number;
  errorId: unknown;
  errorComment: unknown;
  attributeIdentifierList: unknown;
  affectedSopInstanceUid: unknown;
  dataset: Record<string, unknown> | undefined;
}

type NRequest = InstanceType<typeof requests.NCreateRequest> | InstanceType<typeof requests.NSetRequest>;

function send(port: number, request: NRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let answer: Answer | undefined;
    request.on('response', (response: LibNCreateResponse) => {
      const command = response.getCommandDataset();
      answer = {
        status: response.getStatus(),
        errorId: command.getElement('ErrorID'),
        errorComment: command.getElement('ErrorComment'),
        attributeIdentifierList: command.getElement('AttributeIdentifierList'),
        affectedSopInstanceUid: response.getAffectedSopInstanceUid(),
        dataset: response.getDataset()?.getElements(),
      };
    });
    client.addRequest(request);
    client.on('closed', () => (answer ? resolve(answer) : reject(new Error('no response'))));
    client.on('networkError', reject);
    client.send('127.0.0.1', port, 'MODALITY', OUR_AE);
  });
}

function nCreate(uid: string, elements: Record<string, unknown>): NRequest {
  const request = new requests.NCreateRequest(MPPS, uid);
  request.setDataset(new Dataset(elements));
  return request;
}

function nSet(uid: string, elements: Record<string, unknown>): NRequest {
  const request = new requests.NSetRequest(MPPS, uid);
  request.setDataset(new Dataset(elements));
  return request;
}

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.server.close({ deadlineMs: 1000 });
  running = undefined;
});

describe('MPPS N-CREATE and N-SET', () => {
  it('hands N-CREATE and N-SET to the handlers with SOP class, instance and data set', async () => {
    const calls: { op: string; sopClassUid: string; uid: string | undefined; dataset: DicomDataset }[] = [];
    const handlers: DimseHandlers = {
      onNCreate: (_ctx, sopClassUid, uid, dataset) => {
        calls.push({ op: 'create', sopClassUid, uid, dataset });
        return Promise.resolve({ status: DimseStatus.Success });
      },
      onNSet: (_ctx, sopClassUid, uid, dataset) => {
        calls.push({ op: 'set', sopClassUid, uid, dataset });
        return Promise.resolve({
          status: DimseStatus.Success,
          dataset: { PerformedProcedureStepStatus: 'COMPLETED' },
        });
      },
    };
    running = await startTestServer({ handlers });
    // Our responses are written as PDUs by response-writer.ts, never through the library's sender.
    const librarySends = vi.spyOn(Scp.prototype as unknown as { _sendDimse(): void }, '_sendDimse');
    const created = await send(
      running.port,
      nCreate(INSTANCE, {
        SpecificCharacterSet: 'ISO_IR 192',
        PatientName: 'Müller^Jörg',
        PerformedProcedureStepStatus: 'IN PROGRESS',
      }),
    );
    const updated = await send(running.port, nSet(INSTANCE, { PerformedProcedureStepStatus: 'COMPLETED' }));
    expect(librarySends).not.toHaveBeenCalled();
    librarySends.mockRestore();

    expect(created.status).toBe(DimseStatus.Success);
    expect(created.affectedSopInstanceUid).toBe(INSTANCE);
    expect(updated.status).toBe(DimseStatus.Success);
    expect(updated.dataset).toMatchObject({ PerformedProcedureStepStatus: 'COMPLETED' });
    expect(calls).toEqual([
      {
        op: 'create',
        sopClassUid: MPPS,
        uid: INSTANCE,
        dataset: {
          SpecificCharacterSet: 'ISO_IR 192',
          PatientName: 'Müller^Jörg',
          PerformedProcedureStepStatus: 'IN PROGRESS',
        },
      },
      { op: 'set', sopClassUid: MPPS, uid: INSTANCE, dataset: { PerformedProcedureStepStatus: 'COMPLETED' } },
    ]);
    expect(running.logger.text()).not.toContain('Müller');
  });

  it('returns the failure status, Error ID, comment and attribute list the handler chose', async () => {
    running = await startTestServer({
      handlers: {
        onNCreate: () => Promise.resolve({ status: DimseStatus.Success }),
        onNSet: () =>
          Promise.resolve({
            status: DimseStatus.ProcessingFailure,
            errorId: 0xa710,
            errorComment: 'Performed Procedure Step Object may no longer be updated',
            attributeIdentifierList: ['PerformedProcedureStepStatus', '00400250'],
          }),
      },
    });
    const answer = await send(running.port, nSet(INSTANCE, { PerformedProcedureStepStatus: 'COMPLETED' }));
    expect(answer).toMatchObject({
      status: 0x0110,
      errorId: 0xa710,
      errorComment: 'Performed Procedure Step Object may no longer be updated',
    });
    expect(answer.attributeIdentifierList).toEqual([0x00400252, 0x00400250]);
  });

  it('answers Processing Failure when a handler throws, and keeps the association usable', async () => {
    let calls = 0;
    running = await startTestServer({
      handlers: {
        onNCreate: () => {
          calls++;
          return calls === 1
            ? Promise.reject(new Error('boom'))
            : Promise.resolve({ status: DimseStatus.Success });
        },
        onNSet: () => Promise.resolve({ status: DimseStatus.Success }),
      },
    });
    expect(
      (await send(running.port, nCreate(INSTANCE, { PerformedProcedureStepStatus: 'IN PROGRESS' }))).status,
    ).toBe(DimseStatus.ProcessingFailure);
    expect(
      (await send(running.port, nCreate(INSTANCE, { PerformedProcedureStepStatus: 'IN PROGRESS' }))).status,
    ).toBe(DimseStatus.Success);
    expect(running.server.stats().handlerFailures).toBe(1);
  });
});
