/**
 * DOCX loading through mammoth's HTML, so headings, paragraphs and Word's automatic list
 * numbers come out the same way as for web pages ("1. …", "- …").
 */
import mammoth from 'mammoth';
import type { LoadedText } from '../types.ts';
import { htmlToText } from './html.ts';
import { sniffBinaryKind, Unreadable } from './text.ts';

const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
] as const;

function isZip(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURES.some((signature) => signature.every((byte, i) => bytes[i] === byte));
}

/** Images are not text: skip reading and base64-encoding them. */
const skipImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

/** Loads a .docx file: its body as paragraphs, its first heading as title. */
export async function loadDocx(bytes: Uint8Array): Promise<LoadedText> {
  if (!isZip(bytes)) {
    const kind = sniffBinaryKind(bytes);
    throw new Unreadable(
      kind?.startsWith('a legacy Office') === true
        ? 'not a DOCX (zip) file: a legacy Word .doc file (save it as .docx)'
        : 'not a DOCX (zip) file',
    );
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { convertImage: skipImages });
    html = result.value;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Unreadable(`damaged DOCX file (${detail.split('\n')[0] ?? detail})`);
  }
  const loaded = htmlToText(html, 'whole-document');
  if (loaded.text.trim() === '') throw new Unreadable('no text in the DOCX (empty, or only images)');
  return loaded;
}
