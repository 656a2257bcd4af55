import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { PHI_KEYS } from './phi-keys.ts';
import { captureLines } from './test-log-capture.ts';

const PHI_VALUES = ['DOE^JANE', 'P123', '19800101'];

function worklistEntry() {
  return {
    source: 'redcap',
    sourceKey: 'rec-7/baseline/1',
    patientName: 'DOE^JANE',
    patientId: 'P123',
    patientBirthDate: '19800101',
    modality: 'MR',
  };
}

const dicomKeywordDataset = {
  PatientName: 'DOE^JANE',
  PatientID: 'P123',
  PatientBirthDate: '19800101',
  Modality: 'MR',
};
const dicomJsonDataset = {
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] },
  '00100020': { vr: 'LO', Value: ['P123'] },
  '00100030': { vr: 'DA', Value: ['19800101'] },
  '00080060': { vr: 'CS', Value: ['MR'] },
};

function newLogger() {
  const destination = captureLines();
  const logger = createLogger({ service: 'writer', destination, level: 'debug' });
  return { logger, destination };
}

function expectNoPhi(text: string): void {
  for (const value of PHI_VALUES) expect(text).not.toContain(value);
}

describe('createLogger', () => {
  it('writes JSON lines with the service, the level label and the message', () => {
    const { logger, destination } = newLogger();
    logger.info({ source: 'redcap' }, 'sync started');
    expect(destination.records()).toEqual([
      expect.objectContaining({ service: 'writer', level: 'info', source: 'redcap', msg: 'sync started' }),
    ]);
  });

  it.each([
    ['at the top level', () => worklistEntry()],
    ['inside entry', () => ({ source: 'redcap', sourceKey: 'rec-7/baseline/1', entry: worklistEntry() })],
    [
      'inside an entries array',
      () => ({ source: 'redcap', sourceKey: 'rec-7/baseline/1', entries: [worklistEntry()] }),
    ],
    [
      'four levels down',
      () => ({ source: 'redcap', sourceKey: 'k', job: { data: { batch: [{ row: worklistEntry() }] } } }),
    ],
    ['as DICOM keywords', () => ({ source: 'redcap', sourceKey: 'k', dataset: dicomKeywordDataset })],
    ['as DICOM JSON hex tags', () => ({ source: 'redcap', sourceKey: 'k', dataset: dicomJsonDataset })],
    ['as hex tags at the top level', () => ({ source: 'redcap', sourceKey: 'k', ...dicomJsonDataset })],
    [
      'in snake_case database columns',
      () => ({
        source: 'redcap',
        sourceKey: 'k',
        row: { patient_name: 'DOE^JANE', patient_id: 'P123', patient_birth_date: '19800101' },
      }),
    ],
  ])('keeps patient fields out of the line when logged %s', (_where, build) => {
    const { logger, destination } = newLogger();
    logger.info(build(), 'entry upserted');
    expectNoPhi(destination.text());
    expect(destination.text()).toContain('"source":"redcap"');
    expect(destination.text()).toContain('"sourceKey"');
    expect(destination.text()).toContain('[REDACTED]');
  });

  it('keeps the non-PHI fields of a redacted entry', () => {
    const { logger, destination } = newLogger();
    logger.info({ entry: worklistEntry() }, 'entry upserted');
    expect(destination.records()[0]).toMatchObject({
      entry: { source: 'redcap', sourceKey: 'rec-7/baseline/1', modality: 'MR', patientName: '[REDACTED]' },
    });
  });

  it('does not change the object the caller logged', () => {
    const { logger } = newLogger();
    const entry = worklistEntry();
    logger.info({ entry, entries: [entry] }, 'entry upserted');
    expect(entry).toEqual(worklistEntry());
  });

  it('keeps patient fields out of child logger bindings at any depth', () => {
    const { logger, destination } = newLogger();
    const child = logger.child({ source: 'redcap', patientId: 'P123', entry: worklistEntry() });
    child.child({ context: { nested: { deeper: worklistEntry() } } }).info('processing');
    expectNoPhi(destination.text());
    expect(destination.records()[0]).toMatchObject({ source: 'redcap', patientId: '[REDACTED]' });
  });

  it('keeps patient fields out of an error logged with its properties and cause', () => {
    const { logger, destination } = newLogger();
    const cause = Object.assign(new Error('row rejected'), { row: worklistEntry() });
    const error = Object.assign(new Error('batch failed', { cause }), {
      code: 'MWL_ERR_X',
      entry: worklistEntry(),
    });
    logger.error(error);
    logger.error({ err: error, source: 'redcap', sourceKey: 'k' }, 'batch failed');
    expectNoPhi(destination.text());
    const [first] = destination.records();
    expect(first).toMatchObject({
      msg: 'batch failed',
      err: { code: 'MWL_ERR_X', entry: { source: 'redcap' } },
    });
  });

  it('keeps patient fields out of objects interpolated into the message', () => {
    const { logger, destination } = newLogger();
    logger.info('entry %j and %o', worklistEntry(), { entries: [worklistEntry()] });
    expectNoPhi(destination.text());
  });

  it('logs binary data by its size only', () => {
    const { logger, destination } = newLogger();
    logger.info({ pdu: Buffer.from('DOE^JANE') }, 'received');
    expectNoPhi(destination.text());
    expect(destination.records()[0]).toMatchObject({ pdu: '[Binary: 8 bytes]' });
  });

  it.each(PHI_KEYS.map((key) => [key]))('redacts the key %s wherever it appears', (key) => {
    const { logger, destination } = newLogger();
    const secret = 'SECRET-VALUE-42';
    logger
      .child({ [key]: secret, binding: { [key]: secret } })
      .info({ [key]: secret, row: { [key]: secret } }, 'x');
    expect(destination.text()).not.toContain(secret);
  });

  it('writes readable lines without patient fields when pretty', () => {
    const destination = captureLines();
    const logger = createLogger({ service: 'writer', destination, pretty: true });
    logger.info({ entry: worklistEntry() }, 'entry upserted');
    expectNoPhi(destination.text());
    expect(destination.text()).toContain('entry upserted');
    expect(() => JSON.parse(destination.text()) as unknown).toThrow();
  });

  it('writes nothing below its level', () => {
    const destination = captureLines();
    const logger = createLogger({ service: 'writer', destination, level: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(destination.lines).toHaveLength(1);
  });
});
