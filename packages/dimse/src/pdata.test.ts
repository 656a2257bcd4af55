import { describe, expect, it } from 'vitest';
import { encodePData } from './pdata.ts';

interface ParsedPdv {
  pduLength: number;
  contextId: number;
  control: number;
  value: Buffer;
}

/** Reads P-DATA-TF PDUs back, checking each one holds exactly one well-formed PDV. */
function parse(bytes: Buffer): ParsedPdv[] {
  const pdvs: ParsedPdv[] = [];
  for (let at = 0; at < bytes.length;) {
    expect(bytes[at]).toBe(0x04);
    const pduLength = bytes.readUInt32BE(at + 2);
    const itemLength = bytes.readUInt32BE(at + 6);
    expect(itemLength).toBe(pduLength - 4);
    pdvs.push({
      pduLength,
      contextId: bytes[at + 10]!,
      control: bytes[at + 11]!,
      value: bytes.subarray(at + 12, at + 6 + pduLength),
    });
    at += 6 + pduLength;
  }
  return pdvs;
}

const filled = (length: number, seed: number) =>
  Buffer.from(Array.from({ length }, (_, i) => (i * 7 + seed) % 251));

describe('encodePData', () => {
  it('writes the command set, then the data set, each ending with a last fragment', () => {
    const command = filled(80, 1);
    const dataset = filled(300, 2);
    const pdvs = parse(encodePData(3, command, dataset, 16_384));
    expect(pdvs.map((p) => [p.contextId, p.control])).toEqual([
      [3, 0x03],
      [3, 0x02],
    ]);
    expect(pdvs[0]!.value).toEqual(command);
    expect(pdvs[1]!.value).toEqual(dataset);
  });

  it('fragments a data set so that no PDU exceeds the maximum length the peer accepts', () => {
    const command = filled(60, 3);
    const dataset = filled(10_000, 4);
    for (const max of [4_096, 4_102, 9_994, 10_006, 65_536]) {
      const pdvs = parse(encodePData(1, command, dataset, max));
      expect(pdvs.every((p) => p.pduLength <= max)).toBe(true);
      const data = pdvs.slice(1);
      expect(Buffer.concat(data.map((p) => p.value))).toEqual(dataset);
      expect(data.map((p) => p.control & 0x02)).toEqual([...data.slice(1).map(() => 0), 0x02]);
      expect(data.every((p) => (p.control & 0x01) === 0)).toBe(true);
    }
  });

  it('sends a command alone when there is no data set, and fills PDUs up to the maximum', () => {
    expect(parse(encodePData(5, filled(70, 5), undefined, 0)).map((p) => p.control)).toEqual([0x03]);
    const pdvs = parse(encodePData(1, filled(10, 6), filled(2 * 4_090, 7), 4_096));
    expect(pdvs.map((p) => p.pduLength)).toEqual([16, 4_096, 4_096]);
  });
});
