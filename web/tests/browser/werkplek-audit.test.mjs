// The counsellor workspace's audit log (/werkplek/#/logboek, issue 11 §6–7): an admin sees who
// did what in their organisation, in words, newest first, with links to the client; a counsellor
// has no menu item and is told the log is for admins; axe and 375 px in nl and en.
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
      await logIn(page, admin);
      const id = await page.evaluate(async () => {
        const session = await (await fetch('../api/v1/session')).json();
        const r = await fetch('../api/v1/clients', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
          body: JSON.stringify({ display_name: 'T.U.', profile: {}, consent: { given_on: '2026-02-01', scope: 'Geheim doel' } }),
        });
        return (await r.json()).id;
      });
      const menu = page.getByRole('link', { name: language === 'nl' ? 'Logboek' : 'Audit log' });
      await menu.click();
      const line = page.locator('.audit-list li', { hasText: language === 'nl' ? 'Cliënt toegevoegd' : 'Client added' });
      await line.waitFor();
      assert.match(await line.textContent(), new RegExp(admin.email.replace(/[.]/g, '\\.')));
      assert.equal(await line.locator(`a[href="#/client/${id}"]`).count(), 1, 'the entry links to the client');
      const all = await page.locator('.audit-list').textContent();
      assert.ok(all.includes(language === 'nl' ? 'Ingelogd' : 'Logged in'));
      assert.ok(!all.includes('T.U.') && !all.includes('Geheim doel'), 'the log holds no client data');
      const first = await page.locator('.audit-list li').first().textContent();
      assert.match(first, language === 'nl' ? /Cliënt toegevoegd|Cliëntenlijst bekeken/ : /Client added|Client list viewed/, 'newest first');
      await expectClean(page, `audit log (${language})`);

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
