// One client (#/client/{id}): what is stored (name, status, review date, consent, profile) and
// their saved plans; the profile questions (#/client/{id}/profiel/N) are the job seeker app's
// wizard with the client's record as its home; routes for the client (#/client/{id}/routes) are
// the job seeker app's route cards, each with "save as plan" and a box to compare up to three.
// The client's data lives in memory only, for the page's lifetime, and goes only to our server.

import { h, append, clear, announce } from '../dom.js';
import { t, tn, lang } from '../i18n.js';
import { postJson, isAbort } from '../api.js';
import { cleanProfile, isEmptyProfile } from '../profile.js';
import * as fmt from '../format.js';
import { heading, setHeading, errorBox, loading, loaded, dutch, serverText, dutchOnlyNote, tNodes } from '../ui.js';
import { facts, slimBadge } from '../widgets.js';
import { field } from '../forms.js';
import { wizardView, resetWizard } from '../views/wizard.js';
import { routeCard, slimTexts, profileParts } from '../views/routes.js';
import { call } from './api.js';
import { nameError } from './caseload.js';
import { dayError, showErrors, serverErrors, whileSending } from './form.js';
import { saveJson } from './record.js';

const ROUTE_LIMIT = 10;
export const COMPARE_MAX = 3;

// The clients opened on this page, by id (dropped on reload: nothing is stored in the browser).
const clients = new Map();
// Where the profile questions keep each client's answers (see clientHome).
const homes = new Map();

/** Forgets every client opened on this page (at logout, or when the session ends). */
export function forgetClients() {
  clients.clear();
  homes.clear();
  resetWizard();
}

async function loadClient(id, signal) {
  const client = await call('GET', `clients/${id}`, { signal });
  clients.set(id, client);
  return client;
}

function clientLink(id, text) {
  return h('p', { class: 'no-print' }, h('a', { href: `#/client/${id}` }, text));
}

/** The client page. */
export function clientView(root, [id], signal, shell) {
  const title = heading(t('ws.client.title'));
  const body = h('div', {}, loading());
  append(root, title, body);
  Promise.all([loadClient(id, signal), call('GET', `clients/${id}/plans`, { signal })]).then(([client, { plans }]) => {
    setHeading(title, client.display_name);
    append(clear(body), clientDetails(client), editSection(client, signal, shell), plansSection(plans), dataSection(client, shell));
    loaded();
  }, (err) => {
    if (isAbort(err)) return;
    body.replaceChildren(errorBox(err));
    loaded(false);
  });
  return title;
}

function clientDetails(c) {
  const profile = cleanProfile(c.profile);
  const parts = profileParts(profile);
  return [
    facts([
      [t('ws.caseload.status'), t(`ws.status.${c.status}`)],
      [t('ws.caseload.review'), c.review_on ? fmt.date(c.review_on) : t('ws.caseload.noReview')],
      [t('ws.client.consent'), [fmt.date(c.consent.given_on), ': ', c.consent.scope,
        h('span', { class: 'block muted' }, c.consent.recorded_by
          ? t('ws.client.recordedBy', { who: c.consent.recorded_by })
          : t('ws.client.givenInEmbed', { when: fmt.dateTime(c.intake?.consent_at), version: c.intake?.consent_version }))]],
      [t('ws.client.intake'), c.intake ? intakeDetails(c.intake, c.status) : null],
      [t('ws.caseload.lastChange'), fmt.dateTime(c.last_activity)],
    ]),
    h('h2', {}, t('ws.client.profile')),
    isEmptyProfile(profile)
      ? h('p', { class: 'notice' }, t('ws.client.noProfile'))
      : h('p', { class: 'profile-summary' }, parts.join(' · ')),
    h('p', { class: 'actions' },
      h('a', { class: 'btn btn-secondary', href: `#/client/${c.id}/profiel/1` },
        isEmptyProfile(profile) ? t('ws.client.fillProfile') : t('ws.client.editProfile')),
      isEmptyProfile(profile) ? null
        : h('a', { class: 'btn btn-primary', href: `#/client/${c.id}/routes` }, t('ws.client.routes'))),
  ];
}

/**
 * A hand-off from a job centre's embed: its reference, how to reach the person (each named, a
 * link to write or call) and, while it waits, how to pick it up.
 */
function intakeDetails(intake, status) {
  const reach = (label, text, href) => h('span', { class: 'block' }, `${label}: `, h('a', { href }, text));
  return [
    t('ws.client.intakeReference', { reference: intake.reference }),
    intake.email ? reach(t('ws.client.intakeEmail'), intake.email, `mailto:${intake.email}`) : null,
    intake.phone ? reach(t('ws.client.intakePhone'), intake.phone, `tel:${intake.phone.replace(/[^0-9+]/g, '')}`) : null,
    status === 'intake' ? h('span', { class: 'block muted' }, t('ws.client.intakePickUp')) : null,
  ];
}

export const CLIENT_STATUSES = ['actief', 'gepauzeerd', 'afgesloten'];

/**
 * Name, status and next review date, changed here (PATCH): each checked at its field before
 * anything is sent, the server's answer at the field it names, in the page's language.
 */
function editSection(c, signal, shell) {
  const name = h('input', { type: 'text', id: 'client-name', value: c.display_name, autocomplete: 'off', spellcheck: 'false' });
  // An intake keeps its status until a counsellor chooses another.
  const statuses = c.status === 'intake' ? ['intake', ...CLIENT_STATUSES] : CLIENT_STATUSES;
  const status = h('select', { id: 'client-status' },
    statuses.map((s) => h('option', { value: s, selected: s === c.status }, t(`ws.status.${s}`))));
  const review = h('input', { type: 'date', id: 'client-review', value: c.review_on || '' });
  const fields = {
    display_name: [field({ label: t('ws.new.name'), hint: t('ws.new.nameHint'), control: name }), name],
    status: [field({ label: t('ws.caseload.status'), control: status }), status],
    review_on: [field({ label: t('ws.new.review'), hint: t('ws.new.reviewHint'), control: review }), review],
  };
  const box = h('div', {});
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('ws.client.save'));
  const form = h('form', { class: 'ws-form no-print', novalidate: true, 'aria-labelledby': 'client-edit-title' },
    h('h2', { id: 'client-edit-title' }, t('ws.client.edit')),
    ...Object.values(fields).map(([wrap]) => wrap),
    h('div', { class: 'actions' }, submit), box);

  const show = (errors) => showErrors(fields, errors);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    box.replaceChildren();
    const errors = {};
    if (nameError(name.value)) errors.display_name = nameError(name.value);
    if (dayError(review.value)) errors.review_on = dayError(review.value);
    if (show(errors)) return;
    try {
      await whileSending(submit, () => call('PATCH', `clients/${c.id}`, {
        body: { display_name: name.value.trim(), status: status.value, review_on: review.value || null }, signal,
      }));
    } catch (err) {
      if (isAbort(err)) return;
      const known = serverErrors(err, fields);
      if (Object.keys(known).length) show(known);
      else box.replaceChildren(errorBox(err));
      return;
    }
    clients.delete(c.id);
    shell.flash(t('ws.client.saved'));
    shell.rerender();
  });
  return form;
}

function plansSection(plans) {
  return [
    h('h2', {}, t('ws.client.plans')),
    plans.length
      ? h('ul', { class: 'card-grid' }, plans.map((p) => h('li', {}, h('article', { class: 'card' },
        h('h3', {}, h('a', { href: `#/plan/${p.id}` }, dutch('span', {}, p.target_title))),
        facts([
          [t('ws.plan.status'), t(`ws.planStatus.${p.status}`)],
          [t('ws.caseload.review'), p.review_on ? fmt.date(p.review_on) : t('ws.caseload.noReview')],
          [t('ws.plan.changes'), p.unseen_changes > 0
            ? h('span', { class: 'badge badge-changed' }, tn('ws.plan.unseen', p.unseen_changes)) : t('ws.plan.noUnseen')],
          [t('ws.plan.shared'), p.shared_until ? t('ws.plan.sharedUntil', { date: fmt.date(p.shared_until) }) : t('ws.plan.notShared')],
          [t('ws.caseload.lastChange'), fmt.dateTime(p.updated)],
        ])))))
      : h('p', {}, t('ws.client.noPlans')),
  ];
}

/**
 * The client's rights under the AVG: everything held about them in plain words, to read and
 * print for the client (#/client/{id}/gegevens), or as a JSON file for a computer (GET export;
 * the file is named by the random id, never by the name); and erasure (DELETE, after a question).
 */
function dataSection(c, shell) {
  const status = h('div', {});
  const exportButton = h('button', {
    type: 'button', class: 'btn btn-secondary',
    onClick: async () => {
      status.replaceChildren();
      try {
        saveJson(await call('GET', `clients/${c.id}/export`), c.id);
      } catch (err) {
        status.replaceChildren(errorBox(err));
      }
    },
  }, t('ws.client.export'));
  const eraseButton = h('button', {
    type: 'button', class: 'btn btn-secondary',
    onClick: async () => {
      if (!window.confirm(t('ws.client.eraseConfirm', { name: c.display_name }))) return;
      status.replaceChildren();
      try {
        await call('DELETE', `clients/${c.id}`);
      } catch (err) {
        status.replaceChildren(errorBox(err));
        return;
      }
      clients.delete(c.id);
      homes.delete(c.id);
      shell.flash(t('ws.client.erased', { name: c.display_name }));
      location.hash = '#/';
    },
  }, t('ws.client.erase'));
  return h('section', { class: 'no-print', 'aria-labelledby': 'client-data-title' },
    h('h2', { id: 'client-data-title' }, t('ws.client.data')),
    h('p', {}, t('ws.client.dataIntro')),
    h('p', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: `#/client/${c.id}/gegevens` }, t('ws.record.open')), exportButton, eraseButton),
    status);
}

/**
 * Where the profile questions keep a client's answers: the client's record in memory, saved to
 * the server at every step (PATCH), so nothing goes to this browser's storage.
 */
function clientHome(id) {
  if (homes.has(id)) return homes.get(id);
  let draft = null;
  const home = {
    loadProfile: () => cleanProfile(clients.get(id)?.profile || {}),
    saveProfile: async (profile) => {
      clients.set(id, await call('PATCH', `clients/${id}`, { body: { profile: cleanProfile(profile) } }));
    },
    loadDraft: () => draft,
    saveDraft: (d) => { draft = d; },
    stepHash: (n) => `#/client/${id}/profiel/${n}`,
    doneHash: `#/client/${id}/routes`,
    title: () => t('ws.wiz.title', { name: clients.get(id)?.display_name ?? '' }),
    finish: () => t('ws.wiz.finish'),
    privacy: () => t('ws.wiz.privacy'),
  };
  homes.set(id, home);
  return home;
}

/** The profile questions for a client: the job seeker app's wizard, on the client's record. */
export function clientProfileView(root, [id, step], signal) {
  const draw = () => {
    const focus = wizardView(root, [step], signal, clientHome(id));
    root.prepend(clientLink(id, t('ws.client.back')));
    return focus;
  };
  if (clients.has(id)) return draw();
  const title = heading(t('ws.client.title'));
  append(root, title, loading());
  loadClient(id, signal).then(() => {
    root.replaceChildren();
    draw()?.focus();
    loaded();
  }, (err) => {
    if (isAbort(err)) return;
    root.replaceChildren(title, errorBox(err));
    loaded(false);
  });
  return title;
}

/** Routes for a client: route cards with "save as plan" and compare (up to three). */
export function clientRoutesView(root, [id], signal, shell) {
  const title = heading(t('ws.routes.title'));
  const area = h('div', { class: 'results' }, loading(t('res.loading')));
  const compareArea = h('section', { class: 'compare', 'aria-labelledby': 'compare-title', hidden: true });
  append(root, clientLink(id, t('ws.client.back')), title, dutchOnlyNote(), area, compareArea);

  (async () => {
    const client = clients.get(id) || await loadClient(id, signal);
    setHeading(title, t('ws.routes.titleFor', { name: client.display_name }));
    const profile = cleanProfile(client.profile);
    if (isEmptyProfile(profile)) {
      area.replaceChildren(h('p', { class: 'notice' }, t('ws.client.noProfile')),
        h('p', {}, h('a', { class: 'btn btn-primary', href: `#/client/${id}/profiel/1` }, t('ws.client.fillProfile'))));
      loaded();
      return;
    }
    const result = await postJson('match', profile, { limit: ROUTE_LIMIT, lang: lang() }, signal);
    showRoutes(client, profile, result);
  })().catch((err) => {
    if (isAbort(err)) return;
    // A profile the server refuses links to the client's own questions.
    area.replaceChildren(errorBox(err, { step: (n) => `#/client/${id}/profiel/${n}` }));
    loaded(false);
  });

  function showRoutes(client, profile, result) {
    const routes = Array.isArray(result.routes) ? result.routes : [];
    // Skills no job here asks: said once above the routes, not on every card (as the job seeker sees).
    const skillsNote = result.skills_note ? h('p', { class: 'skills-note' }, serverText(result.skills_note)) : null;
    if (!routes.length) {
      area.replaceChildren(h('p', { class: 'notice' }, t('res.none.title')));
      if (skillsNote) area.prepend(skillsNote);
      announce(t('res.none.title'));
      return;
    }
    const texts = slimTexts(result);
    const chosen = new Set();
    const compareStatus = h('p', { class: 'compare-status', id: 'compare-status' }, tn('ws.compare.chosen', 0, { max: COMPARE_MAX }));
    const compareError = h('p', { class: 'field-error', hidden: true, role: 'alert' });
    const compareButton = h('button', {
      type: 'button', class: 'btn btn-primary', 'aria-describedby': 'compare-status',
      onClick: () => compare([...chosen]),
    }, t('ws.compare.button'));
    // The same comparison, right under the box ticked last: the bar with the button is at the
    // end of a long list (at 375 px some 13,000 px down), where nobody ticking a box looks.
    const nearButton = h('button', {
      type: 'button', class: 'btn btn-secondary compare-near', hidden: true, onClick: () => compare([...chosen]),
    });
    const boxes = [];
    const cards = routes.map((route, i) => {
      const box = h('input', { type: 'checkbox', id: `compare-${i}`, value: route.target.id });
      boxes.push(box);
      box.addEventListener('change', () => {
        if (box.checked) chosen.add(route.target.id); else chosen.delete(route.target.id);
        compareStatus.textContent = tn('ws.compare.chosen', chosen.size, { max: COMPARE_MAX });
        compareError.hidden = chosen.size <= COMPARE_MAX;
        compareError.textContent = chosen.size > COMPARE_MAX ? t('ws.compare.tooMany', { max: COMPARE_MAX }) : '';
        // Under this box when ticked; else under the last still ticked one; none: gone.
        const at = box.checked ? box : boxes.findLast((b) => b.checked);
        nearButton.hidden = !at;
        nearButton.textContent = t('ws.compare.near', { n: chosen.size });
        if (at) at.closest('.actions').append(nearButton);
      });
      const save = h('button', {
        type: 'button', class: 'btn btn-primary',
        'aria-label': t('ws.routes.saveFor', { title: route.target.title }),
        onClick: () => savePlan(route, save),
      }, t('ws.routes.save'));
      const actions = h('div', { class: 'actions no-print' }, save,
        h('div', { class: 'choice' }, box,
          h('label', { for: `compare-${i}` }, tNodes('ws.compare.include', { title: dutch('span', {}, route.target.title) }))));
      return h('li', {}, routeCard(route, i, profile, texts, result.fee_bases, actions));
    });
    area.replaceChildren(
      h('p', { class: 'profile-summary' }, h('strong', {}, t('ws.routes.basedOn')), ' ', profileParts(profile).join(' · '), ' ',
        h('a', { href: `#/client/${id}/profiel/1` }, t('ws.client.editProfile'))),
      ...(skillsNote ? [skillsNote] : []),
      h('p', { class: 'count' }, tn('res.count', routes.length)),
      h('ol', { class: 'route-list', 'aria-label': t('res.list') }, cards),
      h('div', { class: 'compare-bar no-print' }, compareStatus, compareError, compareButton));
    announce(tn('res.count', routes.length));
  }

  async function savePlan(route, button) {
    button.disabled = true;
    try {
      await call('POST', `clients/${id}/plans`, { body: { target: route.target.id }, signal });
    } catch (err) {
      button.disabled = false;
      if (isAbort(err)) return;
      button.closest('.actions').after(errorBox(err));
      return;
    }
    shell.flash(t('ws.routes.saved', { title: route.target.title }));
    location.hash = `#/client/${id}`;
  }

  // The comparison's heading stays put (focus goes there); only what is under it changes.
  const compareTitle = h('h2', { id: 'compare-title', tabindex: '-1' }, t('ws.compare.title'));
  const compareBody = h('div', {});
  compareArea.append(compareTitle, compareBody);

  async function compare(targets) {
    compareArea.hidden = false;
    if (!targets.length || targets.length > COMPARE_MAX) {
      compareBody.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' },
        targets.length ? t('ws.compare.tooMany', { max: COMPARE_MAX }) : t('ws.compare.none')));
      compareTitle.focus();
      return;
    }
    compareBody.replaceChildren(loading());
    compareTitle.focus();
    try {
      const answer = await call('POST', 'compare', { body: { client: id, targets }, signal });
      compareBody.replaceChildren(compareTable(answer.routes));
      announce(tn('ws.compare.ready', answer.routes.length));
    } catch (err) {
      if (isAbort(err)) return;
      compareBody.replaceChildren(errorBox(err));
      loaded(false);
    }
  }
  return title;
}

function hoursText(range) {
  if (!range) return t('unknown');
  return range.min === range.max ? t('res.hours', { n: range.min }) : t('ws.compare.hoursRange', { min: range.min, max: range.max });
}

/** The compared routes side by side: one card each, the same facts in the same order. */
export function compareTable(routes) {
  return h('ul', { class: 'card-grid compare-grid' }, routes.map((r) => h('li', {}, h('article', { class: 'card' },
    h('h3', {}, dutch('span', {}, r.title)),
    facts([
      [t('card.path'), dutch('span', {}, r.path.name)],
      [t('card.duration'), fmt.routeDuration(r)],
      [t('card.cost'), fmt.routeCost(r)],
      [t('card.net'), fmt.netCost(r)],
      [t('ws.compare.jobHours'), hoursText(r.job_hours_per_week)],
      [t('ws.compare.studyHours'), typeof r.study_hours_per_week === 'number' ? t('res.hours', { n: r.study_hours_per_week }) : t('unknown')],
      [t('ws.compare.distance'), typeof r.farthest_provider_km === 'number' ? t('school.km', { km: fmt.km(r.farthest_provider_km) }) : t('unknown')],
      [t('ws.compare.steps'), String(r.steps)],
      [t('ws.compare.level'), fmt.level(r.nlqf_level)],
      [t('card.slim'), [slimBadge(r.slim_status), r.slim_summary ? h('span', { class: 'block' }, serverText(r.slim_summary, [r.title, r.path.name])) : null]],
      [t('card.flags'), r.flags?.length ? h('ul', {}, r.flags.map((f) => h('li', {}, serverText(f.message, [r.title, r.path.name])))) : t('ws.compare.noFlags')],
      [t('ws.compare.demand'), typeof r.demand === 'number' ? t('ws.compare.demandValue', { n: fmt.number(r.demand, 2) }) : t('unknown')],
    ])))));
}
