// Checks shared by the mouse and keyboard journeys: what the route cards and one route's page
// must show, compared with the server's own match answer.

import assert from 'node:assert/strict';
import { PERSONA } from './harness.mjs';

// "€ 0" (any spacing, e.g. a no-break space) not followed by more digits or decimals.
const EURO_ZERO = /€\s*0(?![\d]|[.,]\d)/u;

/** The last match answer the app stored on this device. */
export async function storedResult(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('padvinder.results') || 'null'));
}

export async function assertStoredPersona(page) {
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('padvinder.profile') || '{}'));
  for (const [k, v] of Object.entries(PERSONA)) {
    assert.deepEqual(stored[k], v, `stored profile field ${k}: ${JSON.stringify(stored)}`);
  }
}

/** The fact list of a card or summary as { term: text }. */
async function facts(locator) {
  return locator.locator('dl.facts').first().evaluate((dl) => Object.fromEntries(
    [...dl.children].map((d) => [d.querySelector('dt').textContent.trim(), d.querySelector('dd').textContent.replace(/\s+/g, ' ').trim()])));
}

/** The route cards: title, duration, cost ("onbekend", never € 0 for unknown), SLIM badge with who applies. */
export async function assertRouteCards(page) {
  const result = (await storedResult(page))?.result;
  assert.ok(result && Array.isArray(result.routes) && result.routes.length > 0, 'no stored match answer with routes');
  const cards = page.locator('.route-card');
  assert.equal(await cards.count(), result.routes.length, 'one card per route in the answer');
  for (let i = 0; i < result.routes.length; i += 1) {
    const route = result.routes[i];
    const card = cards.nth(i);
    const title = (await card.locator('h2').textContent()).trim();
    assert.equal(title, route.target.title, `card ${i} title`);
    const f = await facts(card);
    assert.ok(f['Hoe lang'] && f['Hoe lang'].length > 0, `card ${i} has no duration: ${JSON.stringify(f)}`);
    assert.ok('Kosten' in f, `card ${i} has no cost: ${JSON.stringify(f)}`);
    if (typeof route.total_cost_eur !== 'number') {
      assert.match(f.Kosten, /onbekend/, `card ${i}: unknown cost must say "onbekend"`);
    }
    // What the subsidy leaves for the employer: only beside a subsidy amount, never € 0 unless it is.
    const net = f['Voor de werkgever na subsidie'];
    if (route.slim?.status !== 'possibly_eligible') assert.equal(net, undefined, `card ${i}: an employer's rest without a subsidy`);
    if (route.total_cost_eur !== 0) assert.doesNotMatch(f.Kosten, EURO_ZERO, `card ${i} shows € 0 as cost`);
    if (route.net_cost_eur !== 0) assert.doesNotMatch(net || '', EURO_ZERO, `card ${i} shows € 0 as net cost`);
    // SLIM: a badge in words and the route's one sentence, which says who applies; no rate on
    // the card (a rate beside "not a recognised path" read as a promise).
    const slimDd = card.locator('dl.facts > div', { has: page.locator('dt', { hasText: 'Subsidie' }) }).locator('dd');
    const badge = slimDd.locator('.badge[class*="badge-slim-"]');
    assert.equal(await badge.count(), 1, `card ${i} has no SLIM badge`);
    assert.ok((await badge.textContent()).trim().length > 2, `card ${i} SLIM badge has no words`);
    const line = result.slim_texts.summaries?.[route.slim.summary];
    assert.ok(line && f.Subsidie.includes(line), `card ${i} does not give the subsidy line: ${f.Subsidie}`);
    assert.doesNotMatch(f.Subsidie, /\d\s*%/, `card ${i} shows a rate: ${f.Subsidie}`);
    if (['possibly_eligible', 'insufficient_information'].includes(route.slim.status)) {
      assert.match(f.Subsidie, /aanvr|vraagt/i);
      assert.match(f.Subsidie, /Indicatief/);
      // The same condition the path page states for a path we put together ourselves.
      if (route.path.status === 'modelled') assert.match(f.Subsidie, /erkend ontwikkelpad/);
    }
    const details = card.locator('a[href="#/route/' + i + '"]');
    assert.equal(await details.count(), 1, `card ${i} has no link to its route page`);
  }
  const resultsText = await page.locator('.results').textContent();
  if (!result.routes.some((r) => r.total_cost_eur === 0 || r.net_cost_eur === 0)) {
    assert.doesNotMatch(resultsText, EURO_ZERO, 'the results show € 0 somewhere');
  }
  return result;
}

/**
 * One route's page: the timeline of steps, the SLIM criteria with "indicatief", and sources.
 * `texts` is the answer's `slim_texts`, where the route's criteria positions point.
 */
export async function assertRouteDetail(page, route, texts) {
  assert.equal((await page.locator('main h1').textContent()).trim(), route.target.title);
  const steps = page.locator('ol.timeline > li.step');
  assert.equal(await steps.count(), route.steps.length, 'one timeline item per step');
  for (let i = 0; i < route.steps.length; i += 1) {
    const text = await steps.nth(i).textContent();
    assert.ok(text.includes(`Stap ${i + 1}`), `step ${i + 1} has no number`);
    assert.ok(text.includes(route.steps[i].course.title), `step ${i + 1} does not name ${route.steps[i].course.title}`);
    if (route.steps[i].skipped) assert.match(text, /sla je over/);
  }
  const slim = page.locator('section.slim');
  await slim.waitFor();
  assert.match(await slim.locator('h2').textContent(), /SLIM/);
  assert.match(await slim.textContent(), /indicatief/i, 'the SLIM section must say it is indicative');
  assert.ok((await slim.textContent()).includes(texts.summaries[route.slim.summary]), 'the route page gives the subsidy line');
  // The rules once for the route, behind "Waarom?", not once per step.
  assert.equal(await page.locator('details.slim-why').count(), route.slim.criteria.length ? 1 : 0);
  const criteria = slim.locator('ul.criteria').first().locator(':scope > li.criterion');
  assert.equal(await criteria.count(), route.slim.criteria.length, 'every SLIM criterion is listed');
  for (let i = 0; i < route.slim.criteria.length; i += 1) {
    const c = texts.criteria[route.slim.criteria[i]];
    const text = await criteria.nth(i).textContent();
    assert.ok(text.includes(c.text), `criterion ${c.id} text missing`);
    assert.ok(await criteria.nth(i).locator('.badge').count() === 1, `criterion ${c.id} has no outcome badge`);
  }
  const sources = page.locator('section.path-sources');
  const items = sources.locator('ul.sources > li');
  assert.ok(await items.count() > 0, 'the route page lists no sources');
  assert.match(await sources.textContent(), /Gecontroleerd op \d{1,2} \w+ \d{4}/, 'the sources have no check date');
  assert.doesNotMatch(await page.locator('main').textContent(), EURO_ZERO, 'the route page shows € 0');
}
