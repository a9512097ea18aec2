/**
 * Reporting periods said in other words: a cadre asks about "ba tháng đầu năm 2022" or "nửa đầu
 * năm", the reports write "quý I/2022", "quí 1" and "6 tháng đầu năm". These are the same periods
 * by definition (a quarter is three months), not paraphrases, so a question's period is read as
 * the reports write it — for search (understand.ts) and for matching the answer's evidence (evidence.ts).
 */
import { foldDiacritics } from '../../text/fold.ts';

export interface PeriodMention {
  /** Offsets of the period as written in the question. */
  readonly start: number;
  readonly end: number;
  /** As the reports write it ("quý I", "6 tháng đầu năm"). */
  readonly canonical: string;
  /** Other ways the reports write it, for search ("quý 1"). */
  readonly variants: readonly string[];
}

interface PeriodRule {
  /** On folded, lowercase text. */
  readonly pattern: RegExp;
  readonly canonical: string;
  readonly variants: readonly string[];
}

const rule = (pattern: string, canonical: string, variants: readonly string[] = []): PeriodRule => ({
  pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'gu'),
  canonical,
  variants,
});

/** Most specific first; each span of a question is read by the first rule that matches it. */
const RULES: readonly PeriodRule[] = [
  rule('(?:ba|3|03) thang dau|quy dau|quy mot', 'quý I', ['quý 1']),
  rule('(?:sau|6|06) thang dau nam|nua dau nam|nua nam dau', '6 tháng đầu năm'),
  rule('(?:sau|6|06) thang cuoi nam|nua cuoi nam|nua nam cuoi', '6 tháng cuối năm'),
  rule('nua nam', '6 tháng'),
  rule('(?:chin|9|09) thang dau nam', '9 tháng đầu năm'),
];

/** The periods a question writes in other words than the reports (none for "quý I", "6 tháng đầu năm"). */
export function periodMentions(text: string): PeriodMention[] {
  // Folding and this lowercasing keep length: offsets in `folded` are offsets in `text`.
  const folded = [...foldDiacritics(text)].map((c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join('');
  const out: PeriodMention[] = [];
  for (const { pattern, canonical, variants } of RULES) {
    for (const m of folded.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (out.some((o) => start < o.end && o.start < end)) continue;
      out.push({ start, end, canonical, variants });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The text with each period written as the reports write it. */
export function withCanonicalPeriods(text: string): string {
  let out = text;
  for (const p of periodMentions(text).reverse()) out = `${out.slice(0, p.start)}${p.canonical}${out.slice(p.end)}`;
  return out;
}
