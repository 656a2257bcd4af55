import { describe, expect, it } from 'vitest';
import { readPlainCommandElements } from './command-elements.ts';
import { Dataset, loadDcmjs } from './lib.ts';
import { commandSet } from './testing/raw-dimse.ts';

/** What dcmjs-dimse's own parser makes of a command set: dcmjs's reader, then naturalized. */
function libraryParse(bytes: Buffer): Record<string, unknown> {
  const { data } = loadDcmjs();
  const reader = data as unknown as {
    DicomMessage: { _read(stream: unknown, syntax: string, options: object): Record<string, unknown> };
  };
  const stream = new data.ReadBufferStream(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  const elements = reader.DicomMessage._read(stream, '1.2.840.10008.1.2', { ignoreErrors: true });
  return data.DicomMetaDictionary.naturalizeDataset(elements);
}

/** The elements dcmjs-dimse sees for a received command set (through the patched Dataset). */
const received = (bytes: Buffer) =>
  (new Dataset(bytes) as unknown as { getElements(): Record<string, unknown> }).getElements();

function element(element: number, value: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(element, 2);
  head.writeUInt32LE(value.length, 4);
  return Buffer.concat([head, value]);
}

const MPPS = '1.2.840.10008.3.1.2.3.3';
const USUAL_COMMANDS: Record<string, unknown>[] = [
  {
    AffectedSOPClassUID: '1.2.840.10008.1.1',
    CommandField: 0x0030,
    MessageID: 1,
    CommandDataSetType: 0x0101,
  },
  {
    AffectedSOPClassUID: '1.2.840.10008.5.1.4.31',
    CommandField: 0x0020,
    MessageID: 7,
    Priority: 0,
    CommandDataSetType: 0,
  },
  { CommandField: 0x0fff, MessageIDBeingRespondedTo: 7, CommandDataSetType: 0x0101 },
  {
    AffectedSOPClassUID: MPPS,
    CommandField: 0x0140,
    MessageID: 3,
    AffectedSOPInstanceUID: '2.25.9',
    CommandDataSetType: 0,
  },
  {
    RequestedSOPClassUID: MPPS,
    CommandField: 0x0120,
    MessageID: 4,
    RequestedSOPInstanceUID: '2.25.1',
    CommandDataSetType: 0,
  },
  {
    AffectedSOPClassUID: MPPS,
    CommandField: 0x8140,
    MessageIDBeingRespondedTo: 3,
    Status: 0,
    CommandDataSetType: 0x0101,
  },
];

describe('readPlainCommandElements', () => {
  it('reads the usual commands itself, exactly as the library parser does', () => {
    for (const command of USUAL_COMMANDS) {
      const bytes = commandSet(command);
      const fast = readPlainCommandElements(bytes);
      expect(fast).toBeDefined();
      expect(fast).toEqual(libraryParse(bytes));
      expect(received(bytes)).toEqual(libraryParse(bytes));
    }
  });

  it('leaves anything unusual to the library parser, which then reads it as before', () => {
    const uid = (text: string) => Buffer.from(text, 'latin1');
    const unusual = [
      commandSet({ ...USUAL_COMMANDS[5], ErrorComment: 'No such instance' }),
      element(0x0002, uid(' 1.2.3')), // padding dcmjs trims on both sides
      element(0x0002, uid('1.2\\3.4')), // two values
      element(0x0002, uid('')), // empty
      element(0x0002, uid('1.2\0\0')),
      element(0x0100, Buffer.from([1, 0, 2, 0])), // two US values
      element(0x0000, Buffer.from([1, 0])), // UL of the wrong length
      Buffer.concat([element(0x0110, Buffer.from([1, 0])), element(0x0110, Buffer.from([2, 0]))]),
      Buffer.concat([commandSet(USUAL_COMMANDS[0]!), Buffer.from([8, 0, 0x18, 0, 0, 0, 0, 0])]), // group 0008
    ];
    for (const bytes of unusual) {
      expect(readPlainCommandElements(bytes)).toBeUndefined();
      expect(received(bytes)).toEqual(libraryParse(bytes));
    }
    // Cut short: the framer refuses such a command set before the library sees it (command-set.ts).
    expect(readPlainCommandElements(commandSet(USUAL_COMMANDS[0]!).subarray(0, 20))).toBeUndefined();
  });

  it('agrees with the library parser on random plain and padded command sets', () => {
    let seed = 42;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const pieces = [
      () => element(0x0100, Buffer.from([random(256), random(256)])),
      () => element(0x0110, Buffer.from([random(256), random(256)])),
      () => element(0x0800, Buffer.from([1, 1])),
      () => element(0x0000, Buffer.from([random(256), 0, 0, random(2)])),
      () =>
        element(
          0x1000,
          Buffer.from(['2.25.1', '2.25.12\0', '1.2 ', '9', '1..2', '3.'][random(6)]!, 'latin1'),
        ),
      () => element(0x0003, Buffer.from(['1.2.840', '1.2.840 ', 'x1', '1.2\0'][random(4)]!, 'latin1')),
    ];
    let fastOnes = 0;
    for (let i = 0; i < 500; i++) {
      const chosen = new Set(Array.from({ length: 1 + random(4) }, () => random(pieces.length)));
      const bytes = Buffer.concat([...chosen].map((p) => pieces[p]!()));
      if (readPlainCommandElements(bytes) !== undefined) fastOnes++;
      expect(received(bytes)).toEqual(libraryParse(bytes));
    }
    expect(fastOnes).toBeGreaterThan(250);
  });
});
