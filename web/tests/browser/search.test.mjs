// 1. Search while typing on the start page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage, open, axeViolations, formatViolations } from './lib/harness.mjs';

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

test('search without dead ends: "we zochten op …" when not every word matches, in Dutch and English; axe finds nothing', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, bypassCSP: true });
  try {
    await open(env, page, '#/');
    await page.fill('#q', 'lasser xqzwv');
    await page.waitForFunction(() => /We zochten op "lasser"/.test(document.getElementById('search-count').textContent));
    const count = (await page.locator('#search-count').textContent()).trim();
    assert.match(count, /^We zochten op "lasser": \d+ resultaten?\. Geen resultaat heeft alle woorden van "lasser xqzwv"\.$/);
    assert.ok(await page.locator('#search-results li.hit').count() > 0, 'the hits of "lasser" are shown');
    await page.waitForFunction((text) => document.getElementById('live-status').textContent.trim() === text, count);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));

    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.fill('#q', 'lasser xqzwv ');
    await page.fill('#q', 'lasser xqzwv');
    await page.waitForFunction(() => /We searched for "lasser"/.test(document.getElementById('search-count').textContent));
    assert.match(await page.locator('#search-count').textContent(), /^We searched for "lasser": \d+ results?\. No result has all the words of "lasser xqzwv"\.$/);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('search that finds nothing offers "bedoelde je …" words; choosing one by keyboard searches for it; axe finds nothing', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, bypassCSP: true });
  try {
    await open(env, page, '#/');
    // Three typos: more than a word of 10 letters may have, so nothing is found.
    await page.fill('#q', 'sxhilderrr');
    const buttons = page.locator('.did-you-mean button.suggestion');
    await buttons.first().waitFor();
    assert.match(await page.locator('#search-count').textContent(), /Niets gevonden voor "sxhilderrr"/);
    assert.match(await page.locator('.did-you-mean').textContent(), /^Bedoelde je:/);
    const words = await buttons.allTextContents();
    assert.ok(words.length >= 1 && words.length <= 5, `suggestions: ${words}`);
    assert.ok(words.some((w) => /^schilder/.test(w)), `no "schilder…" among ${words}`);
    await page.waitForFunction(() => /Bedoelde je: .+\?$/.test(document.getElementById('live-status').textContent.trim()));
    let violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));

    // Keyboard only: Tab from the box reaches the first suggestion; Enter searches for it.
    await page.focus('#q');
    let guard = 0;
    while (!(await page.evaluate(() => document.activeElement?.classList.contains('suggestion'))) && guard++ < 5) {
      await page.keyboard.press('Tab');
    }
    const chosen = (await page.evaluate(() => document.activeElement.textContent)).trim();
    await page.keyboard.press('Enter');
    await page.waitForFunction((w) => document.getElementById('search-count').textContent.includes(`voor "${w}"`), chosen);
    assert.equal(await page.inputValue('#q'), chosen);
    assert.ok(await page.locator('#search-results li.hit').count() > 0, 'the suggestion finds something');
    assert.equal(await buttons.count(), 0, 'the suggestions go once something is found');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'q', 'focus returns to the search box');
    violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
