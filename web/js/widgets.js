// Display building blocks for routes and the catalogue: badges, fact lists, source lists and
// a path's provenance. Colour is never the only cue: every badge says its status in words.

import { h, append } from './dom.js';
import { t } from './i18n.js';
import * as fmt from './format.js';
import { dutch, sourceName, sourceAnchor } from './ui.js';

export { sourceName };

/** A coloured badge for a path status, with the words (colour is never the only cue). */
export function statusBadge(status) {
  return h('span', { class: `badge badge-${status}` }, fmt.pathStatus(status));
}

/** A badge for a SLIM status. */
export function slimBadge(status) {
  return h('span', { class: `badge badge-slim-${status}` }, fmt.slimStatus(status));
}

/**
 * Only http(s) addresses become links, named by site and page (the address is the link);
 * anything else (e.g. "Stcrt. 2025, 7276") stays text. A page name from a Dutch site is marked
 * lang="nl" in English mode.
 */
export function sourceLink(source) {
  const s = String(source || '');
  return /^https?:\/\//i.test(s) ? sourceAnchor(s) : h('span', {}, s);
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
