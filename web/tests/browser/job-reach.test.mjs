// 11. Issue 9: a welder (who picked "lasser"), Rotterdam, 25 km. The route cards do not send them
// into the job they have through its entry course, and a card's label respects the distance they
// chose: a route whose first course has no school we know within 25 km says so ("We kennen geen
// school voor deze opleiding binnen 25 km.") and is never "haalbaar" or "sluit goed aan"; every
// route that is, names a school within 25 km. A school farther away is said to be so on the card,
// and the warning behind "Waarom deze route?" names the same place. 375 px, axe clean, layout
// shift ≤ 0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, newPage, open, waitForRoutes, axeViolations, formatViolations, watchLayoutShift, layoutShift,
} from './lib/harness.mjs';

const env = useBrowser();
const PROFILE = { current_occupation: 'lasser', postcode: '3071', max_travel_km: 25, situation: 'job_seeker' };
const MAX_SHIFT = 0.1;

test('nl, 375 px: a welder is not routed into Lasser, and "haalbaar" always has a school within 25 km', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, height: 800, profile: PROFILE, bypassCSP: true });
  try {
    await watchLayoutShift(context);
    await open(env, page, '#/routes');
    await waitForRoutes(page);
    const cards = await page.locator('.route-card').evaluateAll((els) => els.map((card) => {
      const fact = (term) => [...card.querySelectorAll('dl.facts > div')]
        .find((d) => d.querySelector('dt').textContent.trim() === term)?.querySelector('dd').textContent.replace(/\s+/g, ' ').trim();
      return {
        title: card.querySelector('h2').textContent.trim(),
        label: card.querySelector('.badge-label').textContent.trim(),
        school: fact('Dichtstbijzijnde school voor de eerste stap') ?? '',
        flags: [...card.querySelectorAll('.flags li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
      };
    }));
    assert.ok(cards.length > 0, 'a welder has routes');
    assert.ok(!cards.some((c) => c.title === 'Lasser'), `the welder is routed into Lasser: ${cards.map((c) => c.title).join(', ')}`);
    let farCards = 0;
    for (const c of cards) {
      if (/^(haalbaar|sluit goed aan)$/i.test(c.label)) {
        const km = Number((c.school.match(/\((\d+(?:,\d)?) km/) || [])[1]?.replace(',', '.'));
        assert.ok(km <= 25, `${c.title} is "${c.label}" but its school is "${c.school}"`);
      }
      // A school farther than 25 km is said to be so where it is named, not only behind
      // "Waarom deze route?"; the flag there names the same place as the card.
      const far = c.school.match(/^(.+) in (.+) \((\d+(?:,\d)?) km van je postcode\)/);
      if (far && Number(far[3].replace(',', '.')) > 25) {
        farCards += 1;
        assert.ok(c.school.endsWith('Dat is verder dan de 25 km die je wilt reizen.'), `${c.title}: "${c.school}"`);
        const km = Math.round(Number(far[3].replace(',', '.')));
        assert.ok(c.flags.some((f) => f.includes(` in ${far[2]}, ${km} km`)), `${c.title}: the flag names another place than "${far[2]}": ${c.flags}`);
      } else {
        assert.doesNotMatch(c.school, /verder dan/, c.title);
      }
      if (/geen school/.test(c.school)) {
        assert.equal(c.school, 'We kennen geen school voor deze opleiding binnen 25 km.', c.title);
        assert.match(c.label, /vraagt extra stappen/i, `${c.title}: no school within 25 km, yet "${c.label}"`);
      }
    }
    assert.ok(farCards > 0, 'a card whose school is farther than 25 km (else this test proves nothing)');
    const shift = await layoutShift(page);
    assert.ok(shift <= MAX_SHIFT, `layout shift ${shift.toFixed(3)}`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
