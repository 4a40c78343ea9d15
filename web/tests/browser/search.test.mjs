// 1. Search while typing on the start page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage, open } from './lib/harness.mjs';

const env = useBrowser();

test('search while typing: "elektricen" shows electrician hits without Enter and announces the count', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage(env);
  try {
    await open(env, page, '#/');
    const searches = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/search')) searches.push(r.url()); });
    let submitted = false;
    await page.exposeFunction('__formSubmitted', () => { submitted = true; });
    await page.evaluate(() => document.querySelector('form[role="search"]')
      .addEventListener('submit', () => window.__formSubmitted(), true));

    const box = page.locator('#q');
    assert.equal(await box.getAttribute('type'), 'search');
    await box.click();
    // One key at a time, a little slower than the 200 ms debounce only between some keys.
    await box.pressSequentially('elektricen', { delay: 90 });

    const hits = page.locator('#search-results li.hit');
    await hits.first().waitFor();
    assert.equal(submitted, false, 'the search form was submitted, but results must come without Enter');
    assert.ok(searches.some((u) => new URL(u).searchParams.get('q') === 'elektricen'),
      `no search request for the whole word; requests: ${searches.join(', ')}`);

    // The final list belongs to the whole word (the count line names it).
    const count = page.locator('#search-count');
    await page.waitForFunction(() => /resultaten? voor "elektricen"/.test(document.getElementById('search-count').textContent));
    const countText = (await count.textContent()).trim();
    const total = Number(/^(\d+)/.exec(countText)?.[1]);
    assert.ok(total > 0, `count line: ${countText}`);

    // An electrician function or course is among the hits (found despite the typo).
    const items = await hits.evaluateAll((lis) => lis.map((li) => ({
      href: li.querySelector('a')?.getAttribute('href') || '',
      kind: li.querySelector('.badge')?.textContent.trim(),
      text: li.textContent.replace(/\s+/g, ' ').trim(),
    })));
    const electrician = items.filter((i) => /^#\/(functie|opleiding)\//.test(i.href) && /elektricien|elektrotechn/i.test(i.text));
    assert.ok(electrician.length > 0, `no electrician function/course among: ${JSON.stringify(items, null, 1)}`);
    assert.ok(items.some((i) => i.href.startsWith('#/functie/') && /elektricien/i.test(i.text)),
      'no function hit that mentions "elektricien"');
    assert.ok(items.length <= 10, 'more than one page of 10 hits shown at once');

    // The count is said by the polite live region.
    const live = page.locator('#live-status');
    assert.equal(await live.getAttribute('role'), 'status');
    assert.equal(await live.getAttribute('aria-live'), 'polite');
    await page.waitForFunction((text) => document.getElementById('live-status').textContent.trim() === text, countText);

    // "Meer resultaten" pages on when there are more than 10.
    if (total > 10) {
      const more = page.getByRole('button', { name: 'Meer resultaten' });
      await more.click();
      await page.waitForFunction(() => document.querySelectorAll('#search-results li.hit').length > 10);
      const focused = await page.evaluate(() => document.activeElement?.closest('li.hit') !== null);
      assert.ok(focused, 'after "Meer resultaten" focus should move to the first new hit');
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('search: more than 10 words gets a plain answer in the page\'s language, not a refusal of "answers"', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375 });
  try {
    await open(env, page, '#/');
    const eleven = 'monteur elektricien lasser timmerman schilder stukadoor dakdekker metselaar tegelzetter loodgieter glaszetter';
    await page.fill('#q', eleven);
    const count = page.locator('#search-count');
    await page.waitForFunction(() => /te veel woorden/.test(document.getElementById('search-count').textContent));
    assert.equal(await page.locator('.notice-error').count(), 0, 'an error box for a long search');
    assert.doesNotMatch(await page.locator('main').innerText(), /the query has|antwoorden/);

    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.fill('#q', `${eleven} `);
    await page.fill('#q', eleven);
    await page.waitForFunction(() => /too many words/.test(document.getElementById('search-count').textContent));
    assert.match(await count.textContent(), /at most 10 words/);
  } finally {
    await context.close();
  }
});
