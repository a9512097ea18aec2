/**
 * Bytes of the segment format: a growable little-endian writer, and LEB128 varints read from a
 * Uint8Array at a cursor. Nothing here knows what the bytes mean.
 */

export class ByteWriter {
  private data: Uint8Array<ArrayBuffer>;
  private view: DataView;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.data = new Uint8Array(capacity);
    this.view = new DataView(this.data.buffer);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < this.length + extra) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
    this.view = new DataView(bigger.buffer);
  }

  varint(value: number): void {
    this.ensure(10);
    let v = value;
    while (v >= 0x80) {
      this.data[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.data[this.length++] = v;
  }

  u32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  f32(value: number): void {
    this.ensure(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
  }

  bytes(source: Uint8Array): void {
    this.ensure(source.length);
    this.data.set(source, this.length);
    this.length += source.length;
  }

  /** Pads with zeros to a multiple of `alignment` bytes. */
  align(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    this.ensure(pad);
    this.data.fill(0, this.length, this.length + pad);
    this.length += pad;
  }

  /** A copy-free view of what was written (valid until the next write). */
  view_(): Uint8Array {
    return this.data.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}

/** A cursor over bytes, reading unsigned LEB128 varints. */
export class VarintReader {
  position: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.position = start;
  }

  get done(): boolean {
    return this.position >= this.end;
  }

  next(): number {
    const bytes = this.bytes;
    let byte = bytes[this.position++] ?? 0;
    let value = byte & 0x7f;
    for (let scale = 0x80; byte & 0x80; scale *= 0x80) {
      byte = bytes[this.position++] ?? 0;
      value += (byte & 0x7f) * scale;
    }
    return value;
  }
}

/** A float32 no smaller than `value`: stored maxima stay upper bounds after rounding. */
export function roundUpF32(value: number): number {
  const f = Math.fround(value);
  if (f >= value) return f;
  const buffer = new Float32Array([f]);
  const bits = new Uint32Array(buffer.buffer);
  bits[0] = (bits[0] ?? 0) + (f >= 0 ? 1 : -1);
  return buffer[0] ?? value;
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Byte order of UTF-8, the order the term dictionaries are sorted and searched in. */
export function compareUtf8(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}
