// 11. The job seeker's whole flow in English shows no Dutch from padvinder: every text node on
// the start page, the six profile steps, the route cards, a route page (with its subsidy rules
// opened) and the path page is checked against words that only Dutch sentences use. Text inside
// lang="nl" (names from our Dutch data: jobs, courses, paths, schools), the person's own answers
// and the names of other sites' pages in source links are not padvinder's words and are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, newPage, open, go, waitForRoutes, waitForRouteDetail, PERSONA,
} from './lib/harness.mjs';

const env = useBrowser();

// The person's own answers: shown back to them as typed, whatever the language.
const PROFILE = {
  ...PERSONA,
  skills: ['klantvriendelijk', 'heftruck rijden'],
  interests: ['zonnepanelen', 'elektrotechniek'],
  certificates: ['VCA basis'],
};

// Words that occur in Dutch sentences and not in English ones (checked as whole words).
const DUTCH = new Set([
  'de', 'het', 'een', 'en', 'je', 'jij', 'jouw', 'niet', 'voor', 'bij', 'wordt', 'zijn', 'naar',
  'geen', 'dit', 'deze', 'dat', 'ook', 'nog', 'kunt', 'hebt', 'heeft', 'als', 'maar', 'wat', 'waar',
  'onbekend', 'opleiding', 'opleidingen', 'subsidie', 'niveau', 'stap', 'stappen', 'weken', 'jaar',
  'uur', 'werkgever', 'erkend', 'scholing', 'aanvragen', 'waarom', 'kosten', 'vraag', 'dichtstbijzijnde',
]);

/** Dutch marker words in the page's own text, with the text they were found in. */
async function dutchLeftovers(page) {
  const own = [PROFILE.current_occupation, ...PROFILE.skills, ...PROFILE.interests, ...PROFILE.certificates];
  const texts = await page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style, [lang="nl"], a.source')) continue;
      if (n.textContent.trim()) out.push(n.textContent);
    }
    return out;
  });
  const found = [];
  for (const text of texts) {
    let rest = text;
    for (const words of own) rest = rest.split(words).join(' ');
    const hits = (rest.toLowerCase().match(/[\p{L}']+/gu) || []).filter((w) => DUTCH.has(w));
    if (hits.length) found.push(`${hits.join(',')} in "${text.trim().slice(0, 160)}"`);
  }
  return found;
}

async function assertEnglish(page, where) {
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', `${where}: <html lang>`);
  const left = await dutchLeftovers(page);
  assert.deepEqual(left, [], `${where}: Dutch from padvinder in English mode`);
}

test('the whole job seeker flow in English has no Dutch from padvinder', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage(env, { profile: PROFILE });
  try {
    await open(env, page, '#/');
    await page.locator('#lang-toggle').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await assertEnglish(page, 'start page');

    for (let n = 1; n <= 6; n += 1) {
      await go(page, `#/profiel/${n}`);
      await assertEnglish(page, `profile step ${n}`);
    }

    await go(page, '#/routes');
    await waitForRoutes(page);
    assert.ok(await page.locator('.route-card').count() > 0, 'the persona has routes');
    await assertEnglish(page, 'route cards');
    // The interests the person ticked are named in English in "why this route".
    const why = await page.locator('.route-card .why').allTextContents();
    assert.ok(why.some((w) => /solar panels|electrical work/.test(w)), `no English interest in: ${why.join(' | ')}`);

    await go(page, '#/route/0');
    await waitForRouteDetail(page);
    const why2 = page.locator('details.slim-why');
    if (await why2.count()) await why2.locator('summary').click();
    await assertEnglish(page, 'route page');

    const pathId = await page.evaluate(() => JSON.parse(localStorage.getItem('padvinder.results')).result.routes[0].path.id);
    await go(page, `#/paden/${encodeURIComponent(pathId)}`);
    await page.locator('main h1').filter({ hasNotText: /Loading/ }).waitFor();
    await page.waitForFunction(() => !document.querySelector('main .loading'));
    await assertEnglish(page, 'path page');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
