import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SopClassUid, TransferSyntaxUid } from './status.ts';
import { startTestServer, OUR_AE, type RunningTestServer } from './test-server.ts';
import { echoscu, findscu } from './testing/dcmtk.ts';
import {
  buildAssociateRq,
  connect,
  pdu,
  readPdu,
  requestAssociation,
  waitForClose,
} from './testing/raw-association.ts';
import type { DimseContext } from './types.ts';

const ECHO_CONTEXT = [
  {
    id: 1,
    abstractSyntaxUid: SopClassUid.Verification,
    transferSyntaxUids: [TransferSyntaxUid.ImplicitVrLittleEndian],
  },
];

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.server.close({ deadlineMs: 1000 });
  running = undefined;
});

function rqFixedPart(): Buffer {
  const fixed = Buffer.alloc(68, 0x20);
  fixed.writeUInt16BE(1, 0);
  fixed.writeUInt16BE(0, 2);
  fixed.write(OUR_AE, 4, 'latin1');
  fixed.fill(0, 36);
  return fixed;
}

/** Sends bytes on a fresh socket and reports whether the server closed it (and any PDU it sent). */
async function sendRaw(bytes: Buffer): Promise<{ closed: boolean; reply: number | undefined }> {
  if (!running) throw new Error('no server');
  const socket = await connect(running.host, running.port);
  socket.on('error', () => undefined);
  socket.write(bytes);
  const reply = await readPdu(socket, 3000);
  const closed = await waitForClose(socket, 3000);
  socket.destroy();
  return { closed, reply: reply?.type };
}

describe('malformed input ends only the offending association', () => {
  const rq = buildAssociateRq({ calledAeTitle: OUR_AE, callingAeTitle: 'RAW', contexts: ECHO_CONTEXT });
  const hugePData = Buffer.from([0x04, 0, 0xff, 0xff, 0xff, 0xf0, 1, 2, 3, 4]);

  it.each([
    ['random bytes', randomBytes(4096)],
    ['an unknown PDU type', Buffer.concat([Buffer.from([0x09, 0, 0, 0, 0, 4]), Buffer.alloc(4)])],
    ['a P-DATA-TF before any association request', pdu(0x04, Buffer.from([0, 0, 0, 2, 1, 3]))],
    [
      'an A-ASSOCIATE-RQ whose item overruns the PDU',
      pdu(0x01, Buffer.concat([rqFixedPart(), Buffer.from([0x10, 0, 0xff, 0xff, 1, 2, 3, 4])])),
    ],
    ['a header declaring a 4 GiB PDU', hugePData],
    ['an A-ASSOCIATE-RQ beyond 64 KiB', pdu(0x01, Buffer.alloc(70_000))],
  ])('closes a socket sending %s', async (_what, bytes) => {
    running = await startTestServer();
    const { closed, reply } = await sendRaw(bytes);
    expect(closed).toBe(true);
    expect([undefined, 0x03, 0x07]).toContain(reply);
    expect((await echoscu(running.peer())).ok).toBe(true);
  });

  it('closes a socket whose A-ASSOCIATE-RQ is truncated once the request timer runs out', async () => {
    running = await startTestServer({ idleTimeoutMs: 500 });
    const socket = await connect(running.host, running.port);
    socket.write(rq.subarray(0, rq.length - 20));
    expect(await waitForClose(socket, 3000)).toBe(true);
    socket.destroy();
  });

  it('aborts an association that sends a P-DATA-TF above the max PDU length', async () => {
    running = await startTestServer({ maxPduLength: 16384 });
    const { socket, outcome } = await requestAssociation(running, {
      calledAeTitle: OUR_AE,
      callingAeTitle: 'RAW',
      contexts: ECHO_CONTEXT,
    });
    expect(outcome.kind).toBe('accepted');
    const body = Buffer.alloc(20_000);
    body.writeUInt32BE(body.length - 4, 0);
    body.writeUInt8(1, 4);
    socket.write(pdu(0x04, body));
    expect((await readPdu(socket))?.type).toBe(0x07);
    expect(await waitForClose(socket)).toBe(true);
    expect(running.server.stats().protocolErrors).toBe(1);
  });

  it('keeps an association that is mid-query working while another sends garbage', async () => {
    running = await startTestServer({
      handlers: {
        onFind: async (_ctx, _identifier, responder) => {
          for (let i = 0; i < 200; i++) await responder.pending({ PatientID: `P${i}` });
          return { status: 0 };
        },
      },
    });
    const [find, garbage] = await Promise.all([
      findscu(running.peer(), { keys: ['PatientID='] }),
      sendRaw(randomBytes(10_000)),
    ]);
    expect(garbage.closed).toBe(true);
    expect(find.finalStatus).toBe(0);
    expect(find.responses).toHaveLength(200);
  });
});

describe('timeouts and shutdown', () => {
  it('aborts an association left idle for idleTimeoutMs', async () => {
    running = await startTestServer({ idleTimeoutMs: 300 });
    const { socket, outcome } = await requestAssociation(running, {
      calledAeTitle: OUR_AE,
      callingAeTitle: 'IDLE',
      contexts: ECHO_CONTEXT,
    });
    expect(outcome.kind).toBe('accepted');
    expect((await readPdu(socket, 3000))?.type).toBe(0x07);
    expect(await waitForClose(socket)).toBe(true);
  });

  it('does not time out a slow operation, only idle time', async () => {
    running = await startTestServer({
      idleTimeoutMs: 200,
      handlers: {
        onFind: async (_ctx, _identifier, responder) => {
          await new Promise((resolve) => setTimeout(resolve, 700));
          await responder.pending({ PatientID: 'P1' });
          return { status: 0 };
        },
      },
    });
    const result = await findscu(running.peer(), { keys: ['PatientID='] });
    expect(result.finalStatus).toBe(0);
    expect(result.responses).toHaveLength(1);
  });

  it('lets a running query finish within the close deadline, then refuses new connections', async () => {
    let ctx: DimseContext | undefined;
    running = await startTestServer({
      handlers: {
        onFind: async (c, _identifier, responder) => {
          ctx = c;
          await new Promise((resolve) => setTimeout(resolve, 400));
          await responder.pending({ PatientID: 'P1' });
          return { status: 0 };
        },
      },
    });
    const server = running.server;
    const query = findscu(running.peer(), { keys: ['PatientID='] });
    await expect.poll(() => ctx).toBeDefined();
    await server.close({ deadlineMs: 3000 });
    const result = await query;
    expect(result.finalStatus).toBe(0);
    expect(result.responses).toHaveLength(1);
    expect((await echoscu(running.peer())).ok).toBe(false);
    running = undefined;
  });

  it('aborts a query still running at the close deadline and signals its handler', async () => {
    let aborted = false;
    running = await startTestServer({
      handlers: {
        onFind: (ctx) =>
          new Promise((resolve) => {
            ctx.signal.addEventListener('abort', () => {
              aborted = true;
              resolve({ status: 0 });
            });
          }),
      },
    });
    const query = findscu(running.peer(), { keys: ['PatientID='] });
    await expect.poll(() => running?.server.stats().find).toBe(1);
    const started = Date.now();
    await running.server.close({ deadlineMs: 300 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(aborted).toBe(true);
    expect((await query).finalStatus).toBeUndefined();
    running = undefined;
  });
});
