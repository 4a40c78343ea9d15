// 11. Issue 9, §3: the cost lines of a route card say plainly who pays what. SLIM is applied for
// by an employer and the person may not be charged anything (domain brief §3): "if your employer
// gets SLIM subsidy" is said only to a person who has an employer (the profile says they are
// employed); a person looking for work reads who could apply in the route's subsidy sentence. The
// card never shows a "cost after subsidy" that just repeats the cost next to that promise: what
// the subsidy leaves is the employer's, shown only where the server computed a subsidy amount.
// Dutch and English, 375 px, axe clean, layout shift ≤ 0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, newPage, open, waitForRoutes, axeViolations, formatViolations, PERSONA,
  watchLayoutShift, layoutShift,
} from './lib/harness.mjs';
import { storedResult } from './lib/routes-checks.mjs';

const env = useBrowser();
const MAX_SHIFT = 0.1;

const TEXT = {
  nl: { employer: /Krijgt je werkgever/, net: 'Voor de werkgever na subsidie', oldNet: 'Kosten na subsidie', nothing: /hoef jij niets/ },
  en: { employer: /If your employer gets/, net: 'Left for the employer after subsidy', oldNet: 'Cost after subsidy', nothing: /do not have to pay anything/ },
};

/** Each card: its SLIM status from the answer, its cost lines and fact terms. */
async function cards(page) {
  const result = (await storedResult(page))?.result;
  const shown = await page.locator('.route-card').evaluateAll((els) => els.map((card) => ({
    terms: [...card.querySelectorAll('dl.facts dt')].map((d) => d.textContent.trim()),
    text: card.textContent.replace(/\s+/g, ' '),
  })));
  return shown.map((c, i) => ({ ...c, route: result.routes[i] }));
}

async function routesFor(profile, lang) {
  const { context, page } = await newPage(env, { width: 375, height: 800, profile, bypassCSP: true });
  await watchLayoutShift(context, lang);
  await open(env, page, '#/routes');
  await waitForRoutes(page);
  return { context, page };
}

async function assertPage(page, where) {
  const shift = await layoutShift(page);
  assert.ok(shift <= MAX_SHIFT, `${where}: layout shift ${shift.toFixed(3)}`);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${where}:\n${formatViolations(violations)}`);
  assert.deepEqual(page.problems, []);
}

for (const lang of ['nl', 'en']) {
  test(`${lang}: a person looking for work is not told "if your employer gets SLIM"; no card repeats its cost as "after subsidy"`, { timeout: 90_000 }, async () => {
    const { context, page } = await routesFor({ ...PERSONA, situation: 'job_seeker' }, lang);
    try {
      const found = await cards(page);
      assert.ok(found.length > 0, 'the persona has routes');
      const open = found.filter((c) => ['possibly_eligible', 'insufficient_information'].includes(c.route.slim?.status));
      assert.ok(open.length > 0, 'a route where SLIM is not ruled out (else this test proves nothing)');
      for (const [i, c] of found.entries()) {
        assert.doesNotMatch(c.text, TEXT[lang].employer, `card ${i} speaks of "your employer" to a job seeker`);
        assert.doesNotMatch(c.text, TEXT[lang].nothing, `card ${i}`);
        assert.ok(!c.terms.includes(TEXT[lang].oldNet), `card ${i} still has "${TEXT[lang].oldNet}"`);
        const subsidised = c.route.slim?.status === 'possibly_eligible' && typeof c.route.net_cost_eur === 'number'
          && c.route.net_cost_eur !== c.route.total_cost_eur;
        assert.equal(c.terms.includes(TEXT[lang].net), subsidised, `card ${i}: the employer's rest only beside a subsidy amount`);
      }
      // Who could apply is said by the route's subsidy sentence.
      assert.ok(await page.locator('.route-card .slim-summary').count() > 0, 'the subsidy sentence is on the cards');
      await assertPage(page, `job seeker's cards (${lang})`);
    } finally {
      await context.close();
    }
  });
}

test('nl: a person with a job reads that they may not be charged anything when their employer gets SLIM', { timeout: 90_000 }, async () => {
  const { context, page } = await routesFor({ ...PERSONA, situation: 'employed' }, 'nl');
  try {
    const found = await cards(page);
    const open = found.filter((c) => ['possibly_eligible', 'insufficient_information'].includes(c.route.slim?.status)
      && c.route.steps.some((s) => !s.skipped && Number.isInteger(s.cost_basis)));
    assert.ok(open.length > 0, 'a route with a legal fee where SLIM is not ruled out');
    for (const c of open) assert.match(c.text, /Krijgt je werkgever er SLIM-subsidie voor, dan betaalt je werkgever en mag jij niets betalen\./);
    for (const c of found.filter((x) => x.route.slim?.status === 'not_eligible')) {
      assert.doesNotMatch(c.text, TEXT.nl.employer, 'never beside "subsidy: not possible"');
    }
    await assertPage(page, "employed person's cards (nl)");
  } finally {
    await context.close();
  }
});
