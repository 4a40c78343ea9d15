// padvinder web app: a small single-page app on hash routes. This file is the router and the
// page shell (language switch, navigation, "wis mijn gegevens"); the views live in js/views/
// and are loaded when first needed, so the start page stays small.
//
// Rules kept throughout: every text from the server goes in as text (never as HTML, except
// the search snippet, see js/dom.js); the only requests go to our own api/v1; nothing is
// stored but the profile, the last routes and the language choice, in localStorage.

import { h, append, announce } from './js/dom.js';
import { t, locale } from './js/i18n.js';
import { startShell, markNav, isRoute, viewFor } from './js/shell.js';
import { wipeAll, splitRoute, decodeProfile, saveProfile, SHARE_PARAM } from './js/profile.js';
import { heading } from './js/ui.js';
import { startEmbed } from './js/embed.js';

const VIEWS = {
  start: () => import('./js/views/start.js'),
  wizard: () => import('./js/views/wizard.js'),
  routes: () => import('./js/views/routes.js'),
  catalogue: () => import('./js/views/catalogue.js'),
  about: () => import('./js/views/about.js'),
};

// [hash pattern, module, exported view function, nav item marked as current]
const ROUTES = [
  [/^\/$/, 'start', 'startView', 'start'],
  [/^\/profiel(?:\/(\d))?$/, 'wizard', 'wizardView', 'profile'],
  [/^\/routes$/, 'routes', 'resultsView', 'routes'],
  [/^\/route\/(\d+)$/, 'routes', 'routeView', 'routes'],
  [/^\/paden$/, 'catalogue', 'pathsView', 'paths'],
  [/^\/paden\/([a-z0-9-]+)$/, 'catalogue', 'pathView', 'paths'],
  [/^\/functie\/([a-z0-9-]+)$/, 'catalogue', 'functionView', 'paths'],
  [/^\/opleiding\/([a-z0-9-]+)$/, 'catalogue', 'courseView', 'paths'],
  [/^\/over$/, 'about', 'aboutView', 'about'],
];

const main = document.getElementById('main');
let controller = null;
let navigation = 0;

function notFoundView(root) {
  append(root, heading(t('err.notFound.title')), h('p', {}, t('err.notFound.body')),
    h('p', {}, h('a', { href: '#/' }, t('err.toStart'))));
}

/** The current hash route, e.g. "/route/2". */
function currentPath() {
  if (!isRoute(location.hash)) return '/';
  let path = location.hash.slice(1);
  try { path = decodeURIComponent(path); } catch { /* keep it as typed */ }
  return path;
}

/** The view function for a path, loading its module; null when no route matches. */
function findView(path) {
  return viewFor(ROUTES, VIEWS, path, notFoundView);
}

/**
 * Draws the view for the current hash. Requests of the previous view are aborted. With
 * `moveFocus`, focus goes to the new view's heading (or the element the view returns), so a
 * screen reader user hears where they are.
 */
async function render(moveFocus) {
  const id = ++navigation;
  controller?.abort();
  controller = new AbortController();
  const root = h('div', { class: 'view' });
  const { path, params } = splitRoute(currentPath());
  let shared = null;
  if (params.has(SHARE_PARAM)) {
    shared = await adoptSharedProfile(path, params.get(SHARE_PARAM));
    if (id !== navigation) return;
  }
  let found;
  try {
    found = await findView(path);
  } catch {
    // The view's script did not load: the server is out of reach.
    if (id !== navigation) return;
    // A failed module load is remembered by the browser, so "try again" reloads the page.
    append(root, heading(t('err.network.title')), h('p', {}, t('err.network.body')),
      h('button', { type: 'button', class: 'btn', onClick: () => location.reload() }, t('retry')));
    main.replaceChildren(root);
    return;
  }
  if (id !== navigation) return; // a newer navigation won
  main.replaceChildren(root);
  markNav(found.nav);
  const focusTarget = found.view(root, found.params, controller.signal);
  // Said under the heading, in the same frame as the view: nothing moves later.
  if (shared) root.querySelector('h1')?.after(h('p', { class: shared.ok ? 'notice' : 'notice notice-error' }, shared.text));
  if (moveFocus) {
    window.scrollTo(0, 0);
    (focusTarget || root.querySelector('h1'))?.focus();
  }
}

/**
 * A shared link ("#/routes?profiel=…") brings a profile from another device: it replaces the
 * one on this device, and the address loses the long parameter (nothing is sent anywhere).
 */
async function adoptSharedProfile(path, code) {
  const profile = decodeProfile(code);
  history.replaceState(null, '', `#${path}`);
  if (!profile) {
    announce(t('share.broken'), true);
    return { ok: false, text: t('share.broken') };
  }
  saveProfile(profile);
  (await VIEWS.wizard()).resetWizard();
  announce(t('share.opened'));
  return { ok: true, text: t('share.opened') };
}

async function wipe() {
  // A native confirm: keyboard and screen-reader friendly, and hard to trigger by accident.
  if (!window.confirm(t('wipe.confirm'))) return;
  wipeAll();
  (await VIEWS.wizard()).resetWizard();
  (await VIEWS.start()).resetSearch();
  announce(t('wipe.done'), true);
  if (currentPath() === '/') render(true); else location.hash = '#/';
}

// Keep the printed page honest about when it was printed, even if it was opened earlier.
window.addEventListener('beforeprint', () => {
  const el = document.querySelector('.printed-on');
  const date = new Date().toLocaleDateString(locale(), { day: 'numeric', month: 'long', year: 'numeric' });
  if (el) el.textContent = t('rd.printed', { date });
});

async function start() {
  await startShell(main, render);
  document.getElementById('wipe').addEventListener('click', wipe);
  render(false);
  startEmbed();
}

start();
