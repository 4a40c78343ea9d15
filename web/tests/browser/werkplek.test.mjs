// The counsellor workspace (/werkplek/, issue 11 §7): login with the keyboard only, errors at
// the field in Dutch and English, the lockout message, the caseload, a new client with consent,
// coming back later on the session cookie, logout; no client data in the address or in the
// browser's storage; axe on every page in both languages and nothing wider than a 375 px phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage, axeViolations, formatViolations, overflowingElements } from './lib/harness.mjs';
import { addCounsellor, openWorkspace, tabTo, fieldError, watchShifts } from './lib/werkplek.mjs';

const env = useBrowser();

async function expectClean(page, name) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe violations on ${name}:\n${formatViolations(violations)}`);
}

async function expectFits(page, name) {
  const wide = await overflowingElements(page);
  assert.deepEqual(wide, [], `${name} is wider than the screen`);
}

async function logIn(page, { email, password }) {
  await page.fill('#ws-email', email);
  await page.fill('#ws-password', password);
  await page.getByRole('button', { name: /^(Inloggen|Log in)$/ }).click();
  await page.locator('main h1', { hasText: /^(Cliënten|Clients)$/ }).waitFor();
}

/** What the browser keeps for this origin, and the address: no client data may be in them. */
async function kept(page) {
  return page.evaluate(() => ({
    local: Object.fromEntries(Object.entries(localStorage)),
    session: Object.fromEntries(Object.entries(sessionStorage)),
    url: location.href,
    cookie: document.cookie,
  }));
}

test('login with the keyboard only: errors at the field, then the caseload', { timeout: 60_000 }, async () => {
  const user = await addCounsellor(env);
  const { context, page } = await newPage(env, { width: 375, height: 800 });
  try {
    await openWorkspace(env, page);
    assert.equal(await page.locator('main h1').textContent(), 'Inloggen');
    // The menu is for logged-in counsellors: before login it is not in the tab order.
    assert.equal(await page.locator('#logout').isVisible(), false, 'logout shown before login');
    await tabTo(page, '#ws-email', 12);
    await page.keyboard.press('Enter'); // submits the empty form
    let email = await fieldError(page, 'ws-email');
    assert.equal(email.text, 'Vul je e-mailadres in.');
    assert.ok(email.invalid && email.described, 'the email field says it is wrong and reads its error');
    assert.equal((await fieldError(page, 'ws-password')).text, 'Vul je wachtwoord in.');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'ws-email', 'focus on the first wrong field');

    await page.keyboard.type('geen-adres');
    await page.keyboard.press('Enter');
    email = await fieldError(page, 'ws-email');
    assert.match(email.text, /^Dit is geen e-mailadres/);

    await page.keyboard.press('Control+A');
    await page.keyboard.type(user.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('dit is niet het wachtwoord');
    await page.keyboard.press('Enter');
    await page.locator('#ws-password-error:not([hidden])').waitFor();
    assert.equal((await fieldError(page, 'ws-email')).text, '', 'the e-mail error is gone');
    const password = await fieldError(page, 'ws-password');
    assert.equal(password.text, 'Het e-mailadres of wachtwoord klopt niet.');
    assert.ok(password.invalid && password.described);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'ws-password');

    // The wrong password is selected: typing replaces it.
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.locator('main h1', { hasText: 'Cliënten' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1', 'focus moves to the caseload heading');
    assert.match(await page.locator('main').textContent(), /Ingelogd als T\. Adviseur \(browser-test\)/);
    assert.equal(await page.locator('#logout').isVisible(), true);
    await expectFits(page, 'the caseload at 375 px');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('errors at the field in English, and the lockout message', { timeout: 90_000 }, async () => {
  const user = await addCounsellor(env);
  const { context, page } = await newPage(env);
  try {
    await openWorkspace(env, page);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.locator('main h1', { hasText: 'Log in' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByRole('button', { name: 'Log in' }).click();
    assert.equal((await fieldError(page, 'ws-email')).text, 'Enter your e-mail address.');
    assert.equal((await fieldError(page, 'ws-password')).text, 'Enter your password.');
    await page.fill('#ws-email', user.email);
    await page.fill('#ws-password', 'not the password at all');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#ws-password-error:not([hidden])').waitFor();
    assert.equal((await fieldError(page, 'ws-password')).text, 'The e-mail address or password is not right.');

    // Nine more wrong passwords (ten in all) lock the account for 15 minutes.
    for (let i = 0; i < 9; i += 1) {
      const r = await page.request.post(`${env.url}/api/v1/session`, {
        data: { email: user.email, password: 'still not the password' }, failOnStatusCode: false,
      });
      assert.equal(r.status(), 401);
    }
    await page.fill('#ws-password', user.password); // even the right one waits now
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.locator('main .notice-error[role="alert"]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /^Too many wrong passwords\. You can log in again in 1[45] minutes\.$/);
    assert.equal(await page.locator('main h1').textContent(), 'Log in', 'still not logged in');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a new client with consent joins the caseload; the session outlives a reload; logout ends it', { timeout: 90_000 }, async () => {
  const user = await addCounsellor(env, { org: `browser-${process.pid}-${Date.now()}` });
  const { context, page } = await newPage(env, { width: 375, height: 800 });
  try {
    await openWorkspace(env, page);
    await logIn(page, user);
    // A new organisation has no clients yet.
    await page.locator('main .notice', { hasText: 'nog geen cliënten' }).waitFor();

    // With the keyboard: the button to add a client, then the form.
    await tabTo(page, 'main a[href="#/nieuw"]', 20);
    await page.keyboard.press('Enter');
    await page.locator('main h1', { hasText: 'Nieuwe cliënt' }).waitFor();
    const today = await page.inputValue('#ws-given-on');
    assert.match(today, /^\d{4}-\d{2}-\d{2}$/, 'the consent date starts at today');

    // Checked at the field before anything is sent: a number like a BSN, no scope, a future day.
    await page.fill('#ws-name', '123456789');
    await page.fill('#ws-given-on', '2999-01-01');
    await page.getByRole('button', { name: 'Cliënt toevoegen' }).click();
    assert.match((await fieldError(page, 'ws-name')).text, /^Gebruik geen BSN/);
    assert.equal((await fieldError(page, 'ws-given-on')).text, 'Deze datum ligt in de toekomst.');
    assert.equal((await fieldError(page, 'ws-scope')).text, 'Schrijf op waarmee de cliënt instemde.');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'ws-name');
    await expectFits(page, 'the new client form at 375 px');

    await page.fill('#ws-name', 'J.d.V.');
    await page.fill('#ws-given-on', today);
    await page.fill('#ws-scope', 'Profiel en plannen bewaren voor de loopbaangesprekken.');
    await page.getByRole('button', { name: 'Cliënt toevoegen' }).click();
    // On to the new client's page, focus on its heading (the profile is filled in there next).
    await page.locator('main h1', { hasText: 'J.d.V.' }).waitFor();
    await page.locator('main .notice', { hasText: 'J.d.V. is toegevoegd.' }).waitFor();
    assert.match(page.url(), /#\/client\/[0-9a-f]{32}$/);
    assert.equal(await page.evaluate(() => document.activeElement === document.querySelector('main h1')), true, 'focus on the client\'s heading');
    await page.locator('main a', { hasText: 'Profiel invullen' }).waitFor();
    await expectFits(page, 'a new client\'s page at 375 px');
    await page.locator('.site-nav a[href="#/"]').click();
    await page.locator('main h1', { hasText: 'Cliënten' }).waitFor();
    const card = page.locator('.client-card', { hasText: 'J.d.V.' });
    await card.waitFor();
    // No request waits, so no notice of one: and nothing of it shows as the text "null".
    assert.doesNotMatch(await page.locator('main').innerText(), /\bnull\b|undefined/);
    const cardText = await card.textContent();
    assert.match(cardText, /Statusactief/);
    assert.match(cardText, /Volgende besprekinggeen datum/);
    assert.match(cardText, /Laatste wijziging\d/);
    assert.equal(await page.locator('main h2', { hasText: 'J.d.V.' }).count(), 1);
    await expectFits(page, 'the caseload with a client at 375 px');

    // Nothing about the client in the address or the browser's storage; the cookie is HttpOnly.
    let store = await kept(page);
    assert.ok(!store.url.includes('J.d.V'), store.url);
    assert.deepEqual(Object.keys(store.local).filter((k) => k !== 'padvinder.lang'), [], 'localStorage');
    assert.deepEqual(store.session, {}, 'sessionStorage');
    assert.equal(store.cookie, '', 'the session cookie is not readable by scripts');

    // Coming back later: a new tab of the same browser opens on the caseload.
    const later = await context.newPage();
    await later.goto(`${env.url}/werkplek/`, { waitUntil: 'domcontentloaded' });
    await later.locator('main h1', { hasText: 'Cliënten' }).waitFor();
    await later.locator('.client-card', { hasText: 'J.d.V.' }).waitFor();
    await later.close();

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.locator('main h1', { hasText: 'Inloggen' }).waitFor();
    await page.locator('main .notice', { hasText: 'Je bent uitgelogd.' }).waitFor();
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('main h1', { hasText: 'Inloggen' }).waitFor();
    store = await kept(page);
    assert.deepEqual(Object.keys(store.local).filter((k) => k !== 'padvinder.lang'), []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('after login the address asked for opens; a too long consent text is refused at its field', { timeout: 60_000 }, async () => {
  const user = await addCounsellor(env);
  const { context, page } = await newPage(env);
  try {
    await openWorkspace(env, page, '#/nieuw');
    assert.equal(await page.locator('main h1').textContent(), 'Inloggen');
    await page.fill('#ws-email', user.email);
    await page.fill('#ws-password', user.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.locator('main h1', { hasText: 'Nieuwe cliënt' }).waitFor();
    await page.fill('#ws-name', 'K.L.');
    await page.fill('#ws-scope', 'x'.repeat(501));
    await page.getByRole('button', { name: 'Cliënt toevoegen' }).click();
    assert.equal((await fieldError(page, 'ws-scope')).text, 'Gebruik hoogstens 500 tekens.');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

for (const language of ['nl', 'en']) {
  test(`axe and 375 px on every workspace page (${language})`, { timeout: 90_000 }, async () => {
    const user = await addCounsellor(env, { org: `axe-${language}-${process.pid}-${Date.now()}` });
    const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      if (language === 'en') await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
      await openWorkspace(env, page);
      await expectClean(page, `login (${language})`);
      await page.locator('form button[type="submit"]').click();
      await page.locator('#ws-email-error:not([hidden])').waitFor();
      await expectClean(page, `login with errors (${language})`);
      await expectFits(page, `login with errors (${language})`);
      await logIn(page, user);
      await page.locator('main .notice').waitFor();
      await expectClean(page, `empty caseload (${language})`);
      await page.locator('main a[href="#/nieuw"]').click();
      await page.locator('#ws-name').waitFor();
      await expectClean(page, `new client (${language})`);
      await page.locator('form button[type="submit"]').click();
      await page.locator('#ws-name-error:not([hidden])').waitFor();
      await expectClean(page, `new client with errors (${language})`);
      await expectFits(page, `new client with errors (${language})`);
      await page.fill('#ws-name', 'A.B.');
      await page.fill('#ws-scope', 'Bewaren voor het gesprek.');
      await page.locator('form button[type="submit"]').click();
      await page.locator('main h1', { hasText: 'A.B.' }).waitFor();
      await page.locator('main .notice', { hasText: 'A.B.' }).waitFor();
      await expectClean(page, `a new client's page (${language})`);
      await page.locator('.site-nav a[href="#/"]').click();
      await page.locator('.client-card').waitFor();
      await expectClean(page, `caseload (${language})`);
      await expectFits(page, `caseload (${language})`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), language);
    } finally {
      await context.close();
    }
  });
}

test('layout shift ≤ 0.1 while the login and the caseload load, phone and desktop', { timeout: 60_000 }, async () => {
  const user = await addCounsellor(env);
  for (const [width, height] of [[375, 667], [1280, 800]]) {
    const { context, page } = await newPage(env, { width, height });
    try {
      await context.addInitScript(watchShifts);
      const measure = async (ready) => {
        await page.goto('about:blank');
        await page.goto(`${env.url}/werkplek/`, { waitUntil: 'domcontentloaded' });
        await ready();
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.waitForTimeout(300);
        return page.evaluate(() => window.__shifts);
      };
      const login = await measure(() => page.locator('#ws-email').waitFor());
      assert.ok(login.total <= 0.1, `login at ${width} px: ${login.total} (${login.sources.join(', ')})`);
      await logIn(page, user);
      const caseload = await measure(() => page.locator('main .notice, .client-card').first().waitFor());
      assert.ok(caseload.total <= 0.1, `caseload at ${width} px: ${caseload.total} (${caseload.sources.join(', ')})`);
      console.log(`layout shift at ${width} px: login ${login.total.toFixed(3)}, caseload ${caseload.total.toFixed(3)}`);
    } finally {
      await context.close();
    }
  }
});
