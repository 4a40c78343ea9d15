// Page-level building blocks shared by every view: the h1, loading, error and empty states,
// Dutch-only text marking and the glossary. Kept small: the start page loads it.

import { h, announce } from './dom.js';
import { t, has, lang } from './i18n.js';
import { FIELD_STEP, baseField, normalisePostcode, loadProfile } from './profile.js';

/**
 * Text that comes from our (Dutch-only) data. In English mode it is marked lang="nl" so a
 * screen reader pronounces it as Dutch.
 */
export function dutch(tag, attrs, text) {
  return h(tag, { ...attrs, lang: lang() === 'nl' ? null : 'nl' }, text);
}

/** The label of a profile field named in a server error ("diplomas[0]" → "Crebo-code"). */
export function fieldLabel(field) {
  const base = baseField(field);
  return has(`field.${base}`) ? t(`field.${base}`) : field;
}

/**
 * An error state in plain words: the server cannot be reached, or it refused the request
 * (problem+json, with every field error and a link to the question that asks for it).
 */
export function errorBox(err, { retry } = {}) {
  const box = h('section', { class: 'notice notice-error', role: 'alert' });
  if (err?.kind === 'network') {
    box.append(h('h2', {}, t('err.network.title')), h('p', {}, t('err.network.body')));
  } else if (err?.kind === 'problem') {
    const fields = err.fieldErrors;
    box.append(h('h2', {}, fields.length ? t('err.fieldsTitle') : t('err.problem.title')));
    if (fields.length) {
      box.append(h('p', {}, t('err.fields')), h('ul', {}, fields.map(fieldErrorItem)));
      retry = null; // the same answers would be refused again; the fix is in the profile
    } else {
      box.append(h('p', {}, t('err.problem.body', { status: err.status })));
    }
    // With field errors listed, the server's summary would only say them again.
    if (err.problem?.detail && !fields.length) {
      box.append(h('p', { class: 'muted' }, `${t('err.serverSays')} `,
        h('span', { lang: 'en' }, err.problem.detail)));
    }
  } else {
    box.append(h('h2', {}, t('err.problem.title')), h('p', {}, t('err.bad.body')));
  }
  if (retry) box.append(h('button', { type: 'button', class: 'btn', onClick: retry }, t('retry')));
  return box;
}

/**
 * Our own words for a server field error, where we know what the field needs; null otherwise.
 * A postcode in the right form that is still refused is one the server does not know.
 */
export function fieldMessage(e, profile = {}) {
  switch (baseField(e.field)) {
    case 'postcode': return normalisePostcode(profile.postcode) ? t('f.postcode.unknown') : t('f.postcode.invalid');
    case 'hours_per_week': return t('f.hours.invalid');
    case 'budget_eur': return t('f.budget.invalid');
    case 'diplomas': return t('f.diplomas.invalid');
    default: return null;
  }
}

function fieldErrorItem(e) {
  const step = FIELD_STEP[baseField(e.field)];
  const ours = fieldMessage(e, loadProfile());
  // Server messages are English: marked so, and after our own words when we have them.
  return h('li', {},
    h('strong', {}, `${fieldLabel(e.field)}: `),
    ours ? [ours, ' '] : null,
    h('span', { lang: 'en', class: ours ? 'muted' : null }, ours ? `(${e.message})` : e.message),
    step ? [' ', h('a', { href: `#/profiel/${step}` }, t('err.fix'))] : null);
}

/** A short "loading" paragraph; also said by the live region. */
export function loading(text = t('loading')) {
  announce(text);
  return h('p', { class: 'loading' }, text);
}

/** The "what does … mean?" box: BBL, level, SLIM and friends in plain words. */
export function glossary() {
  return h('details', { class: 'glossary' },
    h('summary', {}, t('gl.title')),
    h('ul', {}, ['gl.path', 'gl.bbl', 'gl.bol', 'gl.level', 'gl.slim', 'gl.crebo'].map((k) => h('li', {}, t(k)))));
}

/** The English-mode note that some texts are Dutch only. */
export function dutchOnlyNote() {
  return lang() === 'en' ? h('p', { class: 'notice' }, t('dutchOnly')) : null;
}

/** The view's single h1; focusable (tabindex -1) so navigation can move focus to it. */
export function heading(text) {
  const el = h('h1', { tabindex: '-1', class: 'view-title' }, text);
  document.title = `${text} – padvinder`;
  return el;
}

/** Changes the h1 once data has arrived (e.g. a path's name), and the page title with it. */
export function setHeading(el, text) {
  el.textContent = text;
  document.title = `${text} – padvinder`;
}
