// §5 Keep and share without an account: the wizard keeps every answer and its step on reload;
// "Deel of bewaar" gives a link with the profile in its fragment and a QR code of it; the link
// opens the same routes in a second browser context (another device) without the profile
// ever reaching the server; the printout of a route starts with the profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, newPage, open, waitForRoutes, waitForRouteDetail, axeViolations, formatViolations, PERSONA,
} from './lib/harness.mjs';

const env = useBrowser();

/** Every request the page makes, to show the profile never leaves in an address. */
function recordRequests(page) {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

async function openShare(page) {
  const summary = page.locator('details.share summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await page.locator('details.share .qr svg path').waitFor();
  return page.locator('#share-link').inputValue();
}

test('the wizard keeps typed answers and the step on reload, before "Volgende"', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, height: 740 });
  try {
    await open(env, page, '#/profiel/1');
    await page.locator('#f-occupation').fill('lasser');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('.step-title').waitFor();
    assert.equal(await page.locator('#f-occupation').inputValue(), 'lasser');
    await open(env, page, '#/profiel/4');
    await page.locator('#f-hours').fill('30');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('.step-title').waitFor();
    assert.match(await page.locator('.step-title').textContent(), /Stap 4 van/);
    assert.equal(await page.locator('#f-hours').inputValue(), '30');
    // Nothing was stored as the profile yet: only the tab keeps the draft.
    assert.equal(await page.evaluate(() => localStorage.getItem('padvinder.profile')), null);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the share link opens the same routes in a second browser context', { timeout: 120_000 }, async () => {
  const a = await newPage(env, { width: 375, height: 740, profile: PERSONA, bypassCSP: true }); // axe is injected
  const b = await newPage(env, { width: 1280, height: 900 });
  try {
    await open(env, a.page, '#/routes');
    await waitForRoutes(a.page);
    const titlesA = await a.page.locator('.route-card h2').allTextContents();
    assert.ok(titlesA.length > 0, 'routes for the persona');
    const link = await openShare(a.page);
    const [before, fragment] = link.split('#');
    assert.equal(before, `${env.url}/`, 'the part a server sees holds nothing of the profile');
    assert.match(fragment, /^\/routes\?profiel=[A-Za-z0-9_-]+$/);
    const violations = await axeViolations(a.page);
    assert.deepEqual(violations, [], `axe with the share box open:\n${formatViolations(violations)}`);

    const requests = recordRequests(b.page);
    await b.page.goto(link, { waitUntil: 'domcontentloaded' });
    await waitForRoutes(b.page);
    assert.deepEqual(await b.page.locator('.route-card h2').allTextContents(), titlesA, 'the same routes in the same order');
    assert.match(await b.page.locator('main .notice').first().textContent(), /profiel uit de link/);
    assert.equal(await b.page.evaluate(() => location.hash), '#/routes', 'the long parameter leaves the address');
    const stored = JSON.parse(await b.page.evaluate(() => localStorage.getItem('padvinder.profile')));
    assert.deepEqual(stored, JSON.parse(await a.page.evaluate(() => localStorage.getItem('padvinder.profile'))));
    const code = fragment.split('=')[1];
    assert.deepEqual(requests.filter((u) => u.includes(code.slice(0, 16))), [], 'the profile never in a request address');
    assert.deepEqual([...a.page.problems, ...b.page.problems], []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('a route link opens that route on another device, and its printout starts with the profile', { timeout: 120_000 }, async () => {
  const a = await newPage(env, { profile: PERSONA });
  const b = await newPage(env, { width: 375, height: 740 });
  try {
    await open(env, a.page, '#/routes');
    await waitForRoutes(a.page);
    await open(env, a.page, '#/route/1');
    await waitForRouteDetail(a.page);
    const title = await a.page.locator('main h1').textContent();
    const link = await openShare(a.page);
    assert.match(link.split('#')[1], /^\/route\/1\?profiel=/);

    await b.page.goto(link, { waitUntil: 'domcontentloaded' });
    await waitForRouteDetail(b.page);
    assert.equal(await b.page.locator('main h1').textContent(), title);
    assert.doesNotMatch(await b.page.locator('main').textContent(), /We hebben deze route niet meer/);

    await b.page.emulateMedia({ media: 'print' });
    const summary = b.page.locator('main .profile-summary');
    assert.ok(await summary.isVisible(), 'the printout shows the profile summary');
    assert.match(await summary.textContent(), /heftruckchauffeur/);
    const above = await b.page.evaluate(() => {
      const s = document.querySelector('main .profile-summary').getBoundingClientRect().top;
      return s < document.querySelector('.timeline').getBoundingClientRect().top;
    });
    assert.ok(above, 'the profile comes before the steps');
    assert.deepEqual([...a.page.problems, ...b.page.problems], []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('a damaged share link says so and changes nothing', { timeout: 45_000 }, async () => {
  const { context, page } = await newPage(env, { profile: PERSONA });
  try {
    await page.goto(`${env.url}/#/routes?profiel=eyJwb3N0Y29kZSI6IjMw`, { waitUntil: 'domcontentloaded' });
    await waitForRoutes(page);
    assert.match(await page.locator('main .notice-error').first().textContent(), /niet compleet/);
    const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('padvinder.profile')));
    assert.equal(stored.current_occupation, PERSONA.current_occupation, 'the profile on this device stays');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
