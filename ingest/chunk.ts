/**
 * Structure-aware chunking: the cited passages retrieval returns.
 *
 * A chunk is a trimmed span of the document text, so its text is always
 * `doc.text.slice(start, end)` and a quote inside it is a valid citation. Chunks never cross
 * a top-level section, a legal unit (an Điều, and the Chương or Mục around it) or the closing
 * block; headings with no text of their own (a "Chương II" and its title) go with the unit
 * after them. Inside a region, paragraphs are packed greedily, headings and lead-ins ("… sau:")
 * stay with what follows, a khoản stays whole when it fits (so a long Điều splits at its
 * khoản), a list stays with its lead-in when the whole fits, and only paragraphs too long for
 * one chunk are split (sentences, then clauses, then spaces). A chunk's section path is the
 * path of its innermost leading heading ("Chương II › Điều 5. Quyền của viên chức"), or of its
 * first character when it starts inside a section ("… › khoản 3").
 *
 * `countTokens` may be a real tokenizer, so each paragraph (or piece of one) is counted once,
 * chunk sizes are estimated by summing those counts with a small allowance per join, and each
 * finished chunk is checked with one more call (and halved in the rare case it is over).
 * The only chunk that may exceed `maxTokens` is a single whitespace-free run longer than it.
 */
import type { Chunk } from '../index/records.ts';
import { closingStart } from '../text/closing.ts';
import { isBulletLine, isHeadingLine, sectionPathAt, type Section } from '../text/structure.ts';
import { isSpaceCode, lineSpans, splitSentences, trimSpan, type Span } from '../text/sentences.ts';

export interface ChunkOptions {
  maxTokens: number;
  countTokens: (text: string) => number;
}

/** Tokens the whitespace between two pieces may add (one for `ceil(chars / 4)`-like counts). */
const JOIN_ALLOWANCE = 1;
/** A clause ends after , ; or : followed by whitespace. */
const CLAUSE_END = new Set([',', ';', ':']);

/** The smallest unit packed into chunks: a paragraph, or a piece of a long one. */
interface Atom extends Span {
  /** Tokens of the atom's text alone, without the tokenizer's fixed per-call overhead. */
  tokens: number;
  /** Must not end a chunk: a heading or lead-in, which belongs with what follows it. */
  glue: boolean;
  /** Kept with the next atom when the two fit (a khoản's paragraphs), but a chunk may end here. */
  hold: boolean;
  /** A heading: start a new chunk here unless glued to what precedes. */
  breakBefore: boolean;
  /** Part of the heading of a Phần, Chương or Mục: a chunk's section path is read after these. */
  container: boolean;
}

interface Paragraph extends Span {
  firstAtom: number;
  lastAtom: number;
  /** A list item: bullet line or enumerated paragraph. */
  item: boolean;
  leadIn: boolean;
  /** Where the item's enumerated section ends (its continuation paragraphs belong to it). */
  itemEnd: number;
}

/** Measures spans of one text against one budget. */
class Budget {
  readonly max: number;
  /** What countTokens adds to any text (special tokens), counted once per chunk, not per piece. */
  readonly overhead: number;
  private readonly text: string;
  private readonly options: ChunkOptions;
  constructor(text: string, options: ChunkOptions) {
    this.text = text;
    this.options = options;
    this.max = Math.max(1, Math.floor(options.maxTokens));
    this.overhead = Math.max(0, options.countTokens(''));
  }
  measure(span: Span): number {
    return Math.max(0, this.options.countTokens(this.text.slice(span.start, span.end)) - this.overhead);
  }
  /** Estimated tokens of the text from the first to the last of `atoms`. */
  estimate(atoms: readonly Atom[]): number {
    let sum = this.overhead;
    for (const a of atoms) sum += a.tokens;
    return sum + JOIN_ALLOWANCE * Math.max(0, atoms.length - 1);
  }
  fitsAlone(tokens: number): boolean {
    return this.overhead + tokens <= this.max;
  }
}

export function chunkDocument(
  doc: { id: string; text: string },
  sections: readonly Section[],
  options: ChunkOptions,
): Chunk[] {
  const budget = new Budget(doc.text, options);
  const headingAt = new Map<number, Section>();
  for (const s of sections) headingAt.set(s.headingStart, s);

  const chunks: Chunk[] = [];
  const emit = (atoms: readonly Atom[]): void => {
    const first = atoms[0];
    const last = atoms[atoms.length - 1];
    if (!first || !last) return;
    const text = doc.text.slice(first.start, last.end);
    const tokens = options.countTokens(text);
    if (tokens > budget.max && atoms.length > 1) {
      // The join allowance underestimated this one: halve it by estimated size and re-check.
      const cut = halfway(atoms);
      emit(atoms.slice(0, cut));
      emit(atoms.slice(cut));
      return;
    }
    chunks.push({
      id: `${doc.id}#${first.start}`,
      docId: doc.id,
      ordinal: chunks.length,
      sectionPath: sectionPathAt(sections, pathOffset(atoms)),
      text,
      start: first.start,
      end: last.end,
      tokens,
      references: [],
    });
  };

  for (const region of regions(doc.text, sections)) {
    const atoms = regionAtoms(doc.text, region, headingAt, budget);
    keepKhoanWhole(atoms, region, sections, budget);
    for (const group of pack(atoms, budget)) emit(group);
  }
  return chunks;
}

/** Kinds of section a chunk never crosses: the legal units. */
const UNIT_KINDS: ReadonlySet<Section['kind']> = new Set(['phan', 'chuong', 'muc', 'tieu-muc', 'dieu']);
/** Legal units that hold further units. */
const CONTAINER_KINDS: ReadonlySet<Section['kind']> = new Set(['phan', 'chuong', 'muc', 'tieu-muc']);

/**
 * [0, first cut), then one region per top-level section, legal unit and the closing block. A
 * region holding nothing but headings ("Chương II" and its title, then "Mục 1") joins the next.
 */
function regions(text: string, sections: readonly Section[]): Span[] {
  const length = text.length;
  const closing = closingStart(text);
  const cuts = [
    ...new Set([...sections.filter((s) => s.level === 1 || UNIT_KINDS.has(s.kind)).map((s) => s.start), closing]),
  ]
    .filter((c) => c > 0 && c < length)
    .sort((a, b) => a - b);
  // Headings of units that hold further units (Phần, Chương, Mục): text of their own only when
  // something stands between them and the next unit.
  const containerHeadings = sections.filter((s) => CONTAINER_KINDS.has(s.kind));
  const onlyHeadings = (start: number, end: number): boolean => {
    let at = start;
    for (const s of containerHeadings) {
      if (s.headingEnd <= at || s.headingStart >= end) continue;
      if (text.slice(at, s.headingStart).trim() !== '') return false;
      at = Math.max(at, s.headingEnd);
    }
    return at > start && text.slice(at, end).trim() === '';
  };
  const bounds = [0, ...cuts, length];
  const out: Span[] = [];
  let from = 0;
  for (let i = 1; i < bounds.length; i++) {
    const end = bounds[i] ?? length;
    if (i + 1 < bounds.length && end !== closing && onlyHeadings(from, end)) continue;
    out.push({ start: from, end });
    from = end;
  }
  return out;
}

/**
 * Where a chunk's section path is read: after the headings of the Phần, Chương or Mục it opens
 * with (at the Điều they introduce, which the chunk lies in), else at its first character.
 */
function pathOffset(atoms: readonly Atom[]): number {
  for (const a of atoms) if (!a.container) return a.start;
  return atoms[atoms.length - 1]?.start ?? 0;
}

/** A khoản that fits in one chunk is glued into one block, so a long Điều splits between khoản. */
function keepKhoanWhole(atoms: Atom[], region: Span, sections: readonly Section[], budget: Budget): void {
  for (const s of sections) {
    if (s.kind !== 'khoan' || s.start < region.start || s.start >= region.end) continue;
    const inside = atoms.filter((a) => a.start >= s.start && a.end <= s.end);
    if (inside.length < 2 || budget.estimate(inside) > budget.max) continue;
    for (const a of inside.slice(0, -1)) a.hold = true;
  }
}

function regionAtoms(text: string, region: Span, headingAt: ReadonlyMap<number, Section>, budget: Budget): Atom[] {
  const atoms: Atom[] = [];
  let titleUntil = -1; // end of a multi-line heading (a Chương's title lines)
  const paragraphs: Paragraph[] = lineSpans(text, region.start, region.end).map((line) => {
    const section = headingAt.get(line.start);
    const titleLine = section === undefined && line.start < titleUntil;
    const heading = (section !== undefined && isHeadingLine(section)) || titleLine;
    if (section !== undefined && section.headingEnd > line.end) titleUntil = section.headingEnd;
    const enumerated = section !== undefined && !heading;
    const firstAtom = atoms.length;
    atoms.push(...paragraphAtoms(text, line, budget, gluedTail(atoms)));
    const lastAtom = atoms.length - 1;
    const leadIn = text[line.end - 1] === ':';
    const first = atoms[firstAtom];
    const last = atoms[lastAtom];
    if (first) first.breakBefore = heading && !titleLine;
    const container = titleLine || (section !== undefined && CONTAINER_KINDS.has(section.kind));
    for (let i = firstAtom; i <= lastAtom; i++) if (atoms[i]) atoms[i]!.container = container;
    if (last) last.glue = heading || leadIn;
    return {
      ...line,
      firstAtom,
      lastAtom,
      item: enumerated || isBulletLine(text.slice(line.start, line.end)),
      leadIn,
      itemEnd: enumerated && section ? section.end : line.end,
    };
  });
  paragraphs.forEach((p, i) => {
    if (p.leadIn) keepListWithLeadIn(paragraphs, i, atoms, budget);
  });
  return atoms;
}

/**
 * Glues a lead-in to its whole list (the items that follow it, with their continuation
 * paragraphs) when lead-in, list and any heading glued before them fit in one chunk.
 * Otherwise only the lead-in's own glue keeps it with the first item.
 */
function keepListWithLeadIn(paragraphs: readonly Paragraph[], leadIn: number, atoms: Atom[], budget: Budget): void {
  let extent = -1;
  let next = leadIn + 1;
  for (let p = paragraphs[next]; p; p = paragraphs[++next]) {
    if (p.item) extent = Math.max(extent, p.itemEnd);
    else if (p.start >= extent) break;
  }
  const lastOfList = paragraphs[next - 1];
  const lead = paragraphs[leadIn];
  if (next === leadIn + 1 || !lastOfList || !lead) return;
  let from = lead.lastAtom;
  while (from > 0 && atoms[from - 1]?.glue) from--;
  const block = atoms.slice(from, lastOfList.lastAtom + 1);
  if (budget.estimate(block) > budget.max) return;
  for (const a of block.slice(0, -1)) a.glue = true;
}

/** Tokens of the glued atoms at the end of `atoms` (the headings waiting for what follows), joins included. */
function gluedTail(atoms: readonly Atom[]): number {
  let tokens = 0;
  for (let i = atoms.length - 1; i >= 0 && atoms[i]!.glue; i--) tokens += atoms[i]!.tokens + JOIN_ALLOWANCE;
  return tokens;
}

/**
 * One atom when the paragraph fits (beside the `reserve` tokens of the headings glued before
 * it), else its sentences, clauses or space-separated halves: a heading is never left alone
 * because the paragraph after it fills a chunk by itself.
 */
function paragraphAtoms(text: string, line: Span, budget: Budget, reserve = 0): Atom[] {
  const tokens = budget.measure(line);
  if (budget.fitsAlone(tokens + reserve)) return [atom(line, tokens)];
  const sentences = splitSentences(text, line.start, line.end);
  if (sentences.length < 2) return clauseAtoms(text, line, tokens, budget);
  return sentences.flatMap((s) => {
    const t = budget.measure(s);
    return budget.fitsAlone(t) ? [atom(s, t)] : clauseAtoms(text, s, t, budget);
  });
}

function clauseAtoms(text: string, span: Span, tokens: number, budget: Budget): Atom[] {
  const clauses: Span[] = [];
  let start = span.start;
  for (let i = span.start; i + 1 < span.end; i++) {
    if (CLAUSE_END.has(text[i] ?? '') && isSpaceCode(text.charCodeAt(i + 1))) {
      const clause = trimSpan(text, start, i + 1);
      if (clause) clauses.push(clause);
      start = i + 1;
    }
  }
  const tail = trimSpan(text, start, span.end);
  if (tail) clauses.push(tail);
  if (clauses.length < 2) return spaceAtoms(text, span, tokens, budget);
  return clauses.flatMap((c) => {
    const t = budget.measure(c);
    return budget.fitsAlone(t) ? [atom(c, t)] : spaceAtoms(text, c, t, budget);
  });
}

/** Last resort: halve at the whitespace nearest the middle until each piece fits. */
function spaceAtoms(text: string, span: Span, tokens: number, budget: Budget): Atom[] {
  if (budget.fitsAlone(tokens)) return [atom(span, tokens)];
  const middle = (span.start + span.end) >> 1;
  let cut = -1;
  for (let d = 0; cut < 0 && (middle - d > span.start || middle + d < span.end); d++) {
    if (middle - d > span.start && isSpaceCode(text.charCodeAt(middle - d))) cut = middle - d;
    else if (middle + d < span.end && isSpaceCode(text.charCodeAt(middle + d))) cut = middle + d;
  }
  const left = cut < 0 ? null : trimSpan(text, span.start, cut);
  const right = cut < 0 ? null : trimSpan(text, cut, span.end);
  if (!left || !right) return [atom(span, tokens)]; // one unbreakable run: the documented exception
  return [
    ...spaceAtoms(text, left, budget.measure(left), budget),
    ...spaceAtoms(text, right, budget.measure(right), budget),
  ];
}

function atom(span: Span, tokens: number): Atom {
  return { start: span.start, end: span.end, tokens, glue: false, hold: false, breakBefore: false, container: false };
}

/**
 * Greedy packing of one region's atoms. Glued runs (heading › lead-in › first item, or a
 * whole list) are placed as one block when they fit in a chunk; a block too big for one
 * chunk starts a fresh chunk and is packed atom by atom, never ending a chunk on a glued
 * atom unless that atom alone leaves no room.
 */
function pack(atoms: readonly Atom[], budget: Budget): Atom[][] {
  const groups: Atom[][] = [];
  let current: Atom[] = [];
  const flush = (): void => {
    if (current.length > 0) groups.push(current);
    current = [];
  };
  const fits = (more: readonly Atom[]): boolean => budget.estimate([...current, ...more]) <= budget.max;

  for (const block of glueBlocks(atoms)) {
    if (budget.estimate(block) <= budget.max) {
      if (current.length > 0 && (block[0]?.breakBefore || !fits(block))) flush();
      current.push(...block);
      continue;
    }
    flush();
    for (const a of block) {
      if (current.length > 0 && !fits([a])) {
        let cut = current.length;
        while (cut > 1 && current[cut - 1]?.glue) cut--;
        // Inside a khoản that is being continued: end the chunk before the khoản instead, when
        // something stays before it.
        let khoan = cut;
        while (khoan > 0 && (current[khoan - 1]?.hold || current[khoan - 1]?.glue)) khoan--;
        if (khoan > 0 && current[cut - 1]?.hold) cut = khoan;
        const carried = current.slice(cut);
        current = current.slice(0, cut);
        flush();
        current = carried;
        if (current.length > 0 && !fits([a])) flush();
      }
      current.push(a);
    }
  }
  flush();
  return groups;
}

/** Maximal runs of atoms joined by glue (or held together). */
function glueBlocks(atoms: readonly Atom[]): Atom[][] {
  const blocks: Atom[][] = [];
  let block: Atom[] = [];
  for (const a of atoms) {
    block.push(a);
    if (!a.glue && !a.hold) {
      blocks.push(block);
      block = [];
    }
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/** Index splitting `atoms` into two halves of about equal estimated size (both non-empty). */
function halfway(atoms: readonly Atom[]): number {
  const total = atoms.reduce((sum, a) => sum + a.tokens, 0);
  let acc = 0;
  for (let i = 0; i < atoms.length - 1; i++) {
    acc += atoms[i]?.tokens ?? 0;
    if (acc * 2 >= total) return i + 1;
  }
  return atoms.length - 1;
}
