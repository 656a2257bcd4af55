import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findscu, runTool } from '@mwl/dimse/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureItem, startTestGateway, type RunningGateway } from './test-support.ts';

/** Acceptance 3: names in other scripts round-trip in UTF-8; one AE gets Latin-1. */

const database = useTestDatabase();
let running: RunningGateway;
const KEYS = ['SpecificCharacterSet=ISO_IR 192', 'PatientName=', 'PatientID='];

beforeAll(async () => {
  running = await startTestGateway(database.current.databaseUrl, {
    charsetPerAe: { OLD_CONSOLE: 'ISO_IR 100' },
  });
  await running.prisma.worklistItem.createMany({
    data: [
      fixtureItem(1, { patientName: 'Müller^Jörg', spsStartTime: '080000' }),
      fixtureItem(2, { patientName: '山田^太郎', spsStartTime: '090000' }),
      fixtureItem(3, { patientName: 'Łukasz^Wałęsa', spsStartTime: '100000' }),
    ],
  });
});
afterAll(async () => {
  await running.close();
});

describe('character sets (acceptance 3)', () => {
  it('round-trips Müller^Jörg and 山田^太郎 in ISO_IR 192', async () => {
    const result = await findscu(running.peer(), { keys: KEYS });
    expect(result.responses.map((r) => [r['SpecificCharacterSet'], r['PatientName']])).toEqual([
      ['ISO_IR 192', 'Müller^Jörg'],
      ['ISO_IR 192', '山田^太郎'],
      ['ISO_IR 192', 'Łukasz^Wałęsa'],
    ]);
  });

  it('finds a UTF-8 name sent in the query', async () => {
    const result = await findscu(running.peer(), {
      keys: ['SpecificCharacterSet=ISO_IR 192', 'PatientName=müller^jörg', 'PatientID='],
    });
    expect(result.responses.map((r) => r['PatientID'])).toEqual(['P001']);
  });

  it('answers the configured AE in ISO_IR 100, transliterating what Latin-1 cannot hold', async () => {
    const result = await findscu(running.peer('OLD_CONSOLE'), { keys: KEYS });
    expect(result.finalStatus).toBe(0x0000);
    // The responses are decoded as their Specific Character Set says: Latin-1 bytes.
    expect(result.responses.map((r) => [r['SpecificCharacterSet'], r['PatientName']])).toEqual([
      ['ISO_IR 100', 'Müller^Jörg'],
      ['ISO_IR 100', '??^??'],
      ['ISO_IR 100', 'Lukasz^Walesa'],
    ]);
  });

  it('writes Latin-1 bytes on the wire for that AE, not UTF-8', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latin1-'));
    try {
      const args = ['-W', '-aet', 'OLD_CONSOLE', '-aec', running.peer().calledAeTitle, '-X', '-od', dir];
      const run = await runTool('findscu', [
        ...args,
        '-k',
        'PatientName=M*',
        '-k',
        'PatientID=',
        running.host,
        String(running.port),
      ]);
      expect(run.exitCode).toBe(0);
      const bytes = await readFile(join(dir, 'rsp0001.dcm'));
      expect(bytes.includes(Buffer.from('Müller^Jörg', 'latin1'))).toBe(true);
      expect(bytes.includes(Buffer.from('Müller^Jörg', 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from('ISO_IR 100'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
