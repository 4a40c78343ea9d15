// The insight page (/inzicht/, docs/embed.md section 8): a job centre pastes its API key (kept in
// this page's memory only, sent as a Bearer header to padvinder alone), chooses weeks and sees
// GET /api/v1/insight as charts drawn here as inline SVG, each with a table for screen readers.
// No build step, no third-party script.

const TEXT = {
  nl: {
    skip: 'Naar de inhoud', tagline: 'Inzicht voor werkcentra', switchTo: 'English', switchLabel: 'Switch to English',
    title: 'Wat zoeken mensen in jullie regio?',
    intro: 'Per week: hoe vaak er via jullie padvinder is gezocht en gematcht, de meest gezochte beroepswoorden, de vaakst getoonde routes en uit welke gemeenten mensen kwamen. Alleen tellingen; een waarde die in een week minder vaak voorkwam dan de drempel tonen we niet.',
    key: 'API-sleutel van je organisatie', keyHint: 'Alleen in het geheugen van deze pagina; weg zodra je de pagina sluit of ververst. Ben je ingelogd in de werkplek als beheerder van je organisatie? Dan is de sleutel niet nodig.',
    from: 'Van week', to: 'Tot en met week',
    weekHint: 'Schrijf een week als 2026-W05 (jaar, -W, weeknummer met twee cijfers). Leeg: de laatste acht weken.',
    show: 'Toon inzicht', loading: 'Bezig met ophalen…',
    privacy: 'padvinder bewaart geen IP-adressen, profielen of zoekteksten: alleen tellingen per week.',
    noKey: 'Vul de API-sleutel van je organisatie in, of log eerst in bij de werkplek als beheerder van je organisatie.',
    badKey: 'Deze API-sleutel klopt niet. Plak de hele sleutel opnieuw.',
    noData: 'In deze weken is er niet gezocht of gematcht via jullie padvinder.',
    network: 'padvinder is niet bereikbaar. Probeer het zo nog eens.',
    failed: 'Het lukte niet', heading: (a) => `Inzicht voor ${a.tenant}, ${a.from} tot en met ${a.to}`,
    weekly: 'Zoekopdrachten en matches per week', searches: 'Zoekopdrachten', matches: 'Matches', week: 'Week',
    words: 'Meest gezochte beroepswoorden', routes: 'Vaakst getoonde routes', places: 'Gemeenten waar mensen vandaan kwamen',
    word: 'Woord', route: 'Route', place: 'Gemeente', count: 'Aantal',
    none: (k) => `Nog niets dat in een week minstens ${k} keer voorkwam.`,
    threshold: (k) => `Waarden die in een week minder dan ${k} keer voorkwamen, staan er niet bij.`,
    tableOf: (t) => `Tabel: ${t}`,
  },
  en: {
    skip: 'Skip to content', tagline: 'Insight for job centres', switchTo: 'Nederlands', switchLabel: 'Naar het Nederlands',
    title: 'What do people in your region look for?',
    intro: 'Per week: how often people searched and matched through your padvinder, the most searched job words, the routes shown most often and the municipalities people came from. Counts only; a value seen fewer times in a week than the threshold is not shown.',
    key: "Your organisation's API key", keyHint: 'Kept in this page’s memory only; gone when you close or reload the page. Logged in to the workspace as an admin of your organisation? Then no key is needed.',
    from: 'From week', to: 'To week (included)',
    weekHint: 'Write a week as 2026-W05 (year, -W, week number in two digits). Empty: the last eight weeks.',
    show: 'Show insight', loading: 'Loading…',
    privacy: 'padvinder keeps no IP addresses, profiles or search texts: only counts per week.',
    noKey: "Enter your organisation's API key, or first log in to the workspace as an admin of your organisation.",
    badKey: 'This API key is not right. Paste the whole key again.',
    noData: 'Nobody searched or matched through your padvinder in these weeks.',
    network: 'padvinder cannot be reached. Please try again shortly.',
    failed: 'That did not work', heading: (a) => `Insight for ${a.tenant}, ${a.from} to ${a.to}`,
    weekly: 'Searches and matches per week', searches: 'Searches', matches: 'Matches', week: 'Week',
    words: 'Most searched job words', routes: 'Routes shown most often', places: 'Municipalities people came from',
    word: 'Word', route: 'Route', place: 'Municipality', count: 'Count',
    none: (k) => `Nothing yet that was seen at least ${k} times in a week.`,
    threshold: (k) => `Values seen fewer than ${k} times in a week are left out.`,
    tableOf: (t) => `Table: ${t}`,
  },
};

let lang = (navigator.language || '').toLowerCase().startsWith('en') ? 'en' : 'nl';
let last = null;
const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);
const t = (key, arg) => (typeof TEXT[lang][key] === 'function' ? TEXT[lang][key](arg) : TEXT[lang][key]);

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c);
  return node;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  const toggle = $('lang-toggle');
  toggle.textContent = t('switchTo');
  toggle.lang = lang === 'nl' ? 'en' : 'nl';
  toggle.setAttribute('aria-label', t('switchLabel'));
  document.title = `${lang === 'nl' ? 'Inzicht' : 'Insight'} – padvinder`;
  if (last) show(last);
}

/** A count as the page's language writes it (1.234 / 1,234). */
const number = (n) => n.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB');

/**
 * A table of rows (strings and numbers) with a caption; numbers right-aligned. Shown to everyone:
 * on a phone a chart's text is small, the table is what can be read.
 */
function table(caption, head, rows, cls = '') {
  const body = rows.map((r) => el('tr', {}, ...r.map((c, i) => (i === 0
    ? el('th', { scope: 'row' }, String(c))
    : el('td', { class: 'num' }, number(c))))));
  return el('table', { class: `insight-table ${cls}`.trim() },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...body));
}

/** Grouped vertical bars per week (searches, matches); drawn, hidden from screen readers. */
function weeklyChart(weeks) {
  const width = 640, height = 220, left = 36, bottom = 36, top = 12;
  const max = Math.max(1, ...weeks.flatMap((w) => [w.searches, w.matches]));
  const slot = (width - left) / Math.max(1, weeks.length);
  const bar = Math.max(2, slot / 3);
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const svg = el('svg:svg', { viewBox: `0 0 ${width} ${height}`, class: 'insight-chart', 'aria-hidden': 'true', focusable: 'false' });
  svg.append(el('svg:line', { x1: left, y1: y(0), x2: width, y2: y(0), stroke: '#5b6573' }));
  svg.append(el('svg:text', { x: 0, y: y(max) + 4 }, number(max)));
  svg.append(el('svg:text', { x: 0, y: y(0) }, '0'));
  weeks.forEach((w, i) => {
    const x = left + i * slot + slot / 6;
    svg.append(el('svg:rect', { class: 'bar-a', x, y: y(w.searches), width: bar, height: y(0) - y(w.searches) }));
    svg.append(el('svg:rect', { class: 'bar-b', x: x + bar, y: y(w.matches), width: bar, height: y(0) - y(w.matches) }));
    if (weeks.length <= 13 || i % Math.ceil(weeks.length / 13) === 0) {
      svg.append(el('svg:text', { x: x - 4, y: height - 12 }, w.week.slice(5)));
    }
  });
  return svg;
}

/** Horizontal bars of a top list; hidden from screen readers (the table says the same). */
function barChart(items) {
  const row = 26, labelWidth = 230, width = 640;
  const max = Math.max(1, ...items.map((c) => c.count));
  const svg = el('svg:svg', { viewBox: `0 0 ${width} ${items.length * row + 4}`, class: 'insight-chart', 'aria-hidden': 'true', focusable: 'false' });
  items.forEach((c, i) => {
    const label = c.label.length > 32 ? `${c.label.slice(0, 31)}…` : c.label;
    svg.append(el('svg:text', { x: 0, y: i * row + 17 }, label));
    const w = ((width - labelWidth - 50) * c.count) / max;
    svg.append(el('svg:rect', { class: 'bar-a', x: labelWidth, y: i * row + 4, width: Math.max(1, w), height: row - 8 }));
    svg.append(el('svg:text', { x: labelWidth + w + 6, y: i * row + 17 }, number(c.count)));
  });
  return svg;
}

function section(title, ...content) {
  return el('section', {}, el('h3', {}, title), ...content);
}

function topList(answer, field, titleKey, columnKey, chart) {
  const items = answer[field] || [];
  if (items.length === 0) return section(t(titleKey), el('p', {}, t('none', answer.min_count)));
  return section(t(titleKey),
    ...(chart ? [barChart(items.slice(0, 15))] : []),
    table(chart ? t('tableOf', t(titleKey)) : t(titleKey), [t(columnKey), t('count')],
      items.map((c) => [c.label, c.count])));
}

function show(answer) {
  last = answer;
  const weeks = answer.weeks || [];
  const result = $('result');
  const heading = el('h2', { id: 'result-title', tabindex: '-1' }, t('heading', answer));
  // Weeks with nothing counted: one sentence, not empty charts.
  if (weeks.every((w) => w.searches === 0 && w.matches === 0)) {
    result.replaceChildren(heading, el('p', {}, t('noData')));
    return;
  }
  result.replaceChildren(
    heading,
    el('p', { class: 'hint' }, t('threshold', answer.min_count)),
    section(t('weekly'),
      el('ul', { class: 'insight-legend' },
        el('li', {}, el('span', { class: 'key-a' }), t('searches')),
        el('li', {}, el('span', { class: 'key-b' }), t('matches'))),
      weeklyChart(weeks),
      table(t('tableOf', t('weekly')), [t('week'), t('searches'), t('matches')],
        weeks.map((w) => [w.week, w.searches, w.matches]), 'insight-weeks-table')),
    topList(answer, 'words', 'words', 'word', true),
    topList(answer, 'routes', 'routes', 'route', true),
    topList(answer, 'municipalities', 'places', 'place', false),
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
  const url = new URL('../api/v1/insight', document.baseURI);
  for (const field of ['from', 'to']) {
    const value = tidyWeek($(field).value);
    $(field).value = value;
    if (value) url.searchParams.set(field, value);
  }
  url.searchParams.set('lang', lang);
  $('ask-submit').disabled = true;
  $('result').textContent = t('loading');
  let response;
  let body;
  try {
    response = await fetch(url, key
      ? { headers: { Accept: 'application/json', Authorization: `Bearer ${key}` }, credentials: 'omit' }
      : { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    body = await response.json().catch(() => null);
  } catch {
    body = null;
  } finally {
    $('ask-submit').disabled = false;
  }
  if (!response || !body) {
    fail(t('network'));
    return;
  }
  if (!response.ok) {
    const field = body.errors?.[0]?.field;
    // No key and no admin session: ask for the key (or a login).
    if (!key && (response.status === 401 || response.status === 403)) {
      fail(t('noKey'), $('key'));
      return;
    }
    // A wrong key: the page's own sentence, not the server's advice about headers.
    if (response.status === 401 || field === 'Authorization') {
      fail(t('badKey'), $('key'));
      return;
    }
    fail(`${t('failed')}: ${body.errors?.[0]?.message || body.detail || response.status}`,
      ['from', 'to'].includes(field) ? $(field) : null);
    return;
  }
  show(body);
  $('result-title').focus();
}

$('ask').addEventListener('submit', ask);
$('lang-toggle').addEventListener('click', () => {
  lang = lang === 'nl' ? 'en' : 'nl';
  // An error said in the other language is not left standing: the person asks again.
  $('error').textContent = '';
  applyLanguage();
});
applyLanguage();
