import { afterEach, describe, expect, it } from 'vitest';
import { DimseStatus, SopClassUid, TransferSyntaxUid } from './status.ts';
import { OUR_AE, startTestServer, type RunningTestServer } from './test-server.ts';
import { echoscu, findscu } from './testing/dcmtk.ts';
import { requestAssociation } from './testing/raw-association.ts';
import { findRequest, readDimse } from './testing/raw-dimse.ts';
import type { DicomDataset, DimseContext, FindResponder } from './types.ts';

const NAMES = ['Müller^Jörg', '山田^太郎', 'DOE^JOHN'];
const QUERY_KEYS = [
  'PatientName=',
  'PatientID=',
  'ScheduledProcedureStepSequence[0].Modality=',
  'ScheduledProcedureStepSequence[0].ScheduledStationAETitle=',
  'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=',
];

function item(i: number, charset = 'ISO_IR 192'): DicomDataset {
  return {
    SpecificCharacterSet: charset,
    PatientName: NAMES[i % NAMES.length],
    PatientID: `PID${i}`,
    ScheduledProcedureStepSequence: [
      { Modality: 'MR', ScheduledStationAETitle: 'SCANNER1', ScheduledProcedureStepStartDate: '20260105' },
    ],
  };
}

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.server.close({ deadlineMs: 1000 });
  running = undefined;
});

function streaming(
  count: number,
  seen: { ctx?: DimseContext; identifier?: DicomDataset; aborted?: boolean },
) {
  return async (ctx: DimseContext, identifier: DicomDataset, responder: FindResponder) => {
    seen.ctx = ctx;
    seen.identifier = identifier;
    ctx.signal.addEventListener('abort', () => (seen.aborted = true));
    for (let i = 0; i < count; i++) await responder.pending(item(i));
    return { status: DimseStatus.Success };
  };
}

describe('Modality Worklist C-FIND (findscu -W)', () => {
  it.each([
    ['Explicit VR Little Endian', []],
    ['Implicit VR Little Endian', ['-xi']],
  ])('streams every match with UTF-8 names intact over %s', async (_name, extraArgs) => {
    const seen: { identifier?: DicomDataset; ctx?: DimseContext } = {};
    running = await startTestServer({ handlers: { onFind: streaming(6, seen) } });
    const result = await findscu(running.peer('SCANNER1'), {
      keys: QUERY_KEYS,
      extraArgs,
      exactStatus: true,
    });

    expect(result.finalStatus).toBe(DimseStatus.Success);
    expect(result.responses).toHaveLength(6);
    expect(result.responses.map((r) => r['PatientName'])).toEqual([...NAMES, ...NAMES]);
    expect(result.responses[1]).toEqual(item(1));
    expect(seen.identifier).toEqual({
      PatientName: '',
      PatientID: '',
      ScheduledProcedureStepSequence: [
        { Modality: '', ScheduledStationAETitle: '', ScheduledProcedureStepStartDate: '' },
      ],
    });
    expect(seen.ctx).toMatchObject({
      callingAeTitle: 'SCANNER1',
      calledAeTitle: 'OURAE',
      remoteAddress: '127.0.0.1',
    });
    expect(running.logger.text()).not.toMatch(/Müller|山田|DOE\^JOHN|PID1/);
  });

  it('hands the handler UTF-8 query values intact, inside the SPS item too', async () => {
    const seen: { identifier?: DicomDataset } = {};
    running = await startTestServer({ handlers: { onFind: streaming(0, seen) } });
    await findscu(running.peer(), {
      keys: [
        'SpecificCharacterSet=ISO_IR 192',
        'PatientName=Müller*',
        'ScheduledProcedureStepSequence[0].ScheduledPerformingPhysicianName=山田^太郎',
      ],
    });
    expect(seen.identifier).toEqual({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: 'Müller*',
      ScheduledProcedureStepSequence: [{ ScheduledPerformingPhysicianName: '山田^太郎' }],
    });
  });

  it('answers in Latin-1 bytes when a response declares ISO_IR 100', async () => {
    running = await startTestServer({
      handlers: {
        onFind: async (_ctx, _identifier, responder) => {
          await responder.pending(item(0, 'ISO_IR 100'));
          return { status: DimseStatus.Success };
        },
      },
    });
    const result = await findscu(running.peer(), { keys: QUERY_KEYS });
    expect(result.responses[0]?.['PatientName']).toBe('Müller^Jörg');
  });

  it('sends Pending Warning 0xFF01 when the handler asks for it', async () => {
    running = await startTestServer({
      handlers: {
        onFind: async (_ctx, _identifier, responder) => {
          await responder.pending(item(2), DimseStatus.PendingWarning);
          return { status: DimseStatus.Success };
        },
      },
    });
    const result = await findscu(running.peer(), { keys: QUERY_KEYS, exactStatus: true });
    expect(result.stdout + result.stderr).toMatch(/DIMSE Status\s*:\s*0xff01/i);
    expect(result.finalStatus).toBe(DimseStatus.Success);
  });

  it('stops a 5000-match stream on C-CANCEL and ends with status Cancel', async () => {
    const seen: { aborted?: boolean } = {};
    running = await startTestServer({ handlers: { onFind: streaming(5000, seen) } });
    const result = await findscu(running.peer(), { keys: QUERY_KEYS, cancelAfter: 10, exactStatus: true });

    expect(result.finalStatus).toBe(DimseStatus.Cancel);
    expect(seen.aborted).toBe(true);
    expect(result.responses.length).toBeGreaterThanOrEqual(10);
    expect(result.responses.length).toBeLessThan(5000);
    expect(running.server.stats()).toMatchObject({ findCancelled: 1 });
  });

  it('answers a throwing handler with 0xC000 and keeps serving', async () => {
    let calls = 0;
    running = await startTestServer({
      handlers: {
        onFind: async (_ctx, _identifier, responder) => {
          calls++;
          if (calls === 1) {
            await responder.pending(item(0));
            throw new Error('database unreachable for Müller');
          }
          return { status: DimseStatus.Success };
        },
      },
    });
    const failed = await findscu(running.peer(), { keys: QUERY_KEYS, exactStatus: true });
    expect(failed.finalStatus).toBe(DimseStatus.UnableToProcess);
    expect(failed.responses).toHaveLength(1);
    expect(running.logger.text()).not.toContain('Müller');
    expect(running.logger.entries.some((e) => e.msg === 'C-FIND handler failed')).toBe(true);

    expect((await findscu(running.peer(), { keys: QUERY_KEYS })).finalStatus).toBe(DimseStatus.Success);
    expect((await echoscu(running.peer())).ok).toBe(true);
  });

  it('passes a failure status chosen by the handler through, with its comment', async () => {
    running = await startTestServer({
      handlers: {
        onFind: () =>
          Promise.resolve({ status: DimseStatus.OutOfResources, errorComment: 'Too many matches' }),
      },
    });
    const result = await findscu(running.peer(), { keys: QUERY_KEYS, exactStatus: true });
    expect(result.finalStatus).toBe(DimseStatus.OutOfResources);
    expect(result.stdout + result.stderr).toContain('Too many matches');
    // the same status read from findscu's -v text
    expect((await findscu(running.peer(), { keys: QUERY_KEYS })).finalStatus).toBe(
      DimseStatus.OutOfResources,
    );
  });

  it('fails the query with 0xC000 when a match cannot be encoded in its character set', async () => {
    running = await startTestServer({
      handlers: {
        onFind: async (_ctx, _identifier, responder) => {
          await responder.pending({ ...item(1), SpecificCharacterSet: 'ISO_IR 100' });
          return { status: DimseStatus.Success };
        },
      },
    });
    const result = await findscu(running.peer(), { keys: QUERY_KEYS, exactStatus: true });
    expect(result.finalStatus).toBe(DimseStatus.UnableToProcess);
    expect(result.responses).toHaveLength(0);
    expect(running.logger.text()).toContain('MWL_ERR_DIMSE_ENCODING');
  });

  it('serves several queries on one association', async () => {
    running = await startTestServer({ handlers: { onFind: streaming(2, {}) } });
    const result = await findscu(running.peer(), { keys: QUERY_KEYS, extraArgs: ['--repeat', '3'] });
    expect(result.exitCode).toBe(0);
    expect(result.responses).toHaveLength(6);
    expect(running.server.stats()).toMatchObject({ find: 3, associationsAccepted: 1 });
  });
});

describe('C-FIND responses on one association', () => {
  it("answers each C-FIND's Pending responses with its own message id and status", async () => {
    running = await startTestServer({
      handlers: {
        onFind: async (ctx, _identifier, responder) => {
          const status = ctx.messageId === 3 ? DimseStatus.PendingWarning : DimseStatus.Pending;
          for (let i = 0; i < 2; i++) await responder.pending(item(i), status);
          return { status: DimseStatus.Success };
        },
      },
    });
    const { socket, outcome } = await requestAssociation(
      { host: running.host, port: running.port },
      {
        calledAeTitle: OUR_AE,
        callingAeTitle: 'SCANNER1',
        maxPduLength: 16_384,
        contexts: [
          {
            id: 1,
            abstractSyntaxUid: SopClassUid.ModalityWorklistFind,
            transferSyntaxUids: [TransferSyntaxUid.ImplicitVrLittleEndian],
          },
        ],
      },
    );
    expect(outcome.kind).toBe('accepted');
    const reader = readDimse(socket);
    for (const messageId of [1, 2, 3]) {
      socket.write(findRequest(1, messageId, { PatientID: '' }));
      await reader.until(
        (r) => r.answers.filter((a) => a.status === DimseStatus.Success).length === messageId,
      );
    }
    socket.destroy();
    expect(reader.answers.map((a) => [a.messageIdBeingRespondedTo, a.status])).toEqual([
      [1, DimseStatus.Pending],
      [1, DimseStatus.Pending],
      [1, DimseStatus.Success],
      [2, DimseStatus.Pending],
      [2, DimseStatus.Pending],
      [2, DimseStatus.Success],
      [3, DimseStatus.PendingWarning],
      [3, DimseStatus.PendingWarning],
      [3, DimseStatus.Success],
    ]);
  });
});
