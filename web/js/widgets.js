// Display building blocks for routes and the catalogue: badges, fact lists, source lists and
// a path's provenance. Colour is never the only cue: every badge says its status in words.

import { h, append } from './dom.js';
import { t } from './i18n.js';
import * as fmt from './format.js';
import { dutch } from './ui.js';

/** A coloured badge for a path status, with the words (colour is never the only cue). */
export function statusBadge(status) {
  return h('span', { class: `badge badge-${status}` }, fmt.pathStatus(status));
}

/** A badge for a SLIM status. */
export function slimBadge(status) {
  return h('span', { class: `badge badge-slim-${status}` }, fmt.slimStatus(status));
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

/**
 * Only http(s) addresses become links, named by site and page (the address is the link);
 * anything else (e.g. "Stcrt. 2025, 7276") stays text. A page name from a Dutch site is marked
 * lang="nl" in English mode.
 */
export function sourceLink(source) {
  const s = String(source || '');
  if (!/^https?:\/\//i.test(s)) return h('span', {}, s);
  const { site, page } = sourceName(s);
  const pageEl = page ? (site.endsWith('.nl') ? dutch('span', {}, page) : h('span', {}, page)) : null;
  return h('a', { href: s, class: 'source', rel: 'noopener noreferrer' },
    h('span', { class: 'source-site' }, site), pageEl ? [': ', pageEl] : null);
}

/** A list of sources. */
export function sourcesList(sources) {
  return h('ul', { class: 'sources' }, (sources || []).map((s) => h('li', {}, sourceLink(s))));
}

/** A definition list from [term, value] pairs; pairs with an empty value are left out. */
export function facts(pairs, cls = 'facts') {
  return h('dl', { class: cls }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))));
}

/** Status, sources and check dates of a path (also used on the path page). */
export function pathProvenance(path) {
  return append(document.createDocumentFragment(), [
    h('p', {}, dutch('strong', {}, path.name), ' ', statusBadge(path.status), ' ',
      t(`status.${path.status}.explain`),
      path.recognised_on ? ` ${t('rd.recognisedOn', { date: fmt.date(path.recognised_on) })}` : ''),
    sourcesList(path.sources),
    h('p', {}, t('rd.checked', { date: fmt.date(path.checked) })),
    path.status_sources?.length ? [h('h3', {}, t('rd.statusSources')), sourcesList(path.status_sources)] : null,
  ]);
}
