/**
 * HTML to paragraph text. Web pages keep their article and lose menus, footers and
 * scripts; DOCX (via mammoth's HTML) keeps everything. Every walk over the DOM is
 * iterative: real pages nest thousands of levels deep, and recursion (cheerio's own
 * `.text()` included) overflows the stack on them.
 */
import { load, type CheerioAPI } from 'cheerio';
import type { LoadedText } from '../types.ts';
import { decodeText, firstInvalidUtf8Offset, hasUnicodeBom, Unreadable } from './text.ts';

/** cheerio's node types (from domhandler), taken from its own signature rather than a transitive import. */
type DomNode = Exclude<Parameters<typeof load>[0], string | Buffer | readonly unknown[]>;
type DomElement = Extract<DomNode, { attribs: Record<string, string> }>;

const isElement = (node: DomNode): node is DomElement => 'attribs' in node;
const childrenOf = (node: DomNode): readonly DomNode[] => ('children' in node ? node.children : []);
const textOf = (node: DomNode): string | null =>
  (node.type as string) === 'text' && 'data' in node ? node.data : null;

/** Never text: dropped before anything else. */
const DROPPED_TAGS = ['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'object', 'embed', 'select', 'textarea', 'button'];
/** Skipped by every walk (`<head>` is kept in the tree for its `<title>`). */
const NON_TEXT = new Set([...DROPPED_TAGS, 'head']);
/** Page furniture by tag or by what its id/class says it is (Vietnamese sites included). */
const FURNITURE_TAGS = 'nav, aside, header, footer, form';
/** Furniture tags that never wrap an article, however much of the page's text they hold. */
const NEVER_WRAPPERS = new Set(['nav', 'aside', 'footer']);
const FURNITURE_NAME =
  /menu|breadcrumb|footer|sidebar|share|social|comment|related|advert|banner|cookie|(?:^|[^a-z])nav|(?:^|[^a-z])ads?(?:[^a-z]|$)|lien-?quan|binh-?luan|quang-?cao|chia-?se/;
/** Elements that say "the article is here", in order of preference. */
const CONTENT_SELECTORS = ['[itemprop=articleBody]', 'article', 'main', '[role=main]'];
const CONTENT_ANCHORS = CONTENT_SELECTORS.join(', ');

const BLOCK_TAGS = new Set(
  ('address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption ' +
    'figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead ' +
    'tfoot tr ul').split(' '),
);

/** Collects text into paragraphs ("\n\n") of lines ("\n"), collapsing whitespace runs. */
class ParagraphWriter {
  private readonly paragraphs: string[] = [];
  private lines: string[] = [];
  private line = '';
  /** A list marker waiting for the item's first text, so `<li><p>…` stays "1. …". */
  private marker = '';

  text(raw: string, preformatted: boolean): void {
    if (preformatted) {
      raw.split('\n').forEach((part, i) => {
        if (i > 0) this.lineBreak();
        this.append(part);
      });
      return;
    }
    const collapsed = raw.replace(/[ \t\n\r\f]+/g, ' ');
    this.append(this.line === '' || /[ \t]$/.test(this.line) ? collapsed.replace(/^ /, '') : collapsed);
  }

  listItem(marker: string): void {
    this.paragraphBreak();
    this.marker = marker;
  }

  cellBreak(): void {
    if (this.line.trim() !== '') this.line = `${this.line.trimEnd()}\t`;
  }

  lineBreak(): void {
    this.lines.push(this.line.trim());
    this.line = '';
  }

  paragraphBreak(): void {
    this.lineBreak();
    // An empty line (`<br><br>`) ends a paragraph too.
    let current: string[] = [];
    for (const line of [...this.lines, '']) {
      if (line !== '') current.push(line);
      else if (current.length > 0) {
        this.paragraphs.push(current.join('\n'));
        current = [];
      }
    }
    this.lines = [];
  }

  finish(): string {
    this.paragraphBreak();
    return this.paragraphs.join('\n\n');
  }

  private append(text: string): void {
    if (text.trim() === '') {
      if (this.line !== '') this.line += text;
      return;
    }
    this.line += this.marker + text;
    this.marker = '';
  }
}

interface ListFrame {
  readonly ordered: boolean;
  next: number;
}

type WalkStep = { readonly enter: DomNode } | { readonly leave: DomElement };

/** Paragraph text of an element: block elements are paragraphs, `<br>` a line break, lists numbered. */
export function elementText(root: DomNode): string {
  const out = new ParagraphWriter();
  const lists: ListFrame[] = [];
  let preDepth = 0;
  const stack: WalkStep[] = [{ enter: root }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    if ('leave' in step) {
      const tag = step.leave.name;
      if (tag === 'ol' || tag === 'ul') lists.pop();
      if (tag === 'pre') preDepth--;
      if (BLOCK_TAGS.has(tag)) out.paragraphBreak();
      continue;
    }
    const node = step.enter;
    const text = textOf(node);
    if (text !== null) out.text(text, preDepth > 0);
    if (isElement(node)) {
      const tag = node.name;
      if (NON_TEXT.has(tag)) continue;
      if (tag === 'br') out.lineBreak();
      else if (tag === 'td' || tag === 'th') out.cellBreak();
      else if (BLOCK_TAGS.has(tag)) out.paragraphBreak();
      if (tag === 'pre') preDepth++;
      if (tag === 'ol' || tag === 'ul') {
        const start = Number.parseInt(node.attribs.start ?? '', 10);
        lists.push({ ordered: tag === 'ol', next: Number.isFinite(start) ? start : 1 });
      }
      if (tag === 'li') {
        const list = lists.at(-1);
        const value = Number.parseInt(node.attribs.value ?? '', 10);
        if (list?.ordered === true) {
          const ordinal = Number.isFinite(value) ? value : list.next;
          list.next = ordinal + 1;
          out.listItem(`${ordinal}. `);
        } else out.listItem('- ');
      }
      stack.push({ leave: node });
    }
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ enter: children[i] as DomNode });
  }
  return out.finish();
}

/** All text under a node on one line, whitespace collapsed (for titles). */
function flatText(root: DomNode): string {
  const parts: string[] = [];
  const stack: DomNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const text = textOf(node);
    if (text !== null) parts.push(text);
    if (isElement(node) && NON_TEXT.has(node.name)) continue;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }
  // Joined without spaces: inline markup can split a word (`Hội <b>ng</b>hị`).
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * `valueOf(node)` summed over every node's subtree (itself included), in one post-order pass.
 * Subtrees of non-text elements count only their root.
 */
function subtreeSums(root: DomNode, valueOf: (node: DomNode) => number): Map<DomNode, number> {
  const sums = new Map<DomNode, number>();
  const stack: Array<{ node: DomNode; leaving: boolean }> = [{ node: root, leaving: false }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node } = item;
    if (item.leaving) {
      sums.set(node, childrenOf(node).reduce((sum, child) => sum + (sums.get(child) ?? 0), valueOf(node)));
      continue;
    }
    stack.push({ node, leaving: true });
    if (isElement(node) && NON_TEXT.has(node.name)) continue;
    for (const child of childrenOf(node)) stack.push({ node: child, leaving: false });
  }
  return sums;
}

/** Visible text length under every element. */
function textLengths(root: DomNode): Map<DomNode, number> {
  return subtreeSums(root, (node) => textOf(node)?.trim().length ?? 0);
}

/**
 * The first descendant of `root` (itself excluded) in document order that passes `test`.
 * Used instead of cheerio's `.find()`, which is quadratic in the number of children of the
 * element it starts from (a flat page of 20,000 paragraphs took minutes).
 */
function firstDescendant(root: DomNode, test: (el: DomElement) => boolean): DomElement | undefined {
  const stack: DomNode[] = [...childrenOf(root)].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isElement(node) && test(node)) return node;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }
  return undefined;
}

const isHeading = (el: DomElement): boolean => /^h[1-6]$/.test(el.name);

/**
 * Drops menus, footers, sidebars, comment and share boxes. A wrapper is kept when it holds
 * the article (an anchor like `<article>`, or half the page's text): ASP.NET pages wrap the
 * whole body in a `<form>`, layouts put the article inside `class="with-sidebar"`. `<nav>`,
 * `<aside>` and `<footer>` never do: on a page of menus only, they hold most of the text, and
 * keeping them would index a menu as a document.
 */
function removeFurniture($: CheerioAPI, body: DomNode): void {
  const lengths = textLengths(body);
  const half = (lengths.get(body) ?? 0) / 2;
  const holdsAnchor = new Set<DomNode>();
  for (const anchor of $(CONTENT_ANCHORS).toArray()) {
    for (let node: DomNode | null = anchor; node !== null && !holdsAnchor.has(node); node = node.parent) {
      holdsAnchor.add(node);
    }
  }
  // Plain arrays, not cheerio's .add(): its document-order sort is quadratic on deep trees.
  const candidates = [
    ...$(FURNITURE_TAGS).toArray(),
    ...$('[id], [class]')
      .toArray()
      .filter((el) => FURNITURE_NAME.test(`${el.attribs.id ?? ''} ${el.attribs.class ?? ''}`.toLowerCase())),
  ];
  const doomed = candidates.filter((el) => {
    if (el.name === 'body' || el.name === 'html' || holdsAnchor.has(el)) return false;
    if (!NEVER_WRAPPERS.has(el.name) && (lengths.get(el) ?? 0) >= half && half > 0) return false;
    // An article's own <header> holds its headline and date.
    return !(el.name === 'header' && $(el).closest(CONTENT_ANCHORS).length > 0);
  });
  $(doomed).remove();
}

/** The element holding the article: a content anchor if it holds enough text, else the densest paragraph block. */
function findContentRoot($: CheerioAPI, body: DomElement): DomElement {
  const lengths = textLengths(body);
  const total = lengths.get(body) ?? 0;
  // Selected from the document root and kept when under the body (`lengths` holds exactly
  // those nodes): `$(body).find()` is quadratic on wide pages (see firstDescendant).
  const inBody = (node: DomNode): node is DomElement => isElement(node) && node !== body && lengths.has(node);
  for (const selector of CONTENT_SELECTORS) {
    let best: DomElement | undefined;
    for (const el of $(selector).toArray().filter(inBody)) {
      if (best === undefined || (lengths.get(el) ?? 0) > (lengths.get(best) ?? 0)) best = el;
    }
    if (best !== undefined && (lengths.get(best) ?? 0) >= total * 0.25 && total > 0) return best;
  }
  // Readability-style: each paragraph votes for its parent (and half for its grandparent).
  const scores = new Map<DomElement, number>();
  let paragraphTotal = 0;
  for (const p of $('p').toArray().filter(inBody)) {
    const length = lengths.get(p) ?? 0;
    paragraphTotal += length;
    const parent = p.parent !== null && isElement(p.parent) ? p.parent : undefined;
    const grandparent = parent?.parent != null && isElement(parent.parent) ? parent.parent : undefined;
    if (parent !== undefined) scores.set(parent, (scores.get(parent) ?? 0) + length);
    if (grandparent !== undefined) scores.set(grandparent, (scores.get(grandparent) ?? 0) + length / 2);
  }
  let best: DomElement = body;
  let bestScore = 0;
  for (const [el, score] of scores) {
    if (score > bestScore) [best, bestScore] = [el, score];
  }
  // Climb while the root misses most paragraphs (split over sibling blocks), or while its
  // parent adds little text: that little is usually the headline and date above the body.
  const isParagraph = (node: DomNode): boolean => isElement(node) && node.name === 'p';
  const paragraphSums = subtreeSums(body, (node) => (isParagraph(node) ? (lengths.get(node) ?? 0) : 0));
  // Text of the paragraphs under `el`, not counting `el` itself (as `$(el).find('p')` did).
  const paragraphText = (el: DomElement): number =>
    (paragraphSums.get(el) ?? 0) - (isParagraph(el) ? (lengths.get(el) ?? 0) : 0);
  for (let climbs = 0; climbs < 25 && best !== body; climbs++) {
    const parent = best.parent;
    if (parent === null || !isElement(parent)) break;
    const missesParagraphs = paragraphText(best) < paragraphTotal * 0.5;
    if (!missesParagraphs && (lengths.get(parent) ?? 0) > (lengths.get(best) ?? 0) * 1.3) break;
    best = parent;
  }
  return best;
}

export type HtmlMode = 'main-content' | 'whole-document';

/** Text and title of an HTML document. 'whole-document' is for trusted HTML (mammoth's DOCX output). */
export function htmlToText(html: string, mode: HtmlMode): LoadedText {
  const $ = load(html);
  $(DROPPED_TAGS.join(', ')).remove();
  const body = $('body').get(0);
  if (body === undefined) return { text: '' };
  let root: DomElement = body;
  let titleElement = firstDescendant(body, isHeading);
  if (mode === 'main-content') {
    removeFurniture($, body);
    root = findContentRoot($, body);
    titleElement = firstDescendant(root, (el) => el.name === 'h1') ?? $('title').get(0);
  }
  const title = titleElement === undefined ? '' : flatText(titleElement);
  const text = elementText(root);
  return title === '' ? { text } : { text, title };
}

/** The charset an HTML file declares in a `<meta>` near its start, lower-cased, or null. */
function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

/**
 * Decodes an HTML file. Unicode (BOM, UTF-16, valid UTF-8) wins over the page's `<meta>`,
 * because pages that declare windows-1258 but are really UTF-8 are common and legacy bytes
 * are almost never valid UTF-8 by accident; a declared legacy charset is used otherwise.
 */
export function decodeHtml(bytes: Uint8Array): string {
  const charset = declaredCharset(bytes);
  if (charset === null || hasUnicodeBom(bytes) || firstInvalidUtf8Offset(bytes) < 0) return decodeText(bytes);
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    throw new Unreadable(`unsupported charset "${charset}" declared in the page`);
  }
}

/** Loads a web page: its main content as paragraphs, and its title. */
export function loadHtml(bytes: Uint8Array): LoadedText {
  const loaded = htmlToText(decodeHtml(bytes), 'main-content');
  if (loaded.text.trim() === '') throw new Unreadable('no text in the page (only scripts, menus or page furniture)');
  return loaded;
}
