/**
 * Office copies of generated documents, made the way a library gets them: a DOCX written with
 * Word's layout of an administrative document (the header block as a two-column table, centred
 * headings, justified provisions, a running header and page numbers), then printed to PDF by
 * LibreOffice (`soffice --headless --convert-to pdf`). A font without Vietnamese letters (Liberation
 * Serif has no "Ậ", "Ứ", …) makes LibreOffice draw those letters from a fallback font, as Word and
 * LibreOffice do on machines that lack the chosen font.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  PageBreak,
  PageNumber,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { GeneratedDocument } from './legal-documents.ts';

const run = promisify(execFile);

export interface OfficeOptions {
  /** The font of every run: "DejaVu Serif" has Vietnamese; "Liberation Serif" forces a fallback. */
  readonly font: string;
  /** A running header on every page (e.g. the law's title). */
  readonly runningHeader?: string;
  /** Page numbers in the footer. */
  readonly pageNumbers?: boolean;
  /** Page breaks before these paragraph indexes (a DOCX then has pages of its own). */
  readonly pageBreaksBefore?: readonly number[];
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };

/** Paragraphs of the header block (before the type line): the two-column table of the standard layout. */
function headerSplit(doc: GeneratedDocument): { left: string[]; right: string[]; rest: string[] } {
  const typeAt = doc.paragraphs.findIndex((p) => /^(?:LUẬT|KẾT LUẬN|QUY ĐỊNH|CHỈ THỊ|NGHỊ ĐỊNH)$/u.test(p));
  const head = doc.paragraphs.slice(0, Math.max(0, typeAt));
  const left: string[] = [];
  const right: string[] = [];
  for (const p of head) {
    if (/CỘNG HÒA|Độc lập|ĐẢNG CỘNG SẢN|^-{5,}$|ngày \d/u.test(p)) right.push(p);
    else left.push(p);
  }
  return { left, right, rest: doc.paragraphs.slice(Math.max(0, typeAt)) };
}

function isHeading(p: string): boolean {
  return /^(?:Chương|Mục|Phần) /u.test(p) || (p === p.toUpperCase() && /\p{Lu}/u.test(p) && p.length < 120);
}

/** Writes `doc` as a DOCX in the standard layout. */
export async function writeOfficeDocx(file: string, doc: GeneratedDocument, options: OfficeOptions): Promise<void> {
  const font = options.font;
  const text = (t: string, bold = false): TextRun => new TextRun({ text: t, font, size: 26, bold });
  const cell = (lines: readonly string[]): TableCell =>
    new TableCell({
      borders: NO_BORDERS,
      width: { size: 50, type: WidthType.PERCENTAGE },
      children: lines.map((l) => new Paragraph({ alignment: AlignmentType.CENTER, children: [text(l, true)] })),
    });
  const { left, right, rest } = headerSplit(doc);
  const breaks = new Set(options.pageBreaksBefore ?? []);
  const body = rest.map((p, i) => {
    const children: Array<TextRun | PageBreak> = breaks.has(i) && i > 0 ? [new PageBreak()] : [];
    const heading = isHeading(p) || /^Điều \d+\./u.test(p);
    children.push(text(p, heading));
    return new Paragraph({
      alignment: isHeading(p) ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
      spacing: { after: 120 },
      children,
    });
  });
  const header =
    options.runningHeader === undefined
      ? undefined
      : { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: options.runningHeader, font, size: 20, italics: true })] })] }) };
  const footer = options.pageNumbers
    ? { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font, size: 22 })] })] }) }
    : undefined;
  const document = new Document({
    sections: [
      {
        ...(header ? { headers: header } : {}),
        ...(footer ? { footers: footer } : {}),
        children: [
          ...(left.length + right.length > 0
            ? [
                new Table({
                  borders: NO_BORDERS,
                  width: { size: 100, type: WidthType.PERCENTAGE },
                  rows: [new TableRow({ children: [cell(left), cell(right)] })],
                }),
              ]
            : []),
          ...body,
        ],
      },
    ],
  });
  await fs.writeFile(file, await Packer.toBuffer(document));
}

/** True when LibreOffice's `soffice` can be run. */
export async function sofficeAvailable(): Promise<boolean> {
  try {
    await run('soffice', ['--version'], { timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts office files to PDF with LibreOffice in one run (a private profile, so parallel runs do
 * not share one), writing `<name>.pdf` beside each in `outDir`. Returns the PDF paths.
 */
export async function convertToPdf(files: readonly string[], outDir: string): Promise<string[]> {
  if (files.length === 0) return [];
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-lo-profile-'));
  try {
    await run(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, ...files],
      { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } finally {
    await fs.rm(profile, { recursive: true, force: true });
  }
  const pdfs = files.map((f) => path.join(outDir, `${path.basename(f, path.extname(f))}.pdf`));
  for (const pdf of pdfs) await fs.access(pdf);
  return pdfs;
}
