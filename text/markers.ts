/**
 * Line-initial markers of headings and enumerations: `I.`, `II/`, `1.`, `(1)`, `(1).`, `a)`, `*`,
 * and the bullets `-`, `⁃`, `•`, `+`. The grammar every reader of structure shares (sections,
 * chunking, enumerations in answers).
 */
import { romanValue } from './numerals.ts';
import type { Span } from './sentences.ts';

export type MarkerKind = 'roman' | 'arabic' | 'paren' | 'letter' | 'star';

/**
 * A marker at the start of a line, followed by whitespace or the end of the line. Arabic
 * numbers need the dot or slash right before whitespace, so "5 năm qua…" and "1.899 chi bộ…"
 * are not markers; Roman numerals are I–XXXIX, so ordinary words are not either.
 */
const MARKER =
  /^(?:(?<roman>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))[./]|(?<arabic>\d{1,2})[./]|\((?<paren>\d{1,2})\)\.?|(?<letter>[a-zđ])\)|(?<star>\*))(?=\s|$)/u;
/** Markers are at most 9 characters; matching on a short prefix keeps detection linear. */
const MARKER_WINDOW = 12;
const BULLET = /^[-–—⁃•+▪●◦○➢➤∙·]\s/u;

/** A bulleted list item line (`-`, `⁃`, `•`, `+`, …): part of a list, never a section. */
export function isBulletLine(line: string): boolean {
  return BULLET.test(line);
}

/** The marker opening a line, as headings and enumerations use it. */
export interface LineMarker {
  readonly kind: MarkerKind | 'bullet';
  /** As written: `III.`, `2.`, `(3)`, `a)`, `*`, `-`. */
  readonly marker: string;
  /** The item number: 1, 2… for Roman, Arabic and parenthesised markers, the letter's code for `a)`; null for `*` and bullets. */
  readonly number: number | null;
  /** Where the text after the marker (and its spaces) starts; the line's end for a bare marker. */
  readonly contentStart: number;
}

/** The marker at the start of `line` (a span of `text`), or null when the line has none. */
export function readLineMarker(text: string, line: Span): LineMarker | null {
  const head = text.slice(line.start, Math.min(line.end, line.start + MARKER_WINDOW));
  const match = MARKER.exec(head);
  const groups = match?.groups;
  let kind: LineMarker['kind'];
  let number: number | null = null;
  let length: number;
  if (match && groups) {
    kind = (['roman', 'arabic', 'paren', 'letter', 'star'] as const).find((k) => groups[k] !== undefined) ?? 'star';
    if (kind === 'roman') number = romanValue(groups.roman ?? '');
    else if (kind === 'arabic' || kind === 'paren') number = Number(groups[kind]);
    else if (kind === 'letter') number = (groups.letter ?? '').charCodeAt(0);
    length = match[0].length;
  } else if (BULLET.test(head)) {
    kind = 'bullet';
    length = 1;
  } else return null;
  let contentStart = line.start + length;
  while (contentStart < line.end && /\s/u.test(text[contentStart] ?? '')) contentStart++;
  return { kind, marker: text.slice(line.start, line.start + length), number, contentStart };
}
