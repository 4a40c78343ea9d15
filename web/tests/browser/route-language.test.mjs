// 10. A route page follows a language switch: padvinder's own texts on it (the subsidy rules, the
// route's label) are asked again in the new language, not shown from the answer in the old one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, newPage, openFirstRoute, waitForRouteDetail, PERSONA,
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

// The route's rules (the first list; a step whose rules differ has its own list after it),
// behind a closed "Waarom?"; without names of Dutch pages its sources link to (lang="nl").
const criteriaText = () => page.locator('section.slim ul.criteria').first().evaluate((ul) => {
  const copy = ul.cloneNode(true);
  copy.querySelectorAll('[lang="nl"]').forEach((el) => el.remove());
  return copy.textContent;
});
// Words that appear in padvinder's Dutch texts about a person and never in its English ones.
const DUTCH = /\b(je|jij|jouw|niet|werkgever)\b/i;

test('route page: after switching to English the subsidy rules are English, and back', { timeout: 60_000 }, async () => {
  const title = await page.locator('main h1').innerText();
  const dutchCriteria = await criteriaText();
  assert.match(dutchCriteria, DUTCH, 'the Dutch page has Dutch subsidy rules');

  await page.locator('#lang-toggle').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await waitForRouteDetail(page);
  assert.equal(await page.locator('main h1').innerText(), title, 'the same route after the switch');
  const englishCriteria = await criteriaText();
  assert.doesNotMatch(englishCriteria, DUTCH, `Dutch left in the English subsidy rules: ${englishCriteria.slice(0, 300)}`);

  await page.locator('#lang-toggle').click();
  await page.waitForFunction(() => document.documentElement.lang === 'nl');
  await waitForRouteDetail(page);
  assert.match(await criteriaText(), DUTCH, 'the Dutch rules come back after switching back');
});
