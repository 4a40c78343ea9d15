// The job-centre embed as a webmaster sees it (issue 12, docs/embed.md): a host page on another
// origin (another loopback port) pastes the one-line snippet; padvinder appears in an iframe in
// the tenant's colour, grows and shrinks with its content (no second scroll bar), keeps the
// host page still while loading, filters search to the tenant's region (the person can widen
// it), shows the tenant's hand-off on every route, passes axe inside the frame, talks only to
// padvinder and sets no cookie. A host origin that is not listed gets no frame at all.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { useBrowser, newPage, AXE_PATH, PERSONA } from './lib/harness.mjs';
import { freePort } from './lib/server.mjs';
import { TENANT } from './lib/embed-config.mjs';

/** Good by Core Web Vitals; the bound for the host page. */
const MAX_SHIFT = 0.1;

const env = useBrowser();
const hosts = [];

/** The embed test's host port: the one the server's tenant lists. */
function listedPort() {
  const port = Number(process.env.PADVINDER_EMBED_HOST_PORT || env.hostPort);
  assert.ok(port > 0, 'PADVINDER_EMBED_HOST_PORT: the server must run with the embed test config (run-browser-tests.sh)');
  return port;
}

/**
 * A webmaster's page on `port`: some text, the snippet (or a <div data-padvinder> placed
 * earlier), and text below it. It sends the CSP docs/embed.md asks host pages to allow.
 */
async function hostPage(port, { div = false, reserve = false } = {}) {
  const snippet = `<script src="${env.url}/embed.js" data-padvinder-tenant="${TENANT.id}" async></script>`;
  const html = `<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Werkcentrum</title>
${reserve ? '<style>div[data-padvinder] { min-height: 960px; }</style>' : ''}</head>
<body style="margin:0;font:16px/1.5 sans-serif">
<header style="padding:1rem"><h1>Werkcentrum Testregio</h1><p>Vind een opleiding die bij je past.</p></header>
<main style="padding:0 1rem">${div ? '<div data-padvinder></div>' : ''}${snippet}</main>
<footer style="padding:1rem;background:#eee"><p>Contact en openingstijden van het werkcentrum.</p></footer>
</body></html>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; style-src 'self' 'unsafe-inline'; script-src ${env.url}; frame-src ${env.url}`,
    });
    res.end(html);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  hosts.push(server);
  return `http://127.0.0.1:${port}/`;
}

after(() => { for (const s of hosts) s.close(); });

/** Opens the host page; returns the embed's frame once its first view is there. */
async function openEmbed(page, hostUrl) {
  await page.addInitScript(() => {
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(hostUrl, { waitUntil: 'domcontentloaded' });
  const handle = await page.locator('iframe[data-padvinder-frame]').elementHandle();
  const frame = await handle.contentFrame();
  await frame.locator('main h1').first().waitFor();
  return frame;
}

/** The iframe's height on the host page and its document's height inside. */
async function heights(page, frame) {
  const outer = await page.locator('iframe[data-padvinder-frame]').evaluate((f) => f.getBoundingClientRect().height);
  const inner = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  const scroll = await frame.evaluate(() => document.scrollingElement.scrollHeight - window.innerHeight);
  return { outer, inner, scroll };
}

/** Waits until the frame's height follows its content (the resize message arrived). */
async function fitted(page, frame) {
  for (let i = 0; i < 50; i += 1) {
    const h = await heights(page, frame);
    if (Math.abs(h.outer - h.inner) <= 1) return h;
    await page.waitForTimeout(100);
  }
  return heights(page, frame);
}

/** axe inside the frame; evaluated over DevTools, so the embed's CSP stays on. */
async function axeIn(frame) {
  await frame.evaluate(await readFile(AXE_PATH, 'utf8'));
  return frame.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

// The host page reserves the frame's starting height for <div data-padvinder> in its own CSS, as
// docs/embed.md asks of pages with content below padvinder: then nothing on it moves more than
// the Core Web Vitals bound while padvinder loads and sizes itself.
test('the snippet loads padvinder in the tenant colour, and the host page stands still', async () => {
  const hostUrl = await hostPage(listedPort(), { div: true, reserve: true });
  for (const { width, height } of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
    const { context, page } = await newPage(env, { width, height });
    const requests = [];
    page.on('request', (r) => requests.push(r));
    const frame = await openEmbed(page, hostUrl);
    assert.equal(new URL(frame.url()).pathname, `/embed/${TENANT.id}/`);
    // No site header inside; the tenant's colour on the primary button.
    assert.equal(await frame.locator('.site-header').count(), 0);
    const bg = await frame.locator('.btn-primary').first().evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(bg, 'rgb(138, 21, 56)', `the theme's nl-button-primary-background-color at ${width}px`);
    const h = await fitted(page, frame);
    assert.ok(Math.abs(h.outer - h.inner) <= 1, `the frame fits its content: ${JSON.stringify(h)}`);
    assert.ok(h.scroll <= 1, `no scroll bar inside the frame: ${JSON.stringify(h)}`);
    await page.waitForTimeout(300);
    const shift = await page.evaluate(() => window.__shifts);
    assert.ok(shift <= MAX_SHIFT, `host page layout shift ${shift.toFixed(3)} at ${width}px`);
    // Only padvinder and the host page were asked for anything; nothing set a cookie.
    const frameRequests = requests.filter((r) => r.frame() === frame).map((r) => new URL(r.url()).origin);
    assert.ok(frameRequests.length > 0);
    assert.deepEqual([...new Set(frameRequests)], [env.url], 'the embedded app asks only padvinder');
    assert.equal(await frame.evaluate(() => document.cookie), '');
    assert.deepEqual(await context.cookies(), []);
    assert.deepEqual(page.problems, []);
    await context.close();
  }
});

test('the frame grows with a long view and shrinks back, with no second scroll bar', async () => {
  const hostUrl = await hostPage(await freePortListed());
  const { context, page } = await newPage(env, { width: 1024, height: 768 });
  const frame = await openEmbed(page, hostUrl);
  const start = await fitted(page, frame);
  await frame.evaluate(() => { location.hash = '#/over'; });
  await frame.waitForFunction(() => location.hash === '#/over' && document.querySelector('main h1'));
  await page.waitForTimeout(200);
  const long = await fitted(page, frame);
  assert.ok(long.outer > start.outer + 200, `grows: ${start.outer} → ${long.outer}`);
  assert.ok(long.scroll <= 1, `no scroll bar inside: ${JSON.stringify(long)}`);
  await frame.evaluate(() => { location.hash = '#/'; });
  await frame.waitForFunction(() => location.hash === '#/' && document.querySelector('main h1'));
  await page.waitForTimeout(200);
  const back = await fitted(page, frame);
  assert.ok(back.outer < long.outer - 200, `shrinks: ${long.outer} → ${back.outer}`);
  assert.ok(Math.abs(back.outer - back.inner) <= 1, JSON.stringify(back));
  await context.close();
});

/** The listed port, for tests after the first (one listed origin; servers are closed after). */
async function freePortListed() {
  for (const s of hosts.splice(0)) await new Promise((r) => s.close(r));
  return listedPort();
}

test('search starts in the tenant region and the person can widen it', async () => {
  const hostUrl = await hostPage(await freePortListed(), { div: true });
  const { context, page } = await newPage(env);
  const frame = await openEmbed(page, hostUrl);
  const searches = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/search')) searches.push(new URL(r.url())); });
  const only = frame.getByRole('checkbox', { name: new RegExp(TENANT.regionName) });
  assert.equal(await only.isChecked(), true, 'the region filter is on at first');
  await frame.locator('#q').fill('elektrotechniek');
  await frame.waitForFunction(() => /\d|geen|niets/i.test(document.querySelector('#search-count')?.textContent || ''));
  const first = searches.at(-1);
  assert.equal(first.searchParams.get('region'), TENANT.regionCode);
  assert.equal(first.searchParams.get('tenant'), TENANT.id);
  const regional = await frame.locator('#search-results .hit').count();
  await only.uncheck();
  for (let i = 0; i < 50 && (searches.at(-1) === first); i += 1) await page.waitForTimeout(100);
  const wide = searches.at(-1);
  assert.notEqual(wide, first, 'unchecking searches again');
  assert.equal(wide.searchParams.get('region'), null, 'widened: no region');
  await frame.waitForFunction(() => document.querySelector('#search-results')?.getAttribute('aria-busy') !== 'true');
  const all = await frame.locator('#search-results .hit').count();
  assert.ok(all >= regional, `widening never finds less: ${regional} → ${all}`);
  // The div placed earlier on the page holds the frame, not the place of the script.
  assert.equal(await page.locator('div[data-padvinder] > iframe').count(), 1);
  await context.close();
});

// Regression: in the region only courses are searched, yet a job word that found none said
// "no paths, jobs or courses named …", while the whole catalogue has them one click away.
test('a search with nothing in the region says so and how to see everything, in Dutch and English', async () => {
  const hostUrl = await hostPage(await freePortListed(), { div: true });
  for (const lang of ['nl', 'en']) {
    const { context, page } = await newPage(env, { width: 375, height: 740 });
    try {
      if (lang === 'en') await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
      const frame = await openEmbed(page, hostUrl);
      await frame.locator('#q').fill('lasser');
      const count = frame.locator('#search-count');
      await frame.waitForFunction(() => /"lasser"/.test(document.querySelector('#search-count')?.textContent || ''));
      const text = (await count.textContent()).trim();
      assert.equal(text, lang === 'nl'
        ? `Geen opleidingen voor "lasser" in regio ${TENANT.regionName}. Zet "Alleen in regio ${TENANT.regionName}" uit om alles te zien. Is dit je werk nu? Begin dan hier:`
        : `No courses for "lasser" in the ${TENANT.regionName} region. Turn off "Only in the ${TENANT.regionName} region" to see everything. Is this the work you do now? Then start here:`);
      // What the sentence promises: the checkbox it names widens the search to results.
      await frame.getByRole('checkbox', { name: lang === 'nl' ? `Alleen in regio ${TENANT.regionName}` : `Only in the ${TENANT.regionName} region` }).uncheck();
      await frame.locator('#search-results .hit').first().waitFor();
      assert.match(await count.textContent(), lang === 'nl' ? /^\d+ resultaten? voor "lasser"\.$/ : /^\d+ results? for "lasser"\.$/);
      assert.deepEqual(await axeIn(frame), [], `search in the frame (${lang})`);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  }
});

test('every route shows the tenant hand-off, and axe finds nothing inside the frame', async () => {
  const hostUrl = await hostPage(await freePortListed());
  const { context, page } = await newPage(env, { profile: PERSONA });
  const frame = await openEmbed(page, hostUrl);
  assert.deepEqual(await axeIn(frame), [], 'start page in the frame');
  await frame.evaluate(() => { location.hash = '#/routes'; });
  await frame.locator('.route-card').first().waitFor({ timeout: 30_000 });
  const cards = await frame.locator('.route-card').count();
  const handoffs = frame.locator('.route-card .handoff');
  assert.equal(await handoffs.count(), cards, 'a hand-off on every route card');
  const text = await handoffs.first().innerText();
  assert.match(text, new RegExp(`Bespreek deze route met een adviseur van ${TENANT.name}`));
  const link = handoffs.first().getByRole('link', { name: TENANT.handoffLabel });
  assert.equal(await link.getAttribute('href'), TENANT.handoffUrl);
  assert.equal(await handoffs.first().locator('a[href^="tel:"]').getAttribute('href'), 'tel:0101234567');
  assert.deepEqual(await axeIn(frame), [], 'routes in the frame');
  await frame.evaluate(() => { location.hash = '#/route/0'; });
  await frame.locator('.timeline').waitFor();
  assert.equal(await frame.locator('.handoff').count(), 1, 'the route page has the hand-off');
  assert.deepEqual(await axeIn(frame), [], 'one route in the frame');
  assert.deepEqual(page.problems, []);
  await context.close();
});

// Regression: in English the job centre's Dutch link text was read out as English.
test('in English the hand-off says its frame in English and marks the job centre\'s own Dutch label', async () => {
  const hostUrl = await hostPage(await freePortListed());
  const { context, page } = await newPage(env, { profile: PERSONA, width: 375, height: 740 });
  try {
    await context.addInitScript(() => localStorage.setItem('padvinder.lang', 'en'));
    const frame = await openEmbed(page, hostUrl);
    await frame.evaluate(() => { location.hash = '#/routes'; });
    await frame.locator('.route-card').first().waitFor({ timeout: 30_000 });
    const handoff = frame.locator('.route-card .handoff').first();
    assert.match(await handoff.innerText(), new RegExp(`Discuss this route with an adviser from ${TENANT.name}`));
    const link = handoff.getByRole('link', { name: TENANT.handoffLabel });
    assert.equal(await link.getAttribute('lang'), 'nl');
    assert.equal(await handoff.locator('a[href^="tel:"]').getAttribute('lang'), null, '"Call …" is ours, in English');
    assert.deepEqual(await axeIn(frame), [], 'routes in the frame (en)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('Chromium refuses to frame the embed on an origin that is not listed', async () => {
  const unlisted = await freePort();
  assert.notEqual(unlisted, listedPort());
  const hostUrl = await hostPage(unlisted);
  const { context, page } = await newPage(env);
  const refused = [];
  page.on('console', (m) => { if (/frame-ancestors|Refused to frame/i.test(m.text())) refused.push(m.text()); });
  await page.goto(hostUrl, { waitUntil: 'domcontentloaded' });
  const handle = await page.locator('iframe[data-padvinder-frame]').elementHandle();
  await page.waitForTimeout(1500);
  const frame = await handle.contentFrame();
  const h1 = frame ? await frame.locator('main h1').count().catch(() => 0) : 0;
  assert.equal(h1, 0, 'no padvinder inside a frame on an unlisted origin');
  assert.ok(refused.length > 0 || !frame || frame.url().startsWith('chrome-error:'), `refused: ${refused.join(' | ')} ${frame?.url()}`);
  await context.close();
});
