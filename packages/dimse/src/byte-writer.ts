/**
 * A growing little-endian byte buffer: a data set is written into one buffer instead of a small
 * Buffer per element header and value joined at the end (allocations were most of the encoder's
 * time, which is the largest part of a C-FIND response). Lengths not known until a value is
 * written are patched in afterwards (`setUint16`/`setUint32`).
 */
export class ByteWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(initialBytes = 1024) {
    this.#buffer = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.#length;
  }

  /** Room for `bytes` more; returns the buffer to write them into at `length` (then `skip`). */
  reserve(bytes: number): Buffer {
    const needed = this.#length + bytes;
    if (needed > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.#buffer.length * 2));
      this.#buffer.copy(grown, 0, 0, this.#length);
      this.#buffer = grown;
    }
    return this.#buffer;
  }

  skip(bytes: number): void {
    this.#length += bytes;
  }

  uint8(value: number): void {
    this.reserve(1).writeUInt8(value, this.#length);
    this.#length += 1;
  }

  uint16(value: number): void {
    this.reserve(2).writeUInt16LE(value, this.#length);
    this.#length += 2;
  }

  uint32(value: number): void {
    this.reserve(4).writeUInt32LE(value, this.#length);
    this.#length += 4;
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length).set(value, this.#length);
    this.#length += value.length;
  }

  /** `text` in `encoding` (checked by the caller to fit it). */
  text(text: string, encoding: 'latin1' | 'utf8'): void {
    const bytes = encoding === 'latin1' ? text.length : Buffer.byteLength(text, 'utf8');
    this.reserve(bytes).write(text, this.#length, bytes, encoding);
    this.#length += bytes;
  }

  setUint16(at: number, value: number): void {
    this.#buffer.writeUInt16LE(value, at);
  }

  setUint32(at: number, value: number): void {
    this.#buffer.writeUInt32LE(value, at);
  }

  /** The bytes written (a view of the writer's buffer, valid until the next write). */
  toBuffer(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }
}
