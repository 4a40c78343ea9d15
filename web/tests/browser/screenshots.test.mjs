// 7. Screenshots at phone and desktop width, for people to look at (test-output/screenshots/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  useBrowser, newPage, open, go, waitForRoutes, waitForRouteDetail, outputDir, PERSONA,
} from './lib/harness.mjs';

const env = useBrowser();

const SHOTS = [
  ['start', '#/', async (page) => {
    await page.fill('#q', 'elektricien');
    await page.locator('#search-results li.hit').first().waitFor();
  }],
  ['wizard-step1', '#/profiel/1', async (page) => {
    // The step with its suggestion list open.
    await page.fill('#f-occupation', '');
    await page.locator('#f-occupation').pressSequentially('heftruck');
    await page.getByRole('option').first().waitFor();
  }],
  ['routes', '#/routes', waitForRoutes],
  ['route-0', '#/route/0', waitForRouteDetail],
  ['paden', '#/paden', async (page) => { await page.locator('.card-grid .card').first().waitFor(); }],
];

for (const width of [375, 1280]) {
  test(`screenshots at ${width} px`, { timeout: 60_000 }, async () => {
    const dir = await outputDir('screenshots');
    const { context, page } = await newPage(env, { width, height: width < 600 ? 812 : 900, profile: PERSONA });
    try {
      await open(env, page, '#/');
      for (const [name, hash, ready] of SHOTS) {
        await go(page, hash);
        await ready(page);
        const file = path.join(dir, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled', timeout: 20_000 });
        assert.ok((await stat(file)).size > 5_000, `${file} is nearly empty`);
      }
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
