import { findscu } from '@mwl/dimse/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualItemBody, startApiStack, type ApiStack } from './int-support.ts';

let stack: ApiStack;
let writer: string;

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.baseUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${writer}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
  });

async function patientIdsFromScanner(): Promise<string[]> {
  const result = await findscu(stack.gateway.peer(), {
    keys: ['PatientID=', 'PatientName='],
    exactStatus: true,
  });
  expect(result.finalStatus).toBe(0x0000);
  return result.responses.map((r) => r['PatientID'] as string).sort();
}

describe.each(['in-process', 'bullmq'] as const)(
  'manual items through the writer, %s queue (acceptance 4 and 5)',
  (kind) => {
    const database = useTestDatabase();
    beforeAll(async () => {
      stack = await startApiStack(database.current.databaseUrl, {}, kind);
      writer = await stack.token('ris-bridge', 'write');
    });
    afterAll(async () => {
      await stack?.close();
    });

    it('creates an item that findscu returns, cancels it and it disappears, with an audit trail', async () => {
      const created = await call('/api/v1/manual-items', {
        method: 'POST',
        body: JSON.stringify(manualItemBody(1)),
      });
      expect(created.status).toBe(201);
      const item = (await created.json()) as {
        sourceKey: string;
        source: string;
        status: string;
        spsStartTime: string;
      };
      expect(item).toMatchObject({
        source: 'manual',
        status: 'SCHEDULED',
        spsStartDate: '20260310',
        spsStartTime: '093000',
      });
      expect(await patientIdsFromScanner()).toEqual(['MAN0001']);

      // Written by the writer like any source: a targeted sync run of the `manual` source.
      const runs = await stack.prisma.syncRun.findMany({ where: { source: 'manual' } });
      expect(runs).toMatchObject([{ kind: 'targeted', outcome: 'succeeded', inserted: 1, complete: false }]);

      const cancelled = await call(`/api/v1/manual-items/${item.sourceKey}`, { method: 'DELETE' });
      expect(cancelled.status).toBe(200);
      expect(await cancelled.json()).toMatchObject({ status: 'CANCELED' });
      expect(await patientIdsFromScanner()).toEqual([]);

      const audit = await stack.prisma.auditEvent.findMany({
        where: { targetId: `manual/${item.sourceKey}` },
        orderBy: { id: 'asc' },
      });
      expect(audit.map((a) => [a.actorKind, a.actor, a.action])).toEqual([
        ['token', 'ris-bridge', 'manual_item.create'],
        ['token', 'ris-bridge', 'manual_item.cancel'],
      ]);
      expect(JSON.stringify(audit.map((a) => a.detail))).not.toMatch(/MAN0001|PATIENT1/);
    });

    it('updates an item in place: same identifiers, new content', async () => {
      const created = await call('/api/v1/manual-items', {
        method: 'POST',
        body: JSON.stringify(manualItemBody(2)),
      });
      const before = (await created.json()) as { sourceKey: string; accessionNumber: string; id: string };
      const updated = await call(`/api/v1/manual-items/${before.sourceKey}`, {
        method: 'PUT',
        body: JSON.stringify(
          manualItemBody(2, { scheduledAt: '2026-03-10T11:00:00-06:00', spsDescription: 'Knee MRI' }),
        ),
      });
      expect(updated.status).toBe(200);
      expect(await updated.json()).toMatchObject({
        id: before.id,
        accessionNumber: before.accessionNumber,
        spsStartTime: '110000',
        spsDescription: 'Knee MRI',
        rowVersion: 2,
      });
    });

    it('refuses an invalid item with 400 naming the fields, and writes nothing', async () => {
      const count = await stack.prisma.worklistItem.count();
      const response = await call('/api/v1/manual-items', {
        method: 'POST',
        body: JSON.stringify(
          manualItemBody(3, { patientBirthDate: '19991399', scheduledStationAeTitle: 'X'.repeat(17) }),
        ),
      });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { code: string; problems: { path: string }[] };
      expect(problem.code).toBe('MWL_ERR_API_VALIDATION');
      expect(problem.problems.map((p) => p.path)).toContain('body.scheduledStationAeTitle');
      const second = await call('/api/v1/manual-items', {
        method: 'POST',
        body: JSON.stringify(manualItemBody(3, { patientBirthDate: '19991399' })),
      });
      expect(second.status).toBe(400);
      expect(((await second.json()) as { problems: { path: string }[] }).problems).toEqual([
        { path: 'body.patientBirthDate', message: expect.any(String) },
      ]);
      expect(await stack.prisma.worklistItem.count()).toBe(count);
    });

    it('answers 404 for a key that is not a manual item', async () => {
      const response = await call('/api/v1/manual-items/m-0000', { method: 'DELETE' });
      expect(response.status).toBe(404);
    });

    it('lists, filters and exports the worklist', async () => {
      await call('/api/v1/manual-items', {
        method: 'POST',
        body: JSON.stringify(manualItemBody(4, { modality: 'CT' })),
      });
      const ct = await call('/api/v1/worklist?modality=ct&from=2026-03-10&to=20260310');
      const page = (await ct.json()) as { total: number; items: { patientId: string }[] };
      expect(page.items.map((i) => i.patientId)).toEqual(['MAN0004']);
      const text = await call('/api/v1/worklist?q=man000&limit=1');
      expect(await text.json()).toMatchObject({ total: 2, limit: 1 });
      const cancelledToo = await call('/api/v1/worklist?includeCancelled=true');
      expect(((await cancelledToo.json()) as { total: number }).total).toBe(3);

      const csv = await call('/api/v1/worklist/export?format=csv&source=manual');
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines[0]).toMatch(/^id,source,sourceKey,status,/);
      expect(lines).toHaveLength(3);
      const exported = await call('/api/v1/worklist/export?format=json');
      expect(((await exported.json()) as unknown[]).length).toBe(2);
    });

    it('never logs patient values', () => {
      expect(stack.logText()).not.toMatch(/MAN000|PATIENT/);
    });
  },
);
