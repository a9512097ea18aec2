/**
 * Real PDF and DOCX files for loader tests, written by the same kind of tools that
 * produce the corpus (a PDF writer with an embedded Unicode font, a DOCX writer with
 * Word numbering), so the tests exercise the real parsers rather than hand-made bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
} from 'docx';

/** DejaVu Sans covers Vietnamese (Latin Extended Additional), the PDF core fonts do not. */
function dejaVuSansPath(): string {
  const packageJson = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
  return path.join(path.dirname(packageJson), 'ttf', 'DejaVuSans.ttf');
}

export interface PdfOptions {
  readonly title?: string;
  /** Encrypts the file: opening it needs this password. */
  readonly userPassword?: string;
  /** Starts a new page before each paragraph whose index is listed. */
  readonly pageBreaksBefore?: readonly number[];
}

/** Writes a PDF with one text paragraph per entry, in DejaVu Sans. */
export async function makePdf(
  filePath: string,
  paragraphs: readonly string[],
  opts: PdfOptions = {},
): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    ...(opts.title === undefined ? {} : { info: { Title: opts.title } }),
    ...(opts.userPassword === undefined
      ? {}
      : { userPassword: opts.userPassword, ownerPassword: `${opts.userPassword}-owner` }),
  });
  const written = new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(filePath);
    out.on('finish', resolve);
    out.on('error', reject);
    doc.pipe(out);
  });
  doc.font(dejaVuSansPath()).fontSize(12);
  paragraphs.forEach((paragraph, index) => {
    if (index > 0 && opts.pageBreaksBefore?.includes(index)) doc.addPage();
    doc.text(paragraph, { paragraphGap: 12 });
  });
  doc.end();
  await written;
}

/** Same as makePdf, but the file needs a password to be read. */
export async function makeEncryptedPdf(
  filePath: string,
  paragraphs: readonly string[],
  password = 'mat-khau',
): Promise<void> {
  await makePdf(filePath, paragraphs, { userPassword: password });
}

export type DocxBlock =
  | { readonly kind: 'heading'; readonly text: string; readonly level?: 1 | 2 | 3 }
  | { readonly kind: 'paragraph'; readonly text: string }
  /** A Word numbered list (automatic numbers "1.", "2.", … not typed in the text). */
  | { readonly kind: 'numbered'; readonly items: readonly string[] }
  | { readonly kind: 'bullets'; readonly items: readonly string[] };

const NUMBERED = 'numbered-list';
const BULLETS = 'bullet-list';
const HEADING_LEVELS = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
} as const;

function blockParagraphs(block: DocxBlock, listIndex: number): Paragraph[] {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ text: block.text, heading: HEADING_LEVELS[block.level ?? 1] })];
    case 'paragraph':
      return [new Paragraph({ children: [new TextRun(block.text)] })];
    case 'numbered':
      // Each numbered list gets its own instance so its numbers restart at 1.
      return block.items.map(
        (item) => new Paragraph({ text: item, numbering: { reference: NUMBERED, level: 0, instance: listIndex } }),
      );
    case 'bullets':
      return block.items.map(
        (item) => new Paragraph({ text: item, numbering: { reference: BULLETS, level: 0 } }),
      );
  }
}

/** Writes a DOCX whose body is the given blocks, in order. */
export async function makeDocx(filePath: string, blocks: readonly DocxBlock[]): Promise<void> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
        {
          reference: BULLETS,
          levels: [{ level: 0, format: LevelFormat.BULLET, text: '\u2022', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [{ children: blocks.flatMap((block, index) => blockParagraphs(block, index)) }],
  });
  fs.writeFileSync(filePath, await Packer.toBuffer(doc));
}
