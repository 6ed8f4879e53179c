/**
 * The status page in a real browser: Debian's Chromium, headless, driven by playwright-core. Releases in
 * every stage are seeded through the real commands on a manual clock; the app's own server serves them.
 * Screenshots land in test-output/ for people to look at. With CI=true a missing browser is a failure.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEveryStage } from '../helpers/status-seed.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUTPUT = new URL('../../test-output/', import.meta.url);
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env['CI']) throw new Error(`CI=true but there is no browser at ${CHROMIUM}: run node scripts/browser/install-chromium.mjs`);
if (!haveBrowser) console.warn(`status page browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!haveBrowser)('status page in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  const foreign: string[] = [];

  beforeAll(async () => {
    t = createTestApp();
    await seedEveryStage(t);
    await t.app.start();
    url = t.app.webUrl() ?? '';
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(OUTPUT, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: width < 500 ? 2 : 1 });
    page.on('request', (request) => {
      const target = new URL(request.url());
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname) && target.protocol !== 'data:') foreign.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  it('shows each active release as a timeline with its sign-off and events at desktop width', async () => {
    const page = await open(1280, 900);
    const versions = await page.locator('article.release:not(.finished)').evaluateAll((els) => els.map((e) => e.getAttribute('data-version')));
    expect(versions.sort()).toEqual(['v0.4.2', 'v0.5.0', 'v0.6.0', 'v0.7.0']);
    const stageOf = (v: string) => page.locator(`article[data-version="${v}"]`).getAttribute('data-stage');
    expect([await stageOf('v0.7.0'), await stageOf('v0.4.2'), await stageOf('v0.6.0'), await stageOf('v0.5.0')]).toEqual(['0', '1', '2', '3']);

    const v5 = page.locator('article[data-version="v0.5.0"]');
    await expect.poll(() => v5.locator('.row[data-stage] svg rect.bar').count()).toBeGreaterThan(4);
    expect(await v5.locator('.mark.restart').isVisible()).toBe(true);
    expect(await v5.locator('.mark.override').isVisible()).toBe(true);
    expect(await v5.locator('.row[data-stage="3"]').getAttribute('data-state')).toMatch(/current|overdue/);
    expect(await page.locator('article[data-version="v0.4.2"] .row[data-stage="1"]').getAttribute('data-state')).toBe('overdue');
    expect(await page.locator('article[data-version="v0.4.2"] .row[data-stage="2"]').getAttribute('data-state')).toBe('skipped');

    const signoff = page.locator('article[data-version="v0.6.0"] .signoff');
    expect(await signoff.isVisible()).toBe(true);
    expect(await signoff.locator('tr.a-ok th').allTextContents()).toEqual(['Pinata']);
    expect(await signoff.locator('tr.a-issue th').allTextContents()).toEqual(['RTrade']);
    expect(await signoff.locator('tr.a-waiting').count()).toBe(4);
    const events = page.locator('article[data-version="v0.5.0"] .events-list li');
    expect(await events.first().isVisible()).toBe(true);
    expect(await events.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('answered ok for v0.5.0-rc2')]));

    // Hostile release text is shown as text, never run.
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('article.release script, article.release img').count()).toBe(0);
    expect(await page.locator('article[data-version="v0.5.0"]').textContent()).toContain('<script>window.__pwned=1</script>');

    expect(await page.locator('.dates li').count()).toBe(3);
    expect(await page.locator('article.finished').evaluateAll((els) => els.map((e) => e.getAttribute('data-version')))).toEqual(['v0.4.1', 'v0.4.0']);
    await page.screenshot({ path: new URL('status-desktop.png', OUTPUT).pathname, fullPage: true });
    await page.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await open(375, 812);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBe(0);
    // Anything sticking out on the right, except inside the sign-off table's own scroll box.
    const wide = await page.evaluate(
      "[...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll')).map((e) => e.className || e.tagName)",
    );
    expect(wide).toEqual([]);
    expect(await page.locator('article[data-version="v0.5.0"] .row[data-stage="3"] .name').isVisible()).toBe(true);
    await page.screenshot({ path: new URL('status-phone.png', OUTPUT).pathname, fullPage: true });
    await page.locator('article[data-version="v0.5.0"]').screenshot({ path: new URL('status-phone-release.png', OUTPUT).pathname });
    await page.close();
  });

  it('asked for nothing beyond the loopback server', () => {
    expect(foreign).toEqual([]);
  });
});
