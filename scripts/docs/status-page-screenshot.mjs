// Takes docs/images/status-page.png from a running Stagehand's status page, with Debian's Chromium driven by
// playwright-core (as test/integration/status-page.browser.test.ts does; no browser is downloaded).
// Usage: node scripts/docs/status-page-screenshot.mjs http://127.0.0.1:8377/ [out.png]
import { chromium } from 'playwright-core';

const [url = 'http://127.0.0.1:8377/', out = 'docs/images/status-page.png'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 1 });
  await page.goto(url);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`${out}: written from ${url}`);
} finally {
  await browser.close();
}
