// The profile questions: 6 short steps, each one skippable. What the person types is kept in
// `raw` (text as typed) so a language switch or a step back loses nothing, and in this tab's
// sessionStorage so a reload loses nothing either (the step is in the address, #/profiel/N);
// only valid values are turned into profile fields and stored, step by step.

import { h, append, announce } from '../dom.js';
import { t, locale, lang } from '../i18n.js';
import { getJson } from '../api.js';
import {
  loadProfile, saveProfile, loadDraft, saveDraft, normalisePostcode, isCrebo, parseEuros, parseHours, charCount,
  baseField, LIMITS,
  EDUCATION_LEVELS, SITUATIONS, LICENCES, DUTCH_LEVELS, PHYSICAL_LOADS, TRAVEL_KM, INTERESTS, CERTIFICATES,
} from '../profile.js';
import { heading, fieldMessage, errorBox, tMarked } from '../ui.js';
import { field, choiceGroup, chipsField } from '../forms.js';
import { combobox } from '../combobox.js';

const TOTAL = 6;

/**
 * Where the answers come from and go to. The job seeker's: this device (the profile in
 * localStorage, the answers as typed in this tab's sessionStorage) and the app's own addresses.
 * The counsellor workspace passes a client's record instead (js/werkplek/client.js), kept in
 * memory and saved to the server; `saveProfile` may then return a promise, and may fail.
 */
const DEVICE = {
  loadProfile, saveProfile, loadDraft, saveDraft,
  stepHash: (n) => `#/profiel/${n}`,
  doneHash: '#/routes',
  title: () => t('wiz.title'),
  finish: () => t('wiz.finish'),
  privacy: () => t('wiz.privacy'),
};
let home = DEVICE;
let raw = null;          // the answers as typed, per profile field
let serverErrors = [];   // field errors from the last match request: [{ field, code, message }]
let knownPc4 = null;     // every PC4 number the server knows (a Set), once loaded
let pc4Loading = null;   // the request for them

/** Forget the answers being edited (after "wis mijn gegevens"). */
export function resetWizard() {
  raw = null;
  serverErrors = [];
  saveDraft(null);
}

/**
 * Starts the questions from a job chosen elsewhere (the start page): the job replaces what was
 * typed in the job field; every other answer typed in this tab stays.
 */
export function startWizardFromJob(label) {
  raw = null;
  serverErrors = [];
  const draft = loadDraft();
  if (draft) saveDraft({ ...draft, current_occupation: label });
}

/** The answers as typed: every change is kept for this tab at once. */
function keptAnswers(answers) {
  return new Proxy(answers, {
    set(target, key, value) {
      target[key] = value;
      home.saveDraft(target);
      return true;
    },
  });
}

/** Remember the server's field errors, to show them at the question that asks for the field. */
export function setServerErrors(errors) {
  serverErrors = Array.isArray(errors) ? errors : [];
}

/** Stored profile → answers as typed. */
function toRaw(p) {
  const s = (v) => (v === undefined || v === null ? '' : String(v));
  return {
    current_occupation: s(p.current_occupation),
    skills: [...(p.skills || [])],
    education_level: s(p.education_level),
    diplomas: [...(p.diplomas || [])],
    certificates: [...(p.certificates || [])],
    postcode: s(p.postcode),
    max_travel_km: s(p.max_travel_km),
    hours_per_week: s(p.hours_per_week),
    physical_load_max: s(p.physical_load_max),
    budget_eur: s(p.budget_eur),
    earliest_start: s(p.earliest_start),
    under_18: p.under_18 === true ? 'true' : p.under_18 === false ? 'false' : '',
    situation: s(p.situation),
    driving_licences: [...(p.driving_licences || [])],
    dutch_level: s(p.dutch_level),
    interests: [...(p.interests || [])],
  };
}

/**
 * The steps: the fields each one asks for, how it is drawn, and how its typed answers become
 * profile values (or field errors).
 */
const STEPS = [
  { title: 'wiz.s1', fields: ['current_occupation', 'skills'], build: buildWork },
  { title: 'wiz.s2', fields: ['education_level', 'diplomas', 'certificates'], build: buildEducation },
  { title: 'wiz.s3', fields: ['postcode', 'max_travel_km'], build: buildPlace },
  { title: 'wiz.s4', fields: ['hours_per_week', 'physical_load_max', 'budget_eur', 'earliest_start', 'under_18'], build: buildTime },
  { title: 'wiz.s5', fields: ['situation', 'driving_licences', 'dutch_level'], build: buildSituation },
  { title: 'wiz.s6', fields: ['interests'], build: buildInterests },
];

/**
 * How a typed answer becomes a profile value, per field, checked exactly as the server checks it
 * (src/profile.rs): `(typed, context) → { value } | { error: message }`. A field not listed is
 * text or a list of texts (`readDefault`). A new field is one line here and one in toRaw.
 */
const READERS = {
  postcode: (v, { knownPc4: known } = {}) => {
    if (!v.trim()) return { value: '' };
    const pc = normalisePostcode(v);
    if (pc === null) return { error: t('f.postcode.invalid') };
    if (known && !known.has(Number(pc.slice(0, 4)))) return { error: t('f.postcode.unknown') };
    return { value: pc };
  },
  hours_per_week: (v) => {
    const r = parseHours(v);
    return r.error ? { error: t(r.error) } : r;
  },
  budget_eur: (v) => {
    const n = parseEuros(v, ...LIMITS.budget);
    return Number.isNaN(n) ? { error: t('f.budget.invalid') } : { value: n };
  },
  max_travel_km: (v) => ({ value: v === '' ? null : Number(v) }),
  under_18: (v) => ({ value: v === 'true' ? true : v === 'false' ? false : null }),
  diplomas: (v) => (v.some((d) => !isCrebo(d)) ? { error: t('f.diplomas.invalid') } : readList(v)),
};

function readText(v) {
  const s = String(v ?? '').trim();
  return charCount(s) > LIMITS.text ? { error: t('f.tooLong', { max: LIMITS.text }) } : { value: s };
}

function readList(v) {
  if (v.length > LIMITS.list) return { error: t('f.tooMany', { max: LIMITS.list }) };
  if (v.some((x) => charCount(String(x).trim()) > LIMITS.text)) return { error: t('f.tooLong', { max: LIMITS.text }) };
  return { value: v };
}

function readDefault(v) {
  return Array.isArray(v) ? readList(v) : readText(v);
}

/**
 * Checks the typed answers of some fields; returns { values, errors: { field: message } }.
 * `context.knownPc4` (a Set of numbers) also refuses a postcode the server does not know.
 */
export function parseAnswers(answers, fields, context = {}) {
  const values = {};
  const errors = {};
  for (const f of fields) {
    const r = (READERS[f] || readDefault)(answers[f] ?? '', context);
    if (r.error) errors[f] = r.error; else values[f] = r.value;
  }
  return { values, errors };
}

/** A chip (one skill, certificate, interest) is a text of the profile: the same length limit. */
function chipLength(v) {
  return charCount(v) > LIMITS.text ? t('f.tooLong', { max: LIMITS.text }) : '';
}

/** Loads the known postcodes once (GET postcodes); the person's postcode is never sent. */
function loadKnownPostcodes() {
  if (!pc4Loading) {
    pc4Loading = getJson('postcodes')
      .then((r) => { knownPc4 = new Set(r.pc4); })
      .catch(() => { pc4Loading = null; }); // the server still checks on "Toon routes"
  }
  return pc4Loading;
}

/** Renders step `params[0]` (1–6) of the profile questions. Returns the element to focus. */
export function wizardView(root, params, _signal, where = DEVICE) {
  if (where !== home) {
    home = where;
    raw = null;
    serverErrors = [];
  }
  const n = Math.min(TOTAL, Math.max(1, Number(params[0]) || 1));
  const step = STEPS[n - 1];
  if (!raw) raw = keptAnswers({ ...toRaw(home.loadProfile()), ...home.loadDraft() });

  // The server's field errors in our words (by their code), else its message, which is in
  // the language the routes were asked in.
  const errorsFor = (f) => serverErrors.filter((e) => baseField(e.field) === f)
    .map((e) => fieldMessage(e) || e.message).join(' ');
  const controls = step.build(errorsFor);
  const stepHeading = h('h2', { tabindex: '-1', class: 'step-title' },
    h('span', { class: 'step-of' }, t('wiz.stepOf', { n, total: TOTAL })), ' ', t(step.title));

  const form = h('form', { class: 'wizard', novalidate: true, 'aria-labelledby': 'wizard-step-title' },
    stepHeading, controls.el,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, n < TOTAL ? t('wiz.next') : home.finish()),
      h('button', { type: 'button', class: 'btn btn-secondary', onClick: () => skip(n, step) }, t('wiz.skip')),
      n > 1 ? h('button', { type: 'button', class: 'btn btn-secondary', onClick: () => leave(n, step, controls, n - 1) }, t('wiz.prev')) : null,
      n < TOTAL ? h('button', { type: 'button', class: 'btn btn-link', onClick: () => leave(n, step, controls, 'routes') }, home.finish()) : null));
  stepHeading.id = 'wizard-step-title';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    leave(n, step, controls, n < TOTAL ? n + 1 : 'routes');
  });
  checkWhileTyping(form, step, controls);

  append(root,
    heading(home.title()),
    h('p', {}, t('wiz.intro')),
    progress(n),
    form,
    h('p', { class: 'hint privacy' }, home.privacy()));
  return stepHeading;
}

function progress(n) {
  return h('ol', { class: 'stepper', 'aria-label': t('wiz.steps') },
    STEPS.map((s, i) => h('li', {
      class: i + 1 === n ? 'current' : i + 1 < n ? 'done' : '',
      'aria-current': i + 1 === n ? 'step' : null,
    }, h('span', { class: 'stepper-num' }, String(i + 1)), h('span', { class: 'stepper-label' }, t(s.title)))));
}

/**
 * Says what is wrong with a field when the person leaves it, and takes the message away as
 * soon as the answer is fine while typing. Not when leaving for the step's buttons: removing
 * or adding a message there would move the button under the pointer; submitting checks anyway.
 */
function checkWhileTyping(form, step, controls) {
  const fieldOf = (el) => step.fields.find((f) => controls.parts[f]?.contains(el));
  const check = (f) => parseAnswers(raw, [f], { knownPc4 }).errors[f] || '';
  form.addEventListener('focusout', (e) => {
    if (e.relatedTarget?.closest?.('.actions')) return;
    const f = fieldOf(e.target);
    const message = f && check(f);
    if (message) controls.parts[f].setError?.(message);
  });
  form.addEventListener('input', (e) => {
    const f = fieldOf(e.target);
    if (f && !check(f)) controls.parts[f].setError?.('');
  });
}

/** Validates and stores this step, then goes to `target` (a step number or 'routes'). */
async function leave(n, step, controls, target) {
  // Text still in a chips input counts as an answer; if it is invalid, stay here.
  if (controls.commit && controls.commit() === false) {
    announce(t('wiz.fixErrors'), true);
    return;
  }
  // A postcode is checked against the known ones when they could be loaded.
  if (step.fields.includes('postcode') && raw.postcode.trim() && !knownPc4) await loadKnownPostcodes();
  const { values, errors } = parseAnswers(raw, step.fields, { knownPc4 });
  const bad = Object.keys(errors);
  if (bad.length) {
    controls.showErrors(errors);
    announce(t('wiz.fixErrors'), true);
    controls.focusField(bad[0]);
    return;
  }
  try {
    await home.saveProfile({ ...home.loadProfile(), ...values });
  } catch (err) {
    // Only a client's record is saved over the network; it stays on this step.
    controls.el.closest('form')?.querySelector('.save-error')?.remove();
    controls.el.after(h('div', { class: 'save-error' }, errorBox(err, { step: home.stepHash })));
    return;
  }
  serverErrors = serverErrors.filter((e) => !step.fields.includes(baseField(e.field)));
  location.hash = target === 'routes' ? home.doneHash : home.stepHash(target);
}

/** Skips a step: its changes are dropped, the stored answers stay as they were. */
function skip(n, step) {
  const stored = toRaw(home.loadProfile());
  for (const f of step.fields) raw[f] = stored[f];
  location.hash = n < TOTAL ? home.stepHash(n + 1) : home.doneHash;
}

// ---- the steps -------------------------------------------------------------------------------

/** Common plumbing: a list of fields with their wrappers, error display and focus. */
function stepControls(parts, extra = {}) {
  return {
    parts,
    el: h('div', { class: 'step-fields' }, Object.values(parts)),
    showErrors(errors) {
      for (const [f, wrap] of Object.entries(parts)) wrap.setError?.(errors[f] || '');
    },
    focusField(f) {
      parts[f]?.querySelector('input, select')?.focus();
    },
    ...extra,
  };
}

function textInput(id, key, attrs = {}) {
  const input = h('input', { type: 'text', id, value: raw[key], ...attrs });
  input.addEventListener('input', () => { raw[key] = input.value; });
  return input;
}

function select(id, key, options) {
  const el = h('select', { id },
    h('option', { value: '' }, t('choose')),
    options.map(({ value, label }) => h('option', { value, selected: raw[key] === String(value) }, label)));
  el.addEventListener('change', () => { raw[key] = el.value; });
  return el;
}

/** A fieldset of radios (single value) or checkboxes (list) bound to `raw[key]`. */
function choices(key, type, legend, options, hint, error) {
  const group = choiceGroup({ legend, hint, type, name: key, options, selected: raw[key], error });
  group.addEventListener('change', () => {
    const checked = [...group.querySelectorAll('input:checked')].map((i) => i.value);
    raw[key] = type === 'radio' ? (checked[0] || '') : checked;
  });
  group.setError = (message) => {
    const el = group.querySelector('.field-error');
    el.textContent = message; el.hidden = !message;
  };
  return group;
}

function buildWork(errorsFor) {
  // No maxlength: a pasted text is never cut silently; a long one is refused with a message.
  const input = h('input', { type: 'text', id: 'f-occupation', value: raw.current_occupation });
  const occupation = field({
    label: t('f.occupation.label'), hint: tMarked('f.occupation.hint'), error: errorsFor('current_occupation'),
    control: input,
  });
  // The combobox wraps the input; put the wrapper where the input was.
  const placeholder = h('span');
  input.replaceWith(placeholder);
  placeholder.replaceWith(combobox({
    input,
    fetch: async (q, signal) => (await getJson('suggest', { q }, signal)).suggestions
      .map((s) => ({
        label: s.label,
        // ESCO's Dutch name or a job name from our Dutch catalogue: marked as Dutch on an
        // English page.
        labelLang: lang() === 'nl' ? null : 'nl',
        // The label in the person's own language that matched, beside the Dutch name.
        detail: s.matched ? { text: s.matched.label, lang: s.matched.lang } : null,
        meta: t(`combo.kind.${s.kind}`),
      })),
    onChange: (v) => { raw.current_occupation = v; },
  }));
  const skills = chipsField({
    id: 'f-skills', label: t('f.skills.label'), hint: t('f.skills.hint'), values: raw.skills, validate: chipLength,
    onChange: (v) => { raw.skills = v; },
  });
  if (errorsFor('skills')) skills.setError(errorsFor('skills'));
  return stepControls({ current_occupation: occupation, skills }, { commit: () => skills.commit() });
}

function buildEducation(errorsFor) {
  const edu = field({
    label: t('f.edu.label'), hint: t('f.edu.hint'), error: errorsFor('education_level'),
    control: select('f-edu', 'education_level', EDUCATION_LEVELS.map((v) => ({ value: v, label: t(`edu.${v}`) }))),
  });
  const diplomas = chipsField({
    id: 'f-diplomas', label: t('f.diplomas.label'), hint: t('f.diplomas.hint'), values: raw.diplomas,
    validate: (v) => (isCrebo(v) ? '' : t('f.diplomas.invalid')),
    onChange: (v) => { raw.diplomas = v; },
  });
  if (errorsFor('diplomas')) diplomas.setError(errorsFor('diplomas'));
  // Certificates: common ones as checkboxes, anything else as typed chips; one list in `raw`.
  const presetChecked = () => [...certs.querySelectorAll('input:checked')].map((i) => i.value);
  const others = chipsField({
    id: 'f-certs-other', label: t('f.certs.other'), validate: chipLength,
    values: raw.certificates.filter((c) => !CERTIFICATES.includes(c)),
    onChange: (v) => { raw.certificates = [...presetChecked(), ...v]; },
  });
  const certs = choiceGroup({
    legend: t('f.certs.legend'), hint: t('f.certs.hint'), type: 'checkbox', name: 'certificates',
    options: CERTIFICATES.map((c) => ({ value: c, label: c })), selected: raw.certificates,
    error: errorsFor('certificates'),
  });
  certs.addEventListener('change', () => { raw.certificates = [...presetChecked(), ...others.values()]; });
  certs.append(others);
  return stepControls({ education_level: edu, diplomas, certificates: certs }, {
    commit: () => diplomas.commit() && others.commit(),
  });
}

function buildPlace(errorsFor) {
  const input = textInput('f-postcode', 'postcode', {
    autocomplete: 'postal-code', maxlength: 10, autocapitalize: 'characters', spellcheck: 'false', class: 'short',
  });
  const postcode = field({ label: t('f.postcode.label'), hint: t('f.postcode.hint'), control: input, error: errorsFor('postcode') });
  // The known postcodes, so an unknown one is said here and not after the last step.
  loadKnownPostcodes();
  const travel = field({
    label: t('f.travel.label'), hint: t('f.travel.hint'), error: errorsFor('max_travel_km'),
    control: select('f-travel', 'max_travel_km', TRAVEL_KM.map((n) => ({ value: String(n), label: t('travel.km', { n }) }))),
  });
  return stepControls({ postcode, max_travel_km: travel });
}

function buildTime(errorsFor) {
  const hours = field({
    label: t('f.hours.label'), hint: t('f.hours.hint'), error: errorsFor('hours_per_week'),
    // No maxlength: "32,5" must reach the check and be refused, not be cut to "32".
    control: textInput('f-hours', 'hours_per_week', { inputmode: 'numeric', class: 'short' }),
  });
  const load = choices('physical_load_max', 'radio', t('f.load.legend'),
    [{ value: '', label: t('load.any') }, ...PHYSICAL_LOADS.map((v) => ({ value: v, label: t(`load.${v}`) }))],
    null, errorsFor('physical_load_max'));
  const budget = field({
    label: t('f.budget.label'), hint: t('f.budget.hint'), error: errorsFor('budget_eur'),
    control: textInput('f-budget', 'budget_eur', { inputmode: 'numeric', class: 'short' }),
  });
  const start = field({
    label: t('f.start.label'), hint: t('f.start.hint'), error: errorsFor('earliest_start'),
    control: select('f-start', 'earliest_start', startMonths(raw.earliest_start)),
  });
  const young = choices('under_18', 'radio', t('f.under18.legend'),
    [{ value: 'true', label: t('f.under18.yes') }, { value: 'false', label: t('f.under18.no') }, { value: '', label: t('sit.none') }],
    t('f.under18.hint'), errorsFor('under_18'));
  return stepControls({ hours_per_week: hours, physical_load_max: load, budget_eur: budget, earliest_start: start, under_18: young });
}

/**
 * The months someone may start in: this month and the next 23, as the first day of the month
 * (the profile's date). A stored date outside that list stays a choice, so it is not lost.
 */
export function startMonths(stored = '', now = new Date()) {
  const months = [];
  for (let i = 0; i < 24; i += 1) {
    const d = new Date(now.getFullYear(), now.getMonth() + i, 1);
    const value = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
    months.push({ value, label: d.toLocaleDateString(locale(), { month: 'long', year: 'numeric' }) });
  }
  if (stored && !months.some((m) => m.value === stored)) months.unshift({ value: stored, label: stored });
  return months;
}

function buildSituation(errorsFor) {
  const situation = choices('situation', 'radio', t('f.situation.legend'),
    [...SITUATIONS.map((v) => ({ value: v, label: t(`sit.${v}`) })), { value: '', label: t('sit.none') }],
    null, errorsFor('situation'));
  const licences = choices('driving_licences', 'checkbox', t('f.licences.legend'),
    LICENCES.map((v) => ({ value: v, label: t(`lic.${v}`) })), null, errorsFor('driving_licences'));
  const dutchLevel = field({
    label: t('f.dutch.label'), hint: t('f.dutch.hint'), error: errorsFor('dutch_level'),
    control: select('f-dutch', 'dutch_level', DUTCH_LEVELS.map((v) => ({ value: v, label: t(`dutch.${v}`) }))),
  });
  return stepControls({ situation, driving_licences: licences, dutch_level: dutchLevel });
}

function buildInterests(errorsFor) {
  const presetChecked = () => [...group.querySelectorAll('input:checked')].map((i) => i.value);
  const others = chipsField({
    id: 'f-interests-other', label: t('f.interests.other'), validate: chipLength,
    values: raw.interests.filter((v) => !INTERESTS.includes(v)),
    onChange: (v) => { raw.interests = [...presetChecked(), ...v]; },
  });
  const group = choiceGroup({
    legend: t('f.interests.legend'), hint: t('f.interests.hint'), type: 'checkbox', name: 'interests',
    options: INTERESTS.map((v) => ({ value: v, label: t(`int.${v}`) })), selected: raw.interests,
    error: errorsFor('interests'),
  });
  group.addEventListener('change', () => { raw.interests = [...presetChecked(), ...others.values()]; });
  group.append(others);
  return stepControls({ interests: group }, { commit: () => others.commit() });
}
