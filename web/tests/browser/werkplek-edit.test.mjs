// Editing in the counsellor workspace (issue 11 §3, §4 and §7): a client's name, status and
// next review date from the client page, and a plan's status, review date, chosen courses and
// notes from the plan page, with the keyboard only; errors at the field in Dutch and English,
// the page's own checks and the server's; axe and 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage } from './lib/harness.mjs';
import { addCounsellor, openWorkspace, logIn, expectClean, tabTo, fieldError, watchShifts, expectFewShifts, addPlan, apiGet } from './lib/werkplek.mjs';

const env = useBrowser();

const PROFILE = { current_occupation: 'heftruckchauffeur', education_level: 'mbo2', postcode: '3071', max_travel_km: 25 };

/** Logs in; adds a client and a plan (the first route's target) through the API. */
async function withPlan(page, user) {
  await openWorkspace(env, page);
  await logIn(page, user);
  return addPlan(page, PROFILE, { name: 'K.L.', notes: [{ text: 'Eerste notitie' }] });
}

test('a client\'s name, status and review date, changed with the keyboard; errors at the field (nl)', { timeout: 120_000 }, async () => {
  const user = await addCounsellor(env, { org: `edit-${process.pid}-${Date.now()}` });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    const ids = await withPlan(page, user);
    await page.evaluate((id) => { location.hash = `#/client/${id}`; }, ids.client);
    await page.locator('main h1', { hasText: 'K.L.' }).waitFor();
    await page.locator('#client-name').waitFor();
    await expectClean(page, 'client page with its form (nl)');

    // The page's own check: a number that could be a BSN, at the field, focused.
    await page.locator('main h1').focus();
    await tabTo(page, '#client-name', 60);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('K.L. 123456789');
    await page.keyboard.press('Enter');
    assert.deepEqual(await fieldError(page, 'client-name'), {
      text: 'Gebruik geen BSN, geboortedatum of ander nummer. Initialen zijn genoeg.', invalid: true, described: true, focused: true,
    });
    await expectClean(page, 'client form with an error (nl)');

    // The server's check, at the field in Dutch: a control character the page lets through.
    await page.fill('#client-name', 'K.\u0007L.');
    await page.locator('#client-name').press('Enter');
    await page.locator('#client-name-error:not([hidden])', { hasText: 'zonder regeleinden' }).waitFor();
    assert.equal((await fieldError(page, 'client-name')).focused, true);

    // Right: name, status and review date saved.
    await page.fill('#client-name', 'K.L.B.');
    await page.locator('#client-status').focus();
    await page.keyboard.press('ArrowDown'); // actief → gepauzeerd
    await page.fill('#client-review', '2027-03-01');
    await page.getByRole('button', { name: 'Opslaan' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('main .notice', { hasText: 'De gegevens van de cliënt zijn opgeslagen.' }).waitFor();
    await page.locator('main h1', { hasText: 'K.L.B.' }).waitFor();
    const saved = await apiGet(page, `clients/${ids.client}`);
    assert.equal(saved.display_name, 'K.L.B.');
    assert.equal(saved.status, 'gepauzeerd');
    assert.equal(saved.review_on, '2027-03-01');
    assert.equal(await page.inputValue('#client-status'), 'gepauzeerd');
    assert.match(await page.locator('main .facts').first().textContent(), /gepauzeerd/);
    // Clearing the review date clears it (the page is drawn again: wait for the new one).
    await page.locator('main .view').evaluate((v) => { v.dataset.old = 'yes'; });
    await page.fill('#client-review', '');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.locator('main .view:not([data-old]) .notice', { hasText: 'De gegevens van de cliënt zijn opgeslagen.' }).waitFor();
    assert.equal((await apiGet(page, `clients/${ids.client}`)).review_on, null);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a plan\'s status, review date, courses and notes, changed with the keyboard; errors at the field (nl)', { timeout: 120_000 }, async () => {
  const user = await addCounsellor(env, { org: `edit-plan-${process.pid}-${Date.now()}` });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    const ids = await withPlan(page, user);
    await page.evaluate((id) => { location.hash = `#/plan/${id}`; }, ids.plan);
    await page.locator('main h1', { hasText: ids.title }).waitFor();
    await page.locator('#plan-status').waitFor();
    const boxes = page.locator('input[id^="plan-course-"]');
    const count = await boxes.count();
    assert.ok(count >= 1, 'the route\'s courses to choose from');
    const checked = await boxes.evaluateAll((els) => els.filter((e) => e.checked).map((e) => e.value));
    assert.deepEqual(checked, ids.courses, 'ticked as the plan has them');
    assert.equal(await page.inputValue('#note-0'), 'Eerste notitie');
    assert.equal(await page.isChecked('#note-0-private'), true);
    await expectClean(page, 'plan page with its form (nl)');

    // An empty new note: the page says so at the note, focused.
    await page.locator('main h1').focus();
    await tabTo(page, '.note-list + button', 80); // Notitie toevoegen
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'note-1');
    await page.getByRole('button', { name: 'Opslaan' }).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await fieldError(page, 'note-1'), {
      text: 'Schrijf de notitie, of verwijder hem.', invalid: true, described: true, focused: true,
    });
    await expectClean(page, 'plan form with an error (nl)');

    // Written, shown on the shared plan (unticked); the first note removed; a course unticked;
    // status and review date.
    await page.keyboard.type('Intake bij de school in maart');
    await page.locator('#note-1-private').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Verwijder notitie 1' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.note-list li').count(), 1);
    assert.equal(await page.locator('label[for="note-1"]').textContent(), 'Notitie 1', 'numbered again');
    const first = boxes.first();
    const firstId = await first.getAttribute('value');
    await first.focus();
    await page.keyboard.press('Space');
    await page.selectOption('#plan-status', 'gestart');
    await page.fill('#plan-review', '2027-04-15');
    await page.getByRole('button', { name: 'Opslaan' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('main .notice', { hasText: 'Het plan is opgeslagen.' }).waitFor();
    const saved = await apiGet(page, `plans/${ids.plan}`);
    assert.equal(saved.status, 'gestart');
    assert.equal(saved.review_on, '2027-04-15');
    assert.deepEqual(saved.notes, [{ text: 'Intake bij de school in maart', private: false }]);
    assert.ok(!saved.courses.includes(firstId), `${firstId} unticked: ${saved.courses}`);
    assert.deepEqual(saved.courses, ids.courses.filter((c) => c !== firstId));
    // Drawn again from the server: as saved.
    assert.equal(await page.inputValue('#plan-status'), 'gestart');
    assert.equal(await page.inputValue('#note-0'), 'Intake bij de school in maart');
    assert.equal(await page.isChecked('#note-0-private'), false);
    assert.equal(await boxes.first().isChecked(), false);
    await expectClean(page, 'plan page after saving (nl)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the client and plan forms in English, with the server\'s error in English; layout shift <= 0.1 while the client page loads', { timeout: 120_000 }, async () => {
  const user = await addCounsellor(env, { org: `edit-en-${process.pid}-${Date.now()}` });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    // Not on about:blank (where the shift measurement starts), which has no storage.
    await context.addInitScript(() => { if (location.protocol === 'http:') localStorage.setItem('padvinder.lang', 'en'); });
    await context.addInitScript(watchShifts);
    const ids = await withPlan(page, user);
    await page.goto('about:blank');
    await page.goto(`${env.url}/werkplek/#/client/${ids.client}`, { waitUntil: 'domcontentloaded' });
    await page.locator('#client-name').waitFor();
    await expectFewShifts(page, 'client page with its form at 375 px');
    await page.evaluate((id) => { location.hash = `#/client/${id}`; }, ids.client);
    await page.locator('#client-name').waitFor();
    await page.fill('#client-name', '');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.equal((await fieldError(page, 'client-name')).text, 'Enter a name or initials.');
    await page.fill('#client-name', 'K.\u0007L.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#client-name-error:not([hidden])', { hasText: 'without line breaks' }).waitFor();
    await expectClean(page, 'client form with the server\'s error (en)');

    await page.evaluate((id) => { location.hash = `#/plan/${id}`; }, ids.plan);
    await page.locator('#plan-status').waitFor();
    await page.getByRole('button', { name: 'Add a note' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    assert.equal((await fieldError(page, 'note-1')).text, 'Write the note, or remove it.');
    await expectClean(page, 'plan form with an error (en)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a plan\'s courses step by step: a step\'s course or one alternative, not both (nl)', { timeout: 120_000 }, async () => {
  const user = await addCounsellor(env, { org: `edit-steps-${process.pid}-${Date.now()}` });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    await openWorkspace(env, page);
    await logIn(page, user);
    // Kraanmachinist: one step, its course with one alternative ("in plaats van").
    const ids = await addPlan(page, PROFILE, { target: 'kraanmachinist' });
    await page.evaluate((id) => { location.hash = `#/plan/${id}`; }, ids.plan);
    const step = page.locator('fieldset.course-step').first();
    await step.waitFor();
    assert.equal(await step.locator('legend').textContent(), 'Stap 1');
    assert.equal(await step.locator('input[type="checkbox"]').count(), 2);
    assert.match(await page.locator('#plan-courses-hint').textContent(), /^Vink per stap aan welke opleiding de cliënt gaat doen: de opleiding van de route of één alternatief ervoor\./);
    await expectClean(page, 'plan courses by step (nl)');

    // Both ticked: refused at the courses, focus on the step's first box, nothing sent.
    const before = await apiGet(page, `plans/${ids.plan}`);
    await step.locator('input').nth(0).check();
    await step.locator('input').nth(1).check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    assert.equal(await page.locator('#plan-courses-error').textContent(), 'Kies bij stap 1 één opleiding: de opleiding van de route of één alternatief.');
    assert.equal(await page.evaluate(() => document.activeElement.id), await step.locator('input').nth(0).getAttribute('id'));
    assert.deepEqual((await apiGet(page, `plans/${ids.plan}`)).courses, before.courses);
    await expectClean(page, 'plan courses with an error (nl)');

    // The alternative alone: saved.
    await step.locator('input').nth(0).uncheck();
    const alternative = await step.locator('input').nth(1).getAttribute('value');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.locator('main .notice', { hasText: 'Het plan is opgeslagen.' }).waitFor();
    assert.deepEqual((await apiGet(page, `plans/${ids.plan}`)).courses, [alternative]);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
