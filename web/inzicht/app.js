// The insight page (/inzicht/, docs/embed.md section 8): a job centre pastes its API key (kept in
// this page's memory only, sent as a Bearer header to padvinder alone), chooses weeks and sees
// GET /api/v1/insight as charts drawn here as inline SVG, each with a table for screen readers.
// No build step, no third-party script. The page shell, strings (`in.*` in js/lang), language
// choice (the one stored by the job seeker app) and API calls are the app's own modules.

import { h, svg } from '../js/dom.js';
import { t, lang } from '../js/i18n.js';
import { number } from '../js/format.js';
import { request } from '../js/api.js';
import { startShell } from '../js/shell.js';

let last = null;
const $ = (id) => document.getElementById(id);

/**
 * A table of rows (strings and numbers) with a caption; numbers right-aligned. Shown to everyone:
 * on a phone a chart's text is small, the table is what can be read.
 */
function table(caption, head, rows, cls = '') {
  const body = rows.map((r) => h('tr', {}, ...r.map((c, i) => (i === 0
    ? h('th', { scope: 'row' }, String(c))
    : h('td', { class: 'num' }, number(c))))));
  return h('table', { class: `insight-table ${cls}`.trim() },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, ...body));
}

/** Grouped vertical bars per week (searches, matches); drawn, hidden from screen readers. */
function weeklyChart(weeks) {
  const width = 640, height = 220, left = 36, bottom = 36, top = 12;
  const max = Math.max(1, ...weeks.flatMap((w) => [w.searches, w.matches]));
  const slot = (width - left) / Math.max(1, weeks.length);
  const bar = Math.max(2, slot / 3);
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'insight-chart', 'aria-hidden': 'true', focusable: 'false' });
  chart.append(svg('line', { x1: left, y1: y(0), x2: width, y2: y(0), stroke: '#5b6573' }));
  chart.append(svg('text', { x: 0, y: y(max) + 4 }, number(max)));
  chart.append(svg('text', { x: 0, y: y(0) }, '0'));
  weeks.forEach((w, i) => {
    const x = left + i * slot + slot / 6;
    chart.append(svg('rect', { class: 'bar-a', x, y: y(w.searches), width: bar, height: y(0) - y(w.searches) }));
    chart.append(svg('rect', { class: 'bar-b', x: x + bar, y: y(w.matches), width: bar, height: y(0) - y(w.matches) }));
    if (weeks.length <= 13 || i % Math.ceil(weeks.length / 13) === 0) {
      chart.append(svg('text', { x: x - 4, y: height - 12 }, w.week.slice(5)));
    }
  });
  return chart;
}

/** Horizontal bars of a top list; hidden from screen readers (the table says the same). */
function barChart(items) {
  const row = 26, labelWidth = 230, width = 640;
  const max = Math.max(1, ...items.map((c) => c.count));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${items.length * row + 4}`, class: 'insight-chart', 'aria-hidden': 'true', focusable: 'false' });
  items.forEach((c, i) => {
    const label = c.label.length > 32 ? `${c.label.slice(0, 31)}…` : c.label;
    chart.append(svg('text', { x: 0, y: i * row + 17 }, label));
    const w = ((width - labelWidth - 50) * c.count) / max;
    chart.append(svg('rect', { class: 'bar-a', x: labelWidth, y: i * row + 4, width: Math.max(1, w), height: row - 8 }));
    chart.append(svg('text', { x: labelWidth + w + 6, y: i * row + 17 }, number(c.count)));
  });
  return chart;
}

function section(title, ...content) {
  return h('section', {}, h('h3', {}, title), ...content);
}

function topList(answer, field, titleKey, columnKey, chart) {
  const items = answer[field] || [];
  if (items.length === 0) return section(t(titleKey), h('p', {}, t('in.none', { k: answer.min_count })));
  return section(t(titleKey),
    ...(chart ? [barChart(items.slice(0, 15))] : []),
    table(chart ? t('in.tableOf', { title: t(titleKey) }) : t(titleKey), [t(columnKey), t('in.count')],
      items.map((c) => [c.label, c.count])));
}

function show(answer) {
  last = answer;
  const weeks = answer.weeks || [];
  const result = $('result');
  const heading = h('h2', { id: 'result-title', tabindex: '-1' }, t('in.heading', answer));
  // Weeks with nothing counted: one sentence, not empty charts.
  if (weeks.every((w) => w.searches === 0 && w.matches === 0)) {
    result.replaceChildren(heading, h('p', {}, t('in.noData')));
    return;
  }
  result.replaceChildren(
    heading,
    h('p', { class: 'hint' }, t('in.threshold', { k: answer.min_count })),
    section(t('in.weekly'),
      h('ul', { class: 'insight-legend' },
        h('li', {}, h('span', { class: 'key-a' }), t('in.searches')),
        h('li', {}, h('span', { class: 'key-b' }), t('in.matches'))),
      weeklyChart(weeks),
      table(t('in.tableOf', { title: t('in.weekly') }), [t('in.week'), t('in.searches'), t('in.matches')],
        weeks.map((w) => [w.week, w.searches, w.matches]), 'insight-weeks-table')),
    topList(answer, 'words', 'in.words', 'in.word', true),
    topList(answer, 'routes', 'in.routes', 'in.route', true),
    topList(answer, 'municipalities', 'in.places', 'in.place', false),
  );
}

/** A week as typed, in the form the server reads: "2026-w5" is 2026-W05. */
function tidyWeek(text) {
  const m = /^(\d{4})-[wW](\d{1,2})$/.exec(text.trim());
  return m ? `${m[1]}-W${m[2].padStart(2, '0')}` : text.trim();
}

/** Says `message` under the form and marks `input` (if any) as the field to change. */
function fail(message, input) {
  $('result').textContent = '';
  $('error').textContent = message;
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${input.dataset.hint} error`);
    input.focus();
  }
}

async function ask(event) {
  event.preventDefault();
  $('error').textContent = '';
  for (const id of ['key', 'from', 'to']) {
    $(id).removeAttribute('aria-invalid');
    $(id).setAttribute('aria-describedby', $(id).dataset.hint);
  }
  // Without a key, the workspace session (an admin of the organisation the tenant names) may
  // answer: the cookie goes to padvinder itself only.
  const key = $('key').value.trim();
  const params = { lang: lang() };
  for (const field of ['from', 'to']) {
    const value = tidyWeek($(field).value);
    $(field).value = value;
    params[field] = value;
  }
  $('ask-submit').disabled = true;
  $('result').textContent = t('in.loading');
  let answer;
  try {
    answer = await request('insight', key
      ? { params, headers: { Authorization: `Bearer ${key}` }, credentials: 'omit' }
      : { params, credentials: 'same-origin' });
  } catch (err) {
    explain(err, key);
    return;
  } finally {
    $('ask-submit').disabled = false;
  }
  show(answer);
  $('result-title').focus();
}

/** Says why the insight could not be shown (an ApiError from js/api.js). */
function explain(err, key) {
  const body = err.problem;
  if (err.kind !== 'problem' || !body) {
    fail(t('in.network'));
    return;
  }
  const field = body.errors?.[0]?.field;
  // No key and no admin session: ask for the key (or a login).
  if (!key && (err.status === 401 || err.status === 403)) {
    fail(t('in.noKey'), $('key'));
    return;
  }
  // A wrong key: the page's own sentence, not the server's advice about headers.
  if (err.status === 401 || field === 'Authorization') {
    fail(t('in.badKey'), $('key'));
    return;
  }
  fail(t('in.failed', { reason: body.errors?.[0]?.message || body.detail || err.status }),
    ['from', 'to'].includes(field) ? $(field) : null);
}

/** Fills the page in the current language: the shell's strings, the title and any answer shown. */
function render() {
  document.title = t('in.pageTitle');
  // An error said in the other language is not left standing: the person asks again.
  $('error').textContent = '';
  if (last) show(last);
}

$('ask').addEventListener('submit', ask);
// At once on the switch, before the other language's words are in: an error is not left standing.
$('lang-toggle').addEventListener('click', () => { $('error').textContent = ''; });
startShell($('main'), render).then(render);
