// 4. axe-core (WCAG 2.0/2.1 A and AA) on every view and on error states: zero violations.
// The context bypasses the Content-Security-Policy only so that axe can be injected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, newPage, open, go, waitForRoutes, waitForRouteDetail, waitForLoaded,
  axeViolations, formatViolations, PERSONA,
} from './lib/harness.mjs';

let context;
let page;
useBrowser({
  ready: async (env) => {
    ({ context, page } = await newPage(env, { profile: PERSONA, bypassCSP: true }));
    await open(env, page, '#/');
  },
  done: async () => { await context?.close(); },
});

async function expectClean(name) {
  const violations = await axeViolations(page);
  if (violations.length) console.log(`axe violations on ${name}:\n${formatViolations(violations)}`);
  assert.equal(violations.length, 0, `axe violations on ${name}:\n${formatViolations(violations)}`);
}

test('axe: start page #/ (with search results)', { timeout: 30_000 }, async () => {
  await go(page, '#/');
  await page.fill('#q', 'elektricien');
  await page.locator('#search-results li.hit').first().waitFor();
  await expectClean('#/');
});

for (let n = 1; n <= 6; n += 1) {
  test(`axe: profile step #/profiel/${n}`, { timeout: 30_000 }, async () => {
    await go(page, `#/profiel/${n}`);
    await page.locator('.step-title').waitFor();
    await expectClean(`#/profiel/${n}`);
  });
}

test('axe: profile step 1 with the suggestion list open', { timeout: 30_000 }, async () => {
  await go(page, '#/profiel/1');
  await page.fill('#f-occupation', '');
  await page.locator('#f-occupation').pressSequentially('heftruck');
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('ArrowDown');
  await expectClean('#/profiel/1 (combobox open)');
  await page.keyboard.press('Escape');
});

test('axe: routes #/routes (after a match)', { timeout: 45_000 }, async () => {
  await go(page, '#/routes');
  await waitForRoutes(page);
  assert.ok(await page.locator('.route-card').count() > 0, 'no route cards');
  await page.locator('details.glossary').evaluate((d) => { d.open = true; });
  await expectClean('#/routes');
});

test('axe: route page #/route/0 (all details open)', { timeout: 30_000 }, async () => {
  await go(page, '#/route/0');
  await waitForRouteDetail(page);
  await page.locator('details').evaluateAll((ds) => ds.forEach((d) => { d.open = true; }));
  await expectClean('#/route/0');
});

test('axe: all paths #/paden', { timeout: 30_000 }, async () => {
  await go(page, '#/paden');
  await page.locator('.card-grid .card').first().waitFor();
  await expectClean('#/paden');
});

test('axe: one path #/paden/{id}', { timeout: 30_000 }, async () => {
  const first = await page.locator('.card-grid .card h2 a').first().getAttribute('href');
  await go(page, first);
  await waitForLoaded(page);
  await page.locator('.path-sources').waitFor();
  await expectClean(first);
});

test('axe: a function #/functie/{id} and a course #/opleiding/{id}', { timeout: 30_000 }, async () => {
  await go(page, '#/functie/monteur-elektrotechnische-installaties');
  await waitForLoaded(page);
  await expectClean('#/functie/monteur-elektrotechnische-installaties');
  await go(page, '#/opleiding/mbo-25737');
  await waitForLoaded(page);
  await expectClean('#/opleiding/mbo-25737');
});

test('axe: about #/over', { timeout: 30_000 }, async () => {
  await go(page, '#/over');
  await expectClean('#/over');
});

test('axe: error state, invalid postcode in step 3', { timeout: 30_000 }, async () => {
  await go(page, '#/profiel/3');
  await page.fill('#f-postcode', '307');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.locator('#f-postcode-error').waitFor();
  assert.equal(await page.getAttribute('#f-postcode', 'aria-invalid'), 'true');
  await expectClean('#/profiel/3 (invalid postcode)');
  await page.fill('#f-postcode', '3071');
  await page.locator('#f-postcode').blur();
});

test('axe: error state, a profile the server refuses (unknown postcode, 422)', { timeout: 30_000 }, async () => {
  await page.evaluate(() => {
    const p = JSON.parse(localStorage.getItem('padvinder.profile'));
    localStorage.setItem('padvinder.profile', JSON.stringify({ ...p, postcode: '1000' }));
  });
  await go(page, '#/routes');
  await page.locator('.notice-error').waitFor({ timeout: 30_000 });
  await expectClean('#/routes (422 field error)');
  await go(page, '#/profiel/3');
  await expectClean('#/profiel/3 (server field error)');
});

test('axe: error state, server unreachable', { timeout: 30_000 }, async () => {
  await page.route('**/api/v1/**', (r) => r.abort('connectionrefused'));
  try {
    await go(page, '#/paden');
    await page.locator('.notice-error').waitFor();
    await expectClean('#/paden (unreachable)');
  } finally {
    await page.unroute('**/api/v1/**');
  }
});

test('axe: English on the route page', { timeout: 30_000 }, async () => {
  await page.evaluate(() => {
    const p = JSON.parse(localStorage.getItem('padvinder.profile'));
    localStorage.setItem('padvinder.profile', JSON.stringify({ ...p, postcode: '3071' }));
  });
  await go(page, '#/routes');
  await waitForRoutes(page);
  await go(page, '#/route/0');
  await waitForRouteDetail(page);
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await waitForRouteDetail(page);
  await expectClean('#/route/0 (English)');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'nl');
});
