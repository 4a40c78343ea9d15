// 11. A person searches their own job on the start page, in Dutch or another language: instead of
// "Niets gevonden" they are offered the routes from that job, and the profile questions open with
// the job filled in. Keyboard only, axe clean, in Dutch and English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage, open, axeViolations, formatViolations } from './lib/harness.mjs';

const env = useBrowser();

/** Types into the search box with the keyboard and waits for the search to settle. */
async function search(page, words) {
  await page.locator('#q').focus();
  await page.keyboard.type(words, { delay: 20 });
  await page.waitForFunction((q) => document.getElementById('search-count').textContent.includes(`"${q}"`), words);
}

/** Presses Tab until the offer link has focus (at most `max` times); true when it got there. */
async function tabToOffer(page, max = 6) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.closest('.job-offer') !== null)) return true;
  }
  return false;
}

async function assertNoAxe(page, state) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${state}:\n${formatViolations(violations)}`);
}

test('nl: "kassamedewerker" offers the routes from that job and opens the questions with it filled in', { timeout: 90_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    await open(env, page, '#/');
    await search(page, 'kassamedewerker');
    const offer = page.locator('.job-offer a');
    await offer.waitFor();
    assert.equal((await offer.innerText()).trim(), 'Bekijk routes vanuit kassamedewerker');
    assert.doesNotMatch(await page.locator('#search-count').innerText(), /Niets gevonden/);
    await assertNoAxe(page, 'start page with the job offer (nl, phone)');

    assert.ok(await tabToOffer(page), 'the offer cannot be reached with Tab from the search box');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/profiel/1');
    const job = page.locator('#f-occupation');
    await job.waitFor();
    assert.equal(await job.inputValue(), 'kassamedewerker');
    await assertNoAxe(page, 'first question with the job filled in (nl)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

// Nothing in our Dutch data is named "spawacz": the page says plainly that it is "lasser" in
// Dutch before it offers the routes from lasser.
const SPAWACZ = {
  nl: 'Geen paden, beroepen of opleidingen met "spawacz" in de naam. "spawacz" heet in het Nederlands lasser. Is dit je werk nu? Begin dan hier:',
  en: 'No paths, jobs or courses named "spawacz". In Dutch, "spawacz" is lasser. Is this the work you do now? Then start here:',
};

for (const lang of ['nl', 'en']) {
  test(`${lang}: a job in Polish is named in Dutch, and offered with the Polish label marked as Polish`, { timeout: 60_000 }, async () => {
    const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
    try {
      await context.addInitScript((l) => localStorage.setItem('padvinder.lang', l), lang);
      await open(env, page, '#/');
      await search(page, 'spawacz');
      const offer = page.locator('.job-offer a');
      await offer.waitFor();
      const count = page.locator('#search-count');
      assert.equal((await count.innerText()).trim(), SPAWACZ[lang]);
      // On an English page the Dutch name is marked Dutch; a Dutch page marks nothing.
      assert.deepEqual(await count.locator('[lang="nl"]').allInnerTexts(), lang === 'en' ? ['lasser'] : []);
      assert.equal((await offer.innerText()).trim(), `${lang === 'en' ? 'See routes from' : 'Bekijk routes vanuit'} lasser — spawacz`);
      assert.equal(await offer.locator('span[lang="pl"]').innerText(), 'spawacz');
      await assertNoAxe(page, `start page with a Polish job (${lang})`);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}

test('en: "forklift driver" offers "See routes from forklift driver" and fills in heftruckchauffeur', { timeout: 90_000 }, async () => {
  const { context, page } = await newPage(env, { bypassCSP: true });
  try {
    await open(env, page, '#/');
    await page.locator('#lang-toggle').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await search(page, 'forklift driver');
    const offer = page.locator('.job-offer a');
    await offer.waitFor();
    assert.equal((await offer.innerText()).trim(), 'See routes from forklift driver');
    assert.doesNotMatch(await page.locator('#search-count').innerText(), /Nothing found/);
    await assertNoAxe(page, 'start page with the job offer (en)');

    assert.ok(await tabToOffer(page), 'the offer cannot be reached with Tab from the search box');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/profiel/1');
    const job = page.locator('#f-occupation');
    await job.waitFor();
    // The profile keeps the Dutch name: it is what routes are matched on.
    assert.equal(await job.inputValue(), 'heftruckchauffeur');
    await assertNoAxe(page, 'first question with the job filled in (en)');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('words that only share a word with jobs offer no job', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage(env, { bypassCSP: true });
  try {
    await open(env, page, '#/');
    await search(page, 'warmtepomp');
    assert.equal(await page.locator('.job-offer a').count(), 0);
  } finally {
    await context.close();
  }
});

test('nl: choosing a job on the start page keeps the other answers typed in this tab', { timeout: 90_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, height: 800, bypassCSP: true });
  try {
    // A person has started the questions (postcode typed at step 3, not yet sent) and goes back
    // to the start page to look their job up.
    await open(env, page, '#/profiel/3');
    const postcode = page.locator('#f-postcode');
    await postcode.waitFor();
    await postcode.fill('3071');
    await open(env, page, '#/');
    await search(page, 'kassamedewerker');
    await page.locator('.job-offer a').waitFor();
    assert.ok(await tabToOffer(page), 'the offer cannot be reached with Tab from the search box');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/profiel/1');
    const job = page.locator('#f-occupation');
    await job.waitFor();
    assert.equal(await job.inputValue(), 'kassamedewerker');
    await open(env, page, '#/profiel/3');
    await postcode.waitFor();
    assert.equal(await postcode.inputValue(), '3071', 'the postcode typed before was lost');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
