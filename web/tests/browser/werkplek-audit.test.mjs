// The counsellor workspace's audit log (/werkplek/#/logboek, issue 11 §6–7): an admin sees who
// did what in their organisation, in words, newest first, with the client's name linking to the
// client (an erased client only by its id), repeated changes and failed logins to an account as
// one line with a count; a
// counsellor has no menu item and is told the log is for admins; axe and 375 px in nl and en.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage } from './lib/harness.mjs';
import { addCounsellor, openWorkspace, logIn, expectClean } from './lib/werkplek.mjs';

const env = useBrowser();

for (const language of ['nl', 'en']) {
  test(`an admin reads the audit log; a counsellor does not (${language})`, { timeout: 90_000 }, async () => {
    const org = `audit-${language}-${process.pid}-${Date.now()}`;
    const admin = await addCounsellor(env, { org, role: 'admin', name: 'B. Heer' });
    const counsellor = await addCounsellor(env, { org });
    const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      if (language === 'en') await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
      await openWorkspace(env, page);
      // Someone tries two passwords on the admin's account before the admin logs in.
      await page.evaluate(async (email) => {
        for (let i = 0; i < 2; i++) {
          const r = await fetch('../api/v1/session', {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: 'niet-het-wachtwoord' }),
          });
          if (r.status !== 401) throw new Error(`login ${r.status}`);
        }
      }, admin.email);
      await logIn(page, admin);
      const [id, gone] = await page.evaluate(async () => {
        const session = await (await fetch('../api/v1/session')).json();
        const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token };
        const add = async (name) => (await (await fetch('../api/v1/clients', {
          method: 'POST', headers,
          body: JSON.stringify({ display_name: name, profile: {}, consent: { given_on: '2026-02-01', scope: 'Geheim doel' } }),
        })).json()).id;
        const id = await add('T.U.');
        const gone = await add('W.G.');
        // Three wizard steps: three changes, one line.
        for (const hours of [20, 24, 28]) {
          const r = await fetch(`../api/v1/clients/${id}`, { method: 'PATCH', headers, body: JSON.stringify({ profile: { hours_per_week: hours } }) });
          if (r.status !== 200) throw new Error(`PATCH ${r.status}`);
        }
        const r = await fetch(`../api/v1/clients/${gone}`, { method: 'DELETE', headers });
        if (r.status !== 204) throw new Error(`DELETE ${r.status}`);
        return [id, gone];
      });
      const menu = page.getByRole('link', { name: language === 'nl' ? 'Logboek' : 'Audit log' });
      await menu.click();
      const line = page.locator('.audit-list li', { hasText: language === 'nl' ? 'Cliënt toegevoegd' : 'Client added' }).filter({ hasText: 'T.U.' });
      await line.waitFor();
      assert.match(await line.textContent(), new RegExp(admin.email.replace(/[.]/g, '\\.')));
      const link = line.locator(`a[href="#/client/${id}"]`);
      assert.equal(await link.count(), 1, 'the entry links to the client by name');
      assert.equal((await link.textContent()).trim(), language === 'nl' ? 'cliënt T.U.' : 'client T.U.');
      const changed = page.locator('.audit-list li', { hasText: language === 'nl' ? 'Cliënt gewijzigd' : 'Client changed' });
      assert.equal(await changed.count(), 1, 'three wizard steps are one line');
      // Every line names a day once: "op 4 december 2026 tussen 05:07 en 05:09", never the day twice.
      for (const text of await page.locator('.audit-list li').allInnerTexts()) {
        assert.doesNotMatch(text, /(\d{1,2} \p{L}+ \d{4}).*\1/u, 'a line names its day twice');
      }
      // Between two times, or once when the three fell in one minute (never "between 23:41 and 23:41").
      const folded = (await changed.textContent()).match(language === 'nl' ? /3× (?:tussen (.+) en (.+?)|op (.+?)) ·/ : /3× (?:between (.+) and (.+?)|on (.+?)) ·/);
      assert.ok(folded, await changed.textContent());
      assert.notEqual(folded[1], folded[2] ?? 'none', 'a range names two different times');
      const erased = page.locator('.audit-list li', { hasText: language === 'nl' ? 'Cliënt gewist' : 'Client erased' });
      assert.match(await erased.textContent(), new RegExp(`${language === 'nl' ? 'verwijderde cliënt' : 'erased client'} ${gone.slice(0, 8)}`));
      assert.equal(await erased.locator('a').count(), 0, 'an erased client has no link');
      // The two wrong passwords: one line about the admin's account, by someone not logged in.
      const failed = page.locator('.audit-list li', { hasText: language === 'nl' ? 'Inloggen mislukt: verkeerd wachtwoord' : 'Login failed: wrong password' });
      assert.equal(await failed.count(), 1, 'two failed logins are one line');
      const failedText = await failed.textContent();
      assert.match(failedText, /2× /, failedText);
      assert.ok(failedText.includes(language === 'nl' ? 'iemand die niet is ingelogd' : 'someone not logged in'), failedText);
      assert.ok(failedText.includes(`${language === 'nl' ? 'gebruiker' : 'user'} ${admin.email}`), failedText);
      assert.ok(!failedText.includes('niet-het-wachtwoord'), 'never the password typed');
      const all = await page.locator('.audit-list').textContent();
      assert.ok(all.includes(language === 'nl' ? 'Ingelogd' : 'Logged in'));
      assert.ok(!all.includes('W.G.') && !all.includes('Geheim doel'), 'no erased name, no consent text');
      const first = await page.locator('.audit-list li').first().textContent();
      assert.match(first, language === 'nl' ? /Cliënt gewist|Cliëntenlijst bekeken/ : /Client erased|Client list viewed/, 'newest first');
      await expectClean(page, `audit log (${language})`);
      assert.notEqual(await page.locator('#live-status').textContent(), language === 'nl' ? 'Even laden…' : 'Loading…');

      // The log cannot be fetched: the error box speaks, and the live region no longer says
      // "Even laden…" (it did for ever before).
      await page.route('**/api/v1/audit**', (r) => r.abort('connectionrefused'));
      await page.evaluate(() => { location.hash = '#/'; });
      await page.locator('main h1').waitFor();
      await page.evaluate(() => { location.hash = '#/logboek'; });
      await page.locator('main .notice-error').waitFor();
      await page.waitForTimeout(200); // announce() writes the region after 50 ms
      assert.equal(await page.locator('#live-status').textContent(), '', 'the live region is emptied after an error');
      await page.unroute('**/api/v1/audit**');

      // A counsellor of the same organisation: no menu item, and the page says why.
      await page.getByRole('button', { name: language === 'nl' ? 'Uitloggen' : 'Log out' }).click();
      await page.locator('#ws-email').waitFor();
      await logIn(page, counsellor);
      assert.equal(await menu.isVisible(), false, 'a counsellor sees no audit log in the menu');
      await page.evaluate(() => { location.hash = '#/logboek'; });
      await page.locator('main .notice', { hasText: language === 'nl' ? 'Alleen beheerders' : 'Only your organisation' }).waitFor();
      assert.equal(await page.locator('.audit-list li').count(), 0);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
