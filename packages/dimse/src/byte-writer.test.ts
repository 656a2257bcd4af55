import { describe, expect, it } from 'vitest';
import { ByteWriter } from './byte-writer.ts';

describe('ByteWriter', () => {
  it('keeps what it wrote while it grows, and patches lengths in place', () => {
    const w = new ByteWriter(4);
    w.uint16(0x0102);
    w.uint32(0);
    w.text('ÄB', 'latin1');
    w.text('é', 'utf8');
    w.bytes(new Uint8Array(300).fill(7));
    w.uint8(9);
    w.setUint32(2, 0xa0b0c0d0);
    const bytes = w.toBuffer();
    expect(bytes.length).toBe(2 + 4 + 2 + 2 + 300 + 1);
    expect([...bytes.subarray(0, 12)]).toEqual([
      0x02, 0x01, 0xd0, 0xc0, 0xb0, 0xa0, 0xc4, 0x42, 0xc3, 0xa9, 7, 7,
    ]);
    expect(bytes.at(-1)).toBe(9);
  });
});
