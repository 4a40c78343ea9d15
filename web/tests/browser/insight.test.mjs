// A job centre reads its anonymous insight (issue 12 §6, docs/embed.md section 8) at /inzicht/:
// it pastes its API key, chooses weeks with the keyboard only, and sees charts drawn as inline
// SVG with a table for screen readers each; a wrong key is said next to the field. At phone
// width (375 px) in Dutch and English: axe finds nothing, nothing scrolls sideways, and the
// page's layout shift stays at most 0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage, axeViolations, formatViolations } from './lib/harness.mjs';
import { TENANT } from './lib/embed-config.mjs';
import { addCounsellor, openWorkspace, logIn } from './lib/werkplek.mjs';

const MAX_SHIFT = 0.1;
/** The server's default insight.min_count: values seen fewer times in a week are hidden. */
const K = 10;

const env = useBrowser({
  ready: async (e) => {
    // What the embed sends: K searches for a job word and one match, for the test tenant.
    for (let i = 0; i < K; i += 1) {
      const r = await fetch(`${e.url}/api/v1/search?q=monteur&tenant=${TENANT.id}`);
      assert.equal(r.status, 200);
    }
    const m = await fetch(`${e.url}/api/v1/match?tenant=${TENANT.id}`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ current_occupation: 'heftruckchauffeur', postcode: '3011' }),
    });
    assert.equal(m.status, 200);
  },
});

async function openInsight(width) {
  const { context, page } = await newPage(env, { width, height: 800, bypassCSP: true });
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(`${env.url}/inzicht/`, { waitUntil: 'load' });
  await page.locator('main h1').waitFor();
  return { context, page };
}

/** Presses Tab until the element with `id` has focus (at most 12 times). */
async function tabTo(page, id) {
  for (let i = 0; i < 12; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
  }
  assert.fail(`Tab never reached #${id}`);
}

async function noOverflow(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(wide, false, 'the page scrolls sideways');
}

test('keyboard only at 375 px: the key and weeks give charts and tables, axe finds nothing in nl and en', async () => {
  const { context, page } = await openInsight(375);
  try {
    let violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    await tabTo(page, 'key');
    await page.keyboard.type(TENANT.apiKey);
    await tabTo(page, 'ask-submit');
    await page.keyboard.press('Enter');
    await page.locator('#result-title').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'result-title');
    assert.match(await page.locator('#result-title').textContent(), new RegExp(TENANT.id));
    // Charts drawn here, as SVG, each with its table.
    assert.ok(await page.locator('#result svg.insight-chart').count() >= 2);
    const weekly = page.locator('table', { hasText: 'Zoekopdrachten en matches per week' });
    assert.equal(await weekly.locator('tbody tr').count(), 8);
    const words = page.locator('table', { hasText: 'Meest gezochte beroepswoorden' });
    assert.match(await words.textContent(), /monteur\s*10/);
    // Seen once this week: the municipality is under the threshold, so not shown.
    assert.doesNotMatch(await page.locator('#result').textContent(), /Rotterdam/);
    await noOverflow(page);
    violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));

    // The language button is at the top: back there with the keyboard.
    await page.locator('#lang-toggle').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.locator('table', { hasText: 'Most searched job words' }).waitFor({ state: 'attached' });
    await noOverflow(page);
    violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= MAX_SHIFT, `layout shift ${shift}`);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a wrong key or a bad week is said, in the person\'s language, and focus goes to the field', async () => {
  const { context, page } = await openInsight(375);
  try {
    await page.locator('#key').fill('pvk_wrong');
    await page.locator('#ask-submit').click();
    await page.locator('#error:not(:empty)').waitFor();
    assert.match(await page.locator('#error').textContent(), /Deze API-sleutel klopt niet/);
    assert.doesNotMatch(await page.locator('#error').textContent(), /Bearer|header/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'key');
    assert.equal(await page.locator('#key').getAttribute('aria-invalid'), 'true');
    // The error is not left standing in the other language.
    await page.locator('#lang-toggle').click();
    assert.equal(await page.locator('#error').textContent(), '');
    await page.locator('#lang-toggle').click();
    await page.locator('#key').fill(TENANT.apiKey);
    await page.locator('#from').fill('2026-5');
    await page.locator('#ask-submit').click();
    await page.waitForFunction(() => /2026-5/.test(document.getElementById('error').textContent));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'from');
    assert.equal(await page.locator('#from').getAttribute('aria-invalid'), 'true');
    // A week written "2026-w5" is read as 2026-W05.
    await page.locator('#from').fill('2026-w5');
    await page.locator('#to').fill('2026-W06');
    await page.locator('#ask-submit').click();
    await page.locator('#result-title').waitFor();
    assert.match(await page.locator('#result-title').textContent(), /2026-W05/);
    assert.equal(await page.locator('#error').textContent(), '');
    assert.equal(await page.locator('#from').getAttribute('aria-invalid'), null);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

// With the workspace: an admin of the organisation the tenant names needs no key after logging
// in; a counsellor who is not an admin is asked for the key (or an admin's login).
test('a workspace admin of the tenant organisation sees the insight without a key', async () => {
  const admin = await addCounsellor(env, { org: TENANT.org, role: 'admin' });
  const counsellor = await addCounsellor(env, { org: TENANT.org });
  for (const [who, sees] of [[admin, true], [counsellor, false]]) {
    const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      await openWorkspace(env, page);
      await logIn(page, who);
      await page.goto(`${env.url}/inzicht/`, { waitUntil: 'load' });
      await page.locator('main h1').waitFor();
      await tabTo(page, 'ask-submit');
      await page.keyboard.press('Enter');
      if (sees) {
        await page.locator('#result-title').waitFor();
        assert.match(await page.locator('#result-title').textContent(), new RegExp(`Inzicht voor ${TENANT.id}`));
        assert.equal(await page.locator('#error').textContent(), '');
      } else {
        await page.locator('#error:not(:empty)').waitFor();
        assert.match(await page.locator('#error').textContent(), /Vul de API-sleutel van je organisatie in, of log eerst in bij de werkplek/);
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'key');
      }
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, formatViolations(violations));
    } finally {
      await context.close();
    }
  }
});

// The language is the one the person chose in the job seeker app (stored on this device as
// `padvinder.lang`), not the browser's: this browser says nl-NL, the stored choice says English.
test('the language chosen in the app is the page\'s language, and a switch here is remembered', async () => {
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    // What the app leaves on this device when the person chose English there.
    await page.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
    await page.goto(`${env.url}/inzicht/`, { waitUntil: 'load' });
    await page.locator('main h1', { hasText: 'What do people in your region look for?' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.title(), 'Insight – padvinder');
    assert.equal((await page.locator('#lang-toggle').textContent()).trim(), 'Nederlands');
    assert.equal(await page.locator('label[for=key]').textContent(), "Your organisation's API key");
    await page.locator('#key').fill('pvk_wrong');
    await page.locator('#ask-submit').click();
    await page.locator('#error:not(:empty)').waitFor();
    assert.match(await page.locator('#error').textContent(), /This API key is not right/);
    await page.locator('#key').fill(TENANT.apiKey);
    await page.locator('#ask-submit').click();
    await page.locator('#result-title').waitFor();
    assert.match(await page.locator('#result-title').textContent(), new RegExp(`Insight for ${TENANT.id}`));
    await page.locator('table', { hasText: 'Most searched job words' }).waitFor();
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    // Switching here is the same choice as in the app: stored for it on this device.
    await page.locator('#lang-toggle').click();
    await page.locator('main h1', { hasText: 'Wat zoeken mensen in jullie regio?' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
    assert.equal(await page.evaluate(() => localStorage.getItem('padvinder.lang')), 'nl');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
