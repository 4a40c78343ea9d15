// The organisation page (/werkplek/#/organisatie, issue 11 §2 and §7): an admin sees the
// organisation's users, adds a counsellor with a first password (keyboard only, errors at the
// field), who then logs in; makes them admin and back (their session follows at once); removes
// them, which ends their session at once; cannot remove themselves or become a counsellor as
// the last admin (the page does not offer it), can become one when there is another admin; and
// reaches the audit log from here. A counsellor has no menu
// item and is told the page is for admins. An organisation without a name is shown by its id; one
// the operator named (`users add --org-name`) by its name, here and on the audit log. Axe and
// 375 px in nl and en.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage } from './lib/harness.mjs';
import { addCounsellor, openWorkspace, logIn, expectClean, tabTo, watchShifts, expectFewShifts } from './lib/werkplek.mjs';

const env = useBrowser();

async function errorAt(page, id) {
  return page.evaluate((fieldId) => {
    const error = document.getElementById(`${fieldId}-error`);
    return error && !error.hidden ? error.textContent.trim() : '';
  }, id);
}

test('an admin adds a counsellor with the keyboard, who logs in, and removes them (nl)', { timeout: 150_000 }, async () => {
  const org = `org-${process.pid}-${Date.now()}`;
  const admin = await addCounsellor(env, { org, role: 'admin', name: 'B. Heer' });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    await openWorkspace(env, page);
    await logIn(page, admin);
    await page.getByRole('link', { name: 'Organisatie' }).click();
    await page.locator('main h1', { hasText: `Organisatie ${org}` }).waitFor();
    const list = page.locator('.user-list');
    await list.waitFor();
    assert.match(await list.textContent(), new RegExp(`B\\. Heer \\(jij\\).*${admin.email.replace(/[.]/g, '\\.')}.*beheerder`));
    await expectClean(page, 'organisation page (nl)');
    // The live region says the page has loaded, not "Even laden…" for ever.
    await page.waitForFunction(() => document.getElementById('live-status').textContent === 'Klaar met laden.', null, { timeout: 5000 });

    // Keyboard only: the empty form names every field.
    await page.locator('main h1').focus();
    await tabTo(page, '#user-name');
    await page.keyboard.press('Enter');
    assert.equal(await errorAt(page, 'user-name'), 'Vul een naam in.');
    assert.equal(await errorAt(page, 'user-email'), 'Vul het e-mailadres in.');
    assert.equal(await errorAt(page, 'user-password'), 'Een wachtwoord heeft 12 tot 256 tekens.');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'user-name');
    await expectClean(page, 'new user with errors (nl)');

    const email = `nieuw-${process.pid}-${Date.now()}@test.example`;
    const password = 'een eerste wachtwoord';
    await page.keyboard.type('C. Nieuw');
    await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab'); // the role: adviseur stays
    assert.equal(await page.inputValue('#user-role'), 'counsellor');
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.locator('main .notice', { hasText: `C. Nieuw (${email}) is toegevoegd.` }).waitFor();
    await list.locator('li', { hasText: email }).waitFor();
    assert.match(await list.locator('li', { hasText: email }).textContent(), /adviseur/);

    // The same address again: said at the e-mail field.
    await page.fill('#user-name', 'C. Dubbel');
    await page.fill('#user-email', email);
    await page.fill('#user-password', password);
    await page.locator('#user-password').press('Enter');
    await page.locator('#user-email-error:not([hidden])', { hasText: 'Er is al een gebruiker met e-mailadres' }).waitFor();

    // The new counsellor logs in with that password, and sees no organisation page.
    const other = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      await openWorkspace(env, other.page);
      await logIn(other.page, { email, password });
      assert.equal(await other.page.getByRole('link', { name: 'Organisatie' }).isVisible(), false);
      await other.page.evaluate(() => { location.hash = '#/organisatie'; });
      await other.page.locator('main .notice', { hasText: 'Alleen beheerders van je organisatie zien deze pagina.' }).waitFor();
      assert.equal(await other.page.locator('.user-list').count(), 0);

      // Made admin with the keyboard, after the question: their session is an admin's at once.
      page.once('dialog', (d) => d.accept());
      await page.getByRole('button', { name: 'Maak C. Nieuw beheerder' }).focus();
      await page.keyboard.press('Enter');
      await page.locator('main .notice', { hasText: 'C. Nieuw is nu beheerder.' }).waitFor();
      assert.match(await list.locator('li', { hasText: email }).textContent(), /beheerder/);
      const usersStatus = () => other.page.evaluate(async () => (await fetch('../api/v1/users')).status);
      assert.equal(await usersStatus(), 200, 'the new admin may list the users now');
      // Two admins: the own card offers both now, the last-admin text is gone.
      await page.getByRole('button', { name: 'Maak B. Heer adviseur' }).waitFor();
      assert.equal(await page.locator('.user-card', { hasText: 'Maak eerst iemand anders beheerder' }).count(), 0);
      await expectClean(page, 'organisation page, two admins (nl)');
      // And back to counsellor.
      page.once('dialog', (d) => d.accept());
      await page.getByRole('button', { name: 'Maak C. Nieuw adviseur' }).click();
      await page.locator('main .notice', { hasText: 'C. Nieuw is nu adviseur.' }).waitFor();
      assert.match(await list.locator('li', { hasText: email }).textContent(), /adviseur/);
      assert.equal(await usersStatus(), 403, 'a counsellor again');

      // Removed by the admin, after the question: logged out at once.
      page.once('dialog', (d) => d.accept());
      await page.getByRole('button', { name: 'Verwijder C. Nieuw' }).click();
      await page.locator('main .notice', { hasText: 'C. Nieuw is verwijderd en meteen uitgelogd.' }).waitFor();
      assert.equal(await list.locator('li', { hasText: email }).count(), 0);
      const status = await other.page.evaluate(async () => (await fetch('../api/v1/clients')).status);
      assert.equal(status, 401, 'the removed counsellor\'s session has ended');
    } finally {
      await other.context.close();
    }

    // The last admin stays, and stays admin: the page does not offer to remove them or make
    // them a counsellor and says why (the server refuses both too, 409:
    // tests/api/workspace_users.rs).
    await page.locator('.user-card', { hasText: 'Maak eerst iemand anders beheerder' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Verwijder B. Heer' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Maak B. Heer adviseur' }).count(), 0);
    await expectClean(page, 'organisation page, last admin (nl)');

    // The audit log, from here: who added and removed whom.
    await page.getByRole('link', { name: 'Naar het logboek' }).click();
    const added = page.locator('.audit-list li', { hasText: 'Gebruiker toegevoegd' }).filter({ hasText: email });
    await added.waitFor();
    assert.equal(await page.locator('.audit-list li', { hasText: 'Gebruiker verwijderd' }).filter({ hasText: email }).count(), 1);
    // Both role changes, by the same admin of the same user: one line that counts them.
    const roles = page.locator('.audit-list li', { hasText: 'Rol van een gebruiker veranderd' }).filter({ hasText: email });
    assert.equal(await roles.count(), 1);
    assert.match(await roles.textContent(), /2× /);
    assert.ok(!(await page.locator('.audit-list').textContent()).includes(password), 'no password in the log');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the organisation page in English, errors at the field; layout shift <= 0.1 while it loads', { timeout: 90_000 }, async () => {
  const org = `org-en-${process.pid}-${Date.now()}`;
  const admin = await addCounsellor(env, { org, role: 'admin', name: 'E. Admin' });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    // Not on about:blank (where the shift measurement starts), which has no storage.
    await context.addInitScript(() => { if (location.protocol === 'http:') localStorage.setItem('padvinder.lang', 'en'); });
    await context.addInitScript(watchShifts);
    await openWorkspace(env, page);
    await logIn(page, admin);
    await page.getByRole('link', { name: 'Organisation' }).click();
    await page.locator('.user-list').waitFor();
    await page.goto('about:blank');
    await page.goto(`${env.url}/werkplek/#/organisatie`, { waitUntil: 'domcontentloaded' });
    await page.locator('.user-list').waitFor();
    await expectFewShifts(page, 'organisation page at 375 px');
    assert.match(await page.locator('.user-list').textContent(), /E\. Admin \(you\).*admin/);
    await expectClean(page, 'organisation page (en)');
    await page.fill('#user-name', 'F. Two');
    await page.fill('#user-email', 'no-address');
    await page.fill('#user-password', 'short');
    await page.getByRole('button', { name: 'Add user' }).click();
    assert.equal(await errorAt(page, 'user-email'), 'This is not an e-mail address. An e-mail address is a name, an @ and a domain with a dot, like name@organisation.nl.');
    assert.equal(await errorAt(page, 'user-password'), 'A password has 12 to 256 characters.');
    await expectClean(page, 'new user with errors (en)');

    // A second admin, then the first makes themself a counsellor: the page says so and the
    // menu no longer offers the organisation page.
    assert.equal(await page.getByRole('button', { name: 'Make E. Admin a counsellor' }).count(), 0, 'the only admin');
    await page.fill('#user-name', 'F. Two');
    await page.fill('#user-email', `two-${process.pid}-${Date.now()}@test.example`);
    await page.selectOption('#user-role', 'admin');
    await page.fill('#user-password', 'a first password here');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.locator('main .notice', { hasText: 'has been added' }).waitFor();
    await expectClean(page, 'organisation page, two admins (en)');
    let question = '';
    page.once('dialog', (d) => { question = d.message(); d.accept(); });
    await page.getByRole('button', { name: 'Make E. Admin a counsellor' }).click();
    await page.locator('main .notice', { hasText: 'E. Admin is now a counsellor.' }).waitFor();
    assert.match(question, /make yourself a counsellor/);
    assert.equal(await page.getByRole('link', { name: 'Organisation' }).isVisible(), false);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

for (const language of ['nl', 'en']) {
  test(`a named organisation is shown by its name, not its id (${language})`, { timeout: 90_000 }, async () => {
    const org = `named-${language}-${process.pid}-${Date.now()}`;
    const admin = await addCounsellor(env, { org, role: 'admin', name: 'N. Aam', orgName: 'Gemeente Proefdorp' });
    const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      if (language === 'en') await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
      await openWorkspace(env, page);
      await logIn(page, admin);
      // The caseload, where a counsellor lands, says whose caseload it is by name.
      const signedIn = page.locator('main p.muted', { hasText: 'Gemeente Proefdorp' });
      await signedIn.waitFor();
      assert.ok(!(await signedIn.textContent()).includes(org), 'the caseload does not show the id');
      await page.getByRole('link', { name: language === 'nl' ? 'Organisatie' : 'Organisation' }).click();
      const title = page.locator('main h1', { hasText: 'Gemeente Proefdorp' });
      await title.waitFor();
      assert.ok(!(await title.textContent()).includes(org), 'the id is not shown when there is a name');
      await expectClean(page, `organisation page of a named organisation (${language})`);
      await page.getByRole('link', { name: language === 'nl' ? 'Logboek' : 'Audit log' }).first().click();
      await page.locator('main h1', { hasText: 'Gemeente Proefdorp' }).waitFor();
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
