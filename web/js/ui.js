// Page-level building blocks shared by every view: the h1, loading, error and empty states,
// Dutch-only text marking and the glossary. Kept small: the start page loads it.

import { h, announce } from './dom.js';
import { t, has, lang } from './i18n.js';
import { FIELD_STEP, LIMITS, baseField } from './profile.js';

/**
 * Text that comes from our (Dutch-only) data. In English mode it is marked lang="nl" so a
 * screen reader pronounces it as Dutch.
 */
export function dutch(tag, attrs, text) {
  return h(tag, { ...attrs, lang: lang() === 'nl' ? null : 'nl' }, text);
}

/**
 * A UI string with nodes in its placeholders: `tNodes('res.resolved', { label: dutch(…) })`.
 * Strings stay strings; an element keeps its own attributes (e.g. lang="nl").
 */
export function tNodes(key, vars = {}) {
  const out = [];
  const text = t(key, Object.fromEntries(Object.keys(vars).map((k) => [k, `\u0000${k}\u0000`])));
  text.split('\u0000').forEach((part, i) => {
    if (i % 2 === 0) { if (part) out.push(part); } else out.push(vars[part]);
  });
  return out;
}

/**
 * A source address as a person can read it: the site, and what the page is about (its last
 * path part, words split). { site, page } — page may be empty.
 */
export function sourceName(address) {
  let url;
  try { url = new URL(address); } catch { return { site: String(address || ''), page: '' }; }
  const site = url.hostname.replace(/^www\./, '');
  if (site === 'data.europa.eu' && url.pathname.startsWith('/esco/')) return { site: 'ESCO', page: '' };
  const last = url.pathname.split('/').filter(Boolean).pop() || '';
  let page = '';
  try { page = decodeURIComponent(last); } catch { page = last; }
  page = page.replace(/\.(html?|md|pdf|aspx?|php)$/i, '').replace(/[-_+]+/g, ' ').trim();
  if (page.length > 70) page = `${page.slice(0, 70).replace(/\s+\S*$/, '')} …`;
  // Ids and numbers alone say nothing to a reader.
  if (!/[a-z]{3}/i.test(page)) page = '';
  return { site, page };
}

/** Sites on a .nl domain that write in English (government.nl is the government's English site). */
const ENGLISH_NL_SITES = ['government.nl'];

/**
 * The language of a source page's name, which is words of its address: a language label first
 * in the host ("nl.vlex.com") or first in the path ("/en/…", "/nl/…") says it; else a .nl site's
 * words are Dutch (wetten.overheid.nl, rijksoverheid.nl), but for the English sites above. null
 * when nothing says (a Dutch OER on github.com): never a guess.
 */
function statedLang(address) {
  let url;
  try { url = new URL(address); } catch { return null; }
  const code = (s) => (/^(nl|en)$/i.test(s || '') ? s.toLowerCase() : null);
  const stated = code(url.hostname.split('.')[0]) || code(url.pathname.split('/').filter(Boolean)[0]);
  if (stated) return stated;
  const host = url.hostname.replace(/^www\./, '');
  if (ENGLISH_NL_SITES.some((site) => host === site || host.endsWith(`.${site}`))) return 'en';
  return host.endsWith('.nl') ? 'nl' : null;
}

/**
 * A link to a source, named by site and page. The page name is marked with the language
 * `statedLang` finds; where none is found, with lang="" (unknown), never with a guess.
 */
export function sourceAnchor(address) {
  const { site, page } = sourceName(address);
  const pageLang = statedLang(address);
  const pageEl = page ? h('span', { lang: pageLang === lang() ? null : (pageLang ?? '') }, page) : null;
  return h('a', { href: address, class: 'source', rel: 'noopener noreferrer' },
    h('span', { class: 'source-site' }, site), pageEl ? [': ', pageEl] : null);
}

/**
 * Dutch names that padvinder's English texts quote because they have no English name: the legal
 * mbo fees, their regulation, the agency that decides on SLIM, Dutch example words. Wherever an
 * English text shows one, it is marked lang="nl" (`serverText`, `tMarked`), so a screen reader
 * says it as Dutch. Longer names first where one contains another.
 */
export const DUTCH_TERMS = [
  'Uitvoeringsbesluit Les- en cursusgeldwet 2000', 'Besluit van 22 juni 2023',
  'Uitvoering van Beleid SZW', 'lesgeld', 'cursusgeld', 'ontwikkelpad',
  'heftruckchauffeur', 'kassamedewerker', 'elektricien', 'warmtepomp',
];

/** A UI string as nodes, with the Dutch names it quotes (`DUTCH_TERMS`) marked in English mode. */
export function tMarked(key, vars = {}) {
  return serverText(t(key, vars));
}

// A bare web address in a server text ("uitvoeringvanbeleidszw.nl"): shown as a link.
// A full address ("https://subvice.nl/begin-maart-…"): named like a source, not shown raw.
const ADDRESS = /https?:\/\/[^\s;,)]+/gi;
const DOMAIN = /\b((?:[a-z0-9-]+\.)+(?:nl|eu|com|org))\b/gi;

/**
 * A text padvinder's server wrote for the person (why, flags, SLIM), as nodes: names from our
 * Dutch data that it quotes (`names`: course, job and path titles, places) and the Dutch names
 * of `DUTCH_TERMS` are marked lang="nl" when the text is not Dutch, and bare web addresses become
 * links. `textLang` is the language the text was written in (a saved plan keeps the texts of the
 * day it was saved, in the language it was saved in): when it is not the page's, the text is one
 * span marked with it, so a screen reader reads it in that language.
 */
export function serverText(text, names = [], textLang = lang()) {
  const s = String(text ?? '');
  const wanted = [...new Set([...names, ...DUTCH_TERMS].filter((n) => typeof n === 'string' && n.length > 2))]
    .sort((a, b) => b.length - a.length);
  const spans = []; // [start, end, node-maker]
  const taken = (a, b) => spans.some(([x, y]) => a < y && x < b);
  if (textLang !== 'nl') {
    // Whole words as written: the town "Best" is not the English "best".
    for (const name of wanted) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      for (const m of s.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'))) {
        const [a, b] = [m.index, m.index + m[0].length];
        if (!taken(a, b)) spans.push([a, b, (v) => h('span', { lang: 'nl' }, v)]);
      }
    }
  }
  for (const m of s.matchAll(ADDRESS)) {
    const [a, b] = [m.index, m.index + m[0].length];
    if (!taken(a, b)) spans.push([a, b, (v) => sourceAnchor(v)]);
  }
  for (const m of s.matchAll(DOMAIN)) {
    const [a, b] = [m.index, m.index + m[0].length];
    if (!taken(a, b)) {
      spans.push([a, b, (v) => h('a', { href: `https://${v.toLowerCase()}`, rel: 'noopener noreferrer' }, v)]);
    }
  }
  spans.sort((x, y) => x[0] - y[0]);
  const out = [];
  let at = 0;
  for (const [a, b, make] of spans) {
    if (a > at) out.push(s.slice(at, a));
    out.push(make(s.slice(a, b)));
    at = b;
  }
  if (at < s.length) out.push(s.slice(at));
  return textLang === lang() ? out : [h('span', { lang: textLang }, out)];
}

/** The label of a profile field named in a server error ("diplomas[0]" → "Crebo-code"). */
export function fieldLabel(field) {
  const base = baseField(field);
  return has(`field.${base}`) ? t(`field.${base}`) : field;
}

/**
 * An error state in plain words: the server cannot be reached, or it refused the request
 * (problem+json, with every field error and a link to the question that asks for it; `step`
 * gives that link's address for a step number, by default the job seeker's own questions).
 */
export function errorBox(err, { retry, step = (n) => `#/profiel/${n}` } = {}) {
  const box = h('section', { class: 'notice notice-error', role: 'alert' });
  if (err?.kind === 'network') {
    box.append(h('h2', {}, t('err.network.title')), h('p', {}, t('err.network.body')));
  } else if (err?.kind === 'problem') {
    const fields = err.fieldErrors;
    box.append(h('h2', {}, fields.length ? t('err.fieldsTitle') : t('err.problem.title')));
    if (fields.length) {
      box.append(h('p', {}, t('err.fields')), h('ul', {}, fields.map((e) => fieldErrorItem(e, step))));
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

// Our words for a number out of range, per field (the server's code says only "out of range").
const RANGE_MESSAGES = { hours_per_week: 'f.hours.invalid', budget_eur: 'f.budget.invalid' };

/**
 * Our own words for a server field error, by its stable `code` (docs/api.md); null when we have
 * none, and then the server's `message` is shown: it is in the language the app asked in.
 */
export function fieldMessage(e) {
  const range = RANGE_MESSAGES[baseField(e.field)];
  switch (e.code) {
    case 'too_long': return t('f.tooLong', { max: LIMITS.text });
    case 'too_many': return t('f.tooMany', { max: LIMITS.list });
    case 'invalid_postcode': return t('f.postcode.invalid');
    case 'unknown_postcode': return t('f.postcode.unknown');
    case 'invalid_crebo': return t('f.diplomas.invalid');
    case 'not_number': case 'out_of_range': return range ? t(range) : null;
    default: return null;
  }
}

function fieldErrorItem(e, stepHash) {
  const step = FIELD_STEP[baseField(e.field)];
  return h('li', {},
    h('strong', {}, `${fieldLabel(e.field)}: `),
    fieldMessage(e) || e.message,
    step ? [' ', h('a', { href: stepHash(step) }, t('err.fix'))] : null);
}

/** A short "loading" paragraph; also said by the live region. */
export function loading(text = t('loading')) {
  announce(text);
  return h('p', { class: 'loading' }, text);
}

/**
 * When what loading() announced is there: the live region says so ("Klaar met laden.")
 * instead of still saying "Even laden…"; after an error (`ok` false, the error box speaks for
 * itself) it says nothing.
 */
export function loaded(ok = true) {
  announce(ok ? t('loaded') : '');
}

/** The "what does … mean?" box: BBL, level, SLIM and friends in plain words. */
export function glossary() {
  return h('details', { class: 'glossary' },
    h('summary', {}, t('gl.title')),
    h('ul', {}, ['gl.path', 'gl.bbl', 'gl.bol', 'gl.level', 'gl.slim', 'gl.crebo'].map((k) => h('li', {}, tMarked(k)))));
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
