/**
 * Plain-text loading: turning the bytes of a .txt/.md file into a string, or refusing
 * them with a reason a person can act on. Nothing here guesses a legacy 8-bit code page
 * (Windows-1258, TCVN3, VNI): a wrong guess would silently index mojibake, so those
 * files are refused and have to be re-saved as UTF-8.
 */
import type { LoadedText } from '../types.ts';

/** Thrown by the format loaders; `loadSourceFile` turns it into a LoadError naming the file. */
export class Unreadable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'Unreadable';
  }
}

/** Magic numbers of binary formats people rename to .txt by mistake, for a clearer reason. */
const BINARY_SIGNATURES: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a ZIP archive (DOCX, XLSX, …)', [0x50, 0x4b, 0x03, 0x04]],
  ['a legacy Office document (.doc, .xls)', [0xd0, 0xcf, 0x11, 0xe0]],
];

function startsWithBytes(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((byte, i) => bytes[i] === byte);
}

export function hasUnicodeBom(bytes: Uint8Array): boolean {
  return (
    startsWithBytes(bytes, [0xef, 0xbb, 0xbf]) || startsWithBytes(bytes, [0xff, 0xfe]) || startsWithBytes(bytes, [0xfe, 0xff])
  );
}

/** What kind of binary file the bytes start like, or null. */
export function sniffBinaryKind(bytes: Uint8Array): string | null {
  for (const [kind, signature] of BINARY_SIGNATURES) {
    if (startsWithBytes(bytes, signature)) return kind;
  }
  return null;
}

/**
 * Which byte order BOM-less UTF-16 the bytes look like, from where the NUL bytes fall:
 * ASCII, Latin-1 and Vietnamese letters (U+00C0–U+01B0) all have a 0x00 or small high
 * byte, so UTF-16 text has many NULs on one parity and almost none on the other.
 */
function guessBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const sample = Math.min(bytes.length, 64 * 1024);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i + 1 < sample; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = Math.floor(sample / 2);
  if (zeroOdd >= pairs * 0.3 && zeroEven <= pairs * 0.02) return 'utf-16le';
  if (zeroEven >= pairs * 0.3 && zeroOdd <= pairs * 0.02) return 'utf-16be';
  return null;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates), or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    let length: number;
    let min: number;
    if (lead < 0x80) {
      i++;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) [length, min] = [2, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [length, min] = [3, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [length, min] = [4, 0x10000];
    else return i;
    let codePoint = lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Unreadable(`damaged ${encoding.toUpperCase()} text (odd length or unpaired surrogate)`);
  }
  if (text.includes('\u0000')) throw new Unreadable('binary content (NUL characters in UTF-16 text)');
  return text;
}

/**
 * Decodes text bytes: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, or BOM-less
 * UTF-16 recognised by its NUL pattern. The BOM is not part of the result.
 */
export function decodeText(bytes: Uint8Array): string {
  if (startsWithBytes(bytes, [0xef, 0xbb, 0xbf])) return decodeUtf8(bytes.subarray(3));
  if (startsWithBytes(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    throw new Unreadable('UTF-32 text is not supported (save it as UTF-8)');
  }
  // TextDecoder drops the BOM itself (ignoreBOM: false).
  if (startsWithBytes(bytes, [0xff, 0xfe])) return decodeUtf16(bytes, 'utf-16le');
  if (startsWithBytes(bytes, [0xfe, 0xff])) return decodeUtf16(bytes, 'utf-16be');
  const binaryKind = sniffBinaryKind(bytes);
  if (binaryKind !== null) throw new Unreadable(`binary content (looks like ${binaryKind})`);
  const utf16 = guessBomlessUtf16(bytes);
  if (utf16 !== null) return decodeUtf16(bytes, utf16);
  return decodeUtf8(bytes);
}

function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new Unreadable('binary content (NUL bytes)');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const where =
      offset < 0 ? '' : `; first invalid byte 0x${(bytes[offset] ?? 0).toString(16).toUpperCase()} at offset ${offset}`;
    throw new Unreadable(
      'not UTF-8 or UTF-16 text (looks like a legacy 8-bit encoding such as Windows-1258, TCVN3 or VNI;' +
        ` save it as UTF-8${where})`,
    );
  }
}

/** Windows and old Mac line ends become "\n", so paragraphs are split by "\n\n" everywhere. */
export function unixNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Loads a .txt or .md file: decoded text, line ends unified, nothing else changed. */
export function loadText(bytes: Uint8Array): LoadedText {
  return { text: unixNewlines(decodeText(bytes)) };
}
