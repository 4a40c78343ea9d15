// 18. Who to call: a route page names the person's regional desk (by postcode) with the desk's own
// website as a link a keyboard reaches, and the page it was read on with its date; the national
// Leerwerkloket comes after it. A desk whose website no source gives is named without a link.
// A phone number a source gives is a tel: link. Dutch and English, phone width, axe clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, newPage, openFirstRoute, axeViolations, formatViolations, PERSONA,
} from './lib/harness.mjs';

const env = useBrowser();

const TITLE = { nl: 'Wie kun je bellen?', en: 'Who to call?' };

/** The desks section as { names, links: [{ text, href }] }, in page order. */
async function desks(page) {
  const section = page.locator('section.desks');
  await section.waitFor();
  return section.evaluate((s) => ({
    title: s.querySelector('h2').textContent.trim(),
    names: [...s.querySelectorAll('li > strong')].map((e) => e.textContent.trim()),
    items: [...s.querySelectorAll('li')].map((li) => li.textContent),
    links: [...s.querySelectorAll('a')].map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })),
  }));
}

/** Focuses the desks heading, then presses Tab until `link` has focus (at most `max` times). */
async function tabReaches(page, link, max) {
  await page.locator('section.desks h2').evaluate((h) => { h.tabIndex = -1; h.focus(); });
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await link.evaluate((a) => document.activeElement === a)) return true;
  }
  return false;
}

for (const lang of ['nl', 'en']) {
  test(`a route in Arnhem names Leerwerkloket Midden-Gelderland with its website (${lang}, 375 px)`, { timeout: 90_000 }, async () => {
    // Arnhem (6811) is in labour-market region Midden-Gelderland (AM07).
    const profile = { ...PERSONA, postcode: '6811' };
    const { context, page } = await newPage(env, { width: 375, height: 740, profile, bypassCSP: true });
    await context.addInitScript((l) => localStorage.setItem('padvinder.lang', l), lang);
    try {
      await openFirstRoute(env, page);
      const d = await desks(page);
      assert.equal(d.title, TITLE[lang]);
      assert.deepEqual(d.names, ['Leerwerkloket Midden-Gelderland', 'Leerwerkloket.nl'], 'the region\'s desk, then the national one');
      const site = 'https://middengelderland.leerwerkloket.nl/';
      assert.ok(d.links.some((l) => l.href === site && l.text === site), `the desk's website is a link: ${JSON.stringify(d.links)}`);
      assert.ok(
        d.links.some((l) => l.href === 'https://middengelderland.leerwerkloket.nl/zijn-er-voor-jou-financiele-regelingen'),
        'the page the desk was read on is linked as its source',
      );
      assert.match(d.items[0], /\(2026-12-03\)/, 'the source has the date it was read');

      // The website is reached with the keyboard (Tab), not only with a mouse.
      const link = page.locator(`section.desks a[href="${site}"]`);
      assert.ok(await tabReaches(page, link, 5), 'Tab reaches the desk\'s website');

      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations(violations));
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}

test('a desk whose website no source gives is named without a link (Rotterdam)', { timeout: 90_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, height: 740, profile: PERSONA, bypassCSP: true });
  try {
    await openFirstRoute(env, page);
    const d = await desks(page);
    assert.ok(d.names.includes('Werkcentrum Rijnmond'), `Rotterdam's desk: ${d.names}`);
    assert.equal(d.names.at(-1), 'Leerwerkloket.nl');
    const item = page.locator('section.desks li', { hasText: 'Werkcentrum Rijnmond' });
    // Its only link is the source (a news page), never a made-up website.
    const hrefs = await item.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, ['https://www.gemeente.nu/bestuur/samenwerking/in-elke-arbeidsmarktregio-moet-een-werkcentrum-komen/']);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

// No source read so far gives a desk's phone number (paths/reference/desks/README.md), so the
// server's answer is given one here: the page shows it as a tel: link a keyboard reaches, in
// Dutch and English, and a desk without one shows none.
for (const lang of ['nl', 'en']) {
  test(`a desk's phone number from its source is a tel: link (${lang}, 375 px)`, { timeout: 90_000 }, async () => {
    const profile = { ...PERSONA, postcode: '6811' };
    const { context, page } = await newPage(env, { width: 375, height: 740, profile, bypassCSP: true });
    await context.addInitScript((l) => localStorage.setItem('padvinder.lang', l), lang);
    const phone = '026 123 45 67';
    await page.route('**/api/v1/match**', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      if (Array.isArray(body.regional_desks) && body.regional_desks.length) body.regional_desks[0].phone = phone;
      await route.fulfill({ response, json: body });
    });
    try {
      await openFirstRoute(env, page);
      const d = await desks(page);
      assert.deepEqual(d.names, ['Leerwerkloket Midden-Gelderland', 'Leerwerkloket.nl']);
      const call = d.links.filter((l) => l.href.startsWith('tel:'));
      assert.deepEqual(call, [{ text: phone, href: 'tel:0261234567' }], 'one tel: link, on the desk that has a number');
      assert.match(d.items[0], new RegExp(`${lang === 'nl' ? 'tel\\.' : 'phone'} ${phone}`));
      assert.doesNotMatch(d.items[1], /tel:|tel\.|phone/, 'the national desk has no number');

      const link = page.locator('section.desks a[href^="tel:"]');
      assert.ok(await tabReaches(page, link, 6), 'Tab reaches the phone link');

      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations(violations));
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
