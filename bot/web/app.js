// The chat page. Every piece of data is inserted as text (textContent / text nodes), never as HTML.
// Works without an API key; when the server wants one (401), the key typed here is kept in
// sessionStorage for this tab only.

const KEY_STORAGE = 'vankien.apiKey';
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
    const message =
      response.status === 429 ? 'Bạn hỏi nhanh quá, vui lòng đợi một lát rồi thử lại.'
      : response.status === 401 ? 'Cần khóa API để dùng máy chủ này.'
      : (body && body.message) || `Lỗi ${response.status}`;
    throw new HttpError(response.status, message);
  }
  return body;
}

const postJson = (path, data) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });

function formatDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return [d, m, y].filter(Boolean).join('/');
}

/** "tr. 3", "tr. 3–4" for a paged source. */
function pagesLabel(pages) {
  if (!pages || !pages.length) return '';
  const [first, last] = [pages[0], pages[pages.length - 1]];
  return first === last ? `tr. ${first}` : `tr. ${first}–${last}`;
}

function sourceLine(c) {
  const ocr = c.ocr ? `OCR, độ tin cậy ${Math.round(c.ocr.confidence)}%` : '';
  return [c.title, formatDate(c.date), pagesLabel(c.pages), ocr].filter(Boolean).join(' · ');
}

// ---- Document panel -------------------------------------------------------------------------

const documents = new Map();

function loadDocument(docId) {
  if (!documents.has(docId)) {
    const request = api(`/api/documents/${encodeURIComponent(docId)}`);
    request.catch(() => documents.delete(docId));
    documents.set(docId, request);
  }
  return documents.get(docId);
}

/** Opens the document with [start, end) marked, scrolled into view and flashed. */
async function openDocument(citation) {
  const panel = $('doc-panel');
  const textBox = $('doc-text');
  panel.hidden = false;
  document.body.classList.add('doc-open');
  $('doc-title').textContent = citation.title || citation.docId;
  $('doc-meta').textContent = 'Đang tải…';
  textBox.replaceChildren();
  let doc;
  try {
    doc = await loadDocument(citation.docId);
  } catch (error) {
    $('doc-meta').textContent = error.message;
    return;
  }
  $('doc-title').textContent = doc.title;
  $('doc-meta').textContent = [formatDate(doc.date), doc.kind, citation.section].filter(Boolean).join(' · ');
  const mark = el('mark', { class: 'cited', id: 'cited' }, doc.text.slice(citation.start, citation.end));
  textBox.replaceChildren(doc.text.slice(0, citation.start), mark, doc.text.slice(citation.end));
  mark.scrollIntoView({ block: 'center' });
  mark.classList.add('flash');
  textBox.focus({ preventScroll: true });
}

function closeDocument() {
  $('doc-panel').hidden = true;
  document.body.classList.remove('doc-open');
}

/** Where a citation is, as a button opening the document at the quote. */
function sourceButton(c) {
  return el(
    'button',
    { type: 'button', class: 'source-open', title: 'Mở văn bản tại đoạn trích', onclick: () => openDocument(c) },
    el('span', { class: 'source-title' }, c.n ? `[${c.n}] ` : '', sourceLine(c)),
    c.section ? el('span', { class: 'source-section' }, c.section) : null,
  );
}

/** One source: the quote (with `needle` marked), then where it is. */
function sourceItem(c, needle) {
  return el('li', { class: 'source' }, el('blockquote', { class: 'quote' }, highlighted(c.quote, needle)), sourceButton(c));
}

function sourcesDetails(citations, label, needle, open = false) {
  if (!citations.length) return null;
  return el(
    'details',
    { class: 'sources', open },
    el('summary', {}, `${label} (${citations.length})`),
    el('ol', {}, citations.map((c) => sourceItem(c, needle))),
  );
}

// ---- Ask --------------------------------------------------------------------------------------

function answerCard(result) {
  const needle = result.found && result.type !== 'free' ? result.answer : '';
  const first = result.citations[0];
  return el(
    'div',
    { class: `answer${result.found ? '' : ' not-found'}` },
    el('p', { class: `answer-text type-${result.type}` }, result.answer, first && result.found ? el('sup', {}, ' [1]') : null),
    result.items && result.items.length ? el('ol', { class: 'items' }, result.items.map((item) => el('li', {}, item))) : null,
    result.moreItems ? el('p', { class: 'more' }, `… và ${result.moreItems} mục khác trong văn bản.`) : null,
    first && result.found ? el('blockquote', { class: 'quote lead-quote' }, highlighted(first.quote, needle)) : null,
    first && result.found ? sourceButton(first) : null,
    sourcesDetails(result.citations, result.found ? 'Nguồn' : 'Đoạn gần nhất', needle),
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

async function ask(question) {
  const conversation = $('conversation');
  const filters = currentFilters();
  const exchange = el(
    'article',
    { class: 'exchange' },
    el('p', { class: 'question' }, question),
    filters ? el('p', { class: 'filter-note' }, filterLabel(filters)) : null,
  );
  const pending = el('p', { class: 'pending' }, 'Đang tìm trong văn bản…');
  exchange.append(pending);
  conversation.append(exchange);
  exchange.scrollIntoView({ block: 'end', behavior: 'smooth' });
  try {
    const result = await postJson('/api/ask', filters ? { question, filters } : { question });
    pending.replaceWith(answerCard(result));
  } catch (error) {
    pending.replaceWith(el('p', { class: 'error' }, error.message));
  }
}

// ---- References ---------------------------------------------------------------------------------

function referenceCard(card) {
  const facts = [
    ['Loại', card.type],
    ['Số hiệu', card.symbol ? `${card.number}-${card.symbol}` : card.number],
    ['Cơ quan ban hành', card.issuer],
    ['Ngày', formatDate(card.date)],
    ['Trích yếu', card.subject],
  ].filter(([, value]) => value);
  return el(
    'article',
    { class: 'card ref-card' },
    el('h3', {}, card.label),
    el('dl', {}, facts.map(([name, value]) => [el('dt', {}, name), el('dd', {}, value)])),
    // The number as a whole number ("50", not the 50 of "150" or "50%") is what to spot in a mention.
    sourcesDetails(card.mentions, 'Được nhắc đến', new RegExp(`(?<![\\p{N}])${escapeRegExp(card.number)}(?![\\p{N}%])`, 'u')),
  );
}

async function lookup(q) {
  const status = $('ref-status');
  const results = $('ref-results');
  status.textContent = 'Đang tra cứu…';
  results.replaceChildren();
  try {
    const { matches } = await api(`/api/references?q=${encodeURIComponent(q)}`);
    status.textContent = matches.length ? '' : 'Không tìm thấy văn bản nào khớp trong các tài liệu.';
    results.replaceChildren(...matches.map(referenceCard));
  } catch (error) {
    status.textContent = error.message;
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
  status.textContent = 'Đang kiểm tra…';
  box.replaceChildren();
  try {
    const result = await postJson('/api/check', { claim });
    status.textContent = '';
    box.replaceChildren(
      el(
        'article',
        { class: `card verdict verdict-${result.verdict}` },
        el('p', { class: 'verdict-label' }, VERDICTS[result.verdict] || result.verdict),
        result.note ? el('p', {}, result.note) : null,
        sourcesDetails(result.evidence, 'Căn cứ', '', true),
      ),
    );
  } catch (error) {
    status.textContent = error.message;
  }
}

// ---- Wiring ---------------------------------------------------------------------------------------

function selectTab(tab) {
  for (const other of document.querySelectorAll('[role="tab"]')) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    $(other.getAttribute('aria-controls')).hidden = !selected;
  }
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
  for (const tab of document.querySelectorAll('[role="tab"]')) tab.addEventListener('click', () => selectTab(tab));

  const askForm = $('ask-form');
  const question = $('question');
  submitOnEnter(question, askForm);
  askForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = question.value.trim();
    if (!text) return;
    question.value = '';
    $('examples').hidden = true;
    ask(text);
  });
  for (const chip of document.querySelectorAll('#examples .chip')) {
    chip.addEventListener('click', () => {
      question.value = chip.textContent;
      askForm.requestSubmit();
    });
  }

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
}

init();
