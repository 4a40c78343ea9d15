// The counsellor workspace's plan page (/werkplek/#/plan/{id}, issue 11 §7): the snapshot in
// words, status and review date, print on one A4 page, a share link with an expiry of 1 to 90
// days that opens a read-only page without a login and stops working when revoked, and delete;
// axe and 375 px in nl and en.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { useBrowser, newPage, outputDir } from './lib/harness.mjs';
import { addCounsellor, openWorkspace, logIn, expectClean, addPlan } from './lib/werkplek.mjs';

const env = useBrowser();

const PROFILE = { current_occupation: 'heftruckchauffeur', education_level: 'mbo2', postcode: '3071', max_travel_km: 25 };

/** Logs in, then adds a client and a plan (the first route's target) through the API. */
async function withPlan(page, user) {
  await openWorkspace(env, page);
  await logIn(page, user);
  return addPlan(page, PROFILE);
}

test('a plan: in words, status, print on one page, share, revoke, delete', { timeout: 150_000 }, async () => {
  const user = await addCounsellor(env, { org: `plan-${process.pid}-${Date.now()}` });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    const ids = await withPlan(page, user);
    // From the client page, the plan's title opens it.
    await page.evaluate((id) => { location.hash = `#/client/${id}`; }, ids.client);
    await page.getByRole('link', { name: ids.title }).click();
    await page.locator('main h1', { hasText: ids.title }).waitFor();
    await page.locator('.path-sources .sources li').first().waitFor();
    // The live region says the page is there, not "Even laden…" any more.
    await page.waitForFunction(() => document.getElementById('live-status').textContent === 'Klaar met laden.', null, { timeout: 5000 });
    const text = await page.locator('main').textContent();
    assert.match(text, /Plan voor R\.S\., bewaard op/);
    assert.match(text, /Indicatief, geen besluit\./);
    assert.match(text, /Eerst VCA halen/);
    assert.match(text, /Alleen voor ons \(alleen voor adviseurs\)/);
    // The catalogue and rules by their day, once; their fingerprints closed under "Codes".
    assert.match(text, /Route berekend op\d{1,2} \S+ \d{4}, met de catalogus en de subsidieregels van dat moment/);
    const { snapshot } = await page.evaluate(async (id) => (await fetch(`../api/v1/plans/${id}`)).json(), ids.plan);
    assert.ok(!(await page.locator('main').innerText()).includes(snapshot.catalogue_hash.slice(0, 12)), 'a fingerprint in sight');
    await page.locator('.plan-versions summary', { hasText: 'Codes van de gebruikte gegevens' }).click();
    assert.match(await page.locator('.plan-versions').innerText(), /Catalogus [0-9a-f]{12}, subsidieregels [0-9a-f]{12}\./);
    assert.ok(await page.locator('.plan-route .timeline .step').count() > 0, 'the steps of the saved route');
    await expectClean(page, 'plan page (nl)');

    // Status and review date. Saving takes a moment: the button is off meanwhile, a second
    // press sends nothing twice.
    await page.selectOption('#plan-status', 'besproken');
    await page.fill('#plan-review', '2027-02-01');
    let patches = 0;
    await page.route('**/api/v1/plans/*', async (route) => {
      if (route.request().method() === 'PATCH') {
        patches += 1;
        await new Promise((r) => setTimeout(r, 1500));
      }
      await route.continue();
    });
    const save = page.getByRole('button', { name: 'Opslaan' });
    await save.click();
    assert.equal(await save.isDisabled(), true, 'the save button is off while saving');
    await save.click({ force: true, timeout: 1000 }).catch(() => {});
    await page.locator('#plan-review').press('Enter');
    await page.locator('main .notice', { hasText: 'Het plan is opgeslagen.' }).waitFor();
    await page.unroute('**/api/v1/plans/*');
    assert.equal(patches, 1, 'the plan was sent more than once');
    const saved = await page.evaluate(async (id) => (await fetch(`../api/v1/plans/${id}`)).json(), ids.plan);
    assert.equal(saved.status, 'besproken');
    assert.equal(saved.review_on, '2027-02-01');
    assert.equal(await page.inputValue('#plan-status'), 'besproken');

    // On paper: no buttons or forms, the printed date, the summary with the subsidy wording and
    // the sources; the steps in full stay on screen. One A4 page.
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.site-nav')).display === 'none');
    const visibleButtons = await page.locator('button, .btn, input, select').evaluateAll((els) => els
      .filter((el) => el.getClientRects().length > 0).map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(visibleButtons, [], 'controls visible in print');
    // The notice "Het plan is opgeslagen." is on screen, not on paper.
    assert.equal(await page.locator('main .notice', { hasText: 'Het plan is opgeslagen.' }).isVisible(), false, 'a notice is printed');
    assert.equal(await page.locator('.printed-on').isVisible(), true);
    // The private note stays off paper (the printout goes to the client); the shared one is on it.
    const privateOnPaper = await page.getByText('Alleen voor ons').evaluateAll((els) => els
      .filter((el) => el.getClientRects().length > 0).map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(privateOnPaper, [], 'a private note is printed');
    assert.equal(await page.locator('li', { hasText: 'Eerst VCA halen' }).first().isVisible(), true);
    assert.equal(await page.locator('.plan-route .timeline').isVisible(), false);
    assert.equal(await page.locator('.plan-route .path-sources').isVisible(), true);
    assert.equal(await page.locator('.plan-route .slim-summary').first().isVisible(), true);
    const file = path.join(await outputDir(), 'plan.pdf');
    await page.pdf({ path: file, format: 'A4', printBackground: false, timeout: 30_000 });
    const pdf = (await readFile(file)).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    assert.equal(pages, 1, `the plan prints on ${pages} A4 pages (test-output/plan.pdf)`);
    await page.emulateMedia({ media: 'screen' });

    // A share link: 1 to 90 days, checked at the field.
    for (const bad of ['0', '91', 'twee']) {
      await page.fill('#share-days', bad);
      await page.getByRole('button', { name: 'Maak een link' }).click();
      assert.equal(await page.locator('#share-days-error').textContent(), 'Vul een heel getal in van 1 tot 90.');
    }
    await page.fill('#share-days', '7');
    // A double press makes one link (a second would revoke the first).
    const posts = [];
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/share')) posts.push(r.url()); });
    await page.getByRole('button', { name: 'Maak een link' }).dblclick();
    await page.locator('.share', { hasText: 'Er is een link die werkt tot en met' }).waitFor();
    await page.locator('#share-link').waitFor();
    assert.equal(posts.length, 1, 'a double press sent two requests for a link');
    const link = await page.inputValue('#share-link');
    // Until when it works: said once.
    const until = (await page.locator('.share').innerText()).match(/\d{1,2} \S+ \d{4}/g) || [];
    assert.equal(until.length, 1, `the expiry date is said ${until.length} times`);
    assert.match(link, /\/werkplek\/#\/gedeeld\/[0-9a-f]{64}$/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'share-link');
    // The new link comes with "De link is gemaakt." right under the line saying until when it
    // works, above the button that would make another one (not below it).
    const order = await page.evaluate(() => {
      const at = (el) => el.getBoundingClientRect().top;
      const made = [...document.querySelectorAll('.share .notice')].find((p) => p.textContent === 'De link is gemaakt.');
      return { made: at(made), link: at(document.getElementById('share-link')), button: at(document.querySelector('.share button[type="submit"]')) };
    });
    assert.ok(order.made < order.link && order.link < order.button, `made, link, button from the top: ${JSON.stringify(order)}`);
    await expectClean(page, 'plan page with a new share link (nl)');

    // Anyone with the link reads the plan, without a login, and nothing about the client.
    const other = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      await other.page.goto(link, { waitUntil: 'domcontentloaded' });
      await other.page.locator('main h1', { hasText: ids.title }).waitFor();
      await other.page.locator('.plan-route .path-sources .sources li').first().waitFor();
      const shared = await other.page.locator('body').textContent();
      assert.match(shared, /Een loopbaanadviseur heeft dit plan met je gedeeld\. De link werkt tot en met/);
      assert.match(shared, /Eerst VCA halen/);
      for (const secret of ['R.S.', 'Alleen voor ons', 'Plannen bewaren', user.email]) {
        assert.ok(!shared.includes(secret), `the shared page shows ${secret}`);
      }
      assert.equal(await other.page.locator('#logout').isVisible(), false);
      await expectClean(other.page, 'shared plan (nl)');
    } finally {
      await other.context.close();
    }

    // Revoked: the link opens nothing any more.
    await page.getByRole('button', { name: 'Trek de link in' }).click();
    await page.locator('main .notice', { hasText: 'De link werkt niet meer.' }).waitFor();
    const gone = await newPage(env);
    try {
      await gone.page.goto(link, { waitUntil: 'domcontentloaded' });
      await gone.page.locator('main .notice-error', { hasText: 'Deze link werkt niet (meer).' }).waitFor();
    } finally {
      await gone.context.close();
    }

    // Delete, after the question.
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Verwijder dit plan' }).click();
    await page.locator('main .notice', { hasText: 'Het plan is verwijderd.' }).waitFor();
    await page.locator('main h1', { hasText: 'R.S.' }).waitFor();
    const left = await page.evaluate(async (id) => (await fetch(`../api/v1/clients/${id}/plans`)).json(), ids.client);
    assert.deepEqual(left.plans, []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the plan page and a shared plan in English', { timeout: 120_000 }, async () => {
  const user = await addCounsellor(env, { org: `plan-en-${process.pid}-${Date.now()}` });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
    const ids = await withPlan(page, user);
    await page.evaluate((id) => { location.hash = `#/plan/${id}`; }, ids.plan);
    await page.locator('main h1', { hasText: ids.title }).waitFor();
    await page.locator('.path-sources .sources li').first().waitFor();
    assert.match(await page.locator('main').textContent(), /Indicative, not a decision\./);
    // The plan was saved from a Dutch page, and reads in English: its route's texts (why,
    // flags, a skipped step's reason, the subsidy's summary and rules) are the ones a route
    // computed in English has, not marked Dutch (only the Dutch names in them are); the page's
    // own words around them are English.
    const english = await page.evaluate(async (profile) => {
      const r = await fetch('../api/v1/match?limit=1&lang=en', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(profile),
      });
      return (await r.json()).routes[0];
    }, PROFILE);
    const saved = await page.evaluate(() => {
      const dutch = [];
      let checked = 0;
      for (const el of document.querySelectorAll('.plan-route .why, .plan-route .slim-summary, .plan-route .flags li, .plan-route .skipped p, .plan-route .criterion')) {
        // The server's text, without the page's own words (a label, a badge); a text written
        // in Dutch is all inside lang="nl", an English one at most its Dutch names.
        let all = '';
        let marked = '';
        const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          if (n.parentElement.closest('strong, .badge, .muted')) continue;
          all += n.textContent;
          if (n.parentElement.closest('[lang]').lang === 'nl') marked += n.textContent;
        }
        if (!all.trim()) continue;
        checked += 1;
        if (marked.trim() === all.trim()) dutch.push(all.trim().slice(0, 60));
      }
      return {
        dutch, checked, why: document.querySelector('.plan-route .why')?.textContent,
        ui: document.querySelector('.plan-route .slim h2').closest('[lang]').lang,
      };
    });
    assert.ok(saved.checked > 0, 'the saved route has texts to check');
    assert.deepEqual(saved.dutch, [], 'texts of the saved route in Dutch on the English page');
    assert.ok(english.why && saved.why.includes(english.why), `the why of a route computed in English: ${saved.why}`);
    assert.equal(saved.ui, 'en');
    await page.fill('#share-days', '100');
    await page.getByRole('button', { name: 'Make a link' }).click();
    assert.equal(await page.locator('#share-days-error').textContent(), 'Enter a whole number from 1 to 90.');
    await page.fill('#share-days', '30');
    await page.getByRole('button', { name: 'Make a link' }).click();
    const link = await page.locator('#share-link').inputValue();
    await expectClean(page, 'plan page (en)');
    await page.goto(link, { waitUntil: 'domcontentloaded' });
    await page.locator('main h1', { hasText: ids.title }).waitFor();
    await page.locator('.plan-route .path-sources .sources li').first().waitFor();
    assert.match(await page.locator('main').textContent(), /A career counsellor shared this plan with you\./);
    // The shared page reads the route's texts in English too.
    const sharedWhy = await page.locator('.plan-route .why').textContent();
    assert.ok(sharedWhy.includes(english.why), `the shared page's why: ${sharedWhy}`);
    assert.equal(await page.locator('.plan-route .why').evaluate((el) => el.closest('[lang]').lang), 'en');
    await expectClean(page, 'shared plan (en)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
