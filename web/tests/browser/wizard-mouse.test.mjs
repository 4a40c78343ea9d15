// 2. The profile questions with the mouse → route cards → one route in detail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage, open, waitForRoutes, waitForRouteDetail } from './lib/harness.mjs';
import { assertStoredPersona, assertRouteCards, assertRouteDetail } from './lib/routes-checks.mjs';

const env = useBrowser();

async function stepIs(page, n) {
  await page.waitForFunction((k) => location.hash === (k === 1 ? '#/profiel' : `#/profiel/${k}`)
    && document.querySelector('.step-title')?.textContent.includes(`Stap ${k} van 6`), n);
}

test('wizard with the mouse: heftruckchauffeur → route cards → route page', { timeout: 90_000 }, async () => {
  const { context, page } = await newPage(env);
  try {
    await open(env, page, '#/');
    await page.getByRole('link', { name: 'Begin met je profiel' }).click();
    await stepIs(page, 1);

    // Step 1: the typeahead; pick the suggestion with the mouse.
    const job = page.getByRole('combobox', { name: /Wat voor werk doe je nu/i });
    await job.click();
    await job.pressSequentially('heftruck', { delay: 40 });
    const option = page.getByRole('option', { name: /^heftruckchauffeur\b/ });
    await option.waitFor();
    assert.equal(await job.getAttribute('aria-expanded'), 'true');
    await option.click();
    assert.equal(await job.inputValue(), 'heftruckchauffeur');
    assert.equal(await job.getAttribute('aria-expanded'), 'false');
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 2: education.
    await stepIs(page, 2);
    await page.getByLabel('Wat is je hoogste diploma?').selectOption('mbo2');
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 3: postcode and travel distance.
    await stepIs(page, 3);
    await page.getByLabel('Je postcode').fill('3071');
    await page.locator('#f-travel').selectOption('25');
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 4: hours.
    await stepIs(page, 4);
    await page.locator('#f-hours').fill('32');
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 5: situation.
    await stepIs(page, 5);
    await page.getByLabel('Ik heb werk in loondienst').check();
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 6: interests; finish.
    await stepIs(page, 6);
    await page.getByLabel('Zonnepanelen').check();
    const matchAnswer = page.waitForResponse((r) => r.url().includes('/api/v1/match'), { timeout: 30_000 });
    await page.getByRole('button', { name: 'Toon mijn routes' }).click();
    assert.equal((await matchAnswer).status(), 200);
    await page.waitForFunction(() => location.hash === '#/routes');
    await waitForRoutes(page);
    await assertStoredPersona(page);

    const summary = await page.locator('.profile-summary').textContent();
    // Interests are shown with the label the wizard gave them (in English: "Solar panels").
    for (const bit of ['heftruckchauffeur', 'mbo niveau 2', '3071', '25 km', '32 uur per week', 'Zonnepanelen']) {
      assert.ok(summary.includes(bit), `profile summary lacks "${bit}": ${summary}`);
    }
    const result = await assertRouteCards(page);

    // Open the first route.
    await page.locator('.route-card').first().getByRole('link', { name: /Bekijk de hele route/ }).click();
    await page.waitForFunction(() => location.hash === '#/route/0');
    await waitForRouteDetail(page);
    await assertRouteDetail(page, result.routes[0], result.slim_texts);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
