import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { Dataset } from './lib.ts';
import { DimseStatus, SopClassUid, TransferSyntaxUid } from './status.ts';
import { OUR_AE, startTestServer, type RunningTestServer } from './test-server.ts';
import { echoscu, findscu } from './testing/dcmtk.ts';
import { pdu, requestAssociation, waitForClose, type RawContext } from './testing/raw-association.ts';
import {
  commandSet,
  echoRequest,
  findRequest,
  pData,
  pdv,
  PdvControl,
  readDimse,
} from './testing/raw-dimse.ts';
import type { DimseHandlers } from './types.ts';

/**
 * Issue 12, cases 1–4: what one hostile or buggy peer did to the DICOM server, each reproduced on a
 * real server (port 0) with raw PDUs, and shown contained. A well-behaved dcmtk client checks after
 * (or during) each case that the server still answers.
 */

const CONTEXTS: RawContext[] = [
  {
    id: 1,
    abstractSyntaxUid: SopClassUid.Verification,
    transferSyntaxUids: [TransferSyntaxUid.ImplicitVrLittleEndian],
  },
  {
    id: 3,
    abstractSyntaxUid: SopClassUid.ModalityWorklistFind,
    transferSyntaxUids: [TransferSyntaxUid.ImplicitVrLittleEndian],
  },
];
const ECHO_PC = 1;
const FIND_PC = 3;

/** Three matches per query, each after a short wait, recording how many queries run at once. */
function threeMatches(): { handlers: DimseHandlers; maxConcurrent: () => number } {
  let running = 0;
  let max = 0;
  return {
    maxConcurrent: () => max,
    handlers: {
      onFind: async (_ctx, _identifier, responder) => {
        running++;
        max = Math.max(max, running);
        try {
          for (let i = 0; i < 3; i++) {
            await delay(2);
            await responder.pending({ PatientID: `P${i}`, PatientName: `DOE^${i}` });
          }
          return { status: DimseStatus.Success };
        } finally {
          running--;
        }
      },
    },
  };
}

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.server.close({ deadlineMs: 500 });
  running = undefined;
});

async function associate(maxPduLength = 16_384, localAddress?: string) {
  if (!running) throw new Error('no server');
  return requestAssociation(
    { host: running.host, port: running.port, ...(localAddress !== undefined && { localAddress }) },
    { calledAeTitle: OUR_AE, callingAeTitle: 'HOSTILE', contexts: CONTEXTS, maxPduLength },
  );
}

describe('case 1: a tiny proposed maximum PDU length', () => {
  it.each([6, 1])('refuses an association proposing %i bytes; the server keeps answering', async (max) => {
    running = await startTestServer({ handlers: threeMatches().handlers });
    const { socket, outcome } = await associate(max);
    if (outcome.kind === 'accepted') {
      // What froze the process: the first response with a data set, split into chunks of max - 6.
      socket.write(findRequest(FIND_PC, 1, { PatientID: '' }));
    }
    const echo = await echoscu(running.peer(), { timeoutMs: 10_000 });
    socket.destroy();
    expect(echo.ok).toBe(true);
    expect(outcome).toEqual({ kind: 'rejected', result: 1, source: 1, reason: 1 });
  });
});

describe('case 2: command buffers and byte budgets', () => {
  it('parses each command set on its own: 500 C-ECHOs on one association, no growing buffer', async () => {
    running = await startTestServer();
    const parsed: number[] = [];
    // Every buffer the library parses into a Dataset (command sets included) passes through here.
    const proto = Dataset.prototype as unknown as { _fromElementsBuffer: (...args: unknown[]) => unknown };
    const original = proto._fromElementsBuffer;
    proto._fromElementsBuffer = function (this: unknown, ...args: unknown[]) {
      parsed.push((args[0] as Buffer).length);
      return original.apply(this, args);
    };
    onTestFinished(() => {
      proto._fromElementsBuffer = original;
    });
    const { socket, outcome } = await associate();
    expect(outcome.kind).toBe('accepted');
    const reader = readDimse(socket);
    const count = 500;
    socket.write(Buffer.concat(Array.from({ length: count }, (_, i) => echoRequest(ECHO_PC, i + 1))));
    await reader.until((r) => r.answers.length === count);
    socket.destroy();
    expect(reader.answers.map((a) => a.messageIdBeingRespondedTo)).toEqual(
      Array.from({ length: count }, (_, i) => i + 1),
    );
    expect(reader.answers.every((a) => a.status === DimseStatus.Success)).toBe(true);
    // Unfixed, the library re-parsed every earlier command: the n-th parse was n command sets long.
    expect(Math.max(...parsed)).toBeLessThan(1_024);
  });

  it('aborts a peer that interleaves data-set fragments with commands to dodge the byte limit', async () => {
    running = await startTestServer({ maxPduLength: 65_536, maxMessageBytes: 1024 * 1024 });
    const { socket, outcome } = await associate();
    expect(outcome.kind).toBe('accepted');
    const reader = readDimse(socket);
    // A data-set fragment that belongs to no command, then a complete C-ECHO: unfixed, the framer's
    // count restarted at each last command fragment and the fragments piled up without limit.
    const filler = pData(pdv(ECHO_PC, PdvControl.DatasetFragment, Buffer.alloc(60_000)));
    for (let i = 1; i <= 40 && !reader.closed; i++) {
      socket.write(Buffer.concat([filler, echoRequest(ECHO_PC, i)]));
      await delay(1);
    }
    await reader.until((r) => r.closed, 5_000);
    expect(reader.otherPdus).toContain(0x07);
    expect(reader.answers.length).toBeLessThan(2);
    expect(running.server.stats().protocolErrors).toBe(1);
  });

  it('aborts a command set larger than the command budget', async () => {
    running = await startTestServer();
    const { socket, outcome } = await associate();
    expect(outcome.kind).toBe('accepted');
    const reader = readDimse(socket);
    const fragment = pData(pdv(ECHO_PC, PdvControl.Command, Buffer.alloc(8_000)));
    for (let i = 0; i < 20 && !reader.closed; i++) socket.write(fragment);
    await reader.until((r) => r.closed, 5_000);
    expect(reader.otherPdus).toContain(0x07);
  });
});

describe('case 3: one operation at a time', () => {
  it('answers 50 pipelined C-FINDs one at a time: the first runs, the others are refused', async () => {
    const probe = threeMatches();
    running = await startTestServer({ handlers: probe.handlers });
    const { socket, outcome } = await associate();
    expect(outcome.kind).toBe('accepted');
    const reader = readDimse(socket);
    const count = 50;
    socket.write(
      Buffer.concat(Array.from({ length: count }, (_, i) => findRequest(FIND_PC, i + 1, { PatientID: '' }))),
    );
    const finals = (r: typeof reader) => r.answers.filter((a) => a.status !== DimseStatus.Pending);
    await reader.until((r) => finals(r).length === count);
    socket.destroy();
    expect(probe.maxConcurrent()).toBe(1);
    const byMessage = new Map(finals(reader).map((a) => [a.messageIdBeingRespondedTo, a.status]));
    expect(byMessage.get(1)).toBe(DimseStatus.Success);
    for (let id = 2; id <= count; id++) expect(byMessage.get(id)).toBe(DimseStatus.OutOfResources);
    const pendings = reader.answers.filter((a) => a.status === DimseStatus.Pending);
    expect(pendings.map((a) => a.messageIdBeingRespondedTo)).toEqual([1, 1, 1]);
  });

  it('still honours C-CANCEL while an operation runs', async () => {
    running = await startTestServer({
      handlers: {
        onFind: async (ctx) => {
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
          return { status: DimseStatus.Success };
        },
      },
    });
    const { socket } = await associate();
    const reader = readDimse(socket);
    socket.write(findRequest(FIND_PC, 7, { PatientID: '' }));
    await expect.poll(() => running?.server.stats().find).toBe(1);
    const cancel = commandSet({
      CommandField: 0x0fff,
      MessageIDBeingRespondedTo: 7,
      CommandDataSetType: 0x0101,
    });
    socket.write(pData(pdv(FIND_PC, PdvControl.LastCommand, cancel)));
    await reader.until((r) => r.answers.length === 1);
    socket.destroy();
    expect(reader.answers[0]).toMatchObject({ messageIdBeingRespondedTo: 7, status: DimseStatus.Cancel });
  });
});

describe('case 4: slots held by silent or dribbling peers', () => {
  it('caps associations per source address: 10 silent peers from one address leave room for others', async () => {
    running = await startTestServer({
      maxAssociations: 10,
      limits: { maxAssociationsPerAddress: 4 },
      handlers: threeMatches().handlers,
    });
    const held = await Promise.all(Array.from({ length: 10 }, () => associate(16_384, '127.0.0.2')));
    const accepted = held.filter((h) => h.outcome.kind === 'accepted').length;
    const find = await findscu(running.peer(), { keys: ['PatientID='], timeoutMs: 15_000 });
    for (const h of held) h.socket.destroy();
    expect(find.finalStatus).toBe(0);
    expect(find.responses).toHaveLength(3);
    expect(accepted).toBe(4);
  });

  it('closes a peer that dribbles a PDU one byte at a time once the PDU deadline passes', async () => {
    running = await startTestServer({ idleTimeoutMs: 2_000, limits: { pduTimeoutMs: 400 } });
    const { socket, outcome } = await associate();
    expect(outcome.kind).toBe('accepted');
    const bytes = echoRequest(ECHO_PC, 1);
    let sent = 0;
    const dribble = setInterval(() => {
      if (!socket.destroyed) socket.write(bytes.subarray(sent % bytes.length, (sent % bytes.length) + 1));
      sent++;
    }, 100);
    const closed = await waitForClose(socket, 4_000);
    clearInterval(dribble);
    socket.destroy();
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(25);
  });

  it('closes a peer that never completes its A-ASSOCIATE-RQ within the request deadline', async () => {
    running = await startTestServer({ idleTimeoutMs: 30_000, limits: { associationRequestTimeoutMs: 300 } });
    const { connect } = await import('./testing/raw-association.ts');
    const socket = await connect(running.host, running.port);
    socket.on('error', () => undefined);
    socket.write(pdu(0x01, Buffer.alloc(100)).subarray(0, 10));
    expect(await waitForClose(socket, 2_000)).toBe(true);
    socket.destroy();
  });

  it('aborts an operation that outlives the operation deadline and signals its handler', async () => {
    let aborted = false;
    running = await startTestServer({
      limits: { operationTimeoutMs: 300 },
      handlers: {
        onFind: (ctx) =>
          new Promise((resolve) => {
            ctx.signal.addEventListener('abort', () => {
              aborted = true;
              setTimeout(() => resolve({ status: DimseStatus.Success }), 50);
            });
          }),
      },
    });
    const { socket } = await associate();
    const reader = readDimse(socket);
    socket.write(findRequest(FIND_PC, 1, { PatientID: '' }));
    await reader.until((r) => r.closed, 3_000);
    expect(aborted).toBe(true);
    expect(reader.otherPdus).toContain(0x07);
    expect((await echoscu(running.peer())).ok).toBe(true);
  });
});
