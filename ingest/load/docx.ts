/**
 * DOCX loading through mammoth's HTML, so headings, paragraphs and Word's automatic list
 * numbers come out the same way as for web pages ("1. …", "- …").
 *
 * Pages: a DOCX holds no page layout, only the breaks its author put in (Ctrl+Enter, a page break
 * before a paragraph); those become page marks (text/pages.ts), so a citation can say "tr. 3".
 * Word's record of where its own layout broke pages (`w:lastRenderedPageBreak`) is dropped by
 * mammoth, so a DOCX without explicit breaks has no pages.
 */
import mammoth from 'mammoth';
import { PAGE_MARK } from '../../text/pages.ts';
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
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      { convertImage: skipImages, styleMap: ["br[type='page'] => hr"] },
    );
    // A page break (mammoth writes <hr /> for it, where it stands in its paragraph) is a page mark.
    html = result.value.replace(/<hr\s*\/?>/gu, PAGE_MARK);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Unreadable(`damaged DOCX file (${detail.split('\n')[0] ?? detail})`);
  }
  const loaded = htmlToText(html, 'whole-document');
  if (loaded.text.replaceAll(PAGE_MARK, '').trim() === '') throw new Unreadable('no text in the DOCX (empty, or only images)');
  const breaks = loaded.text.split(PAGE_MARK).length - 1;
  return breaks === 0 ? loaded : { ...loaded, pageReadings: Array.from({ length: breaks + 1 }, () => ({ ocr: null })) };
}
