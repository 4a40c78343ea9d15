// 5. Print view of a route: no navigation or buttons; the printed date and the sources show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  useBrowser, newPage, openFirstRoute, waitForRouteDetail, outputDir, PERSONA,
} from './lib/harness.mjs';

let context;
let page;
useBrowser({
  ready: async (env) => {
    ({ context, page } = await newPage(env, { profile: PERSONA }));
    await openFirstRoute(env, page);
  },
  done: async () => { await context?.close(); },
});

test('print: a route page on paper hides navigation and buttons, shows the date and the sources', { timeout: 30_000 }, async () => {
  // On screen the printed date is hidden and the print button shows.
  assert.equal(await page.locator('.printed-on').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Print deze route' }).isVisible(), true);

  await page.emulateMedia({ media: 'print' });
  try {
    // Let the print stylesheet apply (it is a media="print" link).
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.site-nav')).display === 'none');
    for (const sel of ['.site-nav', '.skip-link', '#lang-toggle', '#wipe']) {
      assert.equal(await page.locator(sel).isVisible(), false, `${sel} is visible in print`);
    }
    const visibleButtons = await page.locator('button, .btn, [role="button"]').evaluateAll((els) => els
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => el.outerHTML.slice(0, 100)));
    assert.deepEqual(visibleButtons, [], 'buttons visible in print');

    const printed = page.locator('.printed-on');
    assert.equal(await printed.isVisible(), true, 'the printed date is not shown in print');
    assert.match(await printed.textContent(), /^Geprint op \d{1,2} \w+ \d{4}$/);

    const sources = page.locator('section.path-sources');
    assert.equal(await sources.isVisible(), true, 'the sources are hidden in print');
    const items = sources.locator('ul.sources > li');
    assert.ok(await items.count() > 0);
    for (let i = 0; i < await items.count(); i += 1) assert.equal(await items.nth(i).isVisible(), true, `source ${i} hidden`);
    assert.match(await sources.textContent(), /Gecontroleerd op/);

    // The route itself is there: the title, the steps and the SLIM section.
    assert.equal(await page.locator('main h1').isVisible(), true);
    assert.equal(await page.locator('.timeline').isVisible(), true);
    assert.equal(await page.locator('section.slim').isVisible(), true);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
});

test('print: the route page as an A4 PDF in test-output/', { timeout: 60_000 }, async (t) => {
  const file = path.join(await outputDir(), 'route-0.pdf');
  try {
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: file, format: 'A4', printBackground: false, timeout: 30_000 });
  } catch (err) {
    if (/not supported|only supported|headless/i.test(String(err.message))) {
      t.skip(`page.pdf() is not available in this Chromium: ${err.message.split('\n')[0]}`);
      return;
    }
    throw err;
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
  const pdf = await readFile(file);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(pdf.length > 5_000, `PDF is only ${pdf.length} bytes`);
  console.log(`wrote ${file} (${pdf.length} bytes)`);
});
