// Start page: what padvinder does, a clear way into the profile questions, and search that
// shows results while you type (GET /api/v1/search). When the words name an occupation in any
// language (GET /api/v1/suggest, `names_occupation`), it offers the routes from that job: the
// profile questions open with the job filled in.

import { h, append, clear, snippet, announce, debounce } from '../dom.js';
import { t, tn, lang } from '../i18n.js';
import { getJson, isAbort } from '../api.js';
import { loadProfile, saveProfile, isEmptyProfile } from '../profile.js';
import { heading, errorBox, dutch, tMarked, tNodes } from '../ui.js';
import { startWizardFromJob } from './wizard.js';
import { tenant } from '../embed.js';

const PAGE_SIZE = 10;
// Kept between visits and language switches, so coming back shows the same search.
let lastQuery = '';

const HIT_LINK = {
  function: (id) => `#/functie/${encodeURIComponent(id)}`,
  course: (id) => `#/opleiding/${encodeURIComponent(id)}`,
  path: (id) => `#/paden/${encodeURIComponent(id)}`,
};

/** Forgets the last search (when the person wipes their data). */
export function resetSearch() {
  lastQuery = '';
}

/** Renders the start page into `root`. */
export function startView(root, _params, signal) {
  const hasProfile = !isEmptyProfile(loadProfile());
  append(root, 
    heading(t('start.title')),
    h('p', { class: 'lead' }, t('start.intro')),
    h('section', { class: 'cta', 'aria-label': t('start.cta') },
      h('a', { class: 'btn btn-primary btn-large', href: '#/profiel' }, t('start.cta')),
      h('p', { class: 'hint' }, t('start.ctaHint')),
      hasProfile ? h('p', {}, `${t('start.haveProfile')} `, h('a', { href: '#/routes' }, t('start.seeRoutes'))) : null),
    searchSection(signal),
    h('section', { 'aria-labelledby': 'how-title' },
      h('h2', { id: 'how-title' }, t('start.how.title')),
      h('ol', { class: 'how' }, ['start.how.1', 'start.how.2', 'start.how.3'].map((k) => h('li', {}, t(k)))),
      h('p', {}, h('a', { href: '#/paden' }, t('start.paths')))),
  );
}

function searchSection(viewSignal) {
  const input = h('input', {
    type: 'search', id: 'q', name: 'q', value: lastQuery, autocomplete: 'off',
    'aria-describedby': 'q-hint', 'aria-controls': 'search-results', enterkeyhint: 'search',
  });
  const count = h('p', { class: 'search-count', id: 'search-count' });
  const offer = h('div', { class: 'job-offer' });
  // "Bedoelde je …": words the server knows, when nothing was found.
  const didYouMean = h('div', { class: 'did-you-mean' });
  const list = h('ul', { class: 'hits', id: 'search-results', 'aria-labelledby': 'search-title' });
  const more = h('button', { type: 'button', class: 'btn btn-secondary', hidden: true }, t('search.more'));
  const errorSlot = h('div');
  let controller = null;
  let shown = 0;
  // In a job centre's embed: its region first; the person can widen the search.
  const site = tenant();
  let inRegion = Boolean(site);
  const regionBox = site ? h('div', { class: 'choice search-region' },
    h('input', {
      type: 'checkbox', id: 'q-region', checked: true, 'aria-describedby': 'q-region-hint',
      onChange: (e) => { inRegion = e.target.checked; run(input.value.trim(), 0); },
    }),
    h('label', { for: 'q-region' }, t('embed.regionOnly', { region: site.region.name })),
    h('p', { id: 'q-region-hint', class: 'hint' }, t('embed.regionHint'))) : null;

  async function run(query, offset) {
    controller?.abort();
    clear(errorSlot);
    if (query.length < 2) {
      clear(list); clear(offer); clear(didYouMean); count.textContent = ''; more.hidden = true; shown = 0;
      return;
    }
    controller = new AbortController();
    // Stopped by a newer search or by leaving the page, without a listener per search.
    const signal = AbortSignal.any([viewSignal, controller.signal]);
    list.setAttribute('aria-busy', 'true');
    if (offset === 0) count.textContent = t('search.searching');
    try {
      // The occupation is asked for at the same time and shown with the hits, in one change.
      const [data, job] = await Promise.all([
        getJson('search', {
          q: query, limit: PAGE_SIZE, offset, lang: lang(),
          region: inRegion ? site.region.code : undefined, tenant: site?.id,
        }, signal),
        offset === 0 ? namedOccupation(query, signal) : null,
      ]);
      if (offset === 0) showOffer(job);
      showHits(query, data, offset, job);
    } catch (err) {
      if (isAbort(err)) return;
      if (err.kind === 'problem' && err.fieldErrors.some((e) => e.field === 'q')) {
        // The server searches at most 10 words (500 letters): say so in the person's words,
        // next to the field, instead of a refusal of "answers".
        clear(list); clear(offer); clear(didYouMean); more.hidden = true; shown = 0;
        count.textContent = t('search.tooLong');
        announce(count.textContent);
        return;
      }
      count.textContent = '';
      errorSlot.append(errorBox(err, { retry: () => run(query, offset) }));
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  function showOffer(job) {
    clear(offer);
    if (job) offer.append(jobOffer(job));
  }

  function showHits(query, data, offset, job) {
    const hits = Array.isArray(data.hits) ? data.hits : [];
    const total = Number(data.total) || 0;
    if (offset === 0) { clear(list); shown = 0; }
    const items = hits.map((hit) => hitItem(hit, job));
    list.append(...items);
    shown += hits.length;
    const used = Array.isArray(data.used_words) ? data.used_words.map(String) : [];
    clear(count);
    if (total === 0) {
      // In the tenant's region only courses are searched: say so, not "nothing named …".
      const key = inRegion ? 'search.noneInRegion' : (job ? 'search.noneButJob' : 'search.none');
      // Our data is Dutch: a job typed in another language ("spawacz") is named in Dutch, so
      // the person knows what to look for and what the offer below means.
      const foreign = job?.matched?.label && job.matched.lang !== 'nl';
      append(count, t(key, { q: query, region: site?.region.name }),
        foreign ? [' ', tNodes('search.inDutch', { q: query, job: dutch('span', {}, job.label) })] : null,
        job ? ` ${t('search.startHere')}` : null);
    } else {
      count.textContent = data.relaxed && used.length > 0
        ? tn('search.relaxed', total, { q: query, words: used.join(' ') })
        : tn('search.count', total, { q: query });
    }
    const message = count.textContent;
    const suggestions = total === 0 && Array.isArray(data.suggestions)
      ? data.suggestions.map(String).filter((s) => s.trim() !== '') : [];
    if (offset === 0) showSuggestions(suggestions);
    // The count is said once per new query, not on "more results".
    if (offset === 0) {
      announce(suggestions.length > 0
        ? `${message} ${t('search.didYouMeanSaid', { words: suggestions.join(', ') })}`
        : message);
    }
    more.hidden = shown >= total || hits.length === 0;
    if (offset > 0 && items[0]) items[0].querySelector('a').focus();
  }

  /** One button per suggestion: choosing it searches for it, and the box shows it. */
  function showSuggestions(suggestions) {
    clear(didYouMean);
    if (suggestions.length === 0) return;
    const choose = (word) => {
      input.value = word;
      lastQuery = word;
      typed.cancel();
      input.focus();
      run(word, 0);
    };
    didYouMean.append(h('p', {}, `${t('search.didYouMean')} `,
      ...suggestions.flatMap((word, i) => [
        i > 0 ? ' ' : null,
        dutch('button', { type: 'button', class: 'btn btn-link suggestion', onClick: () => choose(word) }, word),
      ])));
  }

  const typed = debounce(() => run(input.value.trim(), 0), 200);
  input.addEventListener('input', () => { lastQuery = input.value; typed(); });
  more.addEventListener('click', () => run(input.value.trim(), shown));

  const form = h('form', {
    role: 'search', class: 'search-form',
    onSubmit: (e) => { e.preventDefault(); typed.cancel(); run(input.value.trim(), 0); },
  },
  h('label', { for: 'q' }, t('search.label')),
  h('p', { id: 'q-hint', class: 'hint' }, tMarked('search.hint')),
  h('div', { class: 'search-row' }, input, h('button', { type: 'submit', class: 'btn' }, t('search.button'))),
  regionBox);

  if (lastQuery.trim().length >= 2) queueMicrotask(() => run(lastQuery.trim(), 0));

  return h('section', { class: 'search', 'aria-labelledby': 'search-title' },
    h('h2', { id: 'search-title' }, t('search.title')),
    form, count, didYouMean, offer, errorSlot, list, more);
}

/**
 * The occupation the words name, from the typeahead's first occupation, or null: only when it
 * names the job (a label in any language, also misspelt), not when it merely shares a word.
 * A failed lookup only means no offer.
 */
async function namedOccupation(query, signal) {
  try {
    const data = await getJson('suggest', { q: query }, signal);
    const first = (Array.isArray(data.suggestions) ? data.suggestions : [])
      .find((s) => s.kind === 'occupation');
    return first && first.names_occupation ? first : null;
  } catch (err) {
    if (isAbort(err)) throw err;
    return null;
  }
}

/**
 * "Bekijk routes vanuit heftruckchauffeur" / "See routes from forklift driver": opens the
 * profile questions with the job filled in. The Dutch name is what the profile keeps; an English
 * page names the job by its English label when that is what matched, and a label in another
 * language is shown beside the Dutch name.
 */
function jobOffer(job) {
  const matched = job.matched && job.matched.label ? job.matched : null;
  const name = lang() === 'en' && matched?.lang === 'en'
    ? h('span', {}, matched.label)
    : [dutch('span', {}, job.label),
      matched ? [' — ', h('span', { lang: matched.lang, dir: 'auto' }, matched.label)] : null];
  const start = () => {
    saveProfile({ ...loadProfile(), current_occupation: job.label });
    startWizardFromJob(job.label);
  };
  return h('p', {},
    // One child: the button lays out its children as flex items, which would break the line.
    h('a', { class: 'btn btn-primary', href: '#/profiel/1', onClick: start },
      h('span', {}, `${t('search.fromJob')} `, name)));
}

/**
 * One hit. Its snippet is from our Dutch data, so marked Dutch on an English page, except when
 * it is just the label in another language that the occupation offer matched: a job's other
 * names include English ones ("welder" of Lasser), and ESCO says that one is English.
 */
function hitItem(hit, job) {
  const link = HIT_LINK[hit.kind] || HIT_LINK.function;
  const kindKey = `kind.${hit.kind}`;
  const snip = snippet(hit.snippet);
  // A snippet that only repeats the title adds nothing.
  const showSnippet = hit.snippet && snip.textContent.trim() !== String(hit.title).trim();
  const foreign = job?.matched?.label && job.matched.lang !== 'nl'
    && snip.textContent.trim().toLowerCase() === job.matched.label.trim().toLowerCase();
  return h('li', { class: 'hit' },
    h('span', { class: `badge badge-kind badge-kind-${hit.kind}` }, t(kindKey)),
    ' ',
    h('a', { href: link(hit.id) }, dutch('span', {}, hit.title)),
    showSnippet ? (foreign ? h('p', { class: 'snippet', lang: job.matched.lang, dir: 'auto' }, snip)
      : dutch('p', { class: 'snippet' }, snip)) : null);
}
