// 6. Reflow: no horizontal scrolling at 320 px, at 200 % text, and at both together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, newPage, open, go, waitForRoutes, waitForRouteDetail, overflowingElements, PERSONA,
} from './lib/harness.mjs';

const env = useBrowser();

const VIEWS = [
  ['#/', async (page) => {
    // With search results: long titles and snippets are part of the start page.
    await page.fill('#q', 'elektrotechnische installaties');
    await page.locator('#search-results li.hit').first().waitFor();
  }],
  ['#/profiel/1', async (page) => { await page.locator('.step-title').waitFor(); }],
  ['#/routes', waitForRoutes],
  ['#/route/0', waitForRouteDetail],
];

const CASES = [
  { name: '320 px', width: 320, font: null },
  { name: '200 % text at 1280 px', width: 1280, font: '200%' },
  { name: '320 px with 200 % text', width: 320, font: '200%' },
];

for (const c of CASES) {
  test(`layout: no horizontal scrolling at ${c.name}`, { timeout: 60_000 }, async () => {
    const { context, page } = await newPage(env, { width: c.width, height: 800, profile: PERSONA });
    try {
      await open(env, page, '#/');
      if (c.font) await page.evaluate((f) => { document.documentElement.style.fontSize = f; }, c.font);
      const failures = [];
      for (const [hash, ready] of VIEWS) {
        await go(page, hash);
        await ready(page);
        // Open the closed extras too: they must also fit.
        await page.locator('details').evaluateAll((ds) => ds.forEach((d) => { d.open = true; }));
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
        }));
        if (scrollWidth > innerWidth) {
          failures.push(`${hash}: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}; sticking out:\n    ${(await overflowingElements(page)).join('\n    ')}`);
        }
      }
      assert.deepEqual(failures, [], `horizontal scrolling at ${c.name}:\n${failures.join('\n')}`);
    } finally {
      await context.close();
    }
  });
}
