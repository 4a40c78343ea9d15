// Browsing the catalogue: all development paths (GET /api/v1/paths), one path with its
// functions and transitions (GET /api/v1/paths/{id}), one function and one course. The shapes
// follow docs/catalogue-format.md; fields that may be missing are simply not shown.

import { h, append } from '../dom.js';
import { t, tn, has, lang } from '../i18n.js';
import { getJson, isAbort } from '../api.js';
import * as fmt from '../format.js';
import { heading, setHeading, errorBox, loading, dutch, dutchOnlyNote } from '../ui.js';
import { facts, statusBadge, sourcesList, pathProvenance } from '../widgets.js';
import { pathEntry, pathDetail, functionDetail, courseDetail } from '../shapes.js';

/**
 * Shows a loading line, fetches, then fills `slot` with `render(data)`; an error shows the
 * error box with "probeer opnieuw". A 404 becomes "niet gevonden".
 */
async function fetchInto(slot, path, render, signal, { title = null, backLink = true } = {}) {
  slot.replaceChildren(loading());
  try {
    const data = await getJson(path, null, signal);
    slot.replaceChildren(...[render(data)].flat(Infinity).filter(Boolean));
  } catch (err) {
    if (isAbort(err)) return;
    if (err.status === 404) {
      // The page's own heading says it, so the title of the tab does too.
      if (title) setHeading(title, t('err.notFound.title'));
      slot.replaceChildren(h('section', { class: 'notice', role: 'alert' },
        title ? null : h('h2', {}, t('err.notFound.title')), h('p', {}, t('err.notFound.body')),
        backLink ? h('p', {}, h('a', { href: '#/paden' }, t('path.back'))) : null));
      return;
    }
    slot.replaceChildren(errorBox(err, { retry: () => fetchInto(slot, path, render, signal, { title, backLink }) }));
  }
}

/** The first sentences of a long description, for a card. */
function shortText(text, max = 220) {
  const s = String(text || '');
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
  return end > 60 ? cut.slice(0, end + 1) : `${cut.replace(/\s+\S*$/, '')} …`;
}

/**
 * Names that an answer gives only as ids (a course in a transition, a function in another path,
 * a function's path) are shown as the id at once and replaced by the name when a small request
 * returns. At most 4 requests run at a time, each id is asked once; a failure leaves the id.
 */
function makeNamer(signal) {
  const asked = new Map(); // api path → Promise<data | null>
  const waiting = [];
  let running = 0;
  const next = () => {
    while (running < 4 && waiting.length) {
      const [path, resolve] = waiting.shift();
      running += 1;
      getJson(path, null, signal).then(resolve, () => resolve(null))
        .finally(() => { running -= 1; next(); });
    }
  };
  const once = (path) => {
    if (!asked.has(path)) asked.set(path, new Promise((resolve) => { waiting.push([path, resolve]); next(); }));
    return asked.get(path);
  };
  /** Puts `id` in a span now and the name from GET `path` (via `pick`) later. */
  return (id, path, pick) => {
    const span = dutch('span', {}, id);
    once(path).then((data) => { const name = data && pick(data); if (name) span.textContent = name; });
    return span;
  };
}

/** A link to a path, whether the server gives an id or { id, name }. */
function pathLink(p, named) {
  const id = typeof p === 'string' ? p : p?.id;
  if (!id) return null;
  const label = typeof p === 'object' && p.name ? dutch('span', {}, p.name)
    : named(id, `paths/${encodeURIComponent(id)}`, (d) => d.path.name);
  return h('a', { href: `#/paden/${encodeURIComponent(id)}` }, label);
}

/** A course in a transition step: an id, or { id, title }. */
function courseLink(c, named) {
  const id = typeof c === 'string' ? c : c?.id;
  const label = typeof c === 'object' && c.title ? dutch('span', {}, c.title)
    : named(id, `courses/${encodeURIComponent(id)}`, (d) => {
      // Two mbo courses may share a title (old and new crebo); the code tells them apart.
      const c = d.course;
      return c.crebo ? `${c.title} (${t('rd.crebo', { c: c.crebo })})` : c.title;
    });
  return h('a', { href: `#/opleiding/${encodeURIComponent(id)}` }, label);
}

function statusLegend() {
  return h('dl', { class: 'legend' }, ['recognised', 'announced', 'modelled'].map((s) => h('div', {},
    h('dt', {}, statusBadge(s)), h('dd', {}, t(`status.${s}.explain`)))));
}

// ---- all paths -------------------------------------------------------------------------------

/** The list of all development paths with their status. */
export function pathsView(root, _params, signal) {
  const slot = h('div');
  append(root, heading(t('paths.title')), h('p', { class: 'lead' }, t('paths.intro')), statusLegend(), dutchOnlyNote(), slot);
  fetchInto(slot, 'paths', (data) => h('ul', { class: 'card-grid' }, (data.paths || []).map((p) => pathCard(pathEntry(p)))), signal);
}

function pathCard(p) {
  const titleId = `path-${p.id}`;
  return h('li', {}, h('article', { class: 'card', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, h('a', { href: `#/paden/${encodeURIComponent(p.id)}` }, dutch('span', {}, p.name))),
    h('p', { class: 'card-meta' }, statusBadge(p.status), ' ',
      h('span', {}, `${fmt.sector(p.sector)} · ${tn('paths.functions', Number(p.functions) || 0)}`)),
    p.description ? dutch('p', {}, shortText(p.description)) : null,
    p.checked ? h('p', { class: 'muted' }, t('rd.checked', { date: fmt.date(p.checked) })) : null));
}

// ---- one path --------------------------------------------------------------------------------

/** One path: status, description, its functions and how to get in and move up. */
export function pathView(root, params, signal) {
  const title = heading(t('kind.path'));
  const slot = h('div');
  append(root, title, h('p', { class: 'no-print' }, h('a', { href: '#/paden' }, t('path.back'))), slot);
  fetchInto(slot, `paths/${encodeURIComponent(params[0])}`, (data) => {
    const path = pathDetail(data);
    const named = makeNamer(signal);
    setHeading(title, path.name);
    if (lang() !== 'nl') title.lang = 'nl';
    const fnTitle = new Map((path.functions || []).map((f) => [f.id, f.title]));
    return [
      h('p', { class: 'card-meta' }, statusBadge(path.status), ' ', fmt.sector(path.sector)),
      h('p', {}, t(`status.${path.status}.explain`)),
      dutchOnlyNote(),
      path.description ? dutch('p', {}, path.description) : null,
      path.owners?.length ? facts([[t('path.owners'), dutch('span', {}, path.owners.join('; '))]]) : null,
      h('section', { 'aria-labelledby': 'fn-title' },
        h('h2', { id: 'fn-title' }, t('path.functions')),
        h('ul', { class: 'card-grid' }, sortByLevel(path.functions || []).map((f) => h('li', {}, functionCard(f))))),
      path.transitions?.length ? h('section', { 'aria-labelledby': 'tr-title' },
        h('h2', { id: 'tr-title' }, t('path.transitions')),
        h('ul', { class: 'transitions' }, path.transitions.map((tr) => transitionItem(tr, fnTitle, named)))) : null,
      h('section', { class: 'path-sources', 'aria-labelledby': 'src-title' },
        h('h2', { id: 'src-title' }, t('rd.sources.title')), pathProvenance(path)),
    ];
  }, signal, { title, backLink: false });
}

function sortByLevel(functions) {
  const lvl = (f) => (typeof fmt.known(f.nlqf_level) === 'number' ? f.nlqf_level : 99);
  return [...functions].sort((a, b) => lvl(a) - lvl(b));
}

/** The facts about a function (job), shared by the path page and the function page. */
function functionFacts(f) {
  const hours = f.hours_per_week;
  const demand = f.demand;
  return facts([
    [t('fn.level'), fmt.level(f.nlqf_level)],
    [t('fn.hours'), hours && typeof hours.min === 'number' ? t('fn.hoursRange', { min: hours.min, max: hours.max }) : null],
    [t('fn.load'), f.physical_load && has(`loadname.${f.physical_load}`) ? t(`loadname.${f.physical_load}`) : null],
    [t('fn.licence'), f.driving_licence || null],
    [t('fn.dutch'), f.dutch_level || null],
    [t('fn.demand'), demand ? dutch('span', {}, [demand.indicator, demand.region ? `(${demand.region})` : null].filter(Boolean).join(' ')) : null],
  ]);
}

function functionCard(f) {
  const titleId = `fn-${f.id}`;
  return h('article', { class: 'card', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, h('a', { href: `#/functie/${encodeURIComponent(f.id)}` }, dutch('span', {}, f.title))),
    functionFacts(f),
    f.description ? dutch('p', {}, f.description) : null);
}

function transitionItem(tr, fnTitle, named) {
  // A switch (overstap) may come from a function in another path: name it by asking for it.
  const name = (id) => (fnTitle.has(id) ? dutch('span', {}, fnTitle.get(id))
    : named(id, `functions/${encodeURIComponent(id)}`, (d) => d.function.title));
  return h('li', { class: 'card transition' },
    h('h3', {}, tr.from ? name(tr.from) : t('tr.entry'), ' → ', name(tr.to)),
    has(`trans.${tr.kind}`) ? h('p', { class: 'muted' }, t(`trans.${tr.kind}`)) : null,
    h('ol', { class: 'tr-steps' }, (tr.steps || []).map((s) => {
      const all = s.all_of || null;
      const list = all || s.one_of || [];
      // One course needs no "do all of these"; only a real choice or a set gets a lead-in.
      const lead = all ? (list.length > 1 ? t('tr.allOf') : null) : t('tr.oneOf');
      return h('li', {}, lead ? h('span', {}, `${lead} `) : null,
        list.map((c, i) => [i ? ', ' : '', courseLink(c, named)]));
    })),
    tr.membership && has(`tr.membership.${tr.membership}`) ? h('p', { class: 'muted' }, t(`tr.membership.${tr.membership}`)) : null);
}

// ---- one function, one course ------------------------------------------------------------------

/** One function (job). */
export function functionView(root, params, signal) {
  const title = heading(t('kind.function'));
  const slot = h('div');
  append(root, title, slot);
  fetchInto(slot, `functions/${encodeURIComponent(params[0])}`, (data) => {
    const f = functionDetail(data);
    setHeading(title, f.title);
    if (lang() !== 'nl') title.lang = 'nl';
    const path = f.path;
    return [
      path ? h('p', {}, `${t('fn.path')}: `, pathLink(path, makeNamer(signal))) : null,
      dutchOnlyNote(),
      functionFacts(f),
      f.description ? dutch('p', {}, f.description) : null,
      listSection(t('fn.tasks'), f.tasks),
      listSection(t('fn.skills'), f.skills),
      provenance(f),
    ];
  }, signal, { title });
}

/** One course with its schools and paths. */
export function courseView(root, params, signal) {
  const title = heading(t('kind.course'));
  const slot = h('div');
  append(root, title, slot);
  fetchInto(slot, `courses/${encodeURIComponent(params[0])}`, (data) => {
    const c = courseDetail(data);
    setHeading(title, c.title);
    if (lang() !== 'nl') title.lang = 'nl';
    const duration = courseDuration(c.duration_weeks);
    const cost = fmt.known(c.cost_eur);
    const workLearn = fmt.known(c.work_and_learn);
    return [
      dutchOnlyNote(),
      facts([
        [t('rd.kind'), fmt.courseKind(c.kind)],
        [t('course.crebo'), c.crebo || null],
        [t('course.code'), c.code || null],
        [t('fn.level'), fmt.level(c.nlqf_level)],
        [t('rd.how'), c.routes?.length ? c.routes.map(fmt.learningRoute).join('; ') : null],
        [t('rd.duration'), duration],
        [t('rd.study'), c.study_hours_per_week ? t('rd.studyHours', { n: c.study_hours_per_week }) : null],
        [t('rd.cost'), typeof cost === 'number' ? fmt.money(cost) : t('unknown')],
        [t('course.costNote'), c.cost_note ? dutch('span', {}, c.cost_note) : null],
        [t('course.workLearn'), workLearn === null ? t('unknown') : workLearn ? t('yes') : t('no')],
        [t('rd.dutch'), c.dutch_level || null],
        [t('course.start'), c.start_moments?.length ? dutch('span', {}, c.start_moments.join(', ')) : null],
      ]),
      c.description ? dutch('p', {}, c.description) : null,
      h('section', { 'aria-labelledby': 'prov-title' },
        h('h2', { id: 'prov-title' }, t('course.providers')),
        c.providers?.length
          ? h('ul', {}, c.providers.map((p) => h('li', {}, providerText(p))))
          : h('p', {}, t('school.none'))),
      c.paths?.length ? h('section', { 'aria-labelledby': 'cpaths-title' },
        h('h2', { id: 'cpaths-title' }, t('course.paths')),
        h('ul', {}, c.paths.map((p) => h('li', {}, pathLink(p, makeNamer(signal)))))) : null,
      provenance(c),
    ];
  }, signal, { title });
}

/** "Talland College, Zaandam (Zaanstad)"; a provider may also be just its id. */
function providerText(p) {
  if (typeof p === 'string') return p;
  const place = p.location && p.municipality && p.location !== p.municipality
    ? `${p.location} (${p.municipality})` : p.location || p.municipality;
  return place ? `${p.name}, ${place}` : p.name;
}

function courseDuration(d) {
  if (typeof d === 'number') return fmt.weeksText(d);
  if (d && typeof d.min === 'number') return fmt.weeksText(d.min, d.max);
  return t('unknown');
}

function listSection(title, items) {
  if (!Array.isArray(items) || !items.length) return null;
  return h('section', {}, h('h2', {}, title), h('ul', {}, items.map((x) => dutch('li', {}, x))));
}

function provenance(record) {
  if (!record.sources?.length && !record.checked) return null;
  return h('section', { class: 'path-sources', 'aria-labelledby': 'rec-src' },
    h('h2', { id: 'rec-src' }, t('rd.sources.title')),
    sourcesList(record.sources),
    record.checked ? h('p', {}, t('rd.checked', { date: fmt.date(record.checked) })) : null);
}
