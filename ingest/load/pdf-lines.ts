/**
 * Printed lines from the positioned text runs of one PDF page (pdf.js `getTextContent` items).
 *
 * Reading order comes from the glyphs' positions, not from the order of drawing: LibreOffice and
 * Word draw the letters a font lacks ("ậ", "ứ" in Liberation Serif) in a second pass from a
 * fallback font, over a placeholder space left in the first run ("Lu t Viên ch" + "ậ" at the
 * blank) or in the gap between two runs ("ch" | "ứ" | "c"). A run lying inside another replaces the
 * placeholder space under it; runs side by side are joined in x order, with a space only where the
 * gap between them is a word space. A gap wider than a few em is a column gutter (the two-column
 * header block of an administrative document): the line is split into cells.
 */

import { isVietnameseSyllable } from '../../text/syllables.ts';

/** A run of text with its position, in PDF user space (y grows upwards). */
export interface TextRun {
  readonly str: string;
  readonly x: number;
  /** Baseline. */
  readonly y: number;
  readonly width: number;
  /** Font size (the text matrix's vertical scale). */
  readonly size: number;
  /** The font's name in the PDF, when known: letters drawn from a fallback font come in another one. */
  readonly font?: string;
}

/** One printed line (or one cell of a line split at a gutter). */
export interface PrintedLine {
  readonly text: string;
  readonly x: number;
  readonly right: number;
  readonly y: number;
  readonly size: number;
  /** Index of the cell when the line was split at a gutter (0 = leftmost); 0 otherwise. */
  readonly cell: number;
  /** How many cells its printed line had. */
  readonly cells: number;
  /** The OCR engine's paragraph the line belongs to (lines of two paragraphs never join); absent for a text layer. */
  readonly group?: string;
}

/** Runs on baselines closer than this share a line (in em). */
const SAME_LINE = 0.45;
/** A gap wider than this between runs is a word space (in em). */
const WORD_GAP = 0.15;
/** A gap wider than this is a column gutter (in em). */
const GUTTER = 3.5;
/** A run overlapping another by this share of its width is drawn over it (a fallback glyph). */
const OVERLAY = 0.5;

/** Advance widths of a serif text face in em (Times-like), by base letter: enough to find a placeholder. */
const ADVANCE: Readonly<Record<string, number>> = {
  ' ': 0.25, a: 0.44, b: 0.5, c: 0.44, d: 0.5, e: 0.44, f: 0.33, g: 0.5, h: 0.5, i: 0.28, j: 0.28, k: 0.5, l: 0.28,
  m: 0.78, n: 0.5, o: 0.5, p: 0.5, q: 0.5, r: 0.33, s: 0.39, t: 0.28, u: 0.5, v: 0.5, w: 0.72, x: 0.5, y: 0.5, z: 0.44,
  I: 0.33, J: 0.39, M: 0.89, W: 0.94, '.': 0.25, ',': 0.25, ';': 0.28, ':': 0.28, '-': 0.33, '(': 0.33, ')': 0.33,
};

function advance(ch: string): number {
  const base = ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/u, 'd').replace(/Đ/u, 'D');
  const known = ADVANCE[base];
  if (known !== undefined) return known;
  if (/\p{Lu}/u.test(base)) return 0.67;
  return 0.5;
}

interface Placed {
  chars: string[];
  /** Estimated left edge of each char. */
  lefts: number[];
  /** Widths known exactly: placeholders filled by a glyph of that width. */
  fixed: Map<number, number>;
  /** Indexes of the placeholders filled with glyphs. */
  filled: number[];
  x: number;
  right: number;
  size: number;
}

function place(run: TextRun): Placed {
  const placed: Placed = { chars: [...run.str], lefts: [], fixed: new Map(), filled: [], x: run.x, right: run.x + run.width, size: run.size };
  measure(placed);
  return placed;
}

/** Estimated left edges: known widths as they are, the other characters scaled to fill the rest. */
function measure(p: Placed): void {
  let known = 0;
  let estimated = 0;
  const weights = p.chars.map((ch, i) => {
    const fixed = p.fixed.get(i);
    if (fixed !== undefined) {
      known += fixed;
      return fixed;
    }
    const w = advance(ch);
    estimated += w;
    return w;
  });
  const scale = estimated > 0 ? Math.max(0, p.right - p.x - known) / estimated : 0;
  p.lefts = [];
  let at = p.x;
  weights.forEach((w, i) => {
    p.lefts.push(at);
    at += p.fixed.has(i) ? w : w * scale;
  });
}

/** Lines of one page, top to bottom, each split into cells at gutters. */
export function printedLines(runs: readonly TextRun[]): PrintedLine[] {
  const visible = runs.filter((r) => r.str.trim() !== '' && Number.isFinite(r.x) && Number.isFinite(r.y));
  const sorted = [...visible].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextRun[][] = [];
  for (const run of sorted) {
    const group = groups[groups.length - 1];
    const first = group?.[0];
    if (group && first && Math.abs(first.y - run.y) <= SAME_LINE * Math.min(first.size, run.size)) group.push(run);
    else groups.push([run]);
  }
  return groups.flatMap(lineOf);
}

/** A run over a wider run of another font: letters of a fallback font, drawn over the gaps they fill. */
function overlapsOtherFont(run: TextRun, runs: readonly TextRun[]): boolean {
  return runs.some(
    (o) =>
      o !== run &&
      o.font !== run.font &&
      o.width > run.width &&
      Math.min(o.x + o.width, run.x + run.width) - Math.max(o.x, run.x) > 0.1 * run.size,
  );
}

/** "ả ờ" drawn in one pass: each letter on its own, placed by advance widths within the run. */
function splitAtSpaces(run: TextRun): TextRun[] {
  if (!run.str.includes(' ')) return [run];
  const chars = [...run.str];
  const total = chars.reduce((sum, ch) => sum + advance(ch), 0) || 1;
  const out: TextRun[] = [];
  let at = run.x;
  let piece = '';
  let pieceX = at;
  for (const ch of chars) {
    const w = (advance(ch) / total) * run.width;
    if (ch === ' ') {
      if (piece !== '') out.push({ ...run, str: piece, x: pieceX, width: at - pieceX });
      piece = '';
      at += w;
      pieceX = at;
      continue;
    }
    piece += ch;
    at += w;
  }
  if (piece !== '') out.push({ ...run, str: piece, x: pieceX, width: at - pieceX });
  return out;
}

function lineOf(input: readonly TextRun[]): PrintedLine[] {
  let runs = input;
  const size = Math.max(...runs.map((r) => r.size));
  const y = runs[0]?.y ?? 0;
  runs = runs.flatMap((r) => (overlapsOtherFont(r, runs) ? splitAtSpaces(r) : [r]));
  // A run lying over a wider one is a glyph drawn in a second pass (a fallback font): it goes into
  // the placeholder under it, the glyphs of one host from left to right.
  const placed = runs.map(place);
  const byWidth = [...placed].sort((a, b) => b.right - b.x - (a.right - a.x));
  const hostOf = new Map<Placed, Placed>();
  for (const p of byWidth) {
    const host = byWidth.find((k) => k !== p && !hostOf.has(k) && k.right - k.x > p.right - p.x && overlap(k, p) >= OVERLAY * Math.max(p.right - p.x, 0.01));
    if (host !== undefined) hostOf.set(p, host);
  }
  const overlays = new Map<Placed, Placed[]>();
  for (const [glyph, host] of hostOf) overlays.set(host, [...(overlays.get(host) ?? []), glyph]);
  const kept: Placed[] = placed.filter((p) => !hostOf.has(p));
  for (const [host, glyphs] of overlays) {
    glyphs.sort((a, b) => a.x - b.x);
    const unplaced = fillPlaceholders(host, glyphs);
    // The same text drawn twice (a faux bold) is kept once; anything else stays a run of its own.
    for (const g of unplaced) if (!host.chars.join('').includes(g.chars.join('').trim())) kept.push(g);
  }
  kept.sort((a, b) => a.x - b.x);
  const cells: Placed[][] = [];
  for (const p of kept) {
    const cell = cells[cells.length - 1];
    const last = cell?.[cell.length - 1];
    if (cell && last && p.x - last.right < GUTTER * size) cell.push(p);
    else cells.push([p]);
  }
  return cells.map((cell, index) => {
    const chars: string[] = [];
    const glyph: boolean[] = [];
    let right = -Infinity;
    cell.forEach((p, k) => {
      const before = cell[k - 1];
      const after = cell[k + 1];
      const gapBefore = before === undefined ? Infinity : p.x - before.right;
      const gapAfter = after === undefined ? Infinity : after.x - p.right;
      // A short run joined to a neighbour is a letter drawn in the gap between two runs.
      const inGap = p.chars.length <= 3 && Math.min(gapBefore, gapAfter) <= WORD_GAP * size;
      const space = chars.length > 0 && gapBefore > WORD_GAP * size && chars[chars.length - 1] !== ' ' && p.chars[0] !== ' ';
      if (space) {
        chars.push(' ');
        glyph.push(false);
      }
      p.chars.forEach((ch, i) => {
        chars.push(ch);
        glyph.push(inGap || p.filled.includes(i));
      });
      right = Math.max(right, p.right);
    });
    const text = restoreWordSpaces(chars, glyph);
    return {
      text: text.replace(/\s+/gu, ' ').trim(),
      x: cell[0]!.x,
      right,
      y,
      size,
      cell: index,
      cells: cells.length,
    };
  });
}

function overlap(a: Placed, b: Placed): number {
  return Math.max(0, Math.min(a.right, b.right) - Math.max(a.x, b.x));
}

/** A gap this much wider than the text between two placeholders (in em) rules the pairing out. */
const MISFIT = 1.5;

/**
 * Puts each glyph (in x order) in place of a space of `host`, in order. Glyph positions are exact
 * and a placeholder is as wide as its glyph, so the text between two placeholders must fill the
 * gap between their glyphs: the placement is the one whose stretches of text, measured with a
 * table of advance widths, best fit the gaps (an alignment by dynamic programming over the
 * spaces). Returns the glyphs left without a space.
 */
function fillPlaceholders(host: Placed, glyphs: readonly Placed[]): Placed[] {
  const spaces = host.chars.flatMap((ch, i) => (ch === ' ' ? [i] : []));
  if (spaces.length < glyphs.length || glyphs.length === 0) return [...glyphs];
  const em = host.size;
  // widthBefore[i]: estimated width of chars [0, i), spaces at 0.25 em.
  const widthBefore: number[] = [0];
  host.chars.forEach((ch, i) => widthBefore.push(widthBefore[i]! + advance(ch) * em));
  const glyphWidths = glyphs.reduce((sum, g) => sum + (g.right - g.x), 0);
  const letters = widthBefore[host.chars.length]! - spaces.length * 0.25 * em;
  const scale = letters > 0 ? Math.max(0.5, Math.min(1.5, (host.right - host.x - glyphWidths - (spaces.length - glyphs.length) * 0.25 * em) / letters)) : 1;
  const between = (from: number, to: number): number => (widthBefore[to]! - widthBefore[from]!) * scale; // chars [from, to)
  const n = glyphs.length;
  const m = spaces.length;
  const cost: number[][] = Array.from({ length: n }, () => new Array<number>(m).fill(Infinity));
  const from: number[][] = Array.from({ length: n }, () => new Array<number>(m).fill(-1));
  for (let j = 0; j < m; j++) cost[0]![j] = Math.abs(between(0, spaces[j]!) - (glyphs[0]!.x - host.x));
  for (let k = 1; k < n; k++) {
    const gap = glyphs[k]!.x - glyphs[k - 1]!.right;
    for (let j = k; j < m; j++) {
      for (let i = k - 1; i < j; i++) {
        const prior = cost[k - 1]![i]!;
        if (!Number.isFinite(prior)) continue;
        const misfit = Math.abs(between(spaces[i]! + 1, spaces[j]!) - gap);
        if (misfit > MISFIT * em + 0.5 * gap) continue;
        if (prior + misfit < cost[k]![j]!) {
          cost[k]![j] = prior + misfit;
          from[k]![j] = i;
        }
      }
    }
  }
  let end = -1;
  let best = Infinity;
  for (let j = n - 1; j < m; j++) {
    const total = cost[n - 1]![j]! + Math.abs(between(spaces[j]! + 1, host.chars.length) - (host.right - glyphs[n - 1]!.right));
    if (total < best) [best, end] = [total, j];
  }
  if (end < 0) return [...glyphs];
  for (let k = n - 1; k >= 0; k--) {
    const at = spaces[end]!;
    host.chars[at] = glyphs[k]!.chars.join('');
    host.filled.push(at);
    end = from[k]![end]!;
  }
  return [];
}

/**
 * A placeholder may also have held the word space beside the missing letter ("v trí" with "ị"
 * drawn over its one space), and a glyph drawn in the gap between two runs takes no space either:
 * a word with such letters that is no Vietnamese syllable, but splits beside them into syllables,
 * gets its spaces back ("vịtrí" → "vị trí", "vịsự" → "vị sự").
 */
function restoreWordSpaces(chars: string[], glyph: readonly boolean[]): string {
  let start = 0;
  while (start < chars.length) {
    if (chars[start] === ' ') {
      start++;
      continue;
    }
    let end = start;
    while (end < chars.length && chars[end] !== ' ') end++;
    if (glyph.slice(start, end).some(Boolean)) {
      for (const cut of segment(chars.slice(start, end), glyph.slice(start, end))) chars[start + cut - 1] += ' ';
    }
    start = end;
  }
  return chars.join('');
}

/** Cut points (between pieces, beside a glyph) that make every part a syllable; [] when the word is one or cannot be cut so. */
function segment(pieces: readonly string[], glyph: readonly boolean[]): number[] {
  const word = (from: number, to: number): string => lettersOf(pieces.slice(from, to).join(''));
  if (word(0, pieces.length) === '' || isVietnameseSyllable(word(0, pieces.length))) return [];
  const n = pieces.length;
  // best[i]: cuts making pieces[0, i) syllables, or null.
  const best: Array<number[] | null> = [[]];
  for (let i = 1; i <= n; i++) {
    best[i] = null;
    for (let j = 0; j < i; j++) {
      const prefix = best[j];
      if (prefix === null || prefix === undefined) continue;
      if (j > 0 && !glyph[j - 1] && !glyph[j]) continue; // cut only beside a filled letter
      if (!isVietnameseSyllable(word(j, i))) continue;
      best[i] = j === 0 ? [] : [...prefix, j];
      break;
    }
  }
  return best[n] ?? [];
}

function lettersOf(s: string): string {
  return s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}
