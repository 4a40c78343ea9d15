// §4 Errors where they happen, in the person's language: every field is checked as the server
// checks it, at the step that asks for it, in Dutch or English; nothing typed is cut or cleared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage, open, axeViolations, formatViolations } from './lib/harness.mjs';

const env = useBrowser();

/** Leaves the field with Tab and returns the field's error text ('' when none is shown). */
async function errorAfterLeaving(page, id) {
  await page.locator(`#${id}`).focus();
  await page.keyboard.press('Tab');
  const error = page.locator(`#${id}-error`);
  return (await error.isVisible()) ? (await error.textContent()).trim() : '';
}

async function useEnglish(context) {
  await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
}

test('a long job text is refused at step 1, not cut', { timeout: 45_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, height: 740 });
  try {
    await open(env, page, '#/profiel/1');
    const long = 'heftruckchauffeur '.repeat(12); // 216 characters
    await page.locator('#f-occupation').fill(long);
    assert.match(await errorAfterLeaving(page, 'f-occupation'), /te lang.*200 tekens/);
    assert.equal(await page.locator('#f-occupation').inputValue(), long, 'nothing cut');
    await page.getByRole('button', { name: 'Volgende' }).click();
    assert.match(page.url(), /#\/profiel\/1$/, 'stays at the question');
    await page.locator('#f-occupation').fill('heftruckchauffeur');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.locator('.step-title', { hasText: 'Stap 2 van 6' }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('an unknown postcode is said at step 3, and the postcode is never sent', { timeout: 45_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, height: 740, bypassCSP: true });
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  try {
    await open(env, page, '#/profiel/3');
    await page.locator('#f-postcode').fill('1000');
    assert.equal(await errorAfterLeaving(page, 'f-postcode'), 'Deze postcode kennen we niet. Kijk of de cijfers kloppen.');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    await page.getByRole('button', { name: 'Volgende' }).click();
    assert.match(page.url(), /#\/profiel\/3$/);
    await page.locator('#f-postcode').fill('3071');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.locator('.step-title', { hasText: 'Stap 4 van 6' }).waitFor();
    assert.deepEqual(urls.filter((u) => /1000|3071/.test(new URL(u).search + new URL(u).pathname)), [],
      'the postcode went to the server');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('hours: "32,5" is refused with a message, "32 uur" is read as 32; Dutch and English', { timeout: 60_000 }, async () => {
  for (const lang of ['nl', 'en']) {
    const { context, page } = await newPage(env, { width: 375, height: 740 });
    try {
      if (lang === 'en') await useEnglish(context);
      await open(env, page, '#/profiel/4');
      await page.locator('#f-hours').fill('32,5');
      const message = await errorAfterLeaving(page, 'f-hours');
      assert.equal(message, lang === 'nl'
        ? 'Vul hele uren in, zonder komma. Bijvoorbeeld 32 of 33.'
        : 'Enter whole hours, without a decimal. For example 32 or 33.');
      assert.equal(await page.locator('#f-hours').inputValue(), '32,5', 'never cut to 32');
      await page.locator('#f-hours').fill('32 uur');
      await page.locator('#f-budget').fill('1.500');
      await page.getByRole('button', { name: lang === 'nl' ? 'Volgende' : 'Next' }).click();
      await page.locator('.step-title', { hasText: lang === 'nl' ? 'Stap 5 van 6' : 'Step 5 of 6' }).waitFor();
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('padvinder.profile')));
      assert.equal(stored.hours_per_week, 32);
      assert.equal(stored.budget_eur, 1500);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  }
});

test('Escape in the job field closes the list and never clears what was typed', { timeout: 45_000 }, async () => {
  const { context, page } = await newPage(env);
  try {
    await open(env, page, '#/profiel/1');
    await page.locator('#f-occupation').pressSequentially('heftruck', { delay: 30 });
    await page.locator('.combo-list:not([hidden]) [role="option"]').first().waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.getAttribute('#f-occupation', 'aria-expanded'), 'false');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#f-occupation').inputValue(), 'heftruck');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('server field errors are in the screen\'s language, never English inside Dutch', { timeout: 60_000 }, async () => {
  const profile = { situation: 'astronaut', hours_per_week: 80, current_occupation: 'lasser' };
  for (const lang of ['nl', 'en']) {
    const { context, page } = await newPage(env, { profile });
    try {
      if (lang === 'en') await useEnglish(context);
      await open(env, page, '#/routes');
      const box = page.locator('.results [role="alert"]');
      await box.waitFor({ timeout: 30_000 });
      const text = await box.textContent();
      if (lang === 'nl') {
        assert.match(text, /"astronaut" is niet een van/);
        assert.match(text, /Vul een heel getal in van 1 tot 60/);
        for (const english of ['is not one of', 'should be', 'whole number']) assert.doesNotMatch(text, new RegExp(english), text);
      } else {
        assert.match(text, /"astronaut" is not one of/);
        assert.match(text, /Enter a whole number from 1 to 60/);
        assert.doesNotMatch(text, /niet een van|heel getal/, text);
      }
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  }
});

test('a link the app does not have opens a readable page with a way back, in Dutch and English', { timeout: 60_000 }, async () => {
  for (const lang of ['nl', 'en']) {
    const { context, page } = await newPage(env, { width: 375, height: 740, bypassCSP: true });
    try {
      const response = await page.goto(`${env.url}/oude/link/naar/een-route${lang === 'en' ? '?lang=en' : ''}`);
      assert.equal(response.status(), 404);
      assert.match(response.headers()['content-type'], /^text\/html/);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      assert.equal((await page.locator('main h1').textContent()).trim(),
        lang === 'nl' ? 'Deze pagina bestaat niet' : 'This page does not exist');
      assert.doesNotMatch(await page.locator('body').textContent(), /een-route|api\/v1|problem/, 'no path or developer words');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations(violations));
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, 'fits a phone');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.locator('main h1').first().waitFor();
      assert.equal(new URL(page.url()).pathname, '/');
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  }
});
