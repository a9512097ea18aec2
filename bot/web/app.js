// The chat page. Every piece of data is inserted as text (textContent / text nodes), never as HTML.
// Works without an API key; when the server wants one (401), the key typed here is kept in
// sessionStorage for this tab only, as is the conversation id that lets follow-ups be understood.

const KEY_STORAGE = 'vankien.apiKey';
const SESSION_STORAGE = 'vankien.session';
const MAX_QUESTION = 1000;
const $ = (id) => document.getElementById(id);

/** Creates an element; string children become text nodes. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** `text` with the first match of `needle` (a string or a RegExp) wrapped in <mark>. */
function highlighted(text, needle) {
  let at = -1;
  let length = 0;
  if (needle instanceof RegExp) {
    const match = needle.exec(text);
    if (match) [at, length] = [match.index, match[0].length];
  } else if (needle) {
    [at, length] = [text.indexOf(needle), needle.length];
  }
  if (at < 0) return [text];
  return [text.slice(0, at), el('mark', {}, text.slice(at, at + length)), text.slice(at + length)];
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, options = {}) {
  const headers = { accept: 'application/json', ...(options.headers || {}) };
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) headers.authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(path, { ...options, headers });
  } catch {
    throw new HttpError(0, 'Không kết nối được máy chủ.');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401) $('key-form').hidden = false;
    throw new HttpError(response.status, (body && body.message) || `Lỗi ${response.status}`);
  }
  return body;
}

const postJson = (path, data) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });

function sessionId() {
  let id = sessionStorage.getItem(SESSION_STORAGE);
  if (!id) {
    id = (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`).replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40);
    sessionStorage.setItem(SESSION_STORAGE, id);
  }
  return id;
}

/** A section path for people: a bare marker ("1.") says which list it belongs to. */
function sectionLabel(section) {
  if (!section) return '';
  const parts = section.split(' › ').map((part) => (/^(\(?[0-9IVXLC]+[.)]?|[a-zđ][.)])$/i.test(part.trim()) ? `mục ${part.trim()}` : part));
  const label = parts.slice(-2).join(' › ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** "tr. 3", "tr. 3–4" for a paged source. */
function pagesLabel(pages) {
  if (!pages || !pages.length) return '';
  const [first, last] = [pages[0], pages[pages.length - 1]];
  return first === last ? `tr. ${first}` : `tr. ${first}–${last}`;
}

function sourceLine(c) {
  const ocr = c.ocr ? `OCR, độ tin cậy ${Math.round(c.ocr.confidence)}%` : '';
  return [c.title, c.dateDisplay, pagesLabel(c.pages), ocr].filter(Boolean).join(' · ');
}

/** Busy state of a form: its button disabled and the region marked busy while the server works. */
function setBusy(form, region, busy) {
  const button = form.querySelector('button[type="submit"]');
  button.disabled = busy;
  region.setAttribute('aria-busy', String(busy));
}

// ---- Document panel -------------------------------------------------------------------------

const documents = new Map();
let returnFocus = null;

function loadDocument(docId) {
  if (!documents.has(docId)) {
    const request = api(`/api/documents/${encodeURIComponent(docId)}`);
    request.catch(() => documents.delete(docId));
    documents.set(docId, request);
  }
  return documents.get(docId);
}

/** Opens the document with [start, end) marked, scrolled into view and flashed; null range: the top. */
async function openDocument(citation, opener) {
  const panel = $('doc-panel');
  const textBox = $('doc-text');
  returnFocus = opener || document.activeElement;
  panel.hidden = false;
  document.body.classList.add('doc-open');
  $('doc-title').textContent = citation.title || citation.docId;
  $('doc-meta').textContent = 'Đang tải…';
  textBox.replaceChildren();
  $('doc-close').focus();
  let doc;
  try {
    doc = await loadDocument(citation.docId);
  } catch (error) {
    $('doc-meta').textContent = error.message;
    return;
  }
  $('doc-title').textContent = doc.title;
  $('doc-meta').textContent = [doc.dateDisplay, doc.kind, doc.issuer, sectionLabel(citation.section)].filter(Boolean).join(' · ');
  if (citation.start === undefined) {
    textBox.replaceChildren(doc.text);
    textBox.scrollTop = 0;
    textBox.focus({ preventScroll: true });
    return;
  }
  const mark = el('mark', { class: 'cited', id: 'cited' }, doc.text.slice(citation.start, citation.end));
  textBox.replaceChildren(doc.text.slice(0, citation.start), mark, doc.text.slice(citation.end));
  mark.scrollIntoView({ block: 'center' });
  mark.classList.add('flash');
  textBox.focus({ preventScroll: true });
}

function closeDocument() {
  $('doc-panel').hidden = true;
  document.body.classList.remove('doc-open');
  // Back where the reader was: the source or document they opened it from.
  if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  returnFocus = null;
}

/** Where a citation is, as a button opening the document at the quote. */
function sourceButton(c) {
  const section = sectionLabel(c.section);
  return el(
    'button',
    { type: 'button', class: 'source-open', onclick: (event) => openDocument(c, event.currentTarget) },
    el('span', { class: 'source-title' }, c.n ? `[${c.n}] ` : '', sourceLine(c)),
    section ? el('span', { class: 'source-section' }, section) : null,
    el('span', { class: 'sr-only' }, ' (mở văn bản tại đoạn trích)'),
  );
}

/** The citations of an answer, once each: the quote (clamped, `needle` marked) and where it is. */
function sourcesList(citations, needle, options = {}) {
  if (!citations.length) return null;
  const shown = options.limit ? citations.slice(0, options.limit) : citations;
  const rest = options.limit ? citations.slice(options.limit) : [];
  const item = (c) =>
    el('li', { class: 'source' }, options.quotes === false ? null : el('blockquote', { class: 'quote' }, highlighted(c.quote, needle)), sourceButton(c));
  return el(
    'div',
    { class: 'sources' },
    el('h4', { class: 'sources-title' }, options.label || `Nguồn (${citations.length})`),
    el('ol', {}, shown.map(item)),
    rest.length
      ? el('details', { class: 'more-sources' }, el('summary', {}, `Thêm ${rest.length} nguồn`), el('ol', { start: shown.length + 1 }, rest.map(item)))
      : null,
  );
}

// ---- Ask --------------------------------------------------------------------------------------

function feedbackButtons(result) {
  const status = el('span', { class: 'feedback-status', role: 'status' });
  const buttons = [];
  const rate = async (rating, button) => {
    for (const b of buttons) b.disabled = true;
    try {
      await postJson('/api/feedback', { answerId: result.answerId, rating });
      button.setAttribute('aria-pressed', 'true');
      status.textContent = 'Cảm ơn bạn đã góp ý!';
    } catch (error) {
      for (const b of buttons) b.disabled = false;
      status.textContent = error.message;
    }
  };
  // The words as well as the emoji: a screen without an emoji font still reads them.
  const up = el('button', { type: 'button', class: 'rate', 'aria-pressed': 'false', onclick: () => rate('up', up) }, el('span', { 'aria-hidden': 'true' }, '👍 '), 'Hữu ích');
  const down = el('button', { type: 'button', class: 'rate', 'aria-pressed': 'false', onclick: () => rate('down', down) }, el('span', { 'aria-hidden': 'true' }, '👎 '), 'Chưa đúng');
  buttons.push(up, down);
  return el('div', { class: 'feedback' }, el('span', { class: 'feedback-label' }, 'Câu trả lời này:'), up, down, status);
}

function notFoundCard(result) {
  return el(
    'div',
    { class: 'answer not-found' },
    el('p', { class: 'answer-text' }, result.answer),
    // What the documents do say of the subject (a named document, a passage with another detail).
    result.citations.length ? sourcesList(result.citations, '', { limit: 2, quotes: true }) : null,
    el('p', { class: 'hint' }, 'Thử hỏi theo số hiệu hoặc tên văn bản, hoặc xem ', el('button', { type: 'button', class: 'link', onclick: () => selectTab($('tab-library'), true) }, 'các văn bản đã nạp'), '.'),
    feedbackButtons(result),
  );
}

// ---- Filters --------------------------------------------------------------------------------------

/** The chips chosen: kinds, issuers and years; a question is answered from the matching documents. */
const chosen = { types: new Set(), issuers: new Set(), years: new Set() };

/** The filters of /api/ask from the chosen chips (years as a range from the first to the last). */
function currentFilters() {
  const years = [...chosen.years].sort();
  const filters = {};
  if (chosen.types.size) filters.types = [...chosen.types];
  if (chosen.issuers.size) filters.issuers = [...chosen.issuers];
  if (years.length) [filters.from, filters.to] = [years[0], years[years.length - 1]];
  return Object.keys(filters).length ? filters : null;
}

function filterLabel(filters) {
  if (!filters) return '';
  const years = filters.from ? (filters.from === filters.to ? filters.from : `${filters.from}–${filters.to}`) : '';
  return ['Lọc:', ...(filters.types || []), ...(filters.issuers || []), years].filter(Boolean).join(' ');
}

function filterChip(group, value, count) {
  const chip = el('button', { type: 'button', class: 'chip filter-chip', 'aria-pressed': 'false', title: `${count} văn bản` }, value);
  chip.addEventListener('click', () => {
    const set = chosen[group];
    if (set.has(value)) set.delete(value);
    else set.add(value);
    chip.setAttribute('aria-pressed', String(set.has(value)));
  });
  return chip;
}

/** Chips of the library's kinds, issuers and years, above the conversation (most frequent first). */
async function loadFilters() {
  let facets;
  try {
    ({ facets } = await api('/api/documents'));
  } catch {
    return;
  }
  const box = $('filters');
  const groups = [
    ['types', 'Loại', facets.types],
    ['issuers', 'Cơ quan', facets.issuers],
    ['years', 'Năm', facets.years],
  ];
  for (const [group, label, values] of groups) {
    if (!values.length) continue;
    box.append(
      el('div', { class: 'filter-group' }, el('span', { class: 'filter-label' }, label), values.slice(0, 8).map((f) => filterChip(group, f.value, f.count))),
    );
  }
  box.hidden = box.childElementCount === 0;
}

/** A greeting, a bare keyword or a bare document number: what the library holds, or where it speaks of it. */
function guidanceCard(result) {
  return el(
    'div',
    { class: `answer guidance kind-${result.kind}` },
    el('p', { class: 'answer-text' }, result.answer),
    result.citations.length ? sourcesList(result.citations, '', { limit: 3, quotes: true }) : null,
  );
}

function answerCard(result) {
  if (result.kind === 'help' || result.kind === 'overview' || result.kind === 'reference' || result.kind === 'clarify') return guidanceCard(result);
  if (!result.found) return notFoundCard(result);
  const isList = Boolean(result.items && result.items.length);
  const needle = result.type !== 'free' && !isList ? result.answer : '';
  return el(
    'div',
    { class: `answer type-${result.type}` },
    el('p', { class: 'answer-text' }, result.answer, result.citations.length ? el('sup', {}, ' [1]') : null),
    isList ? el('ol', { class: 'items' }, result.items.map((item) => el('li', {}, item))) : null,
    result.moreItems ? el('p', { class: 'more' }, `… và ${result.moreItems} mục khác trong văn bản.`) : null,
    // A list's items are already the quoted text: its sources show where they are, not the text again.
    sourcesList(result.citations, needle, { limit: 3, quotes: !isList }),
    feedbackButtons(result),
  );
}

/** Keeps the newest exchange in view: its answer's top just under the tabs, above the composer. */
function bringIntoView(node) {
  const tabs = document.querySelector('.tabs').getBoundingClientRect().bottom;
  const top = node.getBoundingClientRect().top;
  window.scrollBy({ top: top - tabs - 8, behavior: 'instant' });
}

async function ask(question) {
  const conversation = $('conversation');
  const filters = currentFilters();
  const exchange = el(
    'article',
    { class: 'exchange', 'aria-label': `Câu hỏi: ${question.slice(0, 80)}` },
    el('p', { class: 'question' }, question),
    filters ? el('p', { class: 'filter-note' }, filterLabel(filters)) : null,
  );
  const pending = el('p', { class: 'pending' }, 'Đang tìm trong văn bản…');
  exchange.append(pending);
  conversation.append(exchange);
  bringIntoView(exchange);
  const form = $('ask-form');
  setBusy(form, conversation, true);
  try {
    const result = await postJson('/api/ask', filters ? { question, session: sessionId(), filters } : { question, session: sessionId() });
    const card = answerCard(result);
    // A follow-up says how it was read, so a misreading is seen at once.
    if (result.asked) card.prepend(el('p', { class: 'asked' }, `Hiểu là: “${result.asked}”`));
    pending.replaceWith(card);
  } catch (error) {
    pending.replaceWith(el('p', { class: 'error', role: 'alert' }, error.message));
  } finally {
    setBusy(form, conversation, false);
    updateCount();
  }
  bringIntoView(exchange);
}

function updateCount() {
  const length = $('question').value.length;
  const count = $('question-count');
  const over = length > MAX_QUESTION;
  count.textContent = over
    ? `Câu hỏi dài quá: ${length}/${MAX_QUESTION} ký tự, hãy rút gọn.`
    : length > MAX_QUESTION * 0.8
      ? `${length}/${MAX_QUESTION} ký tự`
      : '';
  count.classList.toggle('over', over);
  $('question').setAttribute('aria-invalid', String(over));
  $('ask-button').disabled = over || $('conversation').getAttribute('aria-busy') === 'true';
}

// ---- Library and examples ---------------------------------------------------------------------

let libraryLoaded = null;

function loadLibrary() {
  if (libraryLoaded) return libraryLoaded;
  libraryLoaded = api('/api/documents').then(
    ({ documents: docs, counts }) => {
      $('library-status').textContent = `${counts.documents} văn bản · ${counts.chunks} đoạn trích dẫn được. Chọn một văn bản để đọc.`;
      $('library-list').replaceChildren(
        ...docs.map((d) =>
          el(
            'li',
            { class: 'library-item' },
            el(
              'button',
              { type: 'button', class: 'library-open', onclick: (event) => openDocument({ docId: d.docId, title: d.title, section: '' }, event.currentTarget) },
              el('span', { class: 'library-title' }, d.title),
              el('span', { class: 'library-meta' }, [d.kind, d.issuer, d.dateDisplay, `${d.chunks} đoạn`].filter(Boolean).join(' · ')),
            ),
          ),
        ),
      );
    },
    (error) => {
      libraryLoaded = null;
      $('library-status').textContent = error.message;
    },
  );
  return libraryLoaded;
}

const FALLBACK_EXAMPLES = ['Kết luận 21 có mấy nhóm nhiệm vụ?', 'Quy định 50 ban hành ngày nào?'];

async function loadExamples() {
  let questions = FALLBACK_EXAMPLES;
  try {
    const { examples } = await api('/api/examples');
    if (examples.length) questions = examples.map((e) => e.question);
  } catch {
    // The fallback questions still show what can be asked.
  }
  $('examples').querySelector('.chips').replaceChildren(
    ...questions.map((q) =>
      el('li', {}, el('button', { type: 'button', class: 'chip', onclick: () => {
        $('question').value = q;
        $('ask-form').requestSubmit();
      } }, q)),
    ),
  );
}

// ---- References ---------------------------------------------------------------------------------

function referenceCard(card) {
  const facts = [
    ['Loại', card.type],
    ['Số hiệu', card.symbol ? `${card.number}-${card.symbol}` : card.number],
    ['Cơ quan ban hành', card.issuer],
    ['Ngày', card.dateDisplay],
    ['Trích yếu', card.subject],
  ].filter(([, value]) => value);
  return el(
    'article',
    { class: 'card ref-card' },
    el('h3', {}, card.label),
    el('dl', {}, facts.map(([name, value]) => [el('dt', {}, name), el('dd', {}, value)])),
    // The number as a whole number ("50", not the 50 of "150" or "50%") is what to spot in a mention.
    el(
      'details',
      { class: 'mentions' },
      el('summary', {}, `Được nhắc đến (${card.mentions.length})`),
      sourcesList(card.mentions, new RegExp(`(?<![\\p{N}])${escapeRegExp(card.number)}(?![\\p{N}%])`, 'u'), { label: 'Các lần nhắc đến' }),
    ),
  );
}

async function lookup(q) {
  const status = $('ref-status');
  const results = $('ref-results');
  const form = $('ref-form');
  status.textContent = 'Đang tra cứu…';
  results.replaceChildren();
  setBusy(form, results, true);
  try {
    const { matches } = await api(`/api/references?q=${encodeURIComponent(q)}`);
    status.textContent = matches.length ? `Tìm thấy ${matches.length} văn bản.` : 'Không tìm thấy văn bản nào khớp trong các tài liệu.';
    results.replaceChildren(...matches.map(referenceCard));
  } catch (error) {
    status.textContent = error.message;
  } finally {
    setBusy(form, results, false);
  }
}

// ---- Claim check --------------------------------------------------------------------------------

const VERDICTS = {
  supported: 'Có căn cứ trong văn bản',
  contradicted: 'Văn bản nói khác',
  not_found: 'Không tìm thấy trong văn bản',
};

async function check(claim) {
  const status = $('check-status');
  const box = $('check-result');
  const form = $('check-form');
  status.textContent = 'Đang kiểm tra…';
  box.replaceChildren();
  setBusy(form, box, true);
  try {
    const result = await postJson('/api/check', { claim });
    status.textContent = '';
    box.replaceChildren(
      el(
        'article',
        { class: `card verdict verdict-${result.verdict}` },
        el('p', { class: 'verdict-label' }, VERDICTS[result.verdict] || result.verdict),
        result.note ? el('p', {}, result.note) : null,
        sourcesList(result.evidence, '', { label: 'Căn cứ' }),
      ),
    );
  } catch (error) {
    status.textContent = error.message;
  } finally {
    setBusy(form, box, false);
  }
}

// ---- Wiring ---------------------------------------------------------------------------------------

const tabs = () => [...document.querySelectorAll('[role="tab"]')];

function selectTab(tab, focus = false) {
  for (const other of tabs()) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute('aria-controls')).hidden = !selected;
  }
  if (focus) tab.focus();
  if (tab.id === 'tab-library') loadLibrary();
}

/** Tabs as WAI-ARIA describes them: arrows move between tabs, Home/End to the ends. */
function tabKeys(event) {
  const list = tabs();
  const at = list.indexOf(event.currentTarget);
  const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: list.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  selectTab(list[(next + list.length) % list.length], true);
}

function submitOnEnter(textarea, form) {
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

function init() {
  for (const tab of tabs()) {
    tab.addEventListener('click', () => selectTab(tab));
    tab.addEventListener('keydown', tabKeys);
  }

  const askForm = $('ask-form');
  const question = $('question');
  submitOnEnter(question, askForm);
  question.addEventListener('input', updateCount);
  askForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = question.value.trim();
    if (!text || text.length > MAX_QUESTION || $('ask-button').disabled) return;
    question.value = '';
    updateCount();
    $('examples').hidden = true;
    ask(text);
  });

  $('ref-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = $('ref-query').value.trim();
    if (q) lookup(q);
  });

  const checkForm = $('check-form');
  submitOnEnter($('claim'), checkForm);
  checkForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const claim = $('claim').value.trim();
    if (claim) check(claim);
  });

  $('doc-close').addEventListener('click', closeDocument);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !$('doc-panel').hidden) closeDocument();
  });

  loadFilters();

  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $('api-key').value.trim());
    $('api-key').value = '';
    $('key-form').hidden = true;
  });

  loadExamples();
}

init();
