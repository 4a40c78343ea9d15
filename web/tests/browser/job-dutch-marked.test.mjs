// 11. Issue 9: a welder reads padvinder in English. Every Dutch-only text a page shows (names from
// the catalogue and ESCO, the person's job when it is ESCO's Dutch name, and the Dutch names
// padvinder's English texts quote: lesgeld, cursusgeld, the fee regulation, the SLIM agency, the
// search examples) sits inside an element with lang="nl", so a screen reader says it as Dutch;
// the English "welder" never does. How the job was read is said once, by its English name with
// the Dutch one beside it. Start page, the first question's list, route cards, a route page and
// the about page at 375 px, with axe and layout shift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, newPage, open, go, waitForRoutes, waitForRouteDetail, axeViolations, formatViolations,
  watchLayoutShift, layoutShift,
} from './lib/harness.mjs';
import { storedResult } from './lib/routes-checks.mjs';

const env = useBrowser();

const PROFILE = { current_occupation: 'lasser', postcode: '3071', max_travel_km: 25, situation: 'job_seeker' };
const MAX_SHIFT = 0.1;

// Dutch names that padvinder's English texts quote (web/js/ui.js DUTCH_TERMS says why).
const QUOTED_DUTCH = [
  'lesgeld', 'cursusgeld', 'Besluit van 22 juni 2023', 'Uitvoering van Beleid SZW', 'ontwikkelpad',
  'elektricien', 'warmtepomp', 'heftruckchauffeur', 'kassamedewerker',
];
// English words that must never be marked Dutch.
const ENGLISH = ['welder'];

/** The names of the stored match answer that come from our Dutch data only. */
async function answerNames(page) {
  const result = (await storedResult(page))?.result;
  const names = new Set([result?.resolved_occupation?.label, PROFILE.current_occupation]);
  for (const r of result?.routes || []) {
    names.add(r.target?.title);
    names.add(r.path?.name);
    for (const s of r.steps || []) names.add(s.course?.title);
  }
  return [...names].filter((n) => typeof n === 'string' && n.length > 2);
}

/**
 * Text nodes that show a Dutch-only name outside lang="nl", or an English word inside it (whole
 * words, as written), with the text they were found in.
 */
async function wrongLanguage(page, dutchNames) {
  return page.evaluate(([dutch, english]) => {
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const word = (s) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(s)}(?![\\p{L}\\p{N}])`, 'u');
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style') || !n.textContent.trim()) continue;
      const lang = el.closest('[lang]')?.getAttribute('lang');
      const text = n.textContent.trim().slice(0, 120);
      for (const d of dutch) if (lang !== 'nl' && word(d).test(n.textContent)) out.push(`Dutch "${d}" in lang=${lang}: "${text}"`);
      for (const e of english) if (lang === 'nl' && word(e).test(n.textContent)) out.push(`English "${e}" in lang=nl: "${text}"`);
    }
    return out;
  }, [dutchNames, ENGLISH]);
}

async function assertState(page, where, names) {
  const wrong = await wrongLanguage(page, names);
  assert.deepEqual(wrong, [], `${where}: text in the wrong language`);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${where}:\n${formatViolations(violations)}`);
}

test('en, 375 px: a welder sees every Dutch-only name marked lang="nl" and "welder" never', { timeout: 180_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, height: 800, profile: PROFILE, bypassCSP: true });
  try {
    await watchLayoutShift(context, 'en');
    await open(env, page, '#/routes');
    await waitForRoutes(page);
    assert.ok(await page.locator('.route-card').count() > 0, 'a welder has routes');
    const shift = await layoutShift(page);
    assert.ok(shift <= MAX_SHIFT, `layout shift of the route cards: ${shift.toFixed(3)}`);
    const names = [...await answerNames(page), ...QUOTED_DUTCH];
    // How the job was read: once, in English, the Dutch name beside it and marked.
    const resolved = page.locator('.resolved');
    assert.equal((await resolved.innerText()).replace(/\s+/g, ' ').trim(), 'Your job: welder (in Dutch: lasser).');
    assert.equal(await resolved.locator('[lang="nl"]').innerText(), 'lasser');
    assert.equal(await page.locator('.profile-summary .summary-job[lang="nl"]').innerText(), 'lasser');
    await page.evaluate(() => document.querySelectorAll('main details').forEach((d) => { d.open = true; }));
    await assertState(page, 'route cards (en)', names);

    await go(page, '#/route/0');
    await waitForRouteDetail(page);
    await page.waitForFunction(() => !document.querySelector('main .fee-note .muted:only-child'));
    await page.evaluate(() => document.querySelectorAll('main details').forEach((d) => { d.open = true; }));
    await assertState(page, 'route page (en)', names);

    await go(page, '#/over');
    await assertState(page, 'about page (en)', names);

    await go(page, '#/');
    await page.locator('#q').fill('welder');
    await page.waitForFunction(() => document.getElementById('search-count').textContent.includes('"welder"'));
    await page.locator('.job-offer a').waitFor();
    const hits = await page.locator('#search-results .hit a').allInnerTexts();
    await assertState(page, 'start page, search "welder" (en)', [...names, ...hits.map((t) => t.trim())]);

    await go(page, '#/profiel/1');
    await page.locator('#f-occupation').fill('welder');
    await page.locator('[role="option"]').first().waitFor();
    const options = await page.locator('[role="option"] > span:first-child').allInnerTexts();
    assert.ok(options.includes('lasser'), `the list offers lasser: ${options.join(', ')}`);
    await assertState(page, 'first question, list for "welder" (en)', [...names, ...options.map((t) => t.trim())]);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('nl: the job read is said once, in Dutch', { timeout: 90_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, height: 800, profile: PROFILE, bypassCSP: true });
  try {
    await open(env, page, '#/routes');
    await waitForRoutes(page);
    assert.equal((await page.locator('.resolved').innerText()).replace(/\s+/g, ' ').trim(), 'Je beroep: lasser.');
    assert.equal(await page.locator('main [lang="nl"]').count(), 0, 'a Dutch page marks nothing as Dutch');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
