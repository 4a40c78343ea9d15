// The counsellor workspace's client page (/werkplek/#/client/{id}, issue 11 §7): the stored
// profile and plans, the profile questions (the job seeker app's wizard) saved on the client's
// record and nowhere in the browser, routes for the client as the job seeker app's cards, up
// to three compared side by side, and a route saved as a plan; axe and 375 px in nl and en.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useBrowser, newPage, REPO_ROOT } from './lib/harness.mjs';
import { addCounsellor, openWorkspace, logIn, expectClean, apiGet } from './lib/werkplek.mjs';

const env = useBrowser();

/** Logs in through the page and adds a client with an empty profile through the API. */
async function withClient(page, user, name) {
  await openWorkspace(env, page);
  await logIn(page, user);
  return page.evaluate(async (displayName) => {
    const session = await (await fetch('../api/v1/session')).json();
    const r = await fetch('../api/v1/clients', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
      body: JSON.stringify({ display_name: displayName, profile: {}, consent: { given_on: '2026-01-05', scope: 'Gesprekken over werk' } }),
    });
    const client = await r.json();
    return { id: client.id, csrf: session.csrf_token };
  }, name);
}

test('a client\'s profile, routes, compare and a saved plan', { timeout: 150_000 }, async () => {
  const user = await addCounsellor(env, { org: `client-${process.pid}-${Date.now()}` });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    const { id } = await withClient(page, user, 'M.B.');
    // Coming back to the caseload, the client is there; its name opens its page.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByRole('link', { name: 'M.B.' }).click();
    await page.locator('main h1', { hasText: 'M.B.' }).waitFor();
    const main = page.locator('main');
    await main.locator('.notice', { hasText: 'Het profiel is nog leeg' }).waitFor();
    assert.match(await main.textContent(), /5 januari 2026: Gesprekken over werk/);
    assert.match(await main.textContent(), /Er zijn nog geen plannen/);
    await expectClean(page, 'client page, empty profile (nl)');

    // The job seeker app's questions, for the client: saved on the client's record.
    await page.getByRole('link', { name: 'Profiel invullen' }).click();
    await page.locator('main h1', { hasText: 'Profiel van M.B.' }).waitFor();
    await page.fill('#f-occupation', 'heftruckchauffeur');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.locator('.step-title', { hasText: 'Stap 2 van 6' }).waitFor();
    assert.match(page.url(), new RegExp(`#/client/${id}/profiel/2$`));
    await page.getByLabel('Wat is je hoogste diploma?').selectOption('mbo2');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.locator('.step-title', { hasText: 'Stap 3 van 6' }).waitFor();
    await page.getByLabel('Je postcode').fill('3071');
    await expectClean(page, 'client profile step 3 (nl)');
    await page.getByRole('button', { name: 'Toon de routes' }).click();
    await page.locator('main h1', { hasText: 'Routes voor M.B.' }).waitFor();
    const stored = await apiGet(page, `clients/${id}`);
    assert.equal(stored.profile.current_occupation, 'heftruckchauffeur');
    assert.equal(stored.profile.education_level, 'mbo2');
    assert.equal(stored.profile.postcode, '3071');
    // Nothing of the client in this browser: not the job seeker's profile, not a draft.
    const kept = await page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
    assert.deepEqual(kept.local.filter((k) => k !== 'padvinder.lang'), []);
    assert.deepEqual(kept.session, []);

    // Routes as the job seeker app's cards, with save and compare.
    await page.locator('.route-card').first().waitFor({ timeout: 60_000 });
    const cards = page.locator('.route-card');
    const count = await cards.count();
    assert.ok(count >= 4, `only ${count} routes for heftruckchauffeur, mbo 2, 3071`);
    await expectClean(page, 'routes for a client (nl)');
    // A card's "why" counts its points to note in words: 1 punt, 2 punten.
    const summaries = await cards.evaluateAll((els) => els.map((el) => ({
      text: el.querySelector('.card-more summary').textContent, flags: el.querySelectorAll('.card-more .flags li').length,
    })));
    for (const { text, flags } of summaries) {
      const want = { 0: 'Waarom deze route?', 1: 'Waarom deze route? En 1 punt om op te letten' }[flags] ?? `Waarom deze route? En ${flags} punten om op te letten`;
      assert.equal(text, want);
    }
    const titles = await page.locator('.route-card h2').allTextContents();
    for (let i = 0; i < 4; i += 1) await page.check(`#compare-${i}`);
    await page.getByRole('button', { name: 'Vergelijk de gekozen routes' }).click();
    await page.locator('.compare .notice-error', { hasText: 'Kies hoogstens 3 routes' }).waitFor();
    await page.uncheck('#compare-3');
    await page.uncheck('#compare-2');
    // Next to the boxes, not only at the end of the list: under the last box still ticked, one
    // Tab after it, a button that compares them (with the keyboard).
    await page.focus('#compare-1');
    await page.keyboard.press('Tab');
    const near = await page.evaluate(() => {
      const el = document.activeElement;
      const box = document.getElementById('compare-1');
      return {
        text: el.textContent, sameCard: el.closest('.route-card') === box.closest('.route-card'),
        gap: el.getBoundingClientRect().top - box.getBoundingClientRect().bottom,
        buttons: document.querySelectorAll('.compare-near').length,
      };
    });
    assert.equal(near.text, 'Vergelijk nu (2 gekozen)');
    assert.ok(near.sameCard && near.gap < 150, `the button is not next to the box: ${JSON.stringify(near)}`);
    assert.equal(near.buttons, 1, 'one such button, under the box ticked last');
    await page.keyboard.press('Enter');
    const grid = page.locator('.compare-grid');
    await grid.waitFor({ timeout: 60_000 });
    assert.deepEqual(await grid.locator('h3').allTextContents(), titles.slice(0, 2), 'compared in the chosen order');
    const compared = await grid.locator('article').first().textContent();
    for (const fact of ['Hoe lang', 'Kosten', 'Uren per week in het werk', 'Verste school', 'Stappen nog te doen', 'Niveau van het werk', 'Vraag naar mensen']) {
      assert.ok(compared.includes(fact), `the comparison shows ${fact}: ${compared}`);
    }
    assert.equal(await page.evaluate(() => document.activeElement.id), 'compare-title', 'focus moves to the comparison');
    await expectClean(page, 'routes compared (nl)');

    // Saving the first route as a plan: back on the client page, with the plan.
    await cards.first().getByRole('button', { name: `Bewaar als plan: ${titles[0]}` }).click();
    await page.locator('main h1', { hasText: 'M.B.' }).waitFor();
    await main.locator('.notice', { hasText: `Het plan voor ${titles[0]} is bewaard.` }).waitFor();
    await main.locator('.card h3', { hasText: titles[0] }).waitFor();
    const { plans } = await apiGet(page, `clients/${id}/plans`);
    assert.equal(plans.length, 1);
    assert.equal(plans[0].target_title, titles[0]);
    assert.equal(plans[0].status, 'idee');
    await expectClean(page, 'client page with a plan (nl)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the client page and the routes in English', { timeout: 120_000 }, async () => {
  const user = await addCounsellor(env, { org: `client-en-${process.pid}-${Date.now()}` });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
    const { id, csrf } = await withClient(page, user, 'E.N.');
    await page.evaluate(async ({ clientId, token }) => {
      await fetch(`../api/v1/clients/${clientId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify({ profile: { current_occupation: 'heftruckchauffeur', postcode: '3071', education_level: 'mbo2' } }),
      });
    }, { clientId: id, token: csrf });
    await page.evaluate((clientId) => { location.hash = `#/client/${clientId}`; }, id);
    await page.locator('main h1', { hasText: 'E.N.' }).waitFor();
    await page.locator('.profile-summary').waitFor();
    assert.match(await page.locator('main').textContent(), /There are no plans yet/);
    await expectClean(page, 'client page (en)');
    await page.getByRole('link', { name: 'Routes for this client' }).click();
    await page.locator('.route-card').first().waitFor({ timeout: 60_000 });
    await page.check('#compare-0');
    assert.equal(await page.locator('.route-card .compare-near').textContent(), 'Compare now (1 chosen)');
    await page.getByRole('button', { name: 'Compare the chosen routes' }).click();
    await page.locator('.compare-grid').waitFor({ timeout: 60_000 });
    await expectClean(page, 'routes compared (en)');
    await page.getByRole('link', { name: 'Change the profile' }).click();
    await page.locator('.step-title', { hasText: 'Step 1 of 6' }).waitFor();
    assert.equal(await page.inputValue('#f-occupation'), 'heftruckchauffeur', 'the stored answer is there');
    await expectClean(page, 'client profile step 1 (en)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a client\'s data: downloaded whole, then erased (with the page\'s own CSP)', { timeout: 90_000 }, async () => {
  const user = await addCounsellor(env, { org: `erase-${process.pid}-${Date.now()}` });
  // The real Content-Security-Policy: the download is a blob: link it must allow.
  const { context, page } = await newPage(env, { width: 375, height: 800 });
  try {
    const { id } = await withClient(page, user, 'V.W.');
    await page.evaluate((clientId) => { location.hash = `#/client/${clientId}`; }, id);
    await page.locator('main h1', { hasText: 'V.W.' }).waitFor();
    await page.getByRole('button', { name: 'Download als JSON-bestand' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download als JSON-bestand' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `padvinder-client-${id.slice(0, 8)}.json`, 'named by the id, not the name');
    const file = await download.path();
    const { readFile } = await import('node:fs/promises');
    const exported = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(exported.client.display_name, 'V.W.');
    assert.equal(exported.client.consent.scope, 'Gesprekken over werk');
    assert.ok(Array.isArray(exported.plans) && Array.isArray(exported.audit));

    // Erasure asks first; "no" keeps the client.
    page.once('dialog', (d) => d.dismiss());
    await page.getByRole('button', { name: 'Wis deze cliënt' }).click();
    assert.equal(await page.locator('main h1').textContent(), 'V.W.');
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Wis deze cliënt' }).click();
    await page.locator('main .notice', { hasText: 'V.W. is gewist, met alle plannen en links.' }).waitFor();
    await page.locator('main h1', { hasText: 'Cliënten' }).waitFor();
    const status = await page.evaluate(async (clientId) => (await fetch(`../api/v1/clients/${clientId}`)).status, id);
    assert.equal(status, 404);
    assert.equal(await page.locator('.client-card', { hasText: 'V.W.' }).count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

// Samira's skills (forklift driving, order picking, stock keeping) are part of no job here: the
// routes for her as a client say so once above the cards, as the job seeker app does.
const SAMIRA = JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests/personas/samira-heftruck-rotterdam.json'), 'utf8')).profile;
const SKILLS_SAID = {
  nl: 'Wat je goed kunt ("heftruck rijden", "orderpicken" en "voorraadbeheer") hoort bij geen van de beroepen hier.',
  en: 'What you are good at ("heftruck rijden", "orderpicken" and "voorraadbeheer") is not part of any of the jobs here.',
};
for (const language of ['nl', 'en']) {
  test(`skills no job asks are said once above a client's routes (${language})`, { timeout: 120_000 }, async () => {
    const user = await addCounsellor(env, { org: `client-skills-${language}-${process.pid}-${Date.now()}` });
    const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      if (language === 'en') await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
      const { id, csrf } = await withClient(page, user, 'S.A.');
      const status = await page.evaluate(async ({ clientId, token, profile }) => (await fetch(`../api/v1/clients/${clientId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify({ profile }),
      })).status, { clientId: id, token: csrf, profile: SAMIRA });
      assert.equal(status, 200);
      await page.evaluate((clientId) => { location.hash = `#/client/${clientId}/routes`; }, id);
      await page.locator('.route-card').first().waitFor({ timeout: 60_000 });
      const notes = await page.locator('main .skills-note').allInnerTexts();
      assert.deepEqual(notes.map((n) => n.trim()), [SKILLS_SAID[language]]);
      const cards = await page.locator('.route-card').allInnerTexts();
      for (const card of cards) assert.ok(!card.includes('heftruck rijden'), `a card repeats the skills:\n${card.slice(0, 300)}`);
      await expectClean(page, `routes with the skills note (${language})`);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
