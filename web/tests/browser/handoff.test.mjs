// "Stuur mijn profiel en deze route naar een adviseur" (issue 12 §4, docs/embed.md §5), as a
// person and a counsellor meet it: a host page on another origin (another loopback port) embeds
// padvinder; on a route page the person opens the hand-off with the keyboard, reads the consent
// text, is told at the field what is missing, sends, and gets a receipt with a reference; axe
// finds nothing at 375 px in Dutch and English. Then a counsellor of the organisation the tenant
// names logs in to the workspace and finds the request in the caseload, marked as new.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { useBrowser, newPage, AXE_PATH, PERSONA, focusInfo } from './lib/harness.mjs';
import { TENANT } from './lib/embed-config.mjs';
import { addCounsellor, openWorkspace, logIn, expectClean } from './lib/werkplek.mjs';

const env = useBrowser();
const hosts = [];
after(() => { for (const s of hosts) s.close(); });

/** The webmaster's page with the snippet, on the port the tenant lists. */
async function hostPage() {
  const port = Number(process.env.PADVINDER_EMBED_HOST_PORT || env.hostPort);
  assert.ok(port > 0, 'PADVINDER_EMBED_HOST_PORT: the server must run with the embed test config');
  for (const s of hosts.splice(0)) await new Promise((r) => s.close(r));
  const html = `<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Werkcentrum</title></head>
<body style="margin:0"><main><h1>Werkcentrum Testregio</h1>
<script src="${env.url}/embed.js" data-padvinder-tenant="${TENANT.id}" async></script></main></body></html>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  hosts.push(server);
  return `http://127.0.0.1:${port}/`;
}

/** The embed's frame on a route page, with the hand-off box there. */
async function routePage(page, hostUrl) {
  await page.goto(hostUrl, { waitUntil: 'domcontentloaded' });
  const handle = await page.locator('iframe[data-padvinder-frame]').elementHandle();
  const frame = await handle.contentFrame();
  await frame.locator('main h1').first().waitFor();
  await frame.evaluate(() => { location.hash = '#/route/0'; });
  await frame.locator('.intake').waitFor({ timeout: 30_000 });
  return frame;
}

async function axeIn(frame) {
  await frame.evaluate(await readFile(AXE_PATH, 'utf8'));
  return frame.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Presses Tab in the frame until `selector` has focus; every stop shows its focus. */
async function tabTo(page, frame, selector, max = 40) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await frame.evaluate((s) => document.activeElement?.matches(s), selector)) {
      const info = await focusInfo(frame);
      assert.ok(info.visible, `focus is not visible on ${info.desc} (${info.style})`);
      return;
    }
  }
  assert.fail(`${selector} not reached with ${max} presses of Tab`);
}

const focused = (frame) => frame.evaluate(() => document.activeElement?.getAttribute('name') || document.activeElement?.id || document.activeElement?.tagName);

test('a person sends their profile and the route by keyboard and gets a receipt; the counsellor finds it', async () => {
  const hostUrl = await hostPage();
  const { context, page } = await newPage(env, { profile: PERSONA, width: 375, height: 740 });
  let reference;
  try {
    const frame = await routePage(page, hostUrl);
    const box = frame.locator('.intake');
    assert.match(await box.locator('h2').innerText(), /Stuur mijn profiel en deze route naar een adviseur/);
    // The job centre is whom to call here: the region's desks are offered as more advice besides it.
    assert.equal(await frame.locator('#desks-title').innerText(), 'Meer gratis advies in je regio');
    assert.match(await frame.locator('.desks p').first().innerText(), new RegExp(`^Naast ${TENANT.name} `));
    // Start from the tenant's own hand-off link, then walk on by keyboard.
    await frame.locator('.handoff a').first().focus();
    await tabTo(page, frame, '.intake button[aria-controls="intake-form"]');
    await page.keyboard.press('Enter');
    assert.equal(await box.locator('button[aria-controls]').getAttribute('aria-expanded'), 'true');
    assert.equal(await focused(frame), 'name', 'the form opens at the name field');
    // The consent text says what, to whom, how long and how to withdraw, before anything is sent.
    const consent = await frame.locator('#intake-consent-text').innerText();
    for (const part of ['Wat we sturen', `Aan wie: alleen aan de adviseurs van ${TENANT.name}`, 'Hoe lang', 'Intrekken']) {
      assert.ok(consent.includes(part), `${part}: ${consent}`);
    }
    assert.deepEqual(await axeIn(frame), [], 'the open form (nl, 375 px)');
    // Sending nothing: told at each field, nothing sent, focus on the first problem.
    const sends = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/handoff')) sends.push(r); });
    await tabTo(page, frame, '.intake-form button[type="submit"]');
    await page.keyboard.press('Enter');
    await frame.locator('.intake .field-error:not([hidden])').first().waitFor();
    assert.equal(sends.length, 0, 'nothing is sent while fields are missing');
    assert.equal(await focused(frame), 'name');
    const errors = await frame.locator('.intake .field-error:not([hidden])').allInnerTexts();
    assert.ok(errors.includes('Vul je naam in.'), errors.join(' | '));
    assert.ok(errors.some((e) => e.startsWith('Vul een e-mailadres of een telefoonnummer in')), errors.join(' | '));
    assert.ok(errors.includes('Vink aan dat je je gegevens wilt sturen, of stuur niets.'), errors.join(' | '));
    assert.equal(await frame.locator('input[name="name"]').getAttribute('aria-invalid'), 'true');
    // The consent's error sits in the consent's own group, not under the phone field.
    const consentGroup = frame.locator('fieldset:has(#intake-agree)');
    assert.equal(await consentGroup.locator('legend').innerText(), 'Toestemming');
    assert.equal(await consentGroup.locator('#intake-agree-error').innerText(), 'Vink aan dat je je gegevens wilt sturen, of stuur niets.');
    assert.deepEqual(await axeIn(frame), [], 'the form with its errors (nl, 375 px)');
    // Fill in by keyboard: name, e-mail, (no phone), consent, send.
    await page.keyboard.type('Sam');
    await page.keyboard.press('Tab');
    await page.keyboard.type('sam@example.nl');
    await tabTo(page, frame, '#intake-agree');
    await page.keyboard.press('Space');
    await tabTo(page, frame, '.intake-form button[type="submit"]');
    await page.keyboard.press('Enter');
    const receipt = frame.locator('.intake-receipt');
    await receipt.waitFor({ timeout: 30_000 });
    assert.equal(await focused(frame), 'intake-title', 'focus moves to the receipt');
    assert.match(await receipt.locator('h2').innerText(), new RegExp(`Verstuurd naar ${TENANT.name}`));
    reference = await receipt.locator('.reference').innerText();
    assert.match(reference, /^PV-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const text = await receipt.innerText();
    assert.ok(text.includes('sam@example.nl') && text.includes('Sam'), text);
    assert.ok(/30 dagen/.test(text) && /kenmerk/.test(text), text);
    const sent = JSON.parse(sends.at(-1).postData());
    assert.equal(sends.length, 1);
    assert.equal(new URL(sends[0].url()).searchParams.get('tenant'), TENANT.id);
    assert.deepEqual(sent.contact, { name: 'Sam', email: 'sam@example.nl', phone: null });
    assert.equal(sent.consent.agreed, true);
    assert.deepEqual(await axeIn(frame), [], 'the receipt (nl, 375 px)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }

  // The counsellor of the tenant's organisation sees it in the caseload, marked as new.
  const counsellor = await addCounsellor(env, { org: TENANT.org });
  const ws = await newPage(env, { width: 375, height: 740, bypassCSP: true });
  try {
    await openWorkspace(env, ws.page);
    await logIn(ws.page, counsellor, '.client-card');
    const card = ws.page.locator('.client-card', { hasText: 'Sam' });
    await card.waitFor();
    assert.equal(await card.locator('.badge-intake').innerText(), 'Nieuwe aanvraag');
    assert.match(await ws.page.locator('.notice-intake').innerText(), /1 nieuwe aanvraag/);
    await expectClean(ws.page, 'the caseload with an intake (375 px)');
    // The person quotes their reference: the caseload's search finds the request by it, typed
    // as it is read out; something else finds nothing, and says so.
    const search = async (text) => {
      await ws.page.locator('#ws-caseload-q').fill(text);
      await ws.page.locator('#ws-caseload-q').press('Enter');
    };
    await search('geen-bestaande-naam');
    await ws.page.locator('.caseload .notice', { hasText: 'Geen cliënt gevonden' }).waitFor();
    await search(reference.slice(3).replace('-', ' ').toLowerCase());
    await card.waitFor();
    assert.equal(await ws.page.locator('.client-card').count(), 1);
    await expectClean(ws.page, 'the caseload searched by reference (375 px)');
    await card.locator('h2 a').click();
    await ws.page.locator('#client-status').waitFor();
    const details = await ws.page.locator('main').innerText();
    assert.ok(details.includes('E-mail: sam@example.nl') && details.includes(`Kenmerk ${reference}`), details);
    assert.equal(await ws.page.locator('main a[href="mailto:sam@example.nl"]').count(), 1);
    assert.ok(details.includes('Kies daarna hieronder bij Status een andere status'), details);
    assert.ok(details.includes('Gegeven door de persoon zelf'), details);
    assert.equal(await ws.page.locator('#client-status').inputValue(), 'intake');
    await expectClean(ws.page, 'the intake client page (375 px)');
    // Everything held about the person, in plain words: sent by themself, not by "null".
    await ws.page.getByRole('link', { name: /Bekijk en print alle gegevens/ }).click();
    await ws.page.locator('main h1').filter({ hasText: 'Sam' }).waitFor();
    const record = await ws.page.locator('main').innerText();
    assert.ok(!/\bnull\b|undefined/.test(record), record);
    assert.ok(record.includes('zelf gestuurd op') && record.includes('Gegeven door de persoon zelf'), record);
  } finally {
    await ws.context.close();
  }
});

test('in English the hand-off form and its errors are English, and axe finds nothing at 375 px', async () => {
  const hostUrl = await hostPage();
  const { context, page } = await newPage(env, { profile: PERSONA, width: 375, height: 740 });
  try {
    await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
    const frame = await routePage(page, hostUrl);
    const box = frame.locator('.intake');
    assert.match(await box.locator('h2').innerText(), /Send my profile and this route to an adviser/);
    await box.locator('button[aria-controls]').click();
    const consent = await frame.locator('#intake-consent-text').innerText();
    assert.ok(consent.startsWith('What we send') && consent.includes('To withdraw'), consent);
    await frame.locator('input[name="name"]').fill('Robin');
    await frame.locator('input[name="phone"]').fill('bel me');
    await frame.locator('.intake-form button[type="submit"]').click();
    await frame.locator('.intake .field-error:not([hidden])').first().waitFor();
    const errors = await frame.locator('.intake .field-error:not([hidden])').allInnerTexts();
    assert.ok(errors.includes('This is not a phone number. Write it like 06 12345678.'), errors.join(' | '));
    assert.ok(errors.includes('Tick that you want to send your data, or send nothing.'), errors.join(' | '));
    assert.deepEqual(await axeIn(frame), [], 'the form with its errors (en, 375 px)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
