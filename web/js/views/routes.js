// Results (POST /api/v1/match) as route cards, and one route in detail: its steps, the SLIM
// criteria and the path's sources (GET /api/v1/paths/{id}). The last answer is kept on this
// device with the profile it was made for, so a route page survives a reload.

import { h, append, clear, announce } from '../dom.js';
import { t, tn, lang, has } from '../i18n.js';
import { getJson, postJson, isAbort } from '../api.js';
import { tenant } from '../embed.js';
import { loadProfile, cleanProfile, isEmptyProfile, loadResults, saveResults } from '../profile.js';
import * as fmt from '../format.js';
import { heading, errorBox, loading, dutch, glossary, dutchOnlyNote, serverText, tNodes, tMarked } from '../ui.js';
import { facts, statusBadge, slimBadge, pathProvenance, sourcesList } from '../widgets.js';
import { setServerErrors } from './wizard.js';
import { pathDetail } from '../shapes.js';
import { shareBox } from '../share.js';
import { intakeBox } from '../handoff.js';

const FIRST_LIMIT = 5;
const MAX_LIMIT = 50;
// Older answers are asked again: the catalogue and the SLIM rules may have changed since.
const MAX_AGE_MS = 60 * 60 * 1000;

/**
 * The SLIM texts of a match answer: routes and steps name their criteria, note and applicant
 * by position in `slim_texts`, where each text is given once. `lang` is the language the
 * answer's texts are in: a saved plan's snapshot says which (`lang`), a fresh answer is in the
 * page's.
 */
export function slimTexts(result) {
  const all = result?.slim_texts || {};
  const at = (list, i) => (Number.isInteger(i) && Array.isArray(list) ? list[i] ?? null : null);
  return {
    lang: typeof result?.lang === 'string' ? result.lang : lang(),
    criteria: (positions) => (positions || []).map((i) => at(all.criteria, i)).filter(Boolean),
    note: (i) => at(all.notes, i),
    applicant: (i) => at(all.applicants, i)?.text ?? null,
    summary: (i) => at(all.summaries, i),
  };
}

/** The results page. */
export function resultsView(root, _params, signal) {
  const profile = loadProfile();
  append(root, heading(t('res.title')));
  if (isEmptyProfile(profile)) {
    append(root, h('section', { class: 'notice' },
      h('p', {}, t('res.noProfile')),
      h('p', {}, h('a', { class: 'btn btn-primary', href: '#/profiel' }, t('res.startWizard'))),
      h('p', {}, h('a', { href: '#/paden' }, t('res.none.paths')))));
    return;
  }
  const area = h('div', { class: 'results' });
  append(root, profileSummary(profile), shareBox('/routes', profile), dutchOnlyNote(), area, glossary());

  async function load(limit, focusFrom = -1) {
    const cached = loadResults(profile);
    // The answer's texts are in the language it was asked in: ask again after a switch.
    if (cached && cached.limit >= limit && cached.lang === lang() && Date.now() - cached.at < MAX_AGE_MS) {
      show(cached.result, cached.limit, focusFrom);
      return;
    }
    if (focusFrom < 0) area.replaceChildren(loading(t('res.loading')));
    else announce(t('res.loading'));
    try {
      const result = await postJson('match', cleanProfile(profile), { limit, lang: lang(), tenant: tenant()?.id }, signal);
      setServerErrors([]);
      saveResults(profile, limit, result, lang());
      show(result, limit, focusFrom);
    } catch (err) {
      if (isAbort(err)) return;
      setServerErrors(err.fieldErrors || []);
      area.replaceChildren(errorBox(err, { retry: () => load(limit) }));
    }
  }

  function show(result, limit, focusFrom) {
    const routes = Array.isArray(result.routes) ? result.routes : [];
    clear(area);
    setDutchJob(result, profile);
    markDutchJob(root);
    const resolved = resolvedLine(result.resolved_occupation, profile.current_occupation);
    if (resolved) area.append(resolved);
    // Skills no job here asks: said once for all routes, not on every card.
    if (result.skills_note) area.append(h('p', { class: 'skills-note' }, serverText(result.skills_note)));
    if (!routes.length) {
      area.append(emptyState());
      announce(t('res.none.title'));
      return;
    }
    const count = tn('res.count', routes.length);
    area.append(h('p', { class: 'count' }, count));
    const texts = slimTexts(result);
    const cards = routes.map((r, i) => h('li', {}, routeCard(r, i, profile, texts, result.fee_bases)));
    area.append(h('ol', { class: 'route-list', 'aria-label': t('res.list') }, cards));
    if (routes.length >= limit && limit < MAX_LIMIT) {
      area.append(h('button', {
        type: 'button', class: 'btn btn-secondary',
        onClick: () => load(Math.min(MAX_LIMIT, limit + FIRST_LIMIT), routes.length),
      }, t('res.more')));
    }
    if (focusFrom >= 0 && cards[focusFrom]) cards[focusFrom].querySelector('h2').focus();
    announce(count);
  }

  load(FIRST_LIMIT);
}

function emptyState() {
  return h('section', { class: 'notice', 'aria-labelledby': 'none-title' },
    h('h2', { id: 'none-title' }, t('res.none.title')),
    h('p', {}, t('res.none.body')),
    h('p', {}, h('a', { class: 'btn btn-primary', href: '#/profiel' }, t('res.edit')), ' ',
      h('a', { href: '#/paden' }, t('res.none.paths'))));
}

/**
 * "heftruckchauffeur · mbo niveau 2 · 3071 · 25 km · 32 uur" with a link to change it. The job
 * is in a span of its own: once the answer says it is ESCO's Dutch name, it is marked Dutch.
 */
function profileSummary(p) {
  const parts = profileParts(p);
  const job = p.current_occupation ? h('span', { class: 'summary-job' }, parts.shift()) : null;
  return h('p', { class: 'profile-summary' },
    h('strong', {}, t('res.basedOn')), ' ', job, job && parts.length ? ' · ' : '', parts.join(' · '), ' ',
    h('a', { href: '#/profiel', class: 'no-print' }, t('res.edit')));
}

/** Case, accents, spaces and hyphens aside: "Heftruck-chauffeur" is "heftruckchauffeur". */
function folded(text) {
  return String(text ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\s\-/]+/g, '');
}

// The person's job as they gave it, when it is ESCO's Dutch name (they picked "lasser" from the
// list): Dutch, so quoted in the server's texts (`routeNames`) and in the summary it is marked
// lang="nl" on an English page. Set by the view that shows an answer, before it renders.
let dutchJob = null;

function setDutchJob(result, profile) {
  const label = result?.resolved_occupation?.label;
  dutchJob = label && folded(label) === folded(profile.current_occupation) ? profile.current_occupation : null;
}

/** On an English page, the person's job in the profile summaries is marked Dutch when it is ESCO's Dutch name. */
function markDutchJob(root) {
  if (lang() === 'nl' || !dutchJob) return;
  for (const el of root.querySelectorAll('.summary-job')) el.lang = 'nl';
}

/**
 * How padvinder read the person's job, said once: "We read "lasboer" as the occupation: lasser."
 * or, when the person typed the name itself, "Your job: lasser." An English page names the job
 * by ESCO's English label with the Dutch name beside it, marked Dutch: "welder (in Dutch: lasser)".
 */
function resolvedLine(resolved, typed) {
  if (!resolved || !typed) return null;
  const local = lang() !== 'nl' && resolved.label_in_lang ? resolved.label_in_lang : null;
  const label = local
    ? h('span', {}, local, ' (', t('res.inDutch'), ' ', dutch('span', {}, resolved.label), ')')
    : dutch('span', {}, resolved.label);
  const same = [resolved.label, local].some((l) => l && folded(l) === folded(typed));
  return h('p', { class: 'resolved' }, same
    ? tNodes('res.resolvedSame', { label })
    : tNodes('res.resolved', { text: typed, label }));
}

/** A profile's answers in a few words each (also the counsellor workspace's client page). */
export function profileParts(p) {
  return [
    p.current_occupation,
    p.education_level ? t(`edu.${p.education_level}`) : null,
    p.postcode,
    p.max_travel_km ? t('travel.km', { n: p.max_travel_km }) : null,
    p.hours_per_week ? t('res.hours', { n: p.hours_per_week }) : null,
    p.situation ? t(`sit.${p.situation}`) : null,
    ...(p.interests || []).map((v) => (has(`int.${v}`) ? t(`int.${v}`) : v)),
  ].filter(Boolean);
}

/** An element shown on paper only (the route page's printout starts with the profile). */
function printOnly(el) {
  el.classList.add('print-only');
  return el;
}

/** The facts every route shows, on its card and at the top of its page. */
function routeFacts(route, profile, texts, bases) {
  const first = fmt.firstStep(route);
  // The school for the first step: the server already picked the one nearest to the person.
  const school = first ? first.provider : null;
  return facts([
    [t('card.path'), [dutch('span', {}, route.path.name), ' ', statusBadge(route.path.status)]],
    [t('card.start'), first ? [dutch('span', {}, first.course.title), learningRoutes(first.course.routes)] : null],
    [t('card.duration'), fmt.routeDuration(route)],
    [t('card.cost'), costFact(route, bases, profile)],
    [t('card.net'), employerNet(route)],
    [t('card.slim'), slimSummary(route.slim, texts, routeNames(route))],
    [t('card.school'), schoolText(school, profile)],
  ]);
}

function learningRoutes(codes) {
  if (!Array.isArray(codes) || !codes.length) return null;
  return h('span', { class: 'routes-note' }, ` (${codes.map(fmt.learningRoute).join('; ')})`);
}

/**
 * The route's subsidy on its card: a badge and the server's one sentence (who could apply, on
 * what condition, what to ask). Rates and rules are on the route page, behind "Waarom?".
 */
function slimSummary(slim, texts, names) {
  if (!slim) return t('unknown');
  const line = texts.summary(slim.summary);
  return [
    slimBadge(slim.status),
    line ? h('span', { class: 'block slim-summary' }, serverText(line, names, texts.lang)) : null,
    slim.status === 'no_courses_needed' ? null : h('span', { class: 'block muted' }, t('slim.indicative')),
  ];
}

/** Names from our Dutch data that the server's texts about this route may quote. */
function routeNames(route) {
  const names = [route.target?.title, route.path?.name, dutchJob];
  for (const s of route.steps || []) {
    names.push(s.course?.title, s.provider?.name, s.provider?.municipality, s.provider?.location);
    for (const a of s.alternatives || []) names.push(a.title);
  }
  return names;
}

function schoolText(provider, profile) {
  // With a distance chosen, say it against that distance (the route is not called feasible then).
  if (!provider) return profile.max_travel_km ? t('school.noneWithin', { km: profile.max_travel_km }) : t('school.none');
  const place = provider.location || provider.municipality;
  const at = place ? t('school.at', { name: provider.name, place }) : provider.name;
  if (typeof provider.distance_km === 'number') {
    const where = `${at} (${t('school.km', { km: fmt.km(provider.distance_km) })})`;
    // Farther than the person wants to travel: said here, where the school is named, not only
    // in the route's flags behind "Waarom deze route?".
    const max = profile.max_travel_km;
    return typeof max === 'number' && provider.distance_km > max
      ? [where, h('span', { class: 'block beyond' }, t('school.beyond', { km: max }))] : where;
  }
  return profile.postcode ? at : [at, h('span', { class: 'block muted' }, t('school.noPostcode'))];
}

function flagsList(flags, headingTag, names, textLang) {
  if (!Array.isArray(flags) || !flags.length) return null;
  return h('div', { class: 'flags' },
    h(headingTag, {}, t('card.flags')),
    h('ul', {}, flags.map((f) => h('li', {}, serverText(f.message, names, textLang)))));
}

/**
 * A route's card. `actions` replaces the link to the route's page (the counsellor workspace
 * puts "save as plan" and "compare" there).
 */
export function routeCard(route, i, profile, texts, bases, actions = null) {
  const titleId = `route-${i}-title`;
  return h('article', { class: 'card route-card', 'aria-labelledby': titleId },
    h('div', { class: 'card-head' },
      h('h2', { id: titleId, tabindex: '-1' }, dutch('span', {}, route.target.title)),
      h('p', { class: 'card-meta' },
        h('span', { class: 'level' }, fmt.level(route.target.nlqf_level)), ' ',
        h('span', { class: 'badge badge-label' }, fmt.routeLabel(route.label_text)))),
    routeFacts(route, profile, texts, bases),
    // On a phone five cards were 8,500 px: why and the flags open on demand; the summary says
    // how many points to note, so a warning is never out of sight.
    h('details', { class: 'card-more' },
      h('summary', {}, route.flags?.length ? tn('card.moreFlags', route.flags.length) : t('card.why')),
      flagsList(route.flags, 'h3', routeNames(route), texts.lang),
      route.why ? h('p', { class: 'why' }, serverText(route.why, routeNames(route), texts.lang)) : null),
    actions || h('p', {}, h('a', {
      class: 'btn btn-primary', href: `#/route/${i}`,
      'aria-label': t('card.detailsFor', { title: route.target.title }),
    }, t('card.details'))),
    handoff());
}

/** In a job centre's embed: how to talk about a route with its advisers (link and/or phone). */
function handoff() {
  const site = tenant();
  if (!site) return null;
  const { label, url, phone, tel } = site.handoff;
  return h('div', { class: 'handoff no-print' },
    h('p', {}, h('strong', {}, t('handoff.title', { name: site.name }))),
    h('p', { class: 'actions' },
      // The label is the job centre's own text, in its language: marked when the screen's differs.
      url ? h('a', {
        class: 'btn btn-secondary', href: url, target: '_blank', rel: 'noopener noreferrer',
        lang: site.lang === lang() ? null : site.lang,
      }, label) : null,
      phone ? h('a', { class: 'btn btn-secondary', href: tel }, t('handoff.phone', { phone })) : null));
}

// ---- one route -------------------------------------------------------------------------------

/** The route page: timeline, SLIM criteria and sources; printable. */
export function routeView(root, params, signal) {
  const profile = loadProfile();
  const cached = loadResults(profile);
  const index = Number(params[0]);
  // Ask the server when this device has no answer with this route: a route link opened on
  // another device (with the profile in its fragment), an answer in the other language (the
  // routes come in the same order, so the route number stays the same), or a shorter list.
  const fresh = cached && cached.lang === lang() && cached.limit > index;
  if (!fresh && !isEmptyProfile(profile) && index < MAX_LIMIT) {
    const limit = Math.min(MAX_LIMIT, Math.max(cached?.limit || FIRST_LIMIT, index + 1));
    const retry = () => { clear(root); routeView(root, params, signal); };
    append(root, heading(t('res.title')), loading(t('res.loading')));
    postJson('match', cleanProfile(profile), { limit, lang: lang(), tenant: tenant()?.id }, signal)
      .then((result) => {
        saveResults(profile, limit, result, lang());
        clear(root);
        routeDetail(root, params, result, signal);
        if (document.activeElement === document.body) root.querySelector('h1')?.focus();
      })
      .catch((err) => {
        if (isAbort(err)) return;
        clear(root);
        append(root, heading(t('res.title')), errorBox(err, { retry }));
      });
    return;
  }
  routeDetail(root, params, cached?.result, signal);
}

/** The route page for one answer of the match. */
function routeDetail(root, params, result, signal) {
  const index = Number(params[0]);
  const profile = loadProfile();
  const routes = result?.routes || [];
  const route = routes[index];
  if (!route) {
    append(root, heading(t('res.title')),
      h('section', { class: 'notice' }, h('p', {}, t('rd.missing')),
        h('p', {}, h('a', { class: 'btn btn-primary', href: '#/routes' }, t('rd.back')))));
    return;
  }
  setDutchJob(result, profile);
  const title = heading(route.target.title);
  if (lang() !== 'nl') title.lang = 'nl'; // a job title from our Dutch data

  append(root,
    title,
    h('p', { class: 'card-meta' },
      h('span', { class: 'level' }, fmt.level(route.target.nlqf_level)), ' ',
      h('span', { class: 'badge badge-label' }, fmt.routeLabel(route.label_text)), ' ',
      h('span', { class: 'muted' }, t('rd.of', { n: index + 1, total: routes.length }))),
    h('p', { class: 'print-only printed-on' }, t('rd.printed', { date: fmt.today() })),
    printOnly(profileSummary(profile)),
    h('div', { class: 'actions no-print' },
      h('button', { type: 'button', class: 'btn btn-primary', onClick: () => window.print() }, t('rd.print')),
      h('a', { class: 'btn btn-secondary', href: '#/routes' }, t('rd.back'))),
    shareBox(`/route/${index}`, profile),
    dutchOnlyNote(),
    routeSections(route, result, profile, signal));
  markDutchJob(root);
}

/**
 * One route in full, from its summary down: facts and flags, the steps, the subsidy, the
 * regional desks, the path's sources (fetched here), the legal-fee note and the glossary.
 * `answer` is the match answer the route came from; a saved plan's snapshot in the counsellor
 * workspace passes what it keeps (its `slim_texts`), and what it lacks is left out.
 */
export function routeSections(route, answer, profile, signal) {
  const texts = slimTexts(answer);
  const leadsTo = []; // [element, function id]: named once the path's functions are known
  const sources = h('section', { class: 'path-sources', 'aria-labelledby': 'sources-title' },
    h('h2', { id: 'sources-title' }, t('rd.sources.title')), loading());
  const sections = [
    h('section', { class: 'card', 'aria-labelledby': 'summary-title' },
      h('h2', { id: 'summary-title' }, t('rd.summary')),
      routeFacts(route, profile, texts, answer?.fee_bases),
      flagsList(route.flags, 'h3', routeNames(route), texts.lang),
      route.why ? h('p', { class: 'why' }, h('strong', {}, `${t('rd.why')}: `), h('span', {}, serverText(route.why, routeNames(route), texts.lang))) : null,
      answer?.skills_note ? h('p', { class: 'skills-note' }, serverText(answer.skills_note, [], texts.lang)) : null),
    h('section', { 'aria-labelledby': 'steps-title' },
      h('h2', { id: 'steps-title' }, t('rd.steps')),
      h('p', {}, t('rd.stepsIntro')),
      h('ol', { class: 'timeline' }, route.steps.map((s, i) => stepItem(s, i, leadsTo, routeNames(route), answer?.schools_to_ask, answer?.fee_bases, texts.lang)))),
    slimSection(route, texts),
    handoff(),
    intakeBox(route, profile),
    desksSection(answer?.regional_desks),
    sources,
    feeNote(route, answer?.fee_bases, profile, signal),
    glossary(),
  ];
  loadPath(route.path.id, sources, leadsTo, signal);
  return sections;
}

/** The legal-fee basis of a step's cost (`cost_basis` is a position in the answer's `fee_bases`). */
function feeBasis(step, bases) {
  const i = step.cost_basis;
  return Number.isInteger(i) && Array.isArray(bases) ? bases[i] ?? null : null;
}

/** A step's cost; a cost computed from the legal mbo fees says which fee, how and which year. */
function costCell(step, bases) {
  const base = feeBasis(step, bases);
  if (!base) return fmt.stepCost(step);
  const per = t('rd.costPerYear', { amount: fmt.money(base.per_year_eur) });
  const how = typeof base.school_years === 'number' ? `${per} × ${tn('rd.costYears', base.school_years)}` : per;
  return [fmt.stepCost(step), h('span', { class: 'block muted' },
    tMarked('rd.costRule', { fee: t(`fee.${base.fee}`), how, year: base.school_year }))];
}

function stepItem(step, i, leadsTo, names, schools, bases, textLang) {
  const c = step.course;
  const leads = dutch('span', {}, step.leads_to.replace(/-/g, ' '));
  leadsTo.push([leads, step.leads_to]);
  const head = h('h3', {}, h('span', { class: 'step-num' }, t('rd.step', { n: i + 1 })), ' ', dutch('span', {}, c.title));
  if (step.skipped) {
    return h('li', { class: 'step skipped' }, head,
      h('p', {}, h('strong', {}, t('rd.skipped')), ' ', step.skipped_reason ? h('span', {}, serverText(step.skipped_reason, names, textLang)) : null));
  }
  const kind = [fmt.courseKind(c.kind), c.crebo ? `, ${t('rd.crebo', { c: c.crebo })}` : '', `, ${fmt.level(c.nlqf_level)}`].join('');
  return h('li', { class: 'step' }, head,
    facts([
      [t('rd.kind'), kind],
      [t('rd.how'), c.routes?.length ? c.routes.map(fmt.learningRoute).join('; ') : null],
      [t('rd.duration'), fmt.stepDuration(step)],
      [t('rd.study'), step.hours_per_week ? t('rd.studyHours', { n: step.hours_per_week }) : null],
      [t('rd.cost'), costCell(step, bases)],
      [t('rd.school'), stepSchool(step.provider)],
      [t('rd.ask'), step.ask_schools ? schoolsToAsk(schools) : null],
      [t('rd.dutch'), step.dutch_level || null],
      [t('rd.leadsTo'), leads],
      [t('rd.alternatives'), step.alternatives?.length ? h('ul', {}, step.alternatives.map(alternative)) : null],
    ]),
    has(`trans.${step.transition}`) ? h('p', { class: 'muted' }, t(`trans.${step.transition}`)) : null);
}

/**
 * What the costs computed from the legal mbo fees share, once per route page:
 * which school year's amounts and from whom (GET /api/v1/fees, the same for every answer).
 * Near the end of the page, so the text arriving later moves nothing a person is reading.
 */
function feeNote(route, bases, profile, signal) {
  if (!route.steps.some((s) => !s.skipped && feeBasis(s, bases))) return null;
  const body = h('div', { class: 'fee-note-body' }, h('p', { class: 'muted' }, t('loading')));
  getJson('fees', { lang: lang() }, signal).then((fees) => {
    clear(body);
    append(body,
      h('p', {}, serverText(fees.text, routeNames(route))),
      profile.under_18 === true ? h('p', {}, t('rd.feeYoung')) : null,
      sourcesList(fees.sources));
  }).catch((e) => {
    if (isAbort(e)) return;
    clear(body);
    append(body, h('p', {}, t('rd.feeMissing')));
  });
  return h('section', { class: 'fee-note', 'aria-labelledby': 'fee-title' }, h('h2', { id: 'fee-title' }, t('rd.feeNote')), body);
}

/**
 * What the subsidy leaves for the employer, who applies for SLIM and pays the school (the person
 * may not be charged anything): only where the server computed a subsidy amount. Elsewhere it
 * would repeat the cost under a name that promises a subsidy.
 */
function employerNet(route) {
  if (route.slim?.status !== 'possibly_eligible' || typeof route.net_cost_eur !== 'number') return null;
  if (route.net_cost_eur === route.total_cost_eur) return null;
  return fmt.netCost(route);
}

/**
 * On a route's card, under its cost: which legal fee and school year the cost counts; when
 * another step's price is unknown, what the mbo steps cost together; that an employer sometimes
 * pays the BBL fee; and, to a person who has an employer (the profile says they are employed),
 * that they may not be charged anything when their employer gets SLIM for it (never next to
 * "subsidy: not possible"). A person without an employer reads who could apply in the route's
 * subsidy sentence ("An employer who hires you …").
 */
function costFact(route, bases, profile) {
  const steps = (route.steps || []).filter((s) => !s.skipped && feeBasis(s, bases));
  if (!steps.length) return fmt.routeCost(route);
  const used = steps.map((s) => feeBasis(s, bases));
  const kinds = [...new Set(used.map((b) => b.fee))];
  const fee = kinds.length === 1 ? t(`fee.${kinds[0]}`) : t('fee.both');
  const years = [...new Set(used.map((b) => b.school_year))].join(', ');
  const costs = steps.map((s) => fmt.known(s.cost_eur)).filter((c) => typeof c === 'number');
  const part = typeof route.total_cost_eur !== 'number' && costs.length
    ? t('card.costKnownPart', { amount: fmt.money(costs.reduce((a, b) => a + b, 0)) }) : null;
  const slim = profile?.situation === 'employed'
    && ['possibly_eligible', 'insufficient_information'].includes(route.slim?.status);
  return [fmt.routeCost(route), h('span', { class: 'block muted' },
    serverText([part, t('card.costRule', { fee, year: years }),
      kinds.includes('cursusgeld') ? t('card.costEmployer') : null,
      slim ? t('card.costSlim') : null].filter(Boolean).join(' ')))];
}

function stepSchool(p) {
  if (!p) return t('school.none');
  const place = [p.location, p.municipality && p.municipality !== p.location ? `(${p.municipality})` : null].filter(Boolean).join(' ');
  const km = typeof p.distance_km === 'number' ? ` – ${fmt.km(p.distance_km)}` : '';
  return `${p.name}${place ? `, ${place}` : ''}${km}`;
}

/** Schools near the person to ask: never presented as providers of the course. */
function schoolsToAsk(list) {
  if (!Array.isArray(list) || !list.length) return null;
  return [
    h('span', { class: 'block' }, t('rd.ask.intro')),
    h('ul', { class: 'ask-schools' }, list.map((s) => h('li', {},
      h('strong', {}, s.school), `, ${s.address} – ${fmt.km(s.distance_km)} `,
      h('a', { href: s.website, rel: 'noopener' }, t('rd.ask.site', { school: s.school }))))),
  ];
}

/**
 * Who to call: the person's regional desks (or the national Leerwerkloket), with their website
 * and phone number (a tel: link) where a source gives them, and sources. In a job centre's embed
 * the job centre is whom to call (its hand-off comes first), so the desks are named as more
 * advice besides it, not as the answer to "who to call".
 */
function desksSection(desks) {
  if (!Array.isArray(desks) || !desks.length) return null;
  const site = tenant();
  return h('section', { class: 'card desks', 'aria-labelledby': 'desks-title' },
    h('h2', { id: 'desks-title' }, site ? t('rd.desks.titleBesides') : t('rd.desks.title')),
    h('p', {}, site ? t('rd.desks.introBesides', { name: site.name }) : t('rd.desks.intro')),
    h('ul', {}, desks.map((d) => h('li', {},
      h('strong', {}, d.name),
      d.address ? `, ${d.address}` : '',
      d.website ? [' – ', h('a', { href: d.website, rel: 'noopener' }, d.website)] : '',
      d.phone ? [' – ', t('rd.desks.phone'), ' ', h('a', { href: telHref(d.phone) }, d.phone)] : '',
      h('span', { class: 'block muted' }, t('rd.desks.source'), ' ',
        h('a', { href: d.source, rel: 'noopener' }, hostOf(d.source)), ` (${d.checked})`)))));
}

/** A phone number as its source writes it ("053 123 45 67") as a tel: address (digits and +). */
function telHref(phone) {
  return `tel:${String(phone).replace(/[^\d+]/g, '')}`;
}

function hostOf(url) {
  try { return new URL(url).host; } catch { return url; }
}

/**
 * A course's page in the job seeker's catalogue. The workspace's pages (a plan, a shared plan)
 * show routes too but have no course pages of their own: there the link opens the public app's,
 * not the workspace's router (which would show a client its login page).
 */
function courseHref(id) {
  const app = location.pathname.startsWith('/werkplek') ? '/' : '';
  return `${app}#/opleiding/${encodeURIComponent(id)}`;
}

function alternative(c) {
  const bits = [c.crebo ? t('rd.crebo', { c: c.crebo }) : null, fmt.level(c.nlqf_level)].filter(Boolean).join(', ');
  return h('li', {}, h('a', { href: courseHref(c.id) }, dutch('span', {}, c.title)), ` (${bits})`);
}

/**
 * The route's subsidy: one sentence, then "Waarom?" with the rate, the note and the rules once
 * for the whole route. A step whose rules come out differently from the route's lists only
 * those rules, under its own name.
 */
function slimSection(route, texts) {
  const slim = route.slim;
  if (!slim) return null;
  const names = routeNames(route);
  const open = route.steps.filter((s) => !s.skipped && s.slim);
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const differing = open.length > 1 ? open
    .map((s) => ({ step: s, n: route.steps.indexOf(s) + 1, own: (s.slim.criteria || []).filter((c) => !(slim.criteria || []).includes(c)) }))
    .filter((d) => d.own.length && !same(d.step.slim.criteria, slim.criteria)) : [];
  const rate = slim.status === 'not_eligible' ? null : fmt.slimRate(slim.rate_pct);
  return h('section', { class: 'slim', 'aria-labelledby': 'slim-title' },
    h('h2', { id: 'slim-title' }, t('rd.slim.title')),
    h('p', {}, slimBadge(slim.status)),
    texts.summary(slim.summary) ? h('p', { class: 'slim-summary' }, serverText(texts.summary(slim.summary), names, texts.lang)) : null,
    h('p', { class: 'muted' }, t('slim.indicative')),
    slim.criteria?.length ? h('details', { class: 'slim-why' },
      h('summary', {}, t('rd.slim.why')),
      h('p', {}, t('rd.slim.intro')),
      rate ? h('p', {}, rate, ' ', fmt.slimAmount(slim.amount_eur) || '') : null,
      h('p', {}, serverText(texts.note(slim.note), names, texts.lang)),
      h('h3', {}, t('rd.slim.criteria')),
      criteriaList(texts.criteria(slim.criteria), names, texts.lang),
      differing.map((d) => [
        h('h3', {}, tNodes('rd.slim.stepDiffers', { n: d.n, title: dutch('span', {}, d.step.course.title) })),
        criteriaList(texts.criteria(d.own), names, texts.lang),
      ])) : null);
}

const OUTCOME_ICON = { met: '✓', not_met: '✗', unknown: '?', needs_assessment: '!' };

/** The SLIM rules one by one: outcome in words, the reason, what to check, and where the rule is from. */
function criteriaList(criteria, names, textLang) {
  return h('ul', { class: 'criteria' }, (criteria || []).map((c) => h('li', { class: `criterion outcome-${c.outcome}` },
    h('span', { class: `badge badge-outcome-${c.outcome}` },
      h('span', { 'aria-hidden': 'true' }, `${OUTCOME_ICON[c.outcome] || ''} `), t(`outcome.${c.outcome}`)),
    ' ', serverText(c.text, names, textLang),
    c.check ? h('p', {}, h('strong', {}, `${t('rd.check')} `), serverText(c.check, names, textLang)) : null,
    c.reference?.length ? h('p', { class: 'muted' }, `${t('rd.reference')}: `, serverText(c.reference.join('; '), [], textLang)) : null)));
}

/** Fetches the path: its sources and check date, and the names of the functions steps lead to. */
async function loadPath(id, section, leadsTo, signal) {
  try {
    const path = pathDetail(await getJson(`paths/${encodeURIComponent(id)}`, null, signal));
    const names = new Map((path.functions || []).map((f) => [f.id, f.title]));
    for (const [el, fid] of leadsTo) if (names.has(fid)) el.replaceChildren(dutch('span', {}, names.get(fid)));
    section.replaceChildren(section.firstChild, pathProvenance(path));
  } catch (err) {
    if (isAbort(err)) return;
    section.replaceChildren(section.firstChild, errorBox(err, { retry: () => loadPath(id, section, leadsTo, signal) }));
  }
}
