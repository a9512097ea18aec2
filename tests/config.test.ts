import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      CORPUS_DIR: 'corpus',
      INDEX_DIR: 'data/index',
      EMBED_MODEL: 'Xenova/multilingual-e5-small',
      EMBED_ALLOW_REMOTE: false,
      PORT: 3000,
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
});
