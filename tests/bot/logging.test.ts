/** Logs for a person at a terminal (pino-pretty) and JSON for machines, scrubbed of secrets either way. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, wantsPrettyLogs } from '../../bot/http/logging.ts';
import { startupLines } from '../../bot/main-lines.ts';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text };
}

describe('logs', () => {
  it('are readable lines with LOG_FORMAT=pretty, JSON lines otherwise, and never carry a secret', () => {
    const secret = '123456:telegram-secret-token-abc';
    const pretty = capture();
    createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty', TELEGRAM_BOT_TOKEN: secret }, pretty.stream).info({ url: `https://api/bot${secret}/getMe` }, 'index loaded');
    expect(pretty.text()).toMatch(/INFO.*index loaded/);
    expect(pretty.text()).not.toMatch(/^\{/);
    expect(pretty.text()).not.toContain(secret);
    const json = capture();
    createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: 'json', TELEGRAM_BOT_TOKEN: secret }, json.stream).info({ url: `bot${secret}` }, 'index loaded');
    expect(JSON.parse(json.text())).toMatchObject({ msg: 'index loaded', url: 'bot[redacted]' });
    expect([wantsPrettyLogs('auto', true), wantsPrettyLogs('auto', false), wantsPrettyLogs('json', true), wantsPrettyLogs('pretty', false)]).toEqual([true, false, false, true]);
  });
});

describe('the startup line', () => {
  it('says where to open the page and how to expose it safely', () => {
    expect(startupLines({ HOST: '127.0.0.1', PORT: 3000, API_KEY: '' }, 3000)).toEqual([
      'vankien đang chạy: mở http://127.0.0.1:3000/ (API: http://127.0.0.1:3000/docs)',
      'Chỉ máy này truy cập được. Muốn cho máy khác dùng: đặt sau reverse proxy có HTTPS (README, "Behind a reverse proxy"), hoặc đặt API_KEY rồi HOST=0.0.0.0.',
    ]);
    expect(startupLines({ HOST: '0.0.0.0', PORT: 3000, API_KEY: '' }, 3000)[1]).toMatch(/^Cảnh báo: .*không có API_KEY/);
    expect(startupLines({ HOST: '0.0.0.0', PORT: 3000, API_KEY: 'k' }, 3000)[1]).toMatch(/cần khóa API/);
  });
});
