// Everything held about a client in plain words (/werkplek/#/client/{id}/gegevens, issue 11
// §3): the export the client can read and keep, next to the JSON file for computers. The
// record, the consent, the profile's answers in words (no codes), every plan with its notes and
// share link, and what was done with the data (repeats folded into one line, as on the audit
// log; the JSON file keeps every entry); reached with the keyboard, axe and 375 px in nl and en,
// layout shift <= 0.1, printed without buttons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage } from './lib/harness.mjs';
import { readFile } from 'node:fs/promises';
import { addCounsellor, openWorkspace, logIn, expectClean, addPlan, apiSend, tabTo, watchShifts, expectFewShifts } from './lib/werkplek.mjs';

const env = useBrowser();

const PROFILE = { current_occupation: 'heftruckchauffeur', education_level: 'mbo2', postcode: '3071', max_travel_km: 25, situation: 'employed' };

const WORDS = {
  nl: {
    open: 'Bekijk en print alle gegevens', json: 'Download als JSON-bestand', title: 'Alle gegevens over R.S.',
    expect: ['Plannen bewaren', 'mbo niveau 2', '25 km', 'Hoogste diploma', 'Alleen voor ons (alleen voor adviseurs)', 'Eerst VCA halen',
      'Gegevens van een cliënt opgevraagd', 'Cliënt toegevoegd', 'Plan bewaard', 'niet gedeeld', 'in een vorm voor computers',
      'Gebeurt er 12 maanden niets met deze gegevens'],
  },
  en: {
    open: 'View and print all data', json: 'Download as a JSON file', title: 'All data about R.S.',
    expect: ['Plannen bewaren', 'Highest diploma', 'Alleen voor ons (counsellors only)', 'Eerst VCA halen',
      'not shared', 'in a form for computers', 'for 12 months'],
  },
};

for (const lang of ['nl', 'en']) {
  test(`a client's data in plain words, to print for them (${lang})`, { timeout: 150_000 }, async () => {
    const words = WORDS[lang];
    const user = await addCounsellor(env, { org: `record-${lang}-${process.pid}-${Date.now()}` });
    const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      await context.addInitScript((l) => { if (location.protocol === 'http:') localStorage.setItem('padvinder.lang', l); }, lang);
      await context.addInitScript(watchShifts);
      await openWorkspace(env, page);
      await logIn(page, user);
      const ids = await addPlan(page, PROFILE);
      // Three wizard steps: three changes in the log, one line on the page.
      for (const hours of [20, 24, 28]) {
        await apiSend(page, 'PATCH', `clients/${ids.client}`, { profile: { ...PROFILE, hours_per_week: hours } });
      }
      await page.evaluate((id) => { location.hash = `#/client/${id}`; }, ids.client);
      await page.locator('main h1', { hasText: 'R.S.' }).waitFor();
      // The page says which is which: the readable page for the client, the JSON file for computers.
      await page.getByRole('button', { name: words.json }).waitFor();
      await page.locator('main h1').focus();
      await tabTo(page, `main a[href="#/client/${ids.client}/gegevens"]`, 60);
      assert.equal((await page.evaluate(() => document.activeElement.textContent)), words.open);

      await page.goto('about:blank');
      await page.goto(`${env.url}/werkplek/#/client/${ids.client}/gegevens`, { waitUntil: 'domcontentloaded' });
      await page.locator('main h1', { hasText: words.title }).waitFor();
      await page.locator('.record-audit li').first().waitFor();
      await expectFewShifts(page, `the client's data at 375 px (${lang})`);

      const text = await page.locator('main').innerText();
      for (const w of [...words.expect, ids.title]) assert.ok(text.includes(w), `"${w}" is not on the page`);
      // Plain words: no field names, codes or timestamps as the JSON has them.
      const codes = ['display_name', 'given_on', 'mbo2', 'create_client', 'export_client', 'T0', '"', ...(lang === 'nl' ? ['employed'] : [])];
      for (const code of codes) assert.ok(!text.includes(code), `the page shows "${code}"`);
      await expectClean(page, `a client's data (${lang})`);
      const changed = page.locator('.record-audit li', { hasText: lang === 'nl' ? 'Cliënt gewijzigd' : 'Client changed' });
      assert.equal(await changed.count(), 1, 'three changes are one line');
      assert.match(await changed.textContent(), /^3× /, await changed.textContent());

      // From here, the JSON file too.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: words.json }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `padvinder-client-${ids.client.slice(0, 8)}.json`);
      // The file keeps every entry one by one, and not the page's folded lines.
      const file = JSON.parse(await readFile(await download.path(), 'utf8'));
      assert.equal(file.audit.filter((e) => e.action === 'change_client').length, 3);
      assert.equal('audit_lines' in file, false);
      assert.ok(await page.locator('.record-audit li').count() < file.audit.length, 'fewer lines than entries');

      // On paper: the data, no buttons or links back.
      await page.emulateMedia({ media: 'print' });
      const controls = await page.locator('button, .btn, main .no-print a').evaluateAll((els) => els
        .filter((el) => el.getClientRects().length > 0).map((el) => el.outerHTML.slice(0, 80)));
      assert.deepEqual(controls, [], 'controls visible in print');
      assert.equal(await page.locator('.record-plans').isVisible(), true);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
