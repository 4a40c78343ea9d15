// One saved plan (#/plan/{id}): the snapshot in words (the route as computed when it was saved,
// with the job seeker app's route sections), what changed in the catalogue since (marked seen
// here), status and review date, print (one A4 page: the
// summary, the chosen courses, the subsidy "indicatief, geen besluit" and the sources), a share
// link with an expiry of 1 to 90 days and its revocation, and deleting the plan. Also the page a
// share link opens (#/gedeeld/{token}), read-only and without a login.

import { h, append, clear, announce } from '../dom.js';
import { t, tn, lang } from '../i18n.js';
import { getJson, isAbort } from '../api.js';
import { cleanProfile } from '../profile.js';
import * as fmt from '../format.js';
import { heading, setHeading, errorBox, loading, loaded, dutch, dutchOnlyNote, tNodes } from '../ui.js';
import { field } from '../forms.js';
import { facts } from '../widgets.js';
import { routeSections } from '../views/routes.js';
import { call } from './api.js';
import { dayError, markErrors, whileSending } from './form.js';

export const PLAN_STATUSES = ['idee', 'besproken', 'gestart', 'afgerond', 'gestopt'];
export const SHARE_DAYS = [1, 90];

/** The titles of the courses a route names (its steps and their alternatives), by id. */
export function courseTitles(route) {
  const titles = new Map();
  for (const s of route?.steps || []) {
    if (s.course) titles.set(s.course.id, s.course.title);
    for (const a of s.alternatives || []) titles.set(a.id, a.title);
  }
  return titles;
}

/** What a plan says, for the screen and for paper: courses, status, dates, notes. */
function planFacts(plan, { notes }) {
  const route = plan.snapshot.route;
  const titles = courseTitles(route);
  return facts([
    [t('ws.plan.courses'), plan.courses.length
      ? h('ul', {}, plan.courses.map((c) => h('li', {}, dutch('span', {}, titles.get(c) || c)))) : t('ws.plan.noCourses')],
    [t('ws.plan.status'), t(`ws.planStatus.${plan.status}`)],
    [t('ws.caseload.review'), plan.review_on ? fmt.date(plan.review_on) : t('ws.caseload.noReview')],
    [t('ws.plan.computedOn'), t('ws.plan.versions', { date: fmt.date(plan.snapshot.computed_on) })],
    // A private note is for counsellors only: on screen here, never on paper (the printout is
    // what a counsellor hands to the client).
    [t('ws.plan.notes'), notes.length
      ? h('ul', {}, notes.map((n) => h('li', n.private ? { class: 'no-print' } : {}, n.text))) : null],
  ]);
}

/**
 * Where the advice rested, for a counsellor who has to trace a question back: the fingerprints
 * of the catalogue and the subsidy rules, shortened, closed under a summary (the day they were
 * in use is said once, at "Route berekend op"). Not on a share link's page: a client cannot use
 * them, and their counsellor has them here.
 */
function provenance(snapshot) {
  return h('details', { class: 'plan-versions no-print' }, h('summary', {}, t('ws.plan.fingerprintsTitle')),
    h('p', { class: 'muted' }, t('ws.plan.fingerprints', {
      catalogue: snapshot.catalogue_hash.slice(0, 12), rules: snapshot.rules_version.slice(0, 12),
    })));
}

/** The plan page. */
export function planView(root, [id], signal, shell) {
  const title = heading(t('ws.plan.title'));
  const body = h('div', {}, loading());
  append(root, title, body);
  (async () => {
    const plan = await call('GET', `plans/${id}`, { signal });
    // The changes come with the rest: the page draws once (no layout shift under them).
    const [client, changes] = await Promise.all([
      call('GET', `clients/${plan.client}`, { signal }),
      call('GET', `plans/${id}/changes`, { signal }),
    ]);
    const route = plan.snapshot.route;
    setHeading(title, route.target.title);
    if (lang() !== 'nl') title.lang = 'nl';
    append(clear(body),
      h('p', { class: 'lead' }, plan.created_by
        ? t('ws.plan.for', { name: client.display_name, date: fmt.dateTime(plan.created), who: plan.created_by })
        : t('ws.plan.forIntake', { name: client.display_name, date: fmt.dateTime(plan.created) })),
      h('p', { class: 'print-only printed-on' }, t('rd.printed', { date: fmt.today() })),
      h('p', { class: 'actions no-print' },
        h('button', { type: 'button', class: 'btn btn-primary', onClick: () => window.print() }, t('ws.plan.print')),
        h('a', { class: 'btn btn-secondary', href: `#/client/${plan.client}` }, t('ws.client.back'))),
      planFacts(plan, {
        notes: plan.notes.map((n) => (n.private
          ? { text: t('ws.plan.privateNote', { text: n.text }), private: true } : { text: n.text })),
      }),
      provenance(plan.snapshot),
      changesSection(plan, changes, signal),
      statusForm(plan),
      shareSection(plan),
      dutchOnlyNote(),
      h('div', { class: 'plan-route' }, routeSections(route, plan.snapshot, cleanProfile(client.profile), signal)),
      deleteSection(plan, shell));
    loaded();
  })().catch((err) => {
    if (isAbort(err)) return;
    body.replaceChildren(errorBox(err));
    loaded(false);
  });
  return title;

  /**
   * The plan changed here (PATCH): status, next review date, the chosen courses (a step's
   * course or one of its alternatives, from the saved route) and the notes. The saved route
   * itself never changes. Each field is checked before anything is sent; the server's answer
   * goes to the field it names, in the page's language.
   */
  function statusForm(plan) {
    const select = h('select', { id: 'plan-status' },
      PLAN_STATUSES.map((s) => h('option', { value: s, selected: s === plan.status }, t(`ws.planStatus.${s}`))));
    const statusField = field({ label: t('ws.plan.status'), control: select });
    const review = h('input', { type: 'date', id: 'plan-review', value: plan.review_on || '' });
    const reviewField = field({ label: t('ws.plan.reviewLabel'), hint: t('ws.new.reviewHint'), control: review });
    const courses = courseChoices(plan);
    const notes = notesEditor(plan.notes);
    const status = h('div', { class: 'form-status', role: 'status' });
    const save = h('button', { type: 'submit', class: 'btn btn-primary' }, t('ws.plan.save'));
    const form = h('form', { class: 'ws-form no-print', novalidate: true, 'aria-labelledby': 'plan-status-title' },
      h('h2', { id: 'plan-status-title' }, t('ws.plan.change')),
      statusField, reviewField, courses.element, notes.element,
      h('div', { class: 'actions' }, save),
      status);

    /** Messages at their fields; focus on the first. Keys: status, review_on, courses, notes[i]. */
    function show(errors) {
      const first = [
        markErrors({ status: [statusField, select], review_on: [reviewField, review] }, errors),
        courses.setError(errors.courses || ''),
        notes.setErrors(errors),
      ].find(Boolean) || null;
      first?.focus();
      return first !== null;
    }

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      // A second press while saving sends nothing twice (the button is off until the answer).
      if (save.disabled) return;
      status.replaceChildren();
      const errors = { ...notes.check(), ...courses.check() };
      if (dayError(review.value)) errors.review_on = dayError(review.value);
      if (show(errors)) return;
      const body = { status: select.value, review_on: review.value || null, courses: courses.values(), notes: notes.values() };
      try {
        await whileSending(save, () => call('PATCH', `plans/${plan.id}`, { body, signal }));
      } catch (err) {
        if (isAbort(err)) return;
        const at = {};
        for (const f of err?.fieldErrors || []) {
          const key = f.field.startsWith('courses') ? 'courses' : f.field.replace(/\.(text|private)$/, '');
          if (!(key in at)) at[key] = f.message;
        }
        const known = Object.keys(at).some((k) => ['status', 'review_on', 'courses'].includes(k) || /^notes(\[\d+\])?$/.test(k));
        if (!known || !show(at)) status.replaceChildren(errorBox(err));
        return;
      }
      shell.flash(t('ws.plan.saved'));
      shell.rerender();
    });
    return form;
  }

  /**
   * The share link: made for 1 to 90 days, shown once (only its hash is kept), revoked here. A
   * new link, with "De link is gemaakt.", comes right under the line saying until when it works,
   * above the form that would replace it: read in order, what was made, then what else can be.
   */
  function shareSection(plan) {
    const days = h('input', { type: 'text', inputmode: 'numeric', id: 'share-days', value: '14', class: 'short' });
    const daysField = field({ label: t('ws.share.days'), hint: t('ws.share.daysHint', { min: SHARE_DAYS[0], max: SHARE_DAYS[1] }), control: days });
    const result = h('div', { class: 'share-result' });
    const current = h('p', {});
    const make = h('button', { type: 'submit', class: 'btn btn-primary' });
    /** Whether the plan has a live link, with the button to revoke it. */
    function showCurrent(share) {
      current.replaceChildren(...(share
        ? [t('ws.share.active', { date: fmt.date(share.expires_on) }), ' ',
          h('button', { type: 'button', class: 'btn btn-secondary', onClick: revoke }, t('ws.share.revoke'))]
        : [t('ws.plan.notShared')]));
      make.textContent = share ? t('ws.share.replace') : t('ws.share.make');
    }
    showCurrent(plan.share);
    const form = h('form', { novalidate: true, 'aria-labelledby': 'share-title' },
      daysField, h('div', { class: 'actions' }, make));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const n = Number(days.value.trim());
      if (!/^\d+$/.test(days.value.trim()) || n < SHARE_DAYS[0] || n > SHARE_DAYS[1]) {
        daysField.setError(t('ws.share.daysInvalid', { min: SHARE_DAYS[0], max: SHARE_DAYS[1] }));
        days.focus();
        return;
      }
      daysField.setError('');
      let answer;
      try {
        // Off while sending: a second press would make a second link and revoke the first,
        // and the page could end up showing the one that no longer works.
        answer = await whileSending(make, () => call('POST', `plans/${plan.id}/share`, { body: { expires_in_days: n }, signal }));
      } catch (err) {
        if (isAbort(err)) return;
        result.replaceChildren(errorBox(err));
        return;
      }
      showCurrent(answer);
      // The API's `url` is the read-only page on this server (/werkplek/#/gedeeld/{token}).
      const link = new URL(answer.url, location.href).href;
      const input = h('input', { type: 'text', id: 'share-link', readonly: true, value: link });
      result.replaceChildren(
        // The day it works until is said once, just above (showCurrent).
        h('p', { class: 'notice', role: 'status' }, t('ws.share.made')),
        h('label', { for: 'share-link' }, t('ws.share.link')),
        h('div', { class: 'share-row' }, input,
          h('button', {
            type: 'button', class: 'btn btn-secondary',
            onClick: async () => {
              input.select();
              try { await navigator.clipboard.writeText(link); announce(t('share.copied')); } catch { announce(t('share.copyByHand')); }
            },
          }, t('share.copy'))),
        h('p', { class: 'hint' }, t('ws.share.once')));
      input.focus();
      input.select();
    });

    async function revoke() {
      try {
        await call('DELETE', `plans/${plan.id}/share`, { signal });
      } catch (err) {
        if (isAbort(err)) return;
        result.replaceChildren(errorBox(err));
        return;
      }
      shell.flash(t('ws.share.revoked'));
      shell.rerender();
    }

    return h('section', { class: 'share no-print', 'aria-labelledby': 'share-title' },
      h('h2', { id: 'share-title' }, t('ws.share.title')),
      h('p', {}, t('ws.share.intro')),
      current, result, form);
  }
}

/**
 * What changed in the catalogue, fees or subsidy rules since the plan was saved (GET changes, in
 * the page's language), newest first, the ones nobody marked yet as new; one button marks them
 * all seen (POST changes/seen), which takes the badge off the caseload for everyone.
 */
function changesSection(plan, first, signal) {
  const title = h('h2', { id: 'changes-title', tabindex: '-1' }, t('ws.changes.title'));
  const body = h('div', { class: 'changes-body' });
  const status = h('div', {});
  function show(answer) {
    const items = answer.changes.map((c) => h('li', { class: c.seen ? 'change' : 'change change-new' },
      c.seen ? null : [h('span', { class: 'badge badge-changed' }, t('ws.changes.new')), ' '],
      h('span', {}, c.text),
      h('span', { class: 'block muted' }, t('ws.changes.foundOn', { date: fmt.date(c.found_on) }))));
    // One sentence about where the plan stands: changes to see, or all seen (with the last
    // comparison's day), nothing changed at the last comparison, or not compared yet (then
    // there is no "nothing changed" to say).
    const date = answer.checked_on ? fmt.date(answer.checked_on) : null;
    let summary = h('p', {}, t('ws.changes.notChecked'));
    if (answer.changes.length) {
      const seen = answer.unseen ? tn('ws.changes.unseen', answer.unseen) : t('ws.changes.allSeen');
      summary = h('p', {}, date ? [seen, ' ', t('ws.changes.checkedOn', { date })] : seen);
    } else if (date) summary = h('p', {}, t('ws.changes.none', { date }));
    append(clear(body),
      summary,
      answer.changes.length ? h('ul', { class: 'change-list' }, items) : null,
      answer.unseen ? h('p', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn-primary', onClick: markSeen }, t('ws.changes.markSeen'))) : null);
  }
  async function markSeen(e) {
    e.target.disabled = true;
    status.replaceChildren();
    let answer;
    try {
      answer = await call('POST', `plans/${plan.id}/changes/seen`, { signal });
    } catch (err) {
      e.target.disabled = false;
      if (isAbort(err)) return;
      status.replaceChildren(errorBox(err));
      return;
    }
    show(answer);
    title.focus();
    announce(t('ws.changes.marked'));
  }
  show(first);
  return h('section', { class: 'plan-changes no-print', 'aria-labelledby': 'changes-title' },
    title, h('p', { class: 'hint' }, t('ws.changes.intro')), body, status);
}

/**
 * The courses of the saved route to choose from, step by step: each step still to take is a
 * group with its course and its alternatives (each one "in plaats van" the course), ticked as
 * the plan has them. At most one per step: `check()` names a step with two or more.
 * `values()` the chosen ids in route order.
 */
function courseChoices(plan) {
  const groups = [];
  let i = 0;
  (plan.snapshot.route.steps || []).forEach((step, n) => {
    if (step.skipped || !step.course) return;
    const options = [{ id: step.course.id, label: dutch('span', {}, step.course.title) }];
    for (const alt of step.alternatives || []) {
      options.push({ id: alt.id, label: tNodes('ws.plan.alternative', { title: dutch('span', {}, alt.title), of: dutch('span', {}, step.course.title) }) });
    }
    const boxes = options.map((o) => {
      const box = h('input', { type: 'checkbox', id: `plan-course-${i}`, value: o.id, checked: plan.courses.includes(o.id) });
      i += 1;
      return box;
    });
    groups.push({ n: n + 1, options, boxes });
  });
  const boxes = groups.flatMap((g) => g.boxes);
  const error = h('p', { id: 'plan-courses-error', class: 'field-error', hidden: true });
  const choice = (box, label) => h('div', { class: 'choice' }, box, h('label', { for: box.id }, label));
  const element = h('fieldset', { class: 'field choices', 'aria-describedby': 'plan-courses-hint plan-courses-error' },
    h('legend', {}, t('ws.plan.courses')),
    h('p', { class: 'hint', id: 'plan-courses-hint' }, groups.length ? t('ws.plan.coursesHint') : t('ws.plan.noCoursesToChoose')),
    error,
    groups.map((g) => (g.boxes.length === 1
      ? h('div', { class: 'course-step' }, h('p', { class: 'course-step-title' }, t('rd.step', { n: g.n })), choice(g.boxes[0], g.options[0].label))
      : h('fieldset', { class: 'course-step' }, h('legend', { class: 'course-step-title' }, t('rd.step', { n: g.n })),
        g.boxes.map((box, k) => choice(box, g.options[k].label))))));
  return {
    element,
    values: () => boxes.filter((b) => b.checked).map((b) => b.value),
    /** `{ courses: message }` when a step has more than one course ticked; else {}. */
    check() {
      const twice = groups.find((g) => g.boxes.filter((b) => b.checked).length > 1);
      return twice ? { courses: t('ws.plan.onePerStep', { n: twice.n }) } : {};
    },
    /** Shows `message` at the fieldset; the control to focus (the first box) when there is one. */
    setError(message) {
      error.textContent = message;
      error.hidden = !message;
      if (!message) return null;
      const twice = groups.find((g) => g.boxes.filter((b) => b.checked).length > 1);
      return (twice ? twice.boxes[0] : boxes[0]) || element;
    },
  };
}

export const NOTES_MAX = 20;
export const NOTE_CHARS = 2000;

/**
 * The plan's notes, each a text and whether only counsellors see it (private, the default) or
 * also whoever opens a share link; notes are added and removed here. `check()` the notes'
 * problems by field (`notes[i]`), `values()` what the API reads.
 */
function notesEditor(initial) {
  const list = h('ol', { class: 'note-list' });
  const add = h('button', { type: 'button', class: 'btn btn-secondary' }, t('ws.note.add'));
  const element = h('fieldset', { class: 'field' }, h('legend', {}, t('ws.plan.notes')),
    h('p', { class: 'hint' }, t('ws.note.hint', { max: NOTES_MAX })), list, add);
  let rows = [];
  let next = 0;

  function row(note) {
    const n = next;
    next += 1;
    const text = h('textarea', { id: `note-${n}`, rows: '3' });
    text.value = note.text;
    const wrap = field({ label: '', control: text });
    const label = wrap.querySelector('label');
    const priv = h('input', { type: 'checkbox', id: `note-${n}-private`, checked: note.private !== false });
    const remove = h('button', { type: 'button', class: 'btn btn-link' });
    const item = h('li', { class: 'note' }, wrap,
      h('div', { class: 'choice' }, priv, h('label', { for: priv.id }, t('ws.note.private'))), remove);
    const r = { item, text, wrap, priv, label, remove };
    remove.addEventListener('click', () => {
      const at = rows.indexOf(r);
      rows.splice(at, 1);
      item.remove();
      number();
      (rows[at]?.text || rows[at - 1]?.text || add).focus();
      announce(t('ws.note.removed'));
    });
    return r;
  }

  /** Labels say which note they are (Notitie 1, 2, …), after every add or remove. */
  function number() {
    rows.forEach((r, i) => {
      r.label.textContent = t('ws.note.label', { n: i + 1 });
      r.remove.textContent = t('ws.note.remove', { n: i + 1 });
    });
    add.hidden = rows.length >= NOTES_MAX;
  }

  for (const note of initial) rows.push(row(note));
  list.append(...rows.map((r) => r.item));
  number();
  add.addEventListener('click', () => {
    const r = row({ text: '', private: true });
    rows.push(r);
    list.append(r.item);
    number();
    r.text.focus();
  });

  return {
    element,
    values: () => rows.map((r) => ({ text: r.text.value.trim(), private: r.priv.checked })),
    check() {
      const errors = {};
      rows.forEach((r, i) => {
        const chars = [...r.text.value.trim()].length;
        if (!chars) errors[`notes[${i}]`] = t('ws.note.empty');
        else if (chars > NOTE_CHARS) errors[`notes[${i}]`] = t('ws.note.tooLong', { max: NOTE_CHARS });
      });
      return errors;
    },
    /** Shows `errors[notes[i]]` at note i (and `errors.notes` at the first); the first textarea with one. */
    setErrors(errors) {
      let first = null;
      rows.forEach((r, i) => {
        const message = errors[`notes[${i}]`] || (i === 0 ? errors.notes : '') || '';
        r.wrap.setError(message);
        if (message && !first) first = r.text;
      });
      return first;
    },
  };
}

function deleteSection(plan, shell) {
  return h('section', { class: 'no-print', 'aria-labelledby': 'delete-title' },
    h('h2', { id: 'delete-title' }, t('ws.plan.deleteTitle')),
    h('p', {}, t('ws.plan.deleteIntro')),
    h('button', {
      type: 'button', class: 'btn btn-secondary',
      onClick: async (e) => {
        if (!window.confirm(t('ws.plan.deleteConfirm'))) return;
        try {
          await call('DELETE', `plans/${plan.id}`);
        } catch (err) {
          e.target.after(errorBox(err));
          return;
        }
        shell.flash(t('ws.plan.deleted'));
        location.hash = `#/client/${plan.client}`;
      },
    }, t('ws.plan.delete')));
}

/** What a share link opens: the plan read-only, for anyone with the link, without a login. */
export function sharedPlanView(root, [token], signal) {
  const title = heading(t('ws.shared.title'));
  const body = h('div', {}, loading());
  append(root, title, body);
  getJson(`shared/${token}`, { lang: lang() }, signal).then((plan) => {
    const route = plan.snapshot.route;
    setHeading(title, route.target.title);
    if (lang() !== 'nl') title.lang = 'nl';
    append(clear(body),
      h('p', { class: 'lead' }, t('ws.shared.intro', { date: fmt.date(plan.expires_on) })),
      h('p', { class: 'print-only printed-on' }, t('rd.printed', { date: fmt.today() })),
      h('p', { class: 'actions no-print' },
        h('button', { type: 'button', class: 'btn btn-primary', onClick: () => window.print() }, t('ws.plan.print'))),
      planFacts(plan, { notes: plan.notes.map((text) => ({ text })) }),
      dutchOnlyNote(),
      h('div', { class: 'plan-route' }, routeSections(route, plan.snapshot, {}, signal)));
    loaded();
  }, (err) => {
    if (isAbort(err)) return;
    loaded(false);
    body.replaceChildren(err?.status === 404
      ? h('p', { class: 'notice notice-error', role: 'alert' }, t('ws.shared.gone'))
      : errorBox(err));
  });
  return title;
}
