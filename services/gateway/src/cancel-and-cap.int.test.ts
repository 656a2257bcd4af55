import { findscu } from '@mwl/dimse/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertGeneratedItems, startTestGateway, type RunningGateway } from './test-support.ts';

/** Acceptance 4 (C-CANCEL during a 5,000-match response) and the result cap of acceptance 5. */

const database = useTestDatabase();
let uncapped: RunningGateway;
let capped: RunningGateway;
const KEYS = ['PatientName=', 'PatientID=', 'ScheduledProcedureStepSequence[0].Modality=MR'];

beforeAll(async () => {
  uncapped = await startTestGateway(database.current.databaseUrl, { maxResults: 10_000 });
  capped = await startTestGateway(database.current.databaseUrl, { maxResults: 4_999 });
  await insertGeneratedItems(uncapped.prisma, 5_000, { keyPrefix: 'C' });
});
afterAll(async () => {
  await uncapped.close();
  await capped.close();
});

describe('C-CANCEL (acceptance 4)', () => {
  it('stops a 5,000-match response with the Cancel status', async () => {
    const result = await findscu(uncapped.peer(), { keys: KEYS, cancelAfter: 10, exactStatus: true });
    expect(result.finalStatus).toBe(0xfe00);
    expect(result.responses.length).toBeGreaterThanOrEqual(10);
    expect(result.responses.length).toBeLessThan(5_000);
    expect(uncapped.gateway.stats().findCancelled).toBe(1);
    expect(await uncapped.registry.metrics()).toMatch(
      /mwl_gateway_cfind_queries_total\{outcome="cancelled"\} 1/,
    );
  });

  it('keeps serving the association and others after a cancel', async () => {
    const result = await findscu(uncapped.peer(), { keys: ['PatientID=C42', 'PatientName='] });
    expect(result.finalStatus).toBe(0x0000);
    expect(result.responses.map((r) => r['PatientID'])).toEqual(['C42']);
  });
});

describe('result cap (acceptance 5)', () => {
  it('refuses a query over the cap with 0xA700 before sending any match', async () => {
    const result = await findscu(capped.peer(), { keys: KEYS, exactStatus: true });
    expect(result.finalStatus).toBe(0xa700);
    expect(result.responses).toHaveLength(0);
    expect(result.stdout + result.stderr).toContain('More than 4999 matches');
  });

  it('answers a narrower query under the cap', async () => {
    const result = await findscu(capped.peer(), { keys: ['PatientID=', 'PatientName=BULK^PATIENT1*'] });
    expect(result.finalStatus).toBe(0x0000);
    expect(result.responses).toHaveLength(1_111);
  });
});
