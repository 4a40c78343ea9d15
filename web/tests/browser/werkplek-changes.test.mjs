// Change alerts in the counsellor workspace (issue 11 §5 and §7): plans saved against one
// catalogue, the catalogue changed (a course's duration, in this file's own copy of paths/) and
// read again; the caseload shows a badge at the client, the client page at the plan, the plan
// page lists the change in plain Dutch or English, and the counsellor marks it seen with the
// keyboard only, after which every badge is gone. Axe and 375 px in nl and en, and layout shift
// <= 0.1 while the plan page with its changes loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { useBrowser, newPage } from './lib/harness.mjs';
import { addCounsellor, openWorkspace, logIn, expectClean, tabTo, watchShifts, expectFewShifts, addPlan, apiSend } from './lib/werkplek.mjs';

// Its own server: this file changes the catalogue that server reads.
const env = useBrowser({ ownData: true });

const PROFILE = { current_occupation: 'heftruckchauffeur', postcode: '3071', hours_per_week: 32 };
const DURATION = {
  nl: 'De duur van "Timmerman" is veranderd: was 104 weken, nu 78 weken.',
  en: 'The duration of "Timmerman" has changed: was 104 weeks, now 78 weeks.',
};

/** Replaces `from` by `to` in course `id`'s record (the first time after its id line). */
async function editCourse(file, id, from, to) {
  const text = await readFile(file, 'utf8');
  const at = text.indexOf(`id = "${id}"\n`);
  assert.ok(at >= 0, `${id} in ${file}`);
  const offset = text.indexOf(from, at);
  assert.ok(offset >= 0, `${from} in the record of ${id}`);
  await writeFile(file, text.slice(0, offset) + to + text.slice(offset + from.length));
}

/**
 * Logs in and saves a plan to Timmerman with the Timmerman course for a new client, and a second
 * plan to a route that does not pass the course the test changes: nothing changes on it.
 */
async function withPlan(page, user, name) {
  await openWorkspace(env, page);
  await logIn(page, user);
  const ids = await addPlan(page, PROFILE, { name, target: 'timmerman', courses: ['mbo-25829'], notes: [] });
  const match = await apiSend(page, 'POST', 'match?limit=20', PROFILE);
  const other = match.routes.find((r) => r.target.id !== 'timmerman' && !JSON.stringify(r).includes('mbo-25829'));
  const still = other ? await apiSend(page, 'POST', `clients/${ids.client}/plans`, { target: other.target.id }) : null;
  return { ...ids, unchanged: still?.id };
}

/** The plan's changes as the API gives them, asked until some are there (they are compared off the request path). */
async function waitForChanges(page, plan) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const answer = await page.evaluate(async (id) => (await fetch(`../api/v1/plans/${id}/changes`)).json(), plan);
    if (answer.changes?.length) return answer;
    await page.waitForTimeout(500);
  }
  return assert.fail('no changes on the plan 90 s after the reload');
}

const saved = {};

test('a changed catalogue: badges on the caseload and the client, the change in words, marked seen with the keyboard (nl)', { timeout: 240_000 }, async () => {
  // Two organisations' plans, saved before the catalogue changes (the English test reads the second).
  for (const language of ['nl', 'en']) {
    const user = await addCounsellor(env, { org: `changes-${language}-${process.pid}-${Date.now()}` });
    const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      if (language === 'en') await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
      saved[language] = { user, ...(await withPlan(page, user, language === 'nl' ? 'T.M.' : 'E.N.')) };
    } finally {
      await context.close();
    }
  }

  // Before the change: nothing new on the plan page.
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    const ids = saved.nl;
    await openWorkspace(env, page, `#/plan/${ids.plan}`);
    await logIn(page, ids.user, '.plan-changes');
    assert.equal(await page.locator('.plan-changes .badge-changed').count(), 0);
    assert.doesNotMatch(await page.locator('.plan-changes').textContent(), /Timmerman/);
    // Not compared yet: one sentence that says so, and no "nothing changed" next to it.
    assert.equal(await page.locator('.changes-body').textContent(), 'Nog niet vergeleken met de catalogus van nu.');
    await expectClean(page, 'plan page without changes (nl)');

    // Timmerman now takes 78 weeks instead of 104; the server reads the catalogue again.
    await editCourse(path.join(env.data, 'courses/bouw.toml'), 'mbo-25829', 'duration_weeks = 104', 'duration_weeks = 78');
    await env.reload();
    const listed = await waitForChanges(page, ids.plan);
    assert.ok(listed.unseen >= 1, JSON.stringify(listed));

    // Compared, nothing changed: one sentence with the day it was compared.
    assert.ok(ids.unchanged, 'a route without the changed course');
    for (let i = 0; i < 60; i += 1) {
      const answer = await page.evaluate(async (id) => (await fetch(`../api/v1/plans/${id}/changes`)).json(), ids.unchanged);
      if (answer.checked_on) break;
      await page.waitForTimeout(500);
    }
    await page.goto(`${env.url}/werkplek/#/plan/${ids.unchanged}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.changes-body').waitFor();
    assert.match(await page.locator('.changes-body').textContent(),
      /^Niets veranderd: bij de laatste vergelijking, op \d{1,2} \S+ \d{4}, waren de opleidingen, kosten en subsidieregels van dit plan nog hetzelfde\.$/);
    await expectClean(page, 'plan page, compared, nothing changed (nl)');

    // The caseload: a badge at the client.
    await page.goto(`${env.url}/werkplek/#/`, { waitUntil: 'domcontentloaded' });
    const card = page.locator('.client-card', { hasText: 'T.M.' });
    await card.waitFor();
    assert.equal(await card.locator('.badge-changed').textContent(), '1 plan is veranderd');
    await expectClean(page, 'caseload with a changed plan (nl)');

    // The client page: the number of new changes at the plan.
    await card.getByRole('link', { name: 'T.M.' }).click();
    await page.locator('main h1', { hasText: 'T.M.' }).waitFor();
    const planCard = page.locator('main .card', { hasText: ids.title });
    await planCard.waitFor();
    const badge = listed.unseen === 1 ? '1 nieuwe wijziging' : `${listed.unseen} nieuwe wijzigingen`;
    assert.equal(await planCard.locator('.badge-changed').textContent(), badge);
    await expectClean(page, 'client page with a changed plan (nl)');

    // The plan page: the change in plain words, new, and the button to mark it seen.
    await planCard.getByRole('link', { name: ids.title }).click();
    const section = page.locator('.plan-changes');
    await section.waitFor();
    const words = await section.textContent();
    assert.ok(words.includes(DURATION.nl), words);
    assert.match(words, listed.unseen === 1 ? /1 wijziging is nog niet gezien\./ : /\d+ wijzigingen zijn nog niet gezien\./);
    assert.equal(await section.locator('.change-new .badge-changed').first().textContent(), 'nieuw');
    await expectClean(page, 'plan page with changes (nl)');

    // With the keyboard only: from the page's heading to the button, Enter.
    await page.locator('main h1').focus();
    await tabTo(page, '.plan-changes button', 40);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Markeer als gezien');
    await page.keyboard.press('Enter');
    await section.locator('p', { hasText: 'Alle wijzigingen zijn gezien.' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'changes-title', 'focus on the section after marking');
    assert.equal(await section.locator('button').count(), 0);
    assert.equal(await section.locator('.badge-changed').count(), 0);
    assert.ok((await section.textContent()).includes(DURATION.nl), 'a seen change stays listed');
    await page.locator('#live-status', { hasText: 'De wijzigingen zijn gemarkeerd als gezien.' }).waitFor({ state: 'attached' });
    await expectClean(page, 'plan page with seen changes (nl)');

    // Every badge is gone: the caseload's too.
    await page.goto(`${env.url}/werkplek/#/`, { waitUntil: 'domcontentloaded' });
    await card.waitFor();
    assert.equal(await card.locator('.badge-changed').count(), 0);
    const after = await page.evaluate(async (id) => (await fetch(`../api/v1/plans/${id}`)).json(), ids.plan);
    assert.equal(after.unseen_changes, 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the changes in English; layout shift <= 0.1 while the plan page loads', { timeout: 120_000 }, async () => {
  const ids = saved.en;
  assert.ok(ids, 'the first test saved the English plan');
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    // Not on about:blank (where the shift measurement starts), which has no storage.
    await context.addInitScript(() => { if (location.protocol === 'http:') localStorage.setItem('padvinder.lang', 'en'); });
    await context.addInitScript(watchShifts);
    await openWorkspace(env, page);
    await logIn(page, ids.user);
    await waitForChanges(page, ids.plan);
    await page.goto('about:blank');
    await page.goto(`${env.url}/werkplek/#/plan/${ids.plan}`, { waitUntil: 'domcontentloaded' });
    const section = page.locator('.plan-changes');
    await section.waitFor();
    await page.locator('.plan-route .path-sources .sources li').first().waitFor();
    await expectFewShifts(page, 'plan page with changes at 375 px');

    const words = await section.textContent();
    assert.ok(words.includes(DURATION.en), words);
    assert.match(words, /not been seen yet\./);
    assert.equal(await section.locator('.change-new .badge-changed').first().textContent(), 'new');
    await expectClean(page, 'plan page with changes (en)');
    await page.getByRole('button', { name: 'Mark as seen' }).focus();
    await page.keyboard.press('Enter');
    await section.locator('p', { hasText: 'All changes have been seen.' }).waitFor();
    await expectClean(page, 'plan page with seen changes (en)');

    // The client's readable record asks the export in English: the change in English, not a
    // Dutch sentence marked lang="nl"; only the Dutch title it quotes is marked.
    await page.evaluate((id) => { location.hash = `#/client/${id}/gegevens`; }, ids.client);
    await page.locator('main h1', { hasText: 'All data about E.N.' }).waitFor();
    const change = page.locator('.record-plans li li', { hasText: 'The duration of' });
    await change.waitFor();
    assert.ok((await change.textContent()).includes(DURATION.en), await change.textContent());
    assert.equal(await change.locator('[lang="nl"]', { hasText: 'The duration of' }).count(), 0, 'the English sentence is not marked Dutch');
    assert.deepEqual(await change.locator('[lang="nl"]').allTextContents(), ['Timmerman']);
    await expectClean(page, 'client record with changes (en)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
