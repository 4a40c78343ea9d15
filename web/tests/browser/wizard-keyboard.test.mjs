// 3. The same journey with the keyboard only: Tab, Shift+Tab, Enter, Space and the arrow keys
// (plus typing text). Every element reached with Tab must show a visible focus indicator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage, open, waitForRoutes, waitForRouteDetail, focusInfo } from './lib/harness.mjs';
import { assertStoredPersona, assertRouteCards, assertRouteDetail } from './lib/routes-checks.mjs';

const env = useBrowser();

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `want`, at most `max` times.
 * Each element passed on the way must have a visible focus indicator.
 */
async function tabTo(page, want, { back = false, max = 40, label = '' } = {}) {
  const seen = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focusInfo(page);
    seen.push(f.desc);
    assert.ok(f.visible, `no visible focus on ${f.desc} (${f.style})`);
    if (want(f)) return f;
  }
  throw new Error(`${label || 'target'} not reached with ${back ? 'Shift+Tab' : 'Tab'}; passed: ${seen.join(' → ')}`);
}

async function stepIs(page, n) {
  await page.waitForFunction((k) => document.querySelector('.step-title')?.textContent.includes(`Stap ${k} van 6`)
    && document.activeElement === document.querySelector('.step-title'), n);
}

/** Arrow Down/Up on a focused select until it has `value` (closed select, as on Linux/Windows). */
async function arrowSelect(page, value) {
  for (let i = 0; i < 15; i += 1) {
    if (await page.evaluate(() => document.activeElement.value) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await page.evaluate(() => document.activeElement.value), value, 'select did not reach the value with Arrow Down');
}

const isButton = (name) => (f) => f.tag === 'button' && f.text === name;

test('wizard with the keyboard only, with visible focus', { timeout: 90_000 }, async () => {
  const { context, page } = await newPage(env);
  try {
    await open(env, page, '#/');
    // The first Tab reaches the skip link; Enter jumps to the content.
    const skip = await tabTo(page, (f) => f.href === '#main', { max: 1, label: 'skip link' });
    assert.match(skip.text, /Naar de inhoud/);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    await tabTo(page, (f) => f.href === '#/profiel' && /Begin met je profiel/.test(f.text), { label: 'CTA' });
    await page.keyboard.press('Enter');
    await stepIs(page, 1);

    // Step 1: the combobox. Arrow Down through the suggestions, Enter picks.
    await tabTo(page, (f) => f.id === 'f-occupation', { label: 'job input' });
    await page.keyboard.type('heftruck', { delay: 40 });
    await page.waitForFunction(() => document.getElementById('f-occupation').getAttribute('aria-expanded') === 'true');
    let picked = false;
    for (let i = 0; i < 10 && !picked; i += 1) {
      await page.keyboard.press('ArrowDown');
      const active = await page.evaluate(() => {
        const id = document.activeElement.getAttribute('aria-activedescendant');
        return id ? document.getElementById(id).textContent : '';
      });
      picked = /^heftruckchauffeur\b/.test(active);
    }
    assert.ok(picked, 'Arrow Down never reached the suggestion "heftruckchauffeur"');
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue('#f-occupation'), 'heftruckchauffeur');
    assert.match(page.url(), /#\/profiel$/, 'Enter on a suggestion must pick it, not submit the step');
    await tabTo(page, isButton('Volgende'));
    // Shift+Tab goes back to the skills field's "Voeg toe", Tab returns to "Volgende".
    await tabTo(page, isButton('Voeg toe'), { back: true, max: 3 });
    await tabTo(page, isButton('Volgende'), { max: 3 });
    await page.keyboard.press('Enter');

    // Step 2: education with Arrow Down on the select.
    await stepIs(page, 2);
    await tabTo(page, (f) => f.id === 'f-edu');
    await arrowSelect(page, 'mbo2');
    await tabTo(page, isButton('Volgende'));
    await page.keyboard.press('Enter');

    // Step 3: postcode and travel distance.
    await stepIs(page, 3);
    await tabTo(page, (f) => f.id === 'f-postcode');
    await page.keyboard.type('3071');
    await tabTo(page, (f) => f.id === 'f-travel');
    await arrowSelect(page, '25');
    await tabTo(page, isButton('Volgende'));
    await page.keyboard.press('Enter');

    // Step 4: hours; Enter in a text field submits the step.
    await stepIs(page, 4);
    await tabTo(page, (f) => f.id === 'f-hours');
    await page.keyboard.type('32');
    await tabTo(page, isButton('Volgende'));
    await page.keyboard.press('Enter');

    // Step 5: situation, a radio group: arrows move, Space checks.
    await stepIs(page, 5);
    await tabTo(page, (f) => f.type === 'radio', { label: 'situation radios' });
    for (let i = 0; i < 8 && (await page.evaluate(() => document.activeElement.id)) !== 'situation-employed'; i += 1) {
      await page.keyboard.press('ArrowDown');
    }
    assert.equal(await page.evaluate(() => document.activeElement.id), 'situation-employed');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked('#situation-employed'), true);
    await tabTo(page, isButton('Volgende'));
    await page.keyboard.press('Enter');

    // Step 6: interests, checkboxes: Space checks.
    await stepIs(page, 6);
    await tabTo(page, (f) => f.id === 'interests-zonnepanelen', { label: 'Zonnepanelen checkbox' });
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked('#interests-zonnepanelen'), true);
    await tabTo(page, isButton('Toon mijn routes'));
    await page.keyboard.press('Enter');

    await page.waitForFunction(() => location.hash === '#/routes');
    await waitForRoutes(page);
    // Focus went to the results' heading.
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
    await assertStoredPersona(page);
    const result = await assertRouteCards(page);

    // Open the first route with Enter on its link.
    await tabTo(page, (f) => f.href === '#/route/0', { max: 60, label: 'first route link' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/route/0');
    await waitForRouteDetail(page);
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
    await assertRouteDetail(page, result.routes[0], result.slim_texts);

    // The route's subsidy rules open with Enter on "Waarom?".
    if (await page.locator('details.slim-why').count()) {
      await tabTo(page, (f) => f.tag === 'summary' && /^Waarom\?/.test(f.text), { max: 60 });
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('details.slim-why').evaluate((d) => d.open), true);
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('typeahead: after more typing, the keyboard never picks a suggestion for the old text', { timeout: 30_000 }, async () => {
  const { context, page } = await newPage(env);
  try {
    await open(env, page, '#/profiel/1');
    await page.locator('#f-occupation').click();
    await page.keyboard.type('kok');
    await page.waitForFunction(() => document.getElementById('f-occupation').getAttribute('aria-expanded') === 'true');
    await page.keyboard.press('Escape');
    // Type on and press Down + Enter at once, before the new lookup has answered.
    await page.keyboard.type(' heftruck');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // Enter may also submit the step (the list is closed); either way the typed text is kept.
    await page.waitForTimeout(300);
    const kept = await page.evaluate(() => document.getElementById('f-occupation')?.value
      ?? JSON.parse(localStorage.getItem('padvinder.profile') || '{}').current_occupation);
    assert.equal(kept, 'kok heftruck', 'a stale suggestion replaced what was typed');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
