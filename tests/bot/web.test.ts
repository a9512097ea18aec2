/**
 * The chat page in real headless Chromium at a phone's size, against the real server on the real
 * corpus: ask → answer → sources → the document opened at the cited passage; reference search.
 * Screenshots go to a temp folder (path printed) so a person can look at them.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../bot/http/server.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PHONE = { width: 390, height: 844 };

const HAS_CHROMIUM = existsSync(CHROMIUM);

// CI installs Chromium (.ci/run): there, a missing browser is a failure, never a silent skip.
it.runIf(process.env.CI === 'true')('CI has Chromium to test the page with', () => {
  expect(HAS_CHROMIUM, `${CHROMIUM} is missing: .ci/run must install Debian's chromium`).toBe(true);
});

describe.skipIf(!HAS_CHROMIUM)(`web page in headless Chromium at phone size${HAS_CHROMIUM ? '' : ` (skipped: ${CHROMIUM} is missing)`}`, () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let shots: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const { index } = await buildCorpusIndex();
    app = await buildServer({
      engine: new AnswerEngine(index, null),
      config: { API_KEY: '', RATE_LIMIT_MAX: 1000, RATE_LIMIT_WINDOW_MS: 60_000, LOG_LEVEL: 'silent' },
      logger: false,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    shots = await mkdtemp(path.join(os.tmpdir(), 'vankien-web-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    // Loopback only: anything else the page might ask for is refused.
    await context.route('**/*', (route) =>
      new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
    );
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(base);
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (shots) console.log(`web screenshots in ${shots}`);
  });

  it('fits a phone screen: no horizontal scrolling', async () => {
    expect(await page.locator('meta[name="viewport"]').count()).toBe(1);
    // Expressions as strings: the tests are compiled without the DOM library.
    const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
  });

  it('asks, shows the answer first, and opens a source at the cited passage', async () => {
    await page.locator('#question').fill('Kết luận 21 có mấy nhóm nhiệm vụ?');
    await page.locator('#question').press('Enter');
    const answer = page.locator('.answer').last();
    await expect.poll(() => answer.locator('.answer-text').textContent()).toContain('05 nhóm nhiệm vụ');
    await expect.poll(() => answer.locator('.lead-quote mark').textContent()).toContain('05 nhóm nhiệm vụ');
    await page.screenshot({ path: path.join(shots, '1-answer.png') });

    const sources = answer.locator('details.sources');
    expect(await sources.getAttribute('open')).toBeNull();
    await sources.locator('summary').click();
    expect(await sources.getAttribute('open')).not.toBeNull();
    const first = sources.locator('li.source').first();
    const quote = (await first.locator('blockquote').textContent()) ?? '';
    expect(quote).toContain('05 nhóm nhiệm vụ');
    await page.screenshot({ path: path.join(shots, '2-sources.png'), fullPage: true });

    await first.locator('button.source-open').click();
    const mark = page.locator('#doc-panel mark#cited');
    await mark.waitFor({ state: 'visible' });
    expect(await mark.textContent()).toBe(quote);
    await page.waitForTimeout(300); // let the flash settle a little before the picture
    const box = await mark.boundingBox();
    if (box === null) throw new Error('the cited passage is not rendered');
    // In view: it overlaps the screen, starting on it unless it is taller than half the screen.
    expect(box.y + box.height).toBeGreaterThan(0);
    expect(box.y).toBeLessThan(PHONE.height);
    if (box.height < PHONE.height / 2) expect(box.y).toBeGreaterThanOrEqual(0);
    expect(await page.locator('#doc-text').evaluate((node) => (node as unknown as { scrollTop: number }).scrollTop)).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(shots, '3-document.png') });

    await page.locator('#doc-close').click();
    expect(await page.locator('#doc-panel').isHidden()).toBe(true);
  });

  it('numbers the items of a list answer', async () => {
    await page.locator('#question').fill('Kể tên các nhiệm vụ trọng tâm 6 tháng cuối năm 2022');
    await page.locator('#question').press('Enter');
    const answer = page.locator('.exchange').nth(1).locator('.answer');
    await answer.waitFor({ state: 'visible' });
    expect(await answer.locator('ol.items > li').count()).toBeGreaterThan(1);
    await answer.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, '4-list.png') });
  });

  it('reference search shows the Quy định 50 card', async () => {
    await page.locator('#tab-ref').click();
    await page.locator('#ref-query').fill('Quy định 50');
    await page.locator('#ref-query').press('Enter');
    const card = page.locator('.ref-card').first();
    await card.waitFor({ state: 'visible' });
    const title = (await card.locator('h3').textContent()) ?? '';
    expect(title).toMatch(/Quy định/);
    expect(title).toMatch(/50/);
    await card.locator('details summary').click();
    expect(await card.locator('li.source').count()).toBeGreaterThan(0);
    expect(await card.locator('li.source blockquote mark').first().textContent()).toBe('50');
    await page.screenshot({ path: path.join(shots, '5-reference.png') });
  });
});
