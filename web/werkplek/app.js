// The counsellor workspace (/werkplek/, docs/workspace.md): a small single-page app on hash
// routes, on the job seeker app's modules and look. This file is the router and the page shell
// (language switch, menu, logout). Without a session every route shows the login; after login
// the route that was asked for opens. The views live in js/werkplek/.
//
// Privacy: no client data in the address (only random ids), nothing in localStorage but the
// language choice; the session is the server's HttpOnly cookie.

import { h, append, announce } from '../js/dom.js';
import { t } from '../js/i18n.js';
import { startShell, markNav, isRoute, viewFor } from '../js/shell.js';
import { heading, errorBox } from '../js/ui.js';
import { restoreSession, currentUser, logout, onSessionEnded } from '../js/werkplek/api.js';

const VIEWS = {
  login: () => import('../js/werkplek/login.js'),
  caseload: () => import('../js/werkplek/caseload.js'),
  client: () => import('../js/werkplek/client.js'),
  plan: () => import('../js/werkplek/plan.js'),
  record: () => import('../js/werkplek/record.js'),
  audit: () => import('../js/werkplek/audit.js'),
  organisation: () => import('../js/werkplek/organisation.js'),
};

// [hash pattern, module, exported view function, menu item marked as current]
const ROUTES = [
  [/^\/$/, 'caseload', 'caseloadView', 'caseload'],
  [/^\/nieuw$/, 'caseload', 'newClientView', 'new'],
  // A client's id is 32 random hex digits: the address holds nothing about the person.
  [/^\/client\/([0-9a-f]{32})$/, 'client', 'clientView', 'caseload'],
  [/^\/client\/([0-9a-f]{32})\/profiel(?:\/(\d))?$/, 'client', 'clientProfileView', 'caseload'],
  [/^\/client\/([0-9a-f]{32})\/routes$/, 'client', 'clientRoutesView', 'caseload'],
  [/^\/client\/([0-9a-f]{32})\/gegevens$/, 'record', 'clientRecordView', 'caseload'],
  [/^\/plan\/([0-9a-f]{32})$/, 'plan', 'planView', 'caseload'],
  [/^\/logboek$/, 'audit', 'auditView', 'audit'],
  [/^\/organisatie$/, 'organisation', 'organisationView', 'organisation'],
];

// Open to anyone, without a session: what a share link opens (its token: 64 hex digits).
const PUBLIC_ROUTES = [
  [/^\/gedeeld\/([0-9a-f]{64})$/, 'plan', 'sharedPlanView', null],
];

const main = document.getElementById('main');
// A share link's page has no menu, not even its invisible place (.ws-shared .ws-only): decided
// here, as soon as the module runs, so the header does not shrink under the client's eyes later.
document.body.classList.toggle('ws-shared', isShared());
let controller = null;
let navigation = 0;
// A message for the next view, said under its h1 ("… is toegevoegd", "Je bent uitgelogd").
let pending = null;

/** Shows `text` under the next view's heading (a notice; `error` makes it an alert). */
function flash(text, error = false) {
  pending = { text, error };
}

// What a view may ask of the shell: a message for the next view, and drawing the current
// address again (after login).
const shell = { flash, rerender: () => render(true) };

function notFoundView(root) {
  append(root, heading(t('err.notFound.title')), h('p', {}, t('err.notFound.body')),
    h('p', {}, h('a', { href: '#/' }, t('ws.new.cancel'))));
}

/** Nothing of one counsellor's clients stays in memory for the next login on this page. */
async function forgetClients() {
  (await VIEWS.client()).forgetClients();
}

function currentPath() {
  return isRoute(location.hash) ? location.hash.slice(1) : '/';
}

/** Whether the address is a share link's page (the client's, without a login). */
function isShared() {
  return PUBLIC_ROUTES.some(([re]) => re.test(currentPath()));
}

async function findView(path) {
  const open = PUBLIC_ROUTES.find(([re]) => re.test(path));
  if (!currentUser() && !open) {
    return { view: (await VIEWS.login()).loginView, params: [], nav: null };
  }
  return viewFor(open ? PUBLIC_ROUTES : ROUTES, VIEWS, path, notFoundView);
}

/** Draws the view for the current hash (the login when there is no session). */
async function render(moveFocus) {
  const id = ++navigation;
  controller?.abort();
  controller = new AbortController();
  const root = h('div', { class: 'view' });
  let found;
  try {
    found = await findView(currentPath());
  } catch {
    if (id !== navigation) return;
    append(root, heading(t('err.network.title')), h('p', {}, t('err.network.body')),
      h('button', { type: 'button', class: 'btn', onClick: () => location.reload() }, t('retry')));
    main.replaceChildren(root);
    return;
  }
  if (id !== navigation) return;
  const shared = isShared();
  showFrame(shared);
  showSession(shared);
  main.replaceChildren(root);
  markNav(found.nav);
  const focusTarget = found.view(root, found.params, controller.signal, shell);
  if (pending) {
    const { text, error } = pending;
    pending = null;
    // A message about what was just done on screen: not on paper (a printed plan is one A4 page).
    root.querySelector('h1')?.after(h('p', { class: error ? 'notice notice-error no-print' : 'notice no-print', role: error ? 'alert' : null }, text));
    announce(text, error);
  }
  if (moveFocus) {
    window.scrollTo(0, 0);
    (focusTarget || root.querySelector('h1'))?.focus();
  }
}

/**
 * The page around the view: the counsellors' workspace, or on a page a share link opens the
 * client's (`shared`): titled "Jouw route", the logo leading to padvinder for job seekers
 * rather than to the login, a footer about the link instead of about client data and the
 * cookie, and no menu (nor its place: see the top of this file). The texts switch
 * through their data-i18n keys, so the language switch keeps them.
 */
function showFrame(shared) {
  document.body.classList.toggle('ws-shared', shared);
  const tagline = document.getElementById('tagline');
  tagline.dataset.i18n = shared ? 'ws.shared.tagline' : 'ws.tagline';
  tagline.textContent = t(tagline.dataset.i18n);
  document.getElementById('brand-link').setAttribute('href', shared ? '../' : '#/');
  const footer = document.getElementById('footer-privacy');
  footer.dataset.i18n = shared ? 'ws.shared.footer' : 'ws.footer.privacy';
  footer.textContent = t(footer.dataset.i18n);
}

/** The menu and logout are there only with a session (invisible, but keeping their place); the
 * organisation page and the audit log only for admins. A shared plan's page has no menu. */
function showSession(shared) {
  document.body.classList.toggle('ws-out', !currentUser() || shared);
  const admin = currentUser()?.role === 'admin';
  document.getElementById('nav-org').hidden = !admin;
  document.getElementById('nav-audit').hidden = !admin;
}

async function logOut() {
  try {
    await logout();
  } catch (err) {
    main.querySelector('.view h1')?.after(errorBox(err));
    return;
  }
  await forgetClients();
  flash(t('ws.loggedOut'));
  if (currentPath() === '/') render(true); else location.hash = '#/';
}

async function start() {
  await startShell(main, render);
  // Before the first view: a share link's page never shows the counsellors' frame.
  showFrame(isShared());
  document.getElementById('logout').addEventListener('click', logOut);
  onSessionEnded(async () => {
    await forgetClients();
    flash(t('ws.sessionEnded'), true);
    render(true);
  });
  try {
    await restoreSession();
  } catch (err) {
    const root = h('div', { class: 'view' }, heading(t('ws.login.title')), errorBox(err, { retry: () => location.reload() }));
    main.replaceChildren(root);
    return;
  }
  render(false);
}

start();
