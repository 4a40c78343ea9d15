// 11. Issue 9: when no job here asks any of the person's skills (Samira: forklift driving, order
// picking, stock keeping), that is said once above the route cards, not again on every card; the
// route page says it in its summary. Dutch and English, 375 px, axe clean, layout shift ≤ 0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  useBrowser, newPage, open, go, waitForRoutes, waitForRouteDetail, axeViolations, formatViolations,
  watchLayoutShift, layoutShift, REPO_ROOT,
} from './lib/harness.mjs';

const env = useBrowser();
const SAMIRA = JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests/personas/samira-heftruck-rotterdam.json'), 'utf8')).profile;
const SAID = {
  nl: 'Wat je goed kunt ("heftruck rijden", "orderpicken" en "voorraadbeheer") hoort bij geen van de beroepen hier.',
  en: 'What you are good at ("heftruck rijden", "orderpicken" and "voorraadbeheer") is not part of any of the jobs here.',
};

for (const lang of ['nl', 'en']) {
  test(`${lang}, 375 px: skills no job asks are said once, not on every card`, { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(env, { width: 375, height: 800, profile: SAMIRA, bypassCSP: true });
    try {
      await watchLayoutShift(context, lang);
      await open(env, page, '#/routes');
      await waitForRoutes(page);
      const shift = await layoutShift(page);
      assert.ok(shift <= 0.1, `layout shift ${shift.toFixed(3)}`);
      const notes = await page.locator('main .skills-note').allInnerTexts();
      assert.deepEqual(notes.map((n) => n.trim()), [SAID[lang]]);
      await page.evaluate(() => document.querySelectorAll('main details').forEach((d) => { d.open = true; }));
      const cards = await page.locator('.route-card').allInnerTexts();
      assert.ok(cards.length > 0, 'Samira has routes');
      for (const card of cards) assert.ok(!card.includes('heftruck rijden'), `a card repeats the skills:\n${card.slice(0, 300)}`);
      let violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations(violations));

      await go(page, '#/route/0');
      await waitForRouteDetail(page);
      assert.equal((await page.locator('main .skills-note').innerText()).trim(), SAID[lang]);
      violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations(violations));
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
