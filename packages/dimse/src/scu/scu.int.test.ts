import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ScuAssociationRejectedError, ScuConnectionError } from '../errors.ts';
import { DimseStatus } from '../status.ts';
import { OUR_AE, startTestServer, type RunningTestServer } from '../test-server.ts';
import type { DicomDataset } from '../types.ts';
import { echoScu } from './echo.ts';
import { findScu } from './find.ts';

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.server.close({ deadlineMs: 1000 });
  running = undefined;
});

const peerOf = (server: RunningTestServer, calledAeTitle = OUR_AE) => ({
  host: server.host,
  port: server.port,
  calledAeTitle,
  callingAeTitle: 'MWL_SCU',
});

function match(i: number): DicomDataset {
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: i === 0 ? 'Müller^Jörg' : `DOE^JOHN${i}`,
    PatientID: `PID${i}`,
    ScheduledProcedureStepSequence: [{ Modality: 'MR', ScheduledStationAETitle: 'MRI_3T' }],
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('echoScu', () => {
  it('gets Success from a server that answers C-ECHO', async () => {
    running = await startTestServer();
    const result = await echoScu(peerOf(running));
    expect(result.status).toBe(DimseStatus.Success);
  });

  it('reports a rejected association with its reason', async () => {
    running = await startTestServer();
    const echo = echoScu(peerOf(running, 'SOMEONE_ELSE'));
    await expect(echo).rejects.toBeInstanceOf(ScuAssociationRejectedError);
    await expect(echo).rejects.toMatchObject({ result: 1, source: 1, reason: 7 });
  });

  it('reports a refused connection as a connection error', async () => {
    const port = await freePort();
    const echo = echoScu({ host: '127.0.0.1', port, calledAeTitle: 'ANY', callingAeTitle: 'MWL_SCU' });
    await expect(echo).rejects.toBeInstanceOf(ScuConnectionError);
  });
});

describe('findScu', () => {
  it('returns every match in order, then the final status, and sends the identifier it was given', async () => {
    let received: DicomDataset | undefined;
    running = await startTestServer({
      handlers: {
        onFind: async (_ctx, identifier, responder) => {
          received = identifier;
          for (let i = 0; i < 3; i++) await responder.pending(match(i));
          return { status: DimseStatus.Success };
        },
      },
    });
    const seen: DicomDataset[] = [];
    const result = await findScu(
      peerOf(running),
      {
        PatientName: 'Mü*',
        PatientID: '',
        ScheduledProcedureStepSequence: [{ Modality: 'MR', ScheduledStationAETitle: '' }],
      },
      { onMatch: (dataset) => seen.push(dataset) },
    );
    expect(result.status).toBe(DimseStatus.Success);
    expect(result.matches.map((m) => [m.PatientName, m.PatientID])).toEqual([
      ['Müller^Jörg', 'PID0'],
      ['DOE^JOHN1', 'PID1'],
      ['DOE^JOHN2', 'PID2'],
    ]);
    expect(seen).toHaveLength(3);
    expect(result.matches[0]!.ScheduledProcedureStepSequence).toEqual([
      { Modality: 'MR', ScheduledStationAETitle: 'MRI_3T' },
    ]);
    expect(received).toMatchObject({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: 'Mü*',
      PatientID: '',
      ScheduledProcedureStepSequence: [{ Modality: 'MR', ScheduledStationAETitle: '' }],
    });
  });

  it('returns a failure status and its comment', async () => {
    running = await startTestServer({
      handlers: {
        onFind: () =>
          Promise.resolve({ status: DimseStatus.OutOfResources, errorComment: 'too many matches' }),
      },
    });
    const result = await findScu(peerOf(running), { PatientName: '' });
    expect(result).toMatchObject({ status: 0xa700, errorComment: 'too many matches', matches: [] });
  });

  it('sends C-CANCEL when its signal aborts and ends with status Cancel', async () => {
    running = await startTestServer({
      handlers: {
        onFind: async (ctx, _identifier, responder) => {
          for (let i = 0; i < 10_000 && !ctx.signal.aborted; i++) {
            await responder.pending(match(i)).catch(() => undefined);
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          return { status: DimseStatus.Cancel };
        },
      },
    });
    const controller = new AbortController();
    const result = await findScu(
      peerOf(running),
      { PatientName: '' },
      { signal: controller.signal, onMatch: () => controller.abort() },
    );
    expect(result.status).toBe(DimseStatus.Cancel);
    expect(result.matches.length).toBeLessThan(10_000);
  });
});
