import { SopClassUid, TransferSyntaxUid } from '@mwl/dimse';
import { echoscu, findscu, requestAssociation } from '@mwl/dimse/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_AE, type RunningGateway } from './test-support.ts';

const database = useTestDatabase();
let running: RunningGateway | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('associations (acceptance 1)', () => {
  it('answers echoscu with Success', async () => {
    running = await startTestGateway(database.current.databaseUrl);
    const result = await echoscu(running.peer());
    expect(result.ok).toBe(true);
  });

  it('rejects a calling AE title outside the allow-list', async () => {
    running = await startTestGateway(database.current.databaseUrl, { callingAeAllowList: ['MRI_3T'] });
    expect((await echoscu(running.peer('MRI_3T'))).ok).toBe(true);
    const refused = await echoscu(running.peer('INTRUDER'));
    expect(refused.ok).toBe(false);
    expect(refused.rejection).toEqual({
      result: 'Rejected Permanent',
      source: 'Service User',
      reason: 'Calling AE Title Not Recognized',
    });
  });

  it('rejects a called AE title that is not ours', async () => {
    running = await startTestGateway(database.current.databaseUrl);
    const refused = await echoscu({ ...running.peer(), calledAeTitle: `${TEST_AE}X` });
    expect(refused.ok).toBe(false);
    expect(refused.rejection).toMatchObject({
      result: 'Rejected Permanent',
      reason: 'Called AE Title Not Recognized',
    });
  });

  it('answers to every configured called AE title', async () => {
    running = await startTestGateway(database.current.databaseUrl, { aeTitles: [TEST_AE, 'MWL_ALIAS'] });
    expect((await echoscu({ ...running.peer(), calledAeTitle: 'MWL_ALIAS' })).ok).toBe(true);
  });

  it('rejects the MPPS presentation context without an MPPS store, so no modality believes its steps are recorded', async () => {
    running = await startTestGateway(database.current.databaseUrl, {}, { mpps: false });
    const { socket, outcome } = await requestAssociation(running, {
      calledAeTitle: TEST_AE,
      callingAeTitle: 'MODALITY1',
      contexts: [
        {
          id: 1,
          abstractSyntaxUid: SopClassUid.ModalityWorklistFind,
          transferSyntaxUids: [TransferSyntaxUid.ImplicitVrLittleEndian],
        },
        {
          id: 3,
          abstractSyntaxUid: SopClassUid.ModalityPerformedProcedureStep,
          transferSyntaxUids: [TransferSyntaxUid.ImplicitVrLittleEndian],
        },
      ],
    });
    socket.destroy();
    expect(outcome).toMatchObject({
      kind: 'accepted',
      contexts: [
        { id: 1, result: 0 },
        { id: 3, result: 3 }, // abstract syntax not supported (PS3.8 9.3.3.2)
      ],
    });
  });

  it('counts associations and queries in its metrics', async () => {
    running = await startTestGateway(database.current.databaseUrl);
    await echoscu(running.peer());
    await findscu(running.peer(), { keys: ['PatientName='] });
    const text = await running.registry.metrics();
    expect(text).toMatch(/mwl_gateway_associations_total\{result="accepted"\} 2/);
    expect(text).toMatch(/mwl_gateway_cfind_queries_total\{outcome="success"\} 1/);
    expect(text).toMatch(/mwl_gateway_echo_requests_total 1/);
    expect(text).toContain('mwl_gateway_cfind_duration_seconds_bucket');
  });
});
