// Shared plumbing for the browser tests: the server address, Debian's Chromium driven by
// playwright-core (no browser download), fresh contexts, profile seeding, view waits and axe.

import { after, before } from 'node:test';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, OUTPUT_DIR, REPO_ROOT } from './server.mjs';

export { OUTPUT_DIR, REPO_ROOT };

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
];

/** Per-action and per-navigation limits: nothing in these tests may wait forever. */
export const ACTION_TIMEOUT = 15_000;
export const NAV_TIMEOUT = 20_000;

/** The profile of the brief's persona (what the wizard stores for it). */
export const PERSONA = {
  current_occupation: 'heftruckchauffeur',
  education_level: 'mbo2',
  postcode: '3071',
  max_travel_km: 25,
  hours_per_week: 32,
  situation: 'employed',
  interests: ['zonnepanelen'],
};

/**
 * Launches chromium, trying again up to twice: on a loaded two-core machine its start-up has
 * been seen to crash (SIGSEGV) before any page was opened. A crash during a test still fails it.
 */
async function launchBrowser() {
  let lastError = null;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      return await chromium.launch({
        executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000,
      });
    } catch (err) {
      lastError = err;
      console.error(`chromium did not start (attempt ${attempt} of 3): ${String(err).split('\n')[0]}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  throw lastError;
}

/**
 * Registers before/after hooks for a test file: the server (from PADVINDER_URL, or started
 * here) and one browser. Returns an object whose fields are filled in once `before` ran.
 * `ready(env)` runs in the same hook once both are there; `done(env)` before they are closed
 * (root-level hooks of one file are not guaranteed to run one after the other).
 * Playwright's launch() gives every browser a fresh temporary user-data-dir.
 * With `ownData` the file always starts its own server, on a copy of paths/ it may change
 * (`env.data`) and read again (`env.reload()`), whatever PADVINDER_URL says.
 */
export function useBrowser({ ready = null, done = null, ownData = false } = {}) {
  const env = { url: null, browser: null };
  let server = null;
  before(async () => {
    if (process.env.PADVINDER_URL && !ownData) {
      env.url = process.env.PADVINDER_URL.replace(/\/$/, '');
      env.store = process.env.PADVINDER_STORE || null;
    } else {
      server = await startServer({ ownData });
      env.url = server.url;
      env.hostPort = server.hostPort;
      env.store = server.store;
      env.data = server.data;
      env.reload = server.reload;
    }
    env.browser = await launchBrowser();
    if (ready) await ready(env);
  }, { timeout: 150_000 });
  after(async () => {
    if (done) await done(env).catch(() => {});
    await env.browser?.close().catch(() => {});
    await server?.stop();
  }, { timeout: 30_000 });
  return env;
}

/**
 * A fresh context (own localStorage) and page. `profile` is put into localStorage before the
 * app's scripts run. Uncaught page errors and CSP violations are collected in `page.problems`.
 */
export async function newPage(env, { width = 1280, height = 900, profile = null, bypassCSP = false } = {}) {
  const context = await env.browser.newContext({
    viewport: { width, height }, bypassCSP, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam',
    serviceWorkers: 'block',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(NAV_TIMEOUT);
  // Only loopback: anything else is refused before it leaves the browser.
  await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:',
    (route) => route.abort('blockedbyclient'));
  if (profile) {
    await context.addInitScript((p) => {
      if (!localStorage.getItem('padvinder.profile')) localStorage.setItem('padvinder.profile', p);
    }, JSON.stringify(profile));
  }
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) page.problems.push(`CSP: ${msg.text()}`);
  });
  return { context, page };
}

/** Opens the app at `hash` (a full load) and waits for the view's h1. */
export async function open(env, page, hash = '#/') {
  await page.goto(`${env.url}/${hash}`, { waitUntil: 'domcontentloaded' });
  await page.locator('main h1').first().waitFor();
}

/** Moves to `hash` inside the running app (same document), waits for the new view's h1. */
export async function go(page, hash) {
  const before = await page.evaluate(() => document.querySelector('main .view'));
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((old) => {
    const v = document.querySelector('main .view');
    return v && v !== old && v.querySelector('h1');
  }, before);
}

/** Waits until the results view shows route cards (or an empty or error state). */
export async function waitForRoutes(page) {
  await page.locator('.route-card, .results .notice').first().waitFor({ timeout: 30_000 });
}

/** Waits until the route page's sources have loaded (the path request finished). */
export async function waitForRouteDetail(page) {
  await page.locator('.timeline').waitFor();
  await page.waitForFunction(() => {
    const s = document.querySelector('.path-sources');
    return s && !s.querySelector('.loading');
  }, null, { timeout: ACTION_TIMEOUT });
}

/** Opens the results for the page's stored profile, then the first route's page (loaded whole). */
export async function openFirstRoute(env, page) {
  await open(env, page, '#/routes');
  await waitForRoutes(page);
  await go(page, '#/route/0');
  await waitForRouteDetail(page);
}

/** Waits until no `.loading` line is left in <main>. */
export async function waitForLoaded(page) {
  await page.waitForFunction(() => !document.querySelector('main .loading'), null, { timeout: ACTION_TIMEOUT });
}

/** Runs axe with the WCAG 2.0/2.1 A and AA tags; returns its violations. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary })),
    }));
  });
}

/** Violations as readable text for an assertion message. */
export function formatViolations(violations) {
  return violations.map((v) => [
    `- ${v.id} (${v.impact}): ${v.help} <${v.helpUrl}>`,
    ...v.nodes.map((n) => `    ${n.target}\n      ${n.html}\n      ${String(n.summary).replace(/\n/g, '\n      ')}`),
  ].join('\n')).join('\n');
}

/** The elements sticking out past the right edge of the viewport (for overflow messages). */
export async function overflowingElements(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1) {
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        out.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(r.right)} "${(el.textContent || '').trim().slice(0, 40)}"`);
      }
    }
    return out.slice(0, 15);
  });
}

/** The folder for screenshots and PDFs (created when needed). */
export async function outputDir(...parts) {
  const dir = path.join(OUTPUT_DIR, ...parts);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Describes the focused element and whether its focus indicator is visible. */
export async function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', visible: false, desc: 'body' };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow && cs.boxShadow !== 'none';
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 50);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      type: el.type || '',
      href: el.getAttribute('href') || '',
      value: el.value ?? '',
      text,
      visible: Boolean(outline || shadow),
      style: `outline: ${cs.outlineStyle} ${cs.outlineWidth}; box-shadow: ${cs.boxShadow}`,
      desc: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : ''} "${text}"`,
    };
  });
}

/**
 * For `context.addInitScript`: sums layout shifts not caused by input in `window.__shifts`
 * (`total`, and `sources`: each shift's value and the elements that moved), from before the
 * app's scripts run (as shift.test.mjs).
 */
export function watchShifts() {
  window.__shifts = { total: 0, sources: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__shifts.total += e.value;
      for (const s of e.sources || []) window.__shifts.sources.push(`${e.value.toFixed(3)} ${s.node?.nodeName || '?'}${s.node?.className ? `.${s.node.className}` : ''}`);
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/**
 * Watches the layout shifts of every page of `context` (`watchShifts`); read the total with
 * `layoutShift(page)`. `lang` also sets the app's language.
 */
export async function watchLayoutShift(context, lang = null) {
  if (lang) await context.addInitScript((l) => localStorage.setItem('padvinder.lang', l), lang);
  await context.addInitScript(watchShifts);
}

/** The layout shift added up since the page loaded (see `watchShifts`). */
export async function layoutShift(page) {
  return page.evaluate(() => window.__shifts.total);
}
