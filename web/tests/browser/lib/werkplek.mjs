// The counsellor workspace's test plumbing: counsellors made the way an operator makes them
// (`padvinder users add`, the password on standard input, sent to the running server over the
// store's control socket, as .ci/schemathesis.sh does), and the workspace's address.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import assert from 'node:assert/strict';
import { REPO_ROOT } from './server.mjs';
import { axeViolations, formatViolations, overflowingElements, focusInfo } from './harness.mjs';

const BIN = process.env.PADVINDER_BIN || path.join(REPO_ROOT, 'target/release/padvinder');
let counter = 0;

/**
 * Adds a counsellor to the server's store (env.store: from the started server, or
 * PADVINDER_STORE next to PADVINDER_URL), with `orgName` also naming the organisation. Returns
 * { email, password, name, org }. Every call makes a new account, so one test's failed logins
 * never lock another's.
 */
export async function addCounsellor(env, { org = 'browser-test', name = 'T. Adviseur', role = 'counsellor', orgName } = {}) {
  if (!env.store) throw new Error('no store: set PADVINDER_STORE to the store of the server at PADVINDER_URL');
  counter += 1;
  const email = `adviseur${process.pid}-${Date.now()}-${counter}@test.example`;
  const password = randomBytes(12).toString('hex');
  await new Promise((resolve, reject) => {
    const args = ['--store', env.store, 'users', 'add', '--org', org, '--email', email, '--name', name, '--role', role];
    // The organisation's display name (`--org-name`), when the test gives one.
    if (orgName) args.push('--org-name', orgName);
    const child = spawn(BIN, args, {
      cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`users add exited ${code}: ${output}`))));
    child.stdin.end(password);
  });
  return { email, password, name, org };
}

/** Opens the workspace (a full load) and waits for its first view's h1. */
export async function openWorkspace(env, page, hash = '') {
  await page.goto(`${env.url}/werkplek/${hash}`, { waitUntil: 'domcontentloaded' });
  await page.locator('main h1').first().waitFor();
}

/** Logs in through the login form and waits for the view it opens (the caseload by default). */
export async function logIn(page, { email, password }, ready = 'main .notice, .client-card') {
  await page.fill('#ws-email', email);
  await page.fill('#ws-password', password);
  await page.locator('form button[type="submit"]').click();
  await page.locator(ready).first().waitFor();
}

/** axe finds nothing and nothing is wider than the screen. */
export async function expectClean(page, name) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe violations on ${name}:\n${formatViolations(violations)}`);
  assert.deepEqual(await overflowingElements(page), [], `${name} is wider than the screen`);
}

/** Presses Tab until `selector` has focus (at most `max` times); every stop shows its focus. */
export async function tabTo(page, selector, max = 30) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const info = await focusInfo(page);
    assert.ok(info.visible, `focus is not visible on ${info.desc} (${info.style})`);
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  assert.fail(`${selector} not reached with ${max} presses of Tab`);
}

// The shift watcher is the harness's, shared with the job seeker's tests.
export { watchShifts } from './harness.mjs';

/** The error text at a field, whether the field is marked invalid and described by it, and
 * whether it has focus. */
export async function fieldError(page, id) {
  return page.evaluate((fieldId) => {
    const el = document.getElementById(fieldId);
    const error = document.getElementById(`${fieldId}-error`);
    return {
      text: error && !error.hidden ? error.textContent.trim() : '',
      invalid: el.getAttribute('aria-invalid') === 'true',
      described: (el.getAttribute('aria-describedby') || '').split(' ').includes(`${fieldId}-error`),
      focused: document.activeElement === el,
    };
  }, id);
}

/**
 * After the page has settled (two frames, then 300 ms), the layout shifts `watchShifts` summed
 * (those not caused by input) are at most 0.1; the value is logged under `name`.
 */
export async function expectFewShifts(page, name) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300);
  const shifts = await page.evaluate(() => window.__shifts);
  assert.ok(shifts.total <= 0.1, `layout shift, ${name}: ${shifts.total} (${shifts.sources.join(', ')})`);
  console.log(`layout shift, ${name}: ${shifts.total.toFixed(3)}`);
}

/** GET api/v1/`at` with the logged-in page's session; the answer's JSON. */
export async function apiGet(page, at) {
  return page.evaluate(async (p) => (await fetch(`../api/v1/${p}`)).json(), at);
}

/**
 * `method` api/v1/`at` with the logged-in page's session and CSRF token, `body` as JSON; the
 * answer's JSON (null for 204). Throws with the status and answer when the API refuses.
 */
export async function apiSend(page, method, at, body) {
  return page.evaluate(async ({ m, p, b }) => {
    const session = await (await fetch('../api/v1/session')).json();
    const r = await fetch(`../api/v1/${p}`, {
      method: m, headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
      body: b === undefined ? undefined : JSON.stringify(b),
    });
    const answer = r.status === 204 ? null : await r.json();
    if (!r.ok) throw new Error(`${m} ${p}: ${r.status} ${JSON.stringify(answer)}`);
    return answer;
  }, { m: method, p: at, b: body });
}

/**
 * Through the API of the logged-in page: a client `name` with `profile` and a plan to `target`
 * (by default the first route's), with `notes` (by default one private note and one shared) and
 * `courses` (by default the API's). Returns { client, plan, title, courses } (plan and client
 * ids, the target's title, the plan's courses).
 */
export async function addPlan(page, profile, {
  target = null, name = 'R.S.', courses, notes = [{ text: 'Alleen voor ons' }, { text: 'Eerst VCA halen', private: false }],
} = {}) {
  const client = await apiSend(page, 'POST', 'clients', { display_name: name, profile, consent: { given_on: '2026-01-05', scope: 'Plannen bewaren' } });
  const to = target || (await apiSend(page, 'POST', 'match?limit=1', profile)).routes[0].target.id;
  const plan = await apiSend(page, 'POST', `clients/${client.id}/plans`, { target: to, notes, ...(courses ? { courses } : {}) });
  return { client: client.id, plan: plan.id, title: plan.snapshot.route.target.title, courses: plan.courses };
}
