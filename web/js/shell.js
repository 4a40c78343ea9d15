// The page shell shared by the job seeker app (app.js) and the counsellor workspace
// (werkplek/app.js): the static strings of the page, the language switch, the current menu
// item, the skip link and the hash routes. Each app keeps its own router and views.

import { announce } from './dom.js';
import { t, setLang, storedLang, lang } from './i18n.js';

/** Marks the menu item `current` (a `data-nav` value, or null) as the current page. */
export function markNav(current) {
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** Fills the static shell (the page's HTML) with the strings of the current language. */
export function translateShell() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  const toggle = document.getElementById('lang-toggle');
  // The button names the other language, in that language.
  toggle.lang = t('lang.code');
  toggle.setAttribute('aria-label', t('lang.switchLabel'));
}

/** Whether a hash is one of the app's routes ("#/…"); an in-page anchor such as "#main" is not. */
export function isRoute(hash) {
  return hash.startsWith('#/');
}

/**
 * Sets the language stored on this device and fills the shell; then wires the language switch
 * (`render(false)`: same view, new words, focus stays on the switch), the hash routes
 * (`render(true)`) and the skip link, which jumps to `main` without touching the hash.
 */
export async function startShell(main, render) {
  try { await setLang(storedLang()); } catch { await setLang('nl'); }
  translateShell();
  document.getElementById('lang-toggle').addEventListener('click', async () => {
    try {
      await setLang(lang() === 'nl' ? 'en' : 'nl');
    } catch {
      announce(t('err.network.title'), true);
      return;
    }
    translateShell();
    render(false);
  });
  window.addEventListener('hashchange', () => { if (isRoute(location.hash) || !location.hash) render(true); });
  document.querySelector('.skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
  });
}

/**
 * The view for `path`: the first of `routes` ([pattern, module name, exported view function,
 * menu item]) that matches, its module loaded through `views`; `notFound` when none does.
 * Returns { view, params, nav }.
 */
export async function viewFor(routes, views, path, notFound) {
  const found = routes.find(([re]) => re.test(path));
  if (!found) return { view: notFound, params: [], nav: null };
  const [re, moduleName, exportName, nav] = found;
  const module = await views[moduleName]();
  return { view: module[exportName], params: re.exec(path).slice(1), nav };
}
