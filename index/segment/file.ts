/**
 * The container of one segment file: a magic number, a directory of named sections, and the
 * sections, each aligned to 8 bytes. Eager sections (dictionaries, per-chunk columns) come first
 * and are read at open in one read, as typed-array views over one buffer; lazy regions (postings,
 * per-chunk forward records, texts) follow and are read piecewise (pread) on demand, so what a
 * process holds grows with its queries' terms, not with the library.
 *
 *   bytes 0–7   "VKSEG\0\0\x01"
 *   bytes 8–11  directory length (u32 LE), then the directory as JSON:
 *               { eagerEnd, sections: { name: [offset, length, kind] } }   (names and numbers only)
 *   then the sections.
 */
import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

const MAGIC = Buffer.from('VKSEG\0\0\x01', 'latin1');
const ALIGN = 8;

type Kind = 'eager' | 'lazy';

interface Directory {
  readonly eagerEnd: number;
  readonly sections: Record<string, [number, number, Kind]>;
}

type Bytes = Uint8Array | ArrayBufferView;

function asBytes(data: Bytes): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Collects sections in memory and writes them as one file (fsynced). */
export class SegmentFileWriter {
  private readonly eager: Array<[string, Uint8Array]> = [];
  private readonly lazy: Array<[string, Uint8Array]> = [];

  section(name: string, data: Bytes, kind: Kind = 'eager'): void {
    (kind === 'eager' ? this.eager : this.lazy).push([name, asBytes(data)]);
  }

  json(name: string, value: unknown): void {
    this.section(name, Buffer.from(JSON.stringify(value), 'utf8'));
  }

  /** Writes the file; returns its size in bytes. */
  write(file: string): number {
    const layout: Array<[string, Uint8Array, Kind]> = [
      ...this.eager.map(([n, d]): [string, Uint8Array, Kind] => [n, d, 'eager']),
      ...this.lazy.map(([n, d]): [string, Uint8Array, Kind] => [n, d, 'lazy']),
    ];
    // The directory's size depends on the offsets it lists: lay out with a generous estimate.
    const estimate = (headerLength: number): Directory => {
      let offset = align(12 + headerLength);
      let eagerEnd = offset;
      const sections: Directory['sections'] = {};
      for (const [name, data, kind] of layout) {
        sections[name] = [offset, data.byteLength, kind];
        offset = align(offset + data.byteLength);
        if (kind === 'eager') eagerEnd = offset;
      }
      return { eagerEnd, sections };
    };
    let headerLength = 256 + layout.length * 64;
    let directory = estimate(headerLength);
    for (;;) {
      const length = Buffer.byteLength(JSON.stringify(directory));
      if (length <= headerLength) break;
      headerLength = length + 64;
      directory = estimate(headerLength);
    }
    const header = Buffer.alloc(align(12 + headerLength));
    MAGIC.copy(header, 0);
    const json = Buffer.from(JSON.stringify(directory), 'utf8');
    header.writeUInt32LE(json.byteLength, 8);
    json.copy(header, 12);
    const fd = openSync(file, 'w');
    try {
      let position = 0;
      const put = (data: Uint8Array): void => {
        let done = 0;
        while (done < data.byteLength) done += writeSync(fd, data, done, data.byteLength - done, position + done);
        position += data.byteLength;
      };
      put(header);
      const zeros = new Uint8Array(ALIGN);
      for (const [, data] of layout) {
        put(data);
        const pad = align(position) - position;
        if (pad > 0) put(zeros.subarray(0, pad));
      }
      fsyncSync(fd);
      return position;
    } finally {
      closeSync(fd);
    }
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/** One open segment file: eager sections as views, lazy ones read on demand. */
export class SegmentFile {
  private readonly fd: number;
  private readonly eager: Buffer;
  private readonly directory: Directory;
  private closed = false;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(12);
      readSync(this.fd, head, 0, 12, 0);
      if (!head.subarray(0, 8).equals(MAGIC)) throw new Error(`${file} is not a segment file`);
      const length = head.readUInt32LE(8);
      const json = Buffer.alloc(length);
      readSync(this.fd, json, 0, length, 12);
      this.directory = JSON.parse(json.toString('utf8')) as Directory;
      this.eager = Buffer.alloc(this.directory.eagerEnd);
      let done = 0;
      while (done < this.eager.byteLength) {
        const n = readSync(this.fd, this.eager, done, this.eager.byteLength - done, done);
        if (n === 0) throw new Error(`${file} is truncated`);
        done += n;
      }
    } catch (error) {
      closeSync(this.fd);
      throw error;
    }
  }

  has(name: string): boolean {
    return this.directory.sections[name] !== undefined;
  }

  private entry(name: string, kind: Kind): [number, number] {
    const entry = this.directory.sections[name];
    if (!entry || entry[2] !== kind) throw new Error(`${this.file} has no ${kind} section ${name}`);
    return [entry[0], entry[1]];
  }

  bytes(name: string): Uint8Array {
    const [offset, length] = this.entry(name, 'eager');
    return this.eager.subarray(offset, offset + length);
  }

  u32(name: string): Uint32Array {
    const [offset, length] = this.entry(name, 'eager');
    return new Uint32Array(this.eager.buffer, this.eager.byteOffset + offset, length / 4);
  }

  f32(name: string): Float32Array {
    const [offset, length] = this.entry(name, 'eager');
    return new Float32Array(this.eager.buffer, this.eager.byteOffset + offset, length / 4);
  }

  f64(name: string): Float64Array {
    const [offset, length] = this.entry(name, 'eager');
    return new Float64Array(this.eager.buffer, this.eager.byteOffset + offset, length / 8);
  }

  json<T>(name: string): T {
    return JSON.parse(Buffer.from(this.bytes(name)).toString('utf8')) as T;
  }

  /** `length` bytes at `offset` of a lazy region, read now. */
  read(name: string, offset: number, length: number): Buffer {
    if (this.closed) throw new Error(`${this.file} is closed`);
    const [start, size] = this.entry(name, 'lazy');
    if (offset < 0 || offset + length > size) throw new Error(`read past the end of ${name} in ${this.file}`);
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, out, done, length - done, start + offset + done);
      if (n === 0) throw new Error(`${this.file} is truncated`);
      done += n;
    }
    return out;
  }

  /** Bytes of the eager part, held in memory. */
  get eagerBytes(): number {
    return this.eager.byteLength;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
