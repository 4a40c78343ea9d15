// The page a share link opens (/werkplek/#/gedeeld/{token}, issue 11 §4): the client's page, not
// the counsellors' workspace. Titled "Jouw route" / "Your route", no link to the login, no
// footer about client data and the workspace's cookie; axe and 375 px in nl and en, reached
// with the keyboard, and layout shift <= 0.1 while it loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage } from './lib/harness.mjs';
import { addCounsellor, openWorkspace, logIn, expectClean, addPlan, tabTo, watchShifts, expectFewShifts, apiSend } from './lib/werkplek.mjs';

const env = useBrowser();

const PROFILE = { current_occupation: 'heftruckchauffeur', education_level: 'mbo2', postcode: '3071', max_travel_km: 25 };

const FRAME = {
  nl: { tagline: 'Jouw route', workspace: ['Werkplek voor loopbaanadviseurs', 'Gegevens van cliënten', 'cookie', 'Uitloggen'] },
  en: { tagline: 'Your route', workspace: ['Workspace for career counsellors', 'Client data', 'cookie', 'Log out'] },
};

/** A share link to a new plan, made through the API by a new counsellor. */
async function shareLink() {
  const user = await addCounsellor(env, { org: `shared-${process.pid}-${Date.now()}` });
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    await openWorkspace(env, page);
    await logIn(page, user);
    // A route with a course the client may choose instead, so its link is on the shared page.
    const { routes } = await apiSend(page, 'POST', 'match?limit=10&detail=full', PROFILE);
    const target = routes.find((r) => (r.steps || []).some((s) => s.alternatives?.length))?.target.id;
    assert.ok(target, 'a route of the profile with a course to choose instead');
    const ids = await addPlan(page, PROFILE, { target });
    const share = await apiSend(page, 'POST', `plans/${ids.plan}/share`, { expires_in_days: 7 });
    return { link: new URL(share.url, `${env.url}/werkplek/`).href, title: ids.title };
  } finally {
    await context.close();
  }
}

/** What of the page's frame a reader sees: the header's title, visible texts, the links. */
async function frame(page) {
  return page.evaluate(() => ({
    tagline: document.querySelector('.site-header .tagline').textContent.trim(),
    text: document.body.innerText,
    links: [...document.querySelectorAll('a[href]')]
      .filter((a) => a.getClientRects().length > 0 && getComputedStyle(a).visibility !== 'hidden')
      .map((a) => a.getAttribute('href')),
    // Links a reader reaches by opening a disclosure ("Je kunt ook kiezen voor …") too.
    allLinks: [...document.querySelectorAll('main a[href]')].map((a) => a.getAttribute('href')),
    title: document.title,
    menu: document.querySelector('.site-nav').getBoundingClientRect().height,
  }));
}

for (const lang of ['nl', 'en']) {
  test(`a shared plan is the client's page, not the workspace (${lang})`, { timeout: 150_000 }, async () => {
    const { link, title } = await shareLink();
    const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      await context.addInitScript((l) => { if (location.protocol === 'http:') localStorage.setItem('padvinder.lang', l); }, lang);
      await context.addInitScript(watchShifts);
      await page.goto(link, { waitUntil: 'domcontentloaded' });
      await page.locator('main h1', { hasText: title }).waitFor();
      await page.locator('.plan-route .path-sources .sources li').first().waitFor();
      await expectFewShifts(page, `shared plan at 375 px (${lang})`);

      const seen = await frame(page);
      assert.equal(seen.tagline, FRAME[lang].tagline);
      for (const word of FRAME[lang].workspace) assert.ok(!seen.text.includes(word), `the shared page says "${word}"`);
      // No link leads to the workspace's login (its own routes, "#/…").
      assert.deepEqual(seen.links.filter((href) => href.startsWith('#/')), [], 'links into the workspace');
      assert.deepEqual(seen.allLinks.filter((href) => href.startsWith('#/')), [], 'links into the workspace behind a disclosure');
      // A course the client may also choose opens in the public app, not at the workspace's login.
      assert.ok(seen.allLinks.some((href) => href.startsWith('/#/opleiding/')), `a course link to the public app: ${seen.allLinks.join(' ')}`);
      // No empty place in the header where the workspace's menu would be, and none of the
      // counsellors' codes of the data (the client cannot use them).
      assert.equal(seen.menu, 0, 'the header keeps room for the workspace menu');
      assert.equal(await page.locator('.plan-versions').count(), 0, 'the data codes are on the client\'s page');
      await expectClean(page, `shared plan (${lang})`);

      // The keyboard reaches the print button, with visible focus on every stop.
      await tabTo(page, 'main .actions button', 20);

      // The language switch keeps the client's frame.
      await page.locator('#lang-toggle').click();
      const other = lang === 'nl' ? 'en' : 'nl';
      await page.waitForFunction((l) => document.documentElement.lang === l, other);
      assert.equal((await frame(page)).tagline, FRAME[other].tagline);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
