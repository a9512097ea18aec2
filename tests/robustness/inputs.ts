/**
 * Hostile and odd questions for every entrance (HTTP API, Telegram, Zalo). `junk`: nothing in it
 * can match a Vietnamese document, so the only right answers are a refusal or "not found".
 */
export interface BadInput {
  readonly name: string;
  readonly text: string;
  readonly junk: boolean;
}

const fill = (unit: string, length: number): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

export const BAD_INPUTS: readonly BadInput[] = [
  { name: 'empty', text: '', junk: true },
  { name: 'whitespace only', text: ' \t\n\r\u00A0\u3000 ', junk: true },
  { name: 'exactly 1000 characters', text: fill('Kết luận 21 có mấy nhóm nhiệm vụ? ', 1000), junk: false },
  { name: '1001 characters', text: fill('Kết luận 21 có mấy nhóm nhiệm vụ? ', 1001), junk: false },
  { name: '20,000 characters', text: fill('quy hoạch cán bộ ', 20_000), junk: false },
  { name: 'one 1000-letter word', text: 'a'.repeat(1000), junk: true },
  { name: 'emoji only', text: '😀🎉👍🏽🇻🇳❤️‍🔥', junk: true },
  { name: 'Chinese', text: '中国共产党第二十次全国代表大会的决议是什么？', junk: true },
  { name: 'Arabic', text: 'ما هو قرار المؤتمر العام للحزب؟', junk: true },
  { name: 'Cyrillic', text: 'Какие задачи поставлены в заключении?', junk: true },
  { name: 'mixed scripts', text: 'Kết luận 21 中文 العربية кириллица 😀', junk: false },
  { name: 'control characters in a question', text: '\u0001\u0007Kết luận 21\u007f\u0008 có mấy nhóm nhiệm vụ?\u001b', junk: false },
  { name: 'terminal escape sequences', text: '\u001b[31m\u001b]0;title\u0007Kết luận 21\u001b[0m', junk: false },
  { name: 'control characters only', text: '\u0001\u0002\u0003\u001b\u007f', junk: true },
  { name: 'punctuation only', text: '?!.,;:…—–"\'()[]{}«»/\\|@#%^&*', junk: true },
  { name: 'SQL injection', text: "'; DROP TABLE documents; -- 1' OR '1'='1", junk: false },
  { name: 'HTML injection', text: '<script>alert(1)</script><img src=x onerror=alert(1)><b>Kết luận</b>', junk: false },
  { name: 'Markdown injection', text: '**Kết luận** [bấm](javascript:alert(1)) `code` # tiêu đề _x_ ~~y~~', junk: false },
  { name: 'template and regex metacharacters', text: '${process.exit(1)} {{7*7}} .* (a+)+$ \\d{999999} [^]', junk: false },
  { name: 'a document number only', text: '21-KL/TW', junk: false },
  { name: 'a document number with a command', text: '/vanban 50-QĐ/TW', junk: false },
  { name: 'repeated number-symbol pattern', text: fill('21-KL/TW 50-QĐ/TW số ', 1000), junk: false },
  { name: 'lone high surrogate', text: 'Kết luận \uD800 21', junk: false },
  { name: 'lone low surrogate only', text: '\uDC00', junk: true },
  { name: 'NUL inside', text: 'Kết luận\u0000 21 có mấy nhóm nhiệm vụ?', junk: false },
  { name: 'NUL only', text: '\u0000', junk: true },
  { name: 'bidi override and zero-width', text: '\u202EKết luận 21\u202C\u200B\u200D\uFEFF', junk: false },
  { name: 'zero-width only', text: '\u200B\u200C\u200D\uFEFF', junk: true },
  { name: 'decomposed Vietnamese (NFD)', text: 'Kết luận 21 có mấy nhóm nhiệm vụ?'.normalize('NFD'), junk: false },
  { name: 'path traversal', text: '../../../etc/passwd', junk: false },
  { name: 'prototype keys', text: '__proto__ constructor prototype hasOwnProperty', junk: false },
];

/** Percent-encodes every UTF-16 code unit as WTF-8, so a lone surrogate reaches the server as raw bytes. */
export function encodeLoose(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}
