import { randomBytes } from 'node:crypto';
import { SopClassUid, TransferSyntaxUid } from '@mwl/dimse';
import {
  buildAssociateRq,
  connect,
  echoscu,
  findRequest,
  findscu,
  implicitDataset,
  pdu,
  readDimse,
  readPdu,
  requestAssociation,
  waitForClose,
} from '@mwl/dimse/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertGeneratedItems, startTestGateway, TEST_AE, type RunningGateway } from './test-support.ts';

/** Acceptance 6: malformed input ends only the association that sent it. */

const database = useTestDatabase();
let running: RunningGateway;
const FIND_CONTEXT = [
  {
    id: 1,
    abstractSyntaxUid: SopClassUid.ModalityWorklistFind,
    transferSyntaxUids: [TransferSyntaxUid.ImplicitVrLittleEndian],
  },
];

beforeAll(async () => {
  running = await startTestGateway(database.current.databaseUrl, {
    maxPduLength: 16_384,
    idleTimeoutMs: 1_000,
    maxResults: 5_000,
  });
  await insertGeneratedItems(running.prisma, 2_000, { keyPrefix: 'R' });
});
afterAll(async () => {
  await running.close();
});

async function sendAndWaitForClose(bytes: Buffer): Promise<boolean> {
  const socket = await connect(running.host, running.port);
  socket.on('error', () => undefined);
  socket.write(bytes);
  const closed = await waitForClose(socket, 5_000);
  socket.destroy();
  return closed;
}

async function oversizedPData(): Promise<boolean> {
  const { socket, outcome } = await requestAssociation(running, {
    calledAeTitle: TEST_AE,
    callingAeTitle: 'RAW',
    contexts: FIND_CONTEXT,
  });
  expect(outcome.kind).toBe('accepted');
  const body = Buffer.alloc(40_000);
  body.writeUInt32BE(body.length - 4, 0);
  body.writeUInt8(1, 4);
  socket.write(pdu(0x04, body));
  const abort = await readPdu(socket);
  const closed = await waitForClose(socket);
  socket.destroy();
  return abort?.type === 0x07 && closed;
}

describe('malformed PDUs (acceptance 6)', () => {
  it('closes sockets sending random bytes, truncated or oversized PDUs while a 2,000-match query completes', async () => {
    const rq = buildAssociateRq({ calledAeTitle: TEST_AE, callingAeTitle: 'RAW', contexts: FIND_CONTEXT });
    const streaming = findscu(running.peer(), {
      keys: ['PatientID=', 'PatientName='],
      parseResponses: false,
    });
    const [query, random, truncated, oversizedHeader, oversized] = await Promise.all([
      streaming,
      sendAndWaitForClose(randomBytes(8_192)),
      sendAndWaitForClose(rq.subarray(0, rq.length - 20)),
      sendAndWaitForClose(Buffer.from([0x04, 0, 0xff, 0xff, 0xff, 0xf0, 1, 2, 3, 4])),
      oversizedPData(),
    ]);
    expect([random, truncated, oversizedHeader, oversized]).toEqual([true, true, true, true]);
    expect(query.finalStatus).toBe(0x0000);
    expect((query.stdout + query.stderr).match(/Received Find Response \d+ \(Pending\)/g)).toHaveLength(
      2_000,
    );
    expect(running.gateway.stats().protocolErrors).toBeGreaterThanOrEqual(3);
    expect((await echoscu(running.peer())).ok).toBe(true);
  });
});

describe('the DIMSE edge in the gateway (issue 12)', () => {
  async function openFind() {
    const { socket, outcome } = await requestAssociation(running, {
      calledAeTitle: TEST_AE,
      callingAeTitle: 'RAW',
      contexts: FIND_CONTEXT,
    });
    expect(outcome.kind).toBe('accepted');
    return { socket, reader: readDimse(socket) };
  }
  const finals = (reader: ReturnType<typeof readDimse>) => reader.answers.filter((a) => a.status !== 0xff00);

  it('runs one query at a time: pipelined C-FINDs after the first are refused with 0xA700', async () => {
    const { socket, reader } = await openFind();
    socket.write(
      Buffer.concat(Array.from({ length: 10 }, (_, i) => findRequest(1, i + 1, { PatientID: 'R7' }))),
    );
    await reader.until((r) => finals(r).length === 10);
    socket.destroy();
    const statuses = new Map(finals(reader).map((a) => [a.messageIdBeingRespondedTo, a.status]));
    expect(statuses.get(1)).toBe(0x0000);
    expect([...statuses].filter(([id]) => id !== 1).every(([, status]) => status === 0xa700)).toBe(true);
    expect(reader.answers.filter((a) => a.status === 0xff00).map((a) => a.messageIdBeingRespondedTo)).toEqual(
      [1],
    );
  });

  it('answers an identifier that does not decode with 0xA900 and one above 64 KiB with 0xA700', async () => {
    const { socket, reader } = await openFind();
    const undecodable = Buffer.from([0x10, 0x00, 0x20, 0x00, 0xff, 0xff, 0x00, 0x00, 0x41, 0x42]);
    socket.write(findRequest(1, 1, undecodable));
    await reader.until((r) => finals(r).length === 1);
    const big = implicitDataset({ PatientID: '', PatientComments: 'x'.repeat(10_000) });
    socket.write(findRequest(1, 2, Buffer.concat(Array.from({ length: 7 }, () => big)), 8_000));
    await reader.until((r) => finals(r).length === 2);
    socket.destroy();
    expect(finals(reader).map((a) => a.status)).toEqual([0xa900, 0xa700]);
    expect((await findscu(running.peer(), { keys: ['PatientID=R7'] })).responses).toHaveLength(1);
  });
});
