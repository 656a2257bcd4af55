import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { COMPACT_WRITE_CHUNK_BYTES } from './library-patches.ts';
import { loadDcmjs } from './lib.ts';

describe('lib', () => {
  it('gives dcmjs-dimse and us one dcmjs instance, its minified build', () => {
    const requireCjs = createRequire(import.meta.url);
    const requireFromDimse = createRequire(requireCjs.resolve('dcmjs-dimse'));
    const entry = requireCjs.cache[requireFromDimse.resolve('dcmjs')];
    expect(entry?.filename).toMatch(/dcmjs\.min\.js$/);
    expect(loadDcmjs()).toBe(entry?.exports);
    expect(loadDcmjs().data.DicomMetaDictionary.nameMap.PatientName?.tag).toBe('(0010,0010)');
  });
});

describe('compactWriteBuffers', () => {
  it('writes the same bytes as the library did, also past the first chunk', () => {
    const dcmjs = loadDcmjs() as unknown as {
      data: {
        WriteBufferStream: new (
          size?: number,
          littleEndian?: boolean,
        ) => { size: number; getBuffer(): ArrayBuffer };
        DicomMessage: { write(dict: unknown, stream: unknown, syntax: string, options: object): number };
        DicomMetaDictionary: { denaturalizeDataset(dataset: object): unknown };
      };
    };
    const Compact = dcmjs.data.WriteBufferStream;
    const Original = Object.getPrototypeOf(Compact) as typeof Compact;
    expect(Compact.name).toBe('CompactWriteBufferStream');
    const dataset = {
      PatientName: 'DOE^JANE',
      PatientComments: 'x'.repeat(COMPACT_WRITE_CHUNK_BYTES * 2 + 11),
      ScheduledProcedureStepSequence: [{ Modality: 'MR', ScheduledStationAETitle: 'MR1' }],
    };
    const bytes = (stream: { getBuffer(): ArrayBuffer }) => {
      dcmjs.data.DicomMessage.write(
        dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset),
        stream,
        '1.2.840.10008.1.2.1',
        {},
      );
      return Buffer.from(stream.getBuffer());
    };
    const compact = bytes(new Compact());
    expect(compact.length).toBeGreaterThan(COMPACT_WRITE_CHUNK_BYTES * 2);
    expect(compact.equals(bytes(new Original()))).toBe(true);
  });
});

describe('fasterMessageBuffers', () => {
  it("joins the chunks of dcmjs-dimse's message streams as before, without new Buffer()", async () => {
    const requireFromDimse = createRequire(createRequire(import.meta.url).resolve('dcmjs-dimse'));
    const memoryStream = requireFromDimse('memorystream') as {
      createWriteStream(): NodeJS.WritableStream & { toBuffer(): Buffer };
    };
    const stream = memoryStream.createWriteStream();
    const chunks = [Buffer.from([1, 2, 3]), Buffer.alloc(0), Buffer.from('DICM', 'latin1')];
    for (const chunk of chunks) {
      await new Promise<void>((resolve, reject) =>
        stream.write(chunk, (error) => (error ? reject(error) : resolve())),
      );
    }
    expect(stream.toBuffer()).toEqual(Buffer.concat(chunks));
    expect(stream.toBuffer.toString()).not.toContain('new Buffer');
  });
});

describe('the cost patches loading dcmjs-dimse applies', () => {
  it('describes an association by its AE titles only, and reads the usual command sets itself', async () => {
    const lib = await import('./lib.ts');
    const dimse = createRequire(import.meta.url)('dcmjs-dimse') as {
      association: {
        Association: new () => {
          setCallingAeTitle(t: string): void;
          setCalledAeTitle(t: string): void;
          toString(): string;
        };
      };
    };
    const association = new dimse.association.Association();
    association.setCallingAeTitle('MR1');
    association.setCalledAeTitle('MWL');
    expect(association.toString()).toBe('MR1 -> MWL');
    const proto = lib.Dataset.prototype as unknown as { _fromElementsBuffer: { name: string } };
    expect(proto._fromElementsBuffer.name).toBe('fromPlainCommandSet');
  });
});
