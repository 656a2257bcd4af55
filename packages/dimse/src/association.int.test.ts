import { afterEach, describe, expect, it } from 'vitest';
import { DimseListenError } from './errors.ts';
import { ContextResult } from './negotiation.ts';
import { createDimseServer } from './server.ts';
import { SopClassUid, TransferSyntaxUid } from './status.ts';
import { startTestServer, OUR_AE, type RunningTestServer } from './test-server.ts';
import { echoscu } from './testing/dcmtk.ts';
import { RELEASE_RQ, readPdu, requestAssociation } from './testing/raw-association.ts';

const { ImplicitVrLittleEndian: IMPLICIT, ExplicitVrLittleEndian: EXPLICIT } = TransferSyntaxUid;
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const CT_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.server.close({ deadlineMs: 1000 });
  running = undefined;
});

describe('association policy (echoscu)', () => {
  it('answers a C-ECHO addressed to our AE title', async () => {
    running = await startTestServer();
    const result = await echoscu(running.peer('X'));
    expect(result.ok).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(running.server.stats()).toMatchObject({ echo: 1, associationsAccepted: 1 });
  });

  it('rejects a wrong called AE title permanently, service user, reason 7', async () => {
    running = await startTestServer();
    const result = await echoscu({ ...running.peer('X'), calledAeTitle: 'NOT_US' });
    expect(result.exitCode).not.toBe(0);
    expect(result.rejection).toEqual({
      result: 'Rejected Permanent',
      source: 'Service User',
      reason: 'Called AE Title Not Recognized',
    });
  });

  it('rejects a calling AE title missing from the allow-list with reason 3', async () => {
    running = await startTestServer({ callingAeAllowList: ['SCANNER1'] });
    const refused = await echoscu(running.peer('INTRUDER'));
    expect(refused.exitCode).not.toBe(0);
    expect(refused.rejection?.reason).toBe('Calling AE Title Not Recognized');
    expect((await echoscu(running.peer('SCANNER1'))).ok).toBe(true);
  });

  it('rejects an allowed calling AE title connecting from an address it is not bound to', async () => {
    running = await startTestServer({
      callingAeAddressBinding: { SCANNER1: ['10.1.2.3'], SCANNER2: ['127.0.0.1'] },
    });
    expect((await echoscu(running.peer('SCANNER1'))).rejection?.reason).toBe(
      'Calling AE Title Not Recognized',
    );
    expect((await echoscu(running.peer('SCANNER2'))).ok).toBe(true);
    expect((await echoscu(running.peer('UNBOUND'))).ok).toBe(true);
  });

  it('answers to every configured called AE title', async () => {
    running = await startTestServer({ aeTitles: [OUR_AE, 'SECOND_AE'] });
    expect((await echoscu({ ...running.peer(), calledAeTitle: 'SECOND_AE' })).ok).toBe(true);
  });
});

describe('presentation contexts (raw A-ASSOCIATE-RQ)', () => {
  it('decides each context on its own and accepts exactly one transfer syntax per context', async () => {
    running = await startTestServer({ handlers: { onFind: () => Promise.resolve({ status: 0 }) } });
    const { socket, outcome } = await requestAssociation(running, {
      calledAeTitle: OUR_AE,
      callingAeTitle: 'RAW',
      contexts: [
        { id: 1, abstractSyntaxUid: SopClassUid.Verification, transferSyntaxUids: [IMPLICIT, EXPLICIT] },
        { id: 3, abstractSyntaxUid: SopClassUid.ModalityWorklistFind, transferSyntaxUids: [IMPLICIT] },
        { id: 5, abstractSyntaxUid: SopClassUid.ModalityWorklistFind, transferSyntaxUids: [JPEG_BASELINE] },
        { id: 7, abstractSyntaxUid: CT_STORAGE, transferSyntaxUids: [IMPLICIT] },
        {
          id: 9,
          abstractSyntaxUid: SopClassUid.ModalityPerformedProcedureStep,
          transferSyntaxUids: [IMPLICIT],
        },
      ],
    });
    expect(outcome.kind).toBe('accepted');
    if (outcome.kind !== 'accepted') return;
    const byId = new Map(outcome.contexts.map((c) => [c.id, c]));
    expect(byId.get(1)).toMatchObject({ result: ContextResult.Acceptance, transferSyntaxUid: EXPLICIT });
    expect(byId.get(3)).toMatchObject({ result: ContextResult.Acceptance, transferSyntaxUid: IMPLICIT });
    expect(byId.get(5)?.result).toBe(ContextResult.TransferSyntaxesNotSupported);
    expect(byId.get(7)?.result).toBe(ContextResult.AbstractSyntaxNotSupported);
    // no MPPS handlers configured: MPPS is not offered
    expect(byId.get(9)?.result).toBe(ContextResult.AbstractSyntaxNotSupported);
    socket.write(RELEASE_RQ);
    expect((await readPdu(socket))?.type).toBe(0x06);
    socket.destroy();
  });

  it('announces the smaller of the peer maximum and ours as its max PDU length', async () => {
    running = await startTestServer({ maxPduLength: 32768 });
    const contexts = [{ id: 1, abstractSyntaxUid: SopClassUid.Verification, transferSyntaxUids: [IMPLICIT] }];
    const big = await requestAssociation(running, {
      calledAeTitle: OUR_AE,
      callingAeTitle: 'RAW',
      contexts,
      maxPduLength: 0,
    });
    const small = await requestAssociation(running, {
      calledAeTitle: OUR_AE,
      callingAeTitle: 'RAW',
      contexts,
      maxPduLength: 8192,
    });
    expect(big.outcome).toMatchObject({ kind: 'accepted', maxPduLength: 32768 });
    expect(small.outcome).toMatchObject({ kind: 'accepted', maxPduLength: 8192 });
    big.socket.destroy();
    small.socket.destroy();
  });
});

describe('association limit', () => {
  it('rejects associations beyond maxAssociations as transient, local limit exceeded, and recovers', async () => {
    running = await startTestServer({ maxAssociations: 2 });
    const contexts = [{ id: 1, abstractSyntaxUid: SopClassUid.Verification, transferSyntaxUids: [IMPLICIT] }];
    const rq = { calledAeTitle: OUR_AE, callingAeTitle: 'HOLDER', contexts };
    const held = [await requestAssociation(running, rq), await requestAssociation(running, rq)];
    expect(held.map((h) => h.outcome.kind)).toEqual(['accepted', 'accepted']);

    const extra = await requestAssociation(running, rq);
    expect(extra.outcome).toEqual({ kind: 'rejected', result: 2, source: 3, reason: 2 });
    extra.socket.destroy();
    const echo = await echoscu(running.peer());
    expect(echo.exitCode).not.toBe(0);
    expect(echo.rejection?.result).toBe('Rejected Transient');

    for (const h of held) {
      h.socket.write(RELEASE_RQ);
      await readPdu(h.socket);
      h.socket.destroy();
    }
    await expect.poll(() => running?.server.stats().associationsActive).toBe(0);
    expect((await echoscu(running.peer())).ok).toBe(true);
  });
});

describe('listen', () => {
  it('rejects with DimseListenError when the port is taken', async () => {
    running = await startTestServer();
    const other = createDimseServer({
      logger: running.logger,
      aeTitles: [OUR_AE],
      maxAssociations: 1,
      maxPduLength: 16384,
      idleTimeoutMs: 1000,
      handlers: {},
    });
    await expect(other.listen({ host: '127.0.0.1', port: running.port })).rejects.toBeInstanceOf(
      DimseListenError,
    );
    await other.close();
  });
});
