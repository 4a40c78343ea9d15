// The caseload (#/): the organisation's clients as the API keeps them (the name or initials the
// counsellor chose, status, next review, last change, changed plans), and a new client (#/nieuw)
// with the consent the API requires. The profile is filled in next, on the client's page, where
// adding a client leads.

import { h, append, clear, announce } from '../dom.js';
import { t, tn } from '../i18n.js';
import { heading, errorBox, loading, loaded } from '../ui.js';
import { field } from '../forms.js';
import * as fmt from '../format.js';
import { facts } from '../widgets.js';
import { call, currentUser } from './api.js';
import { dayError, showErrors, serverErrors, whileSending } from './form.js';

/** The caseload view, with a search by name or by an intake's reference (the API's `q`). */
export function caseloadView(root, params, signal) {
  const title = heading(t('ws.caseload.title'));
  const user = currentUser();
  const body = h('div', { class: 'caseload' }, loading());
  const q = h('input', { type: 'search', id: 'ws-caseload-q', autocomplete: 'off', spellcheck: 'false', maxlength: '100' });
  const search = h('form', { class: 'caseload-search', role: 'search', 'aria-label': t('ws.caseload.search') },
    field({ label: t('ws.caseload.search'), hint: t('ws.caseload.searchHint'), control: q }),
    h('button', { type: 'submit', class: 'btn btn-secondary' }, t('ws.caseload.searchButton')));
  append(root, title,
    h('p', { class: 'muted' }, t('ws.loggedInAs', { name: user.name, org: user.org_name ?? user.org })),
    h('p', {}, h('a', { href: '#/nieuw', class: 'btn btn-primary' }, t('ws.caseload.add'))),
    search,
    body);
  const show = (text) => call('GET', 'clients', { params: text ? { sort: 'name', q: text } : { sort: 'name' }, signal })
    .then(({ clients }) => {
      append(clear(body), caseload(clients, text));
      announce(text && !clients.length ? t('ws.caseload.noMatch', { q: text }) : tn('ws.caseload.count', clients.length));
    }, (err) => {
      if (err?.name === 'AbortError') return;
      body.replaceChildren(errorBox(err));
      loaded(false);
    });
  search.addEventListener('submit', (e) => {
    e.preventDefault();
    show(q.value.trim());
  });
  show('');
  return title;
}

function caseload(clients, searched) {
  if (!clients.length) return [h('p', { class: 'notice' }, searched ? t('ws.caseload.noMatch', { q: searched }) : t('ws.caseload.empty'))];
  // Hand-offs from a job centre's embed wait for someone to pick them up (docs/embed.md §5).
  const intakes = searched ? 0 : clients.filter((c) => c.status === 'intake').length;
  return [
    intakes ? h('p', { class: 'notice notice-intake', role: 'status' }, tn('ws.caseload.intakes', intakes)) : null,
    h('p', { class: 'count' }, tn('ws.caseload.count', clients.length)),
    h('ul', { class: 'card-grid caseload-list' }, clients.map((c) => h('li', {}, clientCard(c)))),
  ];
}

function clientCard(c) {
  return h('article', { class: 'card client-card' },
    h('h2', {}, h('a', { href: `#/client/${c.id}` }, c.display_name)),
    c.changed_plans > 0 ? h('p', {}, h('span', { class: 'badge badge-changed' }, tn('ws.caseload.changed', c.changed_plans))) : null,
    c.status === 'intake' ? h('p', {}, h('span', { class: 'badge badge-intake' }, t('ws.caseload.intakeBadge'))) : null,
    facts([
      [t('ws.caseload.status'), t(`ws.status.${c.status}`)],
      [t('ws.caseload.review'), c.review_on ? fmt.date(c.review_on) : t('ws.caseload.noReview')],
      [t('ws.caseload.lastChange'), fmt.dateTime(c.last_activity)],
    ]));
}

/** Today as YYYY-MM-DD in the browser's time zone (the date fields' default and limit). */
function isoToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const NAME_MAX = 60;
const SCOPE_MAX = 500;

/** What is wrong with a client's name or initials, as the server checks it; '' when nothing. */
export function nameError(name) {
  if (!name.trim()) return t('ws.new.nameMissing');
  if ([...name.trim()].length > NAME_MAX) return t('ws.new.nameTooLong');
  if ((name.match(/[0-9]/g) || []).length >= 6) return t('ws.new.nameNumber');
  return '';
}

/** The checks the server makes (docs/workspace.md), in our words; field name → message. */
export function clientErrors({ name, givenOn, scope, review }, today) {
  const errors = {};
  const chars = (s) => [...s].length;
  if (nameError(name)) errors.display_name = nameError(name);
  if (!givenOn) errors['consent.given_on'] = t('ws.new.givenOnMissing');
  else if (dayError(givenOn)) errors['consent.given_on'] = dayError(givenOn);
  else if (givenOn > today) errors['consent.given_on'] = t('ws.new.givenOnFuture');
  if (!scope.trim()) errors['consent.scope'] = t('ws.new.scopeMissing');
  else if (chars(scope) > SCOPE_MAX) errors['consent.scope'] = t('ws.new.scopeTooLong');
  if (dayError(review)) errors.review_on = dayError(review);
  return errors;
}

/** A new client (#/nieuw): name or initials, consent (day and what was agreed), next review. */
export function newClientView(root, params, signal, shell) {
  const title = heading(t('ws.new.title'));
  title.id = 'ws-new-title';
  const today = isoToday();
  const name = h('input', { type: 'text', id: 'ws-name', autocomplete: 'off', spellcheck: 'false' });
  const givenOn = h('input', { type: 'date', id: 'ws-given-on', value: today, max: today });
  const scope = h('textarea', { id: 'ws-scope', rows: '3' });
  const review = h('input', { type: 'date', id: 'ws-review', min: today });
  const fields = {
    display_name: [field({ label: t('ws.new.name'), hint: t('ws.new.nameHint'), control: name }), name],
    'consent.given_on': [field({ label: t('ws.new.givenOn'), hint: t('ws.new.givenOnHint'), control: givenOn }), givenOn],
    'consent.scope': [field({ label: t('ws.new.scope'), hint: t('ws.new.scopeHint'), control: scope }), scope],
    review_on: [field({ label: t('ws.new.review'), hint: t('ws.new.reviewHint'), control: review }), review],
  };
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('ws.new.submit'));
  const consentHint = h('p', { class: 'hint', id: 'ws-consent-hint' }, t('ws.new.consentHint'));
  const form = h('form', { class: 'ws-form', novalidate: true, 'aria-labelledby': 'ws-new-title' },
    status,
    fields.display_name[0],
    h('fieldset', { class: 'field', 'aria-describedby': 'ws-consent-hint' },
      h('legend', {}, t('ws.new.consent')), consentHint,
      fields['consent.given_on'][0], fields['consent.scope'][0]),
    fields.review_on[0],
    h('div', { class: 'actions' }, submit, h('a', { href: '#/' }, t('ws.new.cancel'))));

  const show = (errors) => showErrors(fields, errors);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    const values = { name: name.value, givenOn: givenOn.value, scope: scope.value, review: review.value };
    if (show(clientErrors(values, isoToday()))) return;
    let created;
    try {
      created = await whileSending(submit, () => call('POST', 'clients', {
        body: {
          display_name: values.name.trim(),
          profile: {},
          consent: { given_on: values.givenOn, scope: values.scope.trim() },
          review_on: values.review || null,
        },
        signal,
      }));
    } catch (err) {
      if (err?.name === 'AbortError') return;
      failed(err);
      return;
    }
    // On to the new client's page (focus on its heading): the profile is filled in there next.
    shell.flash(t('ws.caseload.added', { name: created.display_name }));
    location.hash = `#/client/${created.id}`;
  });

  function failed(err) {
    const known = serverErrors(err, fields);
    if (Object.keys(known).length) {
      show(known);
    } else if (err?.kind === 'problem' && err.status === 422 && err.fieldErrors.length) {
      status.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' },
        h('h2', {}, t('ws.new.errors')),
        h('ul', {}, err.fieldErrors.map((e) => h('li', {}, `${e.field}: ${e.message}`)))));
    } else {
      status.replaceChildren(errorBox(err));
    }
  }

  append(root, title, h('p', {}, t('ws.new.intro')), form);
  return title;
}
