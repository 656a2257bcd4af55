import { afterEach, describe, expect, it } from 'vitest';
import { loadFakeRedcapFixture } from './fixtures.ts';
import { startFakeRedcap, type FakeRedcap } from './server.ts';

let fake: FakeRedcap;
afterEach(() => fake.close());

async function post(params: Record<string, string | string[]>, token: string | undefined = fake.token) {
  const body = new URLSearchParams();
  if (token !== undefined) body.append('token', token);
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') body.append(name, value);
    else value.forEach((item, index) => body.append(`${name}[${index}]`, item));
  }
  const response = await fetch(fake.url, { method: 'POST', body });
  const text = await response.text();
  return { status: response.status, text, json: (): unknown => JSON.parse(text) };
}

const exportRecords = (params: Record<string, string | string[]> = {}) =>
  post({ content: 'record', action: 'export', format: 'json', type: 'flat', ...params });

describe('the fake REDCap API', () => {
  it('refuses a wrong token as REDCap does', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic') });
    const answer = await post({ content: 'metadata', format: 'json' }, 'BAD');
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ error: 'You do not have permissions to use the API' });
  });

  it('exports only the requested fields, without the record id unless asked for', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic') });
    const answer = await exportRecords({ fields: ['scan_date'], records: ['1001'] });
    expect(answer.json()).toEqual([{ scan_date: '2026-03-10' }]);
  });

  it('exports repeating instrument rows with their instance columns', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('repeating') });
    const rows = (await exportRecords({ fields: ['record_id', 'mri_date'], records: ['1'] })).json();
    expect(rows).toEqual([
      { record_id: '1', redcap_repeat_instrument: '', redcap_repeat_instance: '', mri_date: '' },
      {
        record_id: '1',
        redcap_repeat_instrument: 'mri',
        redcap_repeat_instance: '1',
        mri_date: '2026-03-10',
      },
      {
        record_id: '1',
        redcap_repeat_instrument: 'mri',
        redcap_repeat_instance: '2',
        mri_date: '2026-03-17',
      },
    ]);
  });

  it('filters longitudinal rows by event and labels choices on request', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('longitudinal') });
    const rows = (
      await exportRecords({
        fields: ['subject_id', 'gender'],
        events: ['enrollment_arm_1'],
        rawOrLabel: 'label',
      })
    ).json();
    expect(rows).toEqual([
      { subject_id: 'S-01', redcap_event_name: 'enrollment_arm_1', gender: 'Female' },
      { subject_id: 'S-02', redcap_event_name: 'enrollment_arm_1', gender: 'Male' },
      { subject_id: 'S-03', redcap_event_name: 'enrollment_arm_1', gender: 'Female' },
      { subject_id: 'S-04', redcap_event_name: 'enrollment_arm_1', gender: 'Male' },
    ]);
  });

  it('selects records by modification time, bounds excluded', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic'), now: '2026-03-01 08:00:00' });
    fake.updateRow('1002', {}, { scan_time: '15:00' });
    fake.advance(60);
    fake.upsertRecord('1007', [{ last_name: 'New' }]);
    const ids = async (begin: string, end: string) =>
      (
        (await exportRecords({ fields: ['record_id'], dateRangeBegin: begin, dateRangeEnd: end })).json() as {
          record_id: string;
        }[]
      ).map((row) => row.record_id);
    expect(await ids('2026-03-01 07:59:59', '2026-03-01 08:01:01')).toEqual(['1002', '1007']);
    expect(await ids('2026-03-01 08:00:00', '2026-03-01 08:01:00')).toEqual([]);
    expect(await ids('2026-02-24 00:00:00', '2026-02-25 00:00:00')).toEqual(['1005']);
  });

  it('answers an unknown field with a 400 naming it', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic') });
    const answer = await exportRecords({ fields: ['record_id', 'nope'] });
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({
      error: 'The following values in the parameter "fields" are not valid: nope',
    });
  });

  it('no longer exports a deleted record or a removed repeat instance', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('repeating') });
    fake.deleteRecord('2');
    fake.removeRepeatInstance('1', 'mri', 2);
    const rows = (await exportRecords({ fields: ['record_id'], forms: ['mri'] })).json() as Record<
      string,
      string
    >[];
    expect(
      rows.map((r) => `${r.record_id}/${r.redcap_repeat_instrument}/${r.redcap_repeat_instance}`),
    ).toEqual(['1//', '1/mri/1', '3//', '4//', '4/mri/1']);
  });

  it('serves injected faults for the next requests, then answers again', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic') });
    fake.injectFault('http500', 2, { content: 'record' });
    fake.injectFault('invalid-json', 1);
    expect((await post({ content: 'metadata', format: 'json' })).text).toBe('[{"record_id":"1","first_na');
    expect((await exportRecords()).status).toBe(500);
    expect((await exportRecords()).status).toBe(500);
    expect((await exportRecords()).status).toBe(200);
    expect(fake.stats).toMatchObject({ total: 4, byContent: { metadata: 1, record: 3 } });
  });

  it('counts concurrent requests', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic') });
    fake.setLatency(100);
    await Promise.all([1, 2, 3].map(() => post({ content: 'project', format: 'json' })));
    await post({ content: 'project', format: 'json' });
    expect(fake.stats).toMatchObject({ total: 4, concurrent: 0, concurrentMax: 3 });
  });

  it('closes while a request hangs', async () => {
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic') });
    fake.injectFault('timeout');
    const hanging = post({ content: 'project', format: 'json' }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fake.close();
    expect(await hanging).toBeInstanceOf(Error);
    fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic') }); // for afterEach
  });
});
