import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, readDotEnv } from '../config.ts';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      CORPUS_DIR: 'corpus',
      INDEX_DIR: 'data/index',
      EMBED_MODEL: 'Xenova/multilingual-e5-small',
      EMBED_ALLOW_REMOTE: false,
      PORT: 3000,
      // A first run is reachable from this machine only.
      HOST: '127.0.0.1',
      STATE_DB: 'data/state.sqlite',
      LOG_FORMAT: 'auto',
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      ZALO_API_ROOT: 'https://bot-api.zaloplatforms.com',
      ALLOWED_CHAT_IDS: [],
    });
  });

  it('lists every variable in .env.example', () => {
    const example = readFileSync(path.resolve(import.meta.dirname, '../.env.example'), 'utf8');
    for (const key of Object.keys(loadConfig({}))) expect(example).toMatch(new RegExp(`^${key}=`, 'm'));
  });

  it('stops with a message naming the variable on a bad value', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ EMBED_ALLOW_REMOTE: 'maybe' })).toThrow(/EMBED_ALLOW_REMOTE/);
    expect(() => loadConfig({ TELEGRAM_API_ROOT: 'not a url' })).toThrow(/TELEGRAM_API_ROOT/);
    expect(() => loadConfig({ ALLOWED_CHAT_IDS: '12,<script>' })).toThrow(/ALLOWED_CHAT_IDS/);
  });

  it('requires a secret for each webhook', () => {
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(() => loadConfig({ ZALO_WEBHOOK_URL: 'https://bot.example.org/zalo/webhook' })).toThrow(/ZALO_WEBHOOK_SECRET/);
    expect(loadConfig({ ALLOWED_CHAT_IDS: ' 123, -456 ' }).ALLOWED_CHAT_IDS).toEqual(['123', '-456']);
  });

  it('takes a Zalo webhook secret of 8 to 256 characters only, as setWebhook does', () => {
    const url = 'https://bot.example.org/zalo/webhook';
    expect(() => loadConfig({ ZALO_WEBHOOK_URL: url, ZALO_WEBHOOK_SECRET: 'short' })).toThrow(/ZALO_WEBHOOK_SECRET: 8 to 256/);
    expect(() => loadConfig({ ZALO_WEBHOOK_URL: url, ZALO_WEBHOOK_SECRET: 'x'.repeat(257) })).toThrow(/ZALO_WEBHOOK_SECRET/);
    expect(() => loadConfig({ ZALO_WEBHOOK_URL: url, ZALO_WEBHOOK_SECRET: 'has a space' })).toThrow(/ZALO_WEBHOOK_SECRET/);
    expect(loadConfig({ ZALO_WEBHOOK_URL: url, ZALO_WEBHOOK_SECRET: 'mykey-abcxyz' }).ZALO_WEBHOOK_SECRET).toBe('mykey-abcxyz');
  });
});

describe('readDotEnv', () => {
  it('fills what the shell does not set, and the shell wins', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vankien-env-'));
    const file = path.join(dir, '.env');
    writeFileSync(file, '# comment\nPORT=4000\nHOST=0.0.0.0\nZALO_BOT_NAME="Bot Văn Kiện"\n');
    const env: NodeJS.ProcessEnv = { HOST: '127.0.0.2' };
    expect(readDotEnv(file, env).sort()).toEqual(['PORT', 'ZALO_BOT_NAME']);
    const config = loadConfig(env);
    expect([config.PORT, config.HOST, config.ZALO_BOT_NAME]).toEqual([4000, '127.0.0.2', 'Bot Văn Kiện']);
    expect(readDotEnv(path.join(dir, 'missing.env'), env)).toEqual([]);
  });
});
