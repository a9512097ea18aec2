/**
 * The chat page in real headless Chromium, at a phone's size and at a desktop's, against the real
 * server on the real corpus: the newest answer always in view, compact cards (the answer, then its
 * citations once), an honest not-found, the library panel and examples drawn from it, sources
 * opened at the cited passage, rating an answer, keyboard and screen-reader basics, and axe-core
 * (WCAG 2.1 A/AA) finding no serious or critical violation. Screenshots go to /tmp/vankien-shots.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../bot/http/server.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { REPO_ROOT } from '../helpers/ingest-run.ts';

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
const SCREENS = {
  mobile: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
} as const;
const SHOTS = '/tmp/vankien-shots';
const AXE = readFileSync(path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

const COUNT = 'Kết luận 21 có mấy nhóm nhiệm vụ?';
const LIST = 'Kể tên các nhiệm vụ trọng tâm 6 tháng cuối năm 2022';
const NOT_FOUND = 'Quy định 51 ban hành ngày nào?';

const HAS_CHROMIUM = existsSync(CHROMIUM);

// CI installs Chromium (.ci/run): there, a missing browser is a failure, never a silent skip.
it.runIf(process.env.CI === 'true')('CI has Chromium to test the page with', () => {
  expect(HAS_CHROMIUM, `${CHROMIUM} is missing: .ci/run must install Debian's chromium`).toBe(true);
});

interface Box {
  readonly top: number;
  readonly bottom: number;
  readonly height: number;
}

describe.skipIf(!HAS_CHROMIUM)(`web page in headless Chromium${HAS_CHROMIUM ? '' : ` (skipped: ${CHROMIUM} is missing)`}`, () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
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
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    console.log(`web screenshots in ${SHOTS}`);
  });

  async function open(screen: keyof typeof SCREENS): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...SCREENS[screen], locale: 'vi-VN' });
    // Loopback only: anything else the page might ask for is refused.
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(base);
    return { context, page };
  }

  /** Where an element is on the screen (viewport coordinates). */
  async function box(page: Page, selector: string): Promise<Box> {
    const b = await page.locator(selector).last().boundingBox();
    if (b === null) throw new Error(`${selector} is not rendered`);
    return { top: b.y, bottom: b.y + b.height, height: b.height };
  }

  async function askAndWait(page: Page, question: string): Promise<void> {
    const before = await page.locator('.exchange .answer, .exchange .error').count();
    await page.locator('#question').fill(question);
    await page.locator('#question').press('Enter');
    await page.locator('.exchange .answer, .exchange .error').nth(before).waitFor({ state: 'visible' });
  }

  /** The newest answer starts on screen: below the sticky tabs and above the sticky composer. */
  async function expectNewestAnswerInView(page: Page, screen: keyof typeof SCREENS): Promise<void> {
    const answer = await box(page, '.exchange .answer');
    const tabs = await box(page, '.tabs');
    const composer = await box(page, '#ask-form');
    expect(answer.top, 'answer top under the tabs').toBeGreaterThanOrEqual(tabs.bottom - 1);
    expect(answer.top, 'answer top above the composer').toBeLessThan(composer.top - 40);
    expect(answer.top).toBeLessThan(SCREENS[screen].viewport.height);
  }

  async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: number }>> {
    await page.evaluate(AXE);
    return page.evaluate<Array<{ id: string; impact: string; nodes: number }>>(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))`);
  }

  for (const screen of ['mobile', 'desktop'] as const) {
    it(`${screen}: count, list and not-found answers, each newest in view, compact, with axe clean`, async () => {
      const { context, page } = await open(screen);
      try {
        const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
        expect(scrollWidth).toBeLessThanOrEqual(SCREENS[screen].viewport.width);

        // "What can I ask": examples drawn from the library, not fixed text.
        await page.locator('#examples .chip').first().waitFor({ state: 'visible' });
        expect(await page.locator('#examples .chip').count()).toBeGreaterThanOrEqual(3);

        await askAndWait(page, COUNT);
        const count = page.locator('.exchange .answer').last();
        expect(await count.locator('.answer-text').textContent()).toContain('05 nhóm nhiệm vụ');
        expect(await count.locator('.sources blockquote mark').first().textContent()).toContain('05 nhóm nhiệm vụ');
        await expectNewestAnswerInView(page, screen);
        await page.screenshot({ path: path.join(SHOTS, `${screen}-count.png`) });

        await askAndWait(page, LIST);
        const list = page.locator('.exchange .answer').last();
        expect(await list.locator('ol.items > li').count()).toBeGreaterThan(1);
        // The items once: the sources say where they are, without quoting them again.
        expect(await list.locator('blockquote').count()).toBe(0);
        expect(await list.locator('.source-open').count()).toBeGreaterThan(0);
        await expectNewestAnswerInView(page, screen);
        expect((await box(page, '.exchange .answer')).height).toBeLessThan(screen === 'mobile' ? 1400 : 900);
        await page.screenshot({ path: path.join(SHOTS, `${screen}-list.png`) });

        await askAndWait(page, NOT_FOUND);
        const notFound = page.locator('.exchange .answer').last();
        expect(await notFound.getAttribute('class')).toContain('not-found');
        expect(await notFound.locator('blockquote, .sources').count()).toBe(0);
        await expectNewestAnswerInView(page, screen);
        await page.screenshot({ path: path.join(SHOTS, `${screen}-notfound.png`) });

        const violations = await axeViolations(page);
        console.log(`axe (${screen}, answers): ${JSON.stringify(violations)}`);
        expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

        // The library panel: every document with its facts, and the counts.
        await notFound.locator('button.link').click();
        await page.locator('#library-list .library-item').first().waitFor({ state: 'visible' });
        expect(await page.locator('#library-list .library-item').count()).toBe(5);
        expect(await page.locator('#library-status').textContent()).toMatch(/^5 văn bản · \d+ đoạn/);
        expect(await page.locator('#library-list .library-meta').first().textContent()).toMatch(/\d+ đoạn/);
        await page.screenshot({ path: path.join(SHOTS, `${screen}-library.png`) });
        const libraryViolations = await axeViolations(page);
        console.log(`axe (${screen}, library): ${JSON.stringify(libraryViolations)}`);
        expect(libraryViolations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('while answering the button is disabled and the conversation aria-busy; sources open at the passage and focus comes back', async () => {
    const { context, page } = await open('mobile');
    try {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/ask', async (route) => {
        await held;
        await route.continue();
      });
      await page.locator('#question').fill(COUNT);
      await page.locator('#question').press('Enter');
      await page.locator('.pending').waitFor({ state: 'visible' });
      expect(await page.locator('#ask-button').isDisabled()).toBe(true);
      expect(await page.locator('#conversation').getAttribute('aria-busy')).toBe('true');
      release();
      await page.locator('.exchange .answer').waitFor({ state: 'visible' });
      expect(await page.locator('#ask-button').isDisabled()).toBe(false);
      expect(await page.locator('#conversation').getAttribute('aria-busy')).toBe('false');

      const opener = page.locator('.exchange .answer .source-open').first();
      const quote = (await page.locator('.exchange .answer .sources blockquote').first().textContent()) ?? '';
      await opener.click();
      const mark = page.locator('#doc-panel mark#cited');
      await mark.waitFor({ state: 'visible' });
      expect(await mark.textContent()).toBe(quote);
      await page.keyboard.press('Escape');
      expect(await page.locator('#doc-panel').isHidden()).toBe(true);
      expect(await page.evaluate<boolean>(`document.activeElement === document.querySelector('.exchange .answer .source-open')`)).toBe(true);

      // Rating the answer.
      await page.locator('.exchange .answer .rate').first().click();
      await page.locator('.feedback-status', { hasText: 'Cảm ơn' }).waitFor({ state: 'visible' });
      expect(await page.locator('.exchange .answer .rate').first().getAttribute('aria-pressed')).toBe('true');
    } finally {
      await context.close();
    }
  });

  it('tabs follow the arrow keys; a long paste is counted and refused, not silently cut', async () => {
    const { context, page } = await open('mobile');
    try {
      await page.locator('#tab-ask').focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate<string>('document.activeElement.id')).toBe('tab-library');
      expect(await page.locator('#panel-library').isVisible()).toBe(true);
      await page.keyboard.press('End');
      expect(await page.evaluate<string>('document.activeElement.id')).toBe('tab-check');
      await page.keyboard.press('Home');
      expect(await page.locator('#tab-ask').getAttribute('aria-selected')).toBe('true');

      await page.locator('#question').fill('á'.repeat(1500));
      expect(await page.locator('#question').inputValue()).toHaveLength(1500);
      expect(await page.locator('#question-count').textContent()).toContain('1500/1000');
      expect(await page.locator('#ask-button').isDisabled()).toBe(true);
      expect(await page.locator('#question').getAttribute('aria-invalid')).toBe('true');
    } finally {
      await context.close();
    }
  });

  it('narrows a question to the documents of a year chosen on the chips above the answers', async () => {
    const { context, page } = await open('mobile');
    try {
      const chip = page.locator('#filters .filter-chip', { hasText: /^2023$/u });
      await chip.waitFor({ state: 'visible' });
      await chip.click();
      expect(await chip.getAttribute('aria-pressed')).toBe('true');
      await page.locator('#question').fill('Bí thư Tỉnh ủy Hậu Giang là ai?');
      await page.locator('#question').press('Enter');
      const exchange = page.locator('.exchange').last();
      await exchange.locator('.answer').waitFor({ state: 'visible' });
      expect(await exchange.locator('.filter-note').textContent()).toBe('Lọc: 2023');
      const lines = await exchange.locator('.source-title').allTextContents();
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/2023/u);
      await page.screenshot({ path: path.join(SHOTS, 'mobile-filtered.png') });
      await chip.click();
      expect(await chip.getAttribute('aria-pressed')).toBe('false');
    } finally {
      await context.close();
    }
  });

  it('reference search shows the Quy định 50 card with its display date', async () => {
    const { context, page } = await open('mobile');
    try {
      await page.locator('#tab-ref').click();
      await page.locator('#ref-query').fill('Quy định 50');
      await page.locator('#ref-query').press('Enter');
      const card = page.locator('.ref-card').first();
      await card.waitFor({ state: 'visible' });
      const title = (await card.locator('h3').textContent()) ?? '';
      expect(title).toMatch(/Quy định/);
      expect(title).toMatch(/50/);
      expect(await card.locator('dd').allTextContents()).toContain('27/12/2021');
      await card.locator('details summary').click();
      expect(await card.locator('li.source').count()).toBeGreaterThan(0);
      expect(await card.locator('li.source blockquote mark').first().textContent()).toBe('50');
      await page.screenshot({ path: path.join(SHOTS, 'mobile-reference.png') });
    } finally {
      await context.close();
    }
  });
});
