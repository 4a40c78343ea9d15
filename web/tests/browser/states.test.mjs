// 9. Empty and error states: nothing found, the server out of reach, answers the server refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage, open, go, waitForRoutes } from './lib/harness.mjs';

const env = useBrowser();
const API = '**/api/v1/**';
const NETWORK_TITLE = 'We kunnen padvinder nu niet bereiken';

async function liveSays(page, regionId, pattern) {
  await page.waitForFunction(([id, src]) => new RegExp(src).test(document.getElementById(id).textContent),
    [regionId, pattern.source]);
}

test('empty state: a match without routes says so and tells what to try', { timeout: 45_000 }, async () => {
  const { context, page } = await newPage(env, { profile: { interests: ['kantklossen'], max_travel_km: 5, postcode: '3071' } });
  try {
    // The server always finds something for this catalogue, so the answer is the empty one.
    await page.route('**/api/v1/match**', (r) => r.fulfill({
      status: 200, contentType: 'application/json', body: JSON.stringify({ resolved_occupation: null, routes: [] }),
    }));
    await open(env, page, '#/routes');
    const none = page.locator('.results section.notice', { has: page.getByRole('heading', { name: 'We vonden geen routes' }) });
    await none.waitFor();
    assert.match(await none.textContent(), /Probeer dit: kies een grotere reisafstand/);
    assert.equal(await none.getByRole('link', { name: 'Profiel aanpassen' }).getAttribute('href'), '#/profiel');
    assert.equal(await none.getByRole('link', { name: 'Bekijk alle ontwikkelpaden' }).getAttribute('href'), '#/paden');
    assert.equal(await page.locator('.route-card').count(), 0);
    await liveSays(page, 'live-status', /We vonden geen routes/);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('interests that match nothing (real server): still a helpful answer, no error', { timeout: 45_000 }, async () => {
  const { context, page } = await newPage(env, { profile: { interests: ['kantklossen'] } });
  try {
    await open(env, page, '#/routes');
    await waitForRoutes(page);
    assert.equal(await page.locator('.notice-error').count(), 0, 'an error instead of an answer');
    const cards = page.locator('.route-card');
    if (await cards.count() === 0) {
      // The empty state: what to try and where to go.
      const text = await page.locator('.results').textContent();
      assert.match(text, /We vonden geen routes/);
      assert.match(text, /Probeer dit/);
      assert.equal(await page.locator('.results a[href="#/profiel"]').count(), 1);
    } else {
      // Routes: each one explains itself, none claims the interest that nothing matched.
      for (let i = 0; i < await cards.count(); i += 1) {
        const why = cards.nth(i).locator('p.why');
        assert.equal(await why.count(), 1, `route ${i} has no explanation`);
        assert.ok((await why.textContent()).length > 30);
        assert.doesNotMatch(await cards.nth(i).textContent(), /kantklossen/);
      }
      assert.match(await page.locator('.results p.count').textContent(), /We vonden \d+ routes?/);
      assert.equal(await page.locator('.profile-summary a[href="#/profiel"]').count(), 1, 'no way back to change the profile');
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('server unreachable: search shows the "cannot reach" state and recovers with "Probeer opnieuw"', { timeout: 45_000 }, async () => {
  const { context, page } = await newPage(env);
  try {
    await open(env, page, '#/');
    await page.route(API, (r) => r.abort('connectionrefused'));
    await page.locator('#q').pressSequentially('elektricien', { delay: 30 });
    const box = page.locator('.search [role="alert"]');
    await box.waitFor();
    assert.equal(await box.getByRole('heading').textContent(), NETWORK_TITLE);
    assert.match(await box.textContent(), /probeer het opnieuw/i);
    assert.equal(await page.locator('#search-results li').count(), 0);
    assert.equal((await page.locator('#search-count').textContent()).trim(), '', 'the count line still says "Zoeken…"');
    // The server is back: "Probeer opnieuw" gets the results.
    await page.unroute(API);
    await box.getByRole('button', { name: 'Probeer opnieuw' }).click();
    await page.locator('#search-results li.hit').first().waitFor();
    assert.equal(await page.locator('.search [role="alert"]').count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('server unreachable: routes and catalogue show the "cannot reach" state', { timeout: 45_000 }, async () => {
  const { context, page } = await newPage(env, { profile: { interests: ['zonnepanelen'], postcode: '3071' } });
  try {
    await page.route(API, (r) => r.abort('connectionrefused'));
    await open(env, page, '#/routes');
    const box = page.locator('.results [role="alert"]');
    await box.waitFor();
    assert.equal(await box.getByRole('heading').textContent(), NETWORK_TITLE);
    assert.equal(await page.locator('.route-card').count(), 0);

    await go(page, '#/paden');
    const pathsBox = page.locator('main [role="alert"]');
    await pathsBox.waitFor();
    assert.equal(await pathsBox.getByRole('heading').textContent(), NETWORK_TITLE);

    // Back on line: "Probeer opnieuw" on the routes page finds routes.
    await go(page, '#/routes');
    await box.waitFor();
    await page.unroute(API);
    await box.getByRole('button', { name: 'Probeer opnieuw' }).click();
    await page.locator('.route-card').first().waitFor({ timeout: 30_000 });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a profile the server refuses (hours 80): field error with a link to the question', { timeout: 45_000 }, async () => {
  const { context, page } = await newPage(env, { profile: { hours_per_week: 80 } });
  try {
    await open(env, page, '#/routes');
    const box = page.locator('.results [role="alert"]');
    await box.waitFor({ timeout: 30_000 });
    assert.equal(await box.getByRole('heading').textContent(), 'Een paar antwoorden kloppen nog niet');
    const item = box.locator('li', { hasText: 'Uren per week' });
    assert.match(await item.textContent(), /Vul een heel getal in van 1 tot 60/);
    const fix = item.getByRole('link', { name: 'Pas aan' });
    assert.equal(await fix.getAttribute('href'), '#/profiel/4');
    assert.equal(await box.getByRole('button', { name: 'Probeer opnieuw' }).count(), 0, 'retrying the same answers is pointless');
    await fix.click();
    await page.locator('.step-title', { hasText: 'Stap 4 van 6' }).waitFor();
    const error = page.locator('#f-hours-error');
    assert.equal(await error.isVisible(), true, 'step 4 does not show the server\'s error at the hours field');
    assert.match(await error.textContent(), /1 tot 60/);
    assert.equal(await page.getAttribute('#f-hours', 'aria-invalid'), 'true');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('invalid postcode: said when leaving the field, and "Volgende" stays on the step', { timeout: 30_000 }, async () => {
  const { context, page } = await newPage(env);
  try {
    await open(env, page, '#/profiel/3');
    await page.fill('#f-postcode', '307');
    await page.keyboard.press('Tab');
    const error = page.locator('#f-postcode-error');
    await error.waitFor();
    assert.match(await error.textContent(), /Dit is geen goede postcode/);
    assert.equal(await page.getAttribute('#f-postcode', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#f-postcode', 'aria-describedby'), /f-postcode-error/);
    await page.getByRole('button', { name: 'Volgende' }).click();
    await liveSays(page, 'live-alert', /Kijk nog even naar je antwoord/);
    assert.match(page.url(), /#\/profiel\/3$/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-postcode');
    // Fixed: the person corrects the postcode and clicks "Volgende" straight away (the focus is
    // still in the field). One click must be enough to move on.
    await page.fill('#f-postcode', '3071 ab');
    await page.getByRole('button', { name: 'Volgende' }).click();
    const moved = await page.waitForFunction(() => location.hash === '#/profiel/4', null, { timeout: 3_000 })
      .then(() => true, () => false);
    assert.ok(moved, 'one click on "Volgende" after correcting the postcode did not move on: the error text under '
      + 'the label disappears on blur (mousedown), the button jumps up and the click lands beside it');
    await page.locator('.step-title', { hasText: 'Stap 4 van 6' }).waitFor();
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('padvinder.profile')));
    assert.equal(stored.postcode, '3071 AB');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a record that does not exist: the page heading and tab title say "Niet gevonden"', { timeout: 30_000 }, async () => {
  const { context, page } = await newPage(env);
  try {
    for (const hash of ['#/paden/nope', '#/functie/nope', '#/opleiding/nope']) {
      await open(env, page, hash);
      await page.locator('main [role="alert"]').waitFor();
      assert.equal(await page.locator('h1').textContent(), 'Niet gevonden', hash);
      assert.match(await page.title(), /^Niet gevonden – padvinder/, hash);
      assert.equal(await page.locator('main a[href="#/paden"]').count(), 1, `${hash}: one way back, not two`);
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('search text without a letter or digit finds nothing, not the whole catalogue', { timeout: 30_000 }, async () => {
  const { context, page } = await newPage(env);
  try {
    await open(env, page, '#/');
    await page.fill('#q', '🔧🔧');
    await page.locator('#search-count', { hasText: 'Niets gevonden' }).waitFor();
    assert.equal(await page.locator('#search-results li').count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a postcode the server does not know: our words once, not the server summary again', { timeout: 45_000 }, async () => {
  const { context, page } = await newPage(env, { profile: { postcode: '1001', current_occupation: 'lasser' } });
  try {
    await open(env, page, '#/routes');
    const box = page.locator('.results [role="alert"]');
    await box.waitFor({ timeout: 30_000 });
    const text = await box.textContent();
    assert.match(text, /Postcode/);
    assert.doesNotMatch(text, /Melding van de server/, text);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('"Wis mijn gegevens" says it worked and forgets the search too', { timeout: 30_000 }, async () => {
  const { context, page } = await newPage(env, { profile: { current_occupation: 'lasser' } });
  try {
    await open(env, page, '#/');
    await page.fill('#q', 'techniek');
    await liveSays(page, 'live-status', /resultaten|resultaat/);
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Wis mijn gegevens' }).click();
    await liveSays(page, 'live-alert', /gewist/);
    await page.locator('#q').waitFor();
    assert.equal(await page.inputValue('#q'), '');
    assert.equal(await page.evaluate(() => localStorage.getItem('padvinder.profile')), null);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
