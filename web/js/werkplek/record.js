// Everything held about a client, in plain words (#/client/{id}/gegevens): what
// GET /api/v1/clients/{id}/export gives, as a page to read with the client and print (or save
// as PDF) for them: the client's record and consent, the profile's answers, every plan (with
// all its notes, private ones marked), the changes found since, the share links and what was
// done with the data (the audit entries, repeats folded into lines by the server as the audit log
// folds them), in the page's language. The same export as a JSON file (machine-readable, to take
// to another service, every audit entry one by one) is one button away. Fetching it is recorded in
// the audit log as an export, as the JSON download is.

import { h, append, announce } from '../dom.js';
import { t, tn, has } from '../i18n.js';
import * as fmt from '../format.js';
import { heading, setHeading, errorBox, loading, loaded, dutch, fieldLabel, serverText } from '../ui.js';
import { facts } from '../widgets.js';
import { cleanProfile } from '../profile.js';
import { call } from './api.js';
import { actionText, when, who } from './audit.js';
import { courseTitles } from './plan.js';

/**
 * Saves `data` (the export) as a JSON file named by the client's random id, never the name. The
 * file keeps every audit entry one by one (`audit`), not the folded lines this page reads.
 */
export function saveJson(data, id) {
  const { audit_lines: _lines, ...file } = data;
  const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
  const a = h('a', { href: url, download: `padvinder-client-${id.slice(0, 8)}.json`, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  announce(t('ws.client.exported'));
}

/** One answer of the profile in words: codes through the app's own labels, lists joined. */
function answer(key, value) {
  const list = (values, prefix) => values.map((v) => (has(`${prefix}.${v}`) ? t(`${prefix}.${v}`) : String(v))).join(', ');
  if (Array.isArray(value)) return list(value, key === 'interests' ? 'int' : key);
  if (typeof value === 'boolean') return value ? t('ws.record.yes') : t('ws.record.no');
  if (key === 'education_level') return t(`edu.${value}`);
  if (key === 'situation') return has(`sit.${value}`) ? t(`sit.${value}`) : String(value);
  if (key === 'max_travel_km') return t('travel.km', { n: value });
  if (key === 'hours_per_week') return t('res.hours', { n: value });
  if (key === 'budget_eur') return fmt.money(value);
  if (key === 'earliest_start') return fmt.date(value);
  return String(value);
}

function profileFacts(profile) {
  const entries = Object.entries(cleanProfile(profile));
  if (!entries.length) return h('p', {}, t('ws.record.noProfile'));
  return facts(entries.map(([key, value]) => [fieldLabel(key), answer(key, value)]));
}

function planItem(plan, changes) {
  const route = plan.snapshot?.route;
  const titles = courseTitles(route);
  return h('li', {}, h('article', { class: 'card' },
    h('h3', {}, dutch('span', {}, route?.target?.title || plan.target)),
    facts([
      [t('ws.plan.status'), t(`ws.planStatus.${plan.status}`)],
      [t('ws.caseload.review'), plan.review_on ? fmt.date(plan.review_on) : t('ws.caseload.noReview')],
      [t('ws.plan.courses'), plan.courses.length
        ? h('ul', {}, plan.courses.map((c) => h('li', {}, dutch('span', {}, titles.get(c) || c)))) : t('ws.plan.noCourses')],
      [t('ws.plan.notes'), plan.notes.length
        ? h('ul', {}, plan.notes.map((n) => h('li', {}, n.private ? t('ws.plan.privateNote', { text: n.text }) : n.text)))
        : t('ws.record.noNotes')],
      [t('ws.record.savedBy'), plan.created_by
        ? t('ws.record.savedOn', { date: fmt.dateTime(plan.created), who: plan.created_by })
        : t('ws.record.sentOn', { date: fmt.dateTime(plan.created) })],
      [t('ws.caseload.lastChange'), fmt.dateTime(plan.updated)],
      [t('ws.plan.computedOn'), fmt.date(plan.snapshot.computed_on)],
      [t('ws.plan.shared'), plan.share ? t('ws.plan.sharedUntil', { date: fmt.date(plan.share.expires_on) }) : t('ws.plan.notShared')],
      [t('ws.changes.title'), changes?.list.length
        // In the page's language; the Dutch titles they quote are marked lang="nl".
        ? h('ul', {}, changes.list.map((c) => h('li', {},
          h('span', {}, serverText(c.text, [route?.target?.title, ...titles.values()], changes.lang)), ' ',
          h('span', { class: 'muted' }, t('ws.changes.foundOn', { date: fmt.date(c.found_on) })))))
        : t('ws.record.noChanges')],
    ])));
}

// A line of what was done with the data: repeats folded by the server as on the audit log,
// in the audit log's words.
function auditLine(line) {
  return h('li', {}, h('strong', {}, when(line)), ' – ', actionText(line.action), ' – ', who(line));
}

/** The readable export. */
export function clientRecordView(root, [id], signal) {
  const title = heading(t('ws.record.title'));
  const body = h('div', {}, loading());
  append(root, h('p', { class: 'no-print' }, h('a', { href: `#/client/${id}` }, t('ws.client.back'))), title, body);
  call('GET', `clients/${id}/export`, { signal }).then((data) => {
    const c = data.client;
    setHeading(title, t('ws.record.titleFor', { name: c.display_name }));
    // The changes' texts come in the language asked for (call() sends the page's); each says which.
    const changesOf = new Map((data.plan_changes || []).map((p) => [p.plan, {
      list: p.changes?.changes || [], lang: p.changes?.lang || 'nl',
    }]));
    body.replaceChildren(
      h('p', { class: 'lead' }, t('ws.record.intro', { date: fmt.dateTime(data.exported_at) })),
      h('p', { class: 'hint no-print' }, t('ws.record.json')),
      h('p', { class: 'actions no-print' },
        h('button', { type: 'button', class: 'btn btn-primary', onClick: () => window.print() }, t('ws.record.print')),
        h('button', { type: 'button', class: 'btn btn-secondary', onClick: () => saveJson(data, c.id) }, t('ws.client.export'))),
      h('h2', {}, t('ws.record.client')),
      facts([
        [t('ws.new.name'), c.display_name],
        [t('ws.caseload.status'), t(`ws.status.${c.status}`)],
        [t('ws.caseload.review'), c.review_on ? fmt.date(c.review_on) : t('ws.caseload.noReview')],
        [t('ws.record.added'), fmt.dateTime(c.created)],
        [t('ws.caseload.lastChange'), fmt.dateTime(c.last_activity)],
      ]),
      h('h2', {}, t('ws.client.consent')),
      facts([
        [t('ws.new.givenOn'), fmt.date(c.consent.given_on)],
        [t('ws.new.scope'), c.consent.scope],
        [t('ws.record.recorded'), c.consent.recorded_by
          ? t('ws.record.recordedOn', { date: fmt.dateTime(c.consent.recorded_at), who: c.consent.recorded_by })
          : t('ws.client.givenInEmbed', { when: fmt.dateTime(c.intake?.consent_at ?? c.consent.recorded_at), version: c.intake?.consent_version ?? '—' })],
      ]),
      h('h2', {}, t('ws.client.profile')),
      profileFacts(c.profile),
      h('h2', {}, t('ws.client.plans')),
      data.plans.length
        ? h('ul', { class: 'card-grid record-plans' }, data.plans.map((p) => planItem(p, changesOf.get(p.id))))
        : h('p', {}, t('ws.client.noPlans')),
      h('h2', {}, t('ws.record.audit')),
      h('p', {}, t('ws.record.auditIntro')),
      data.audit_lines.length ? h('ul', { class: 'record-audit' }, data.audit_lines.map(auditLine)) : h('p', {}, t('ws.audit.empty')),
      h('p', { class: 'muted' }, tn('ws.record.retention', data.retention_months)));
    loaded();
  }, (err) => {
    if (err?.name === 'AbortError') return;
    body.replaceChildren(errorBox(err));
    loaded(false);
  });
  return title;
}
