// Unit tests for the parts of the web app that need no browser: the dictionaries, plain-words
// formatting, profile checks. Run from the repository root:
//   node --experimental-detect-module --test web/tests/
// (Node 20+, no packages; the flag lets Node read our .js files as ES modules.)

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import nl from '../js/lang/nl.js';
import en from '../js/lang/en.js';
import { setLang, t } from '../js/i18n.js';
import * as fmt from '../js/format.js';
import {
  normalisePostcode, cleanProfile, isCrebo, parseWhole, parseEuros, baseField,
  encodeProfile, decodeProfile, splitRoute, shareLink, SHARE_PARAM, parseHours,
} from '../js/profile.js';
import { fieldMessage } from '../js/ui.js';
import { parseAnswers, startMonths } from '../js/views/wizard.js';
import { sourceName } from '../js/widgets.js';

test('both languages have the same keys', () => {
  assert.deepEqual(Object.keys(en).filter((k) => !(k in nl)), [], 'keys only in en');
  assert.deepEqual(Object.keys(nl).filter((k) => !(k in en)), [], 'keys only in nl');
});

// The insight page (/inzicht/) takes its strings from the same dictionaries, so the parity test
// above covers them too: every key its HTML and script use must be there, in both languages.
test('the insight page uses only keys both languages have', () => {
  const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');
  const html = read('../inzicht/index.html');
  const script = read('../inzicht/app.js');
  const used = new Set([
    ...[...html.matchAll(/data-i18n="([\w.]+)"/g)].map((m) => m[1]),
    ...[...script.matchAll(/\bt\('([\w.]+)'/g)].map((m) => m[1]),
    ...[...script.matchAll(/'(in\.[\w.]+)'/g)].map((m) => m[1]),
  ]);
  assert.ok(used.has('in.title') && used.has('in.heading') && used.has('in.places'), 'the page\'s keys were found');
  assert.deepEqual([...used].filter((k) => !(k in nl) || !(k in en)), [], 'keys missing in nl or en');
  assert.doesNotMatch(html, /data-t=/, 'the page has no strings table of its own');
  const own = Object.keys(nl).filter((k) => k.startsWith('in.'));
  assert.ok(own.length >= 30, `in.* keys in the dictionaries: ${own.length}`);
});

test('placeholders are the same in both languages', () => {
  const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const key of Object.keys(nl)) assert.equal(names(en[key]), names(nl[key]), key);
});

test('durations in plain words, unknown said honestly', async () => {
  await setLang('nl');
  assert.equal(fmt.weeksText(104), 'ongeveer 2 jaar');
  assert.equal(fmt.weeksText(104, 208), 'ongeveer 2 tot 4 jaar');
  assert.equal(fmt.weeksText(78), 'ongeveer 1,5 jaar');
  assert.equal(fmt.weeksText(26), 'ongeveer 6 maanden');
  assert.equal(fmt.weeksText(1), '1 week');
  assert.equal(fmt.weeksText(6, 10), 'ongeveer 6 weken tot 2 maanden');
  const route = { total_weeks: 0, total_weeks_max: 0, steps_with_unknown_weeks: 1 };
  assert.equal(fmt.routeDuration(route), 'onbekend');
  assert.equal(fmt.routeDuration({ total_weeks: 104, total_weeks_max: 104, steps_with_unknown_weeks: 2 }),
    'ongeveer 2 jaar, plus 2 stappen waarvan we de duur niet weten');
  await setLang('en');
  assert.equal(fmt.weeksText(78), 'about 1.5 years');
  await setLang('nl');
});

test('a cost that is not known is never 0', async () => {
  await setLang('nl');
  assert.equal(fmt.routeCost({ total_cost_eur: null, steps_with_unknown_cost: 1 }), 'onbekend: van 1 stap weten we de prijs niet');
  assert.equal(fmt.netCost({ net_cost_eur: null }), 'onbekend');
  assert.match(fmt.routeCost({ total_cost_eur: 2400, steps_with_unknown_cost: 0 }), /2\.400/);
  assert.equal(fmt.stepCost({ cost_eur: 'unknown' }), 'onbekend');
  assert.equal(fmt.level('unknown'), 'niveau onbekend');
});

test('statuses in plain words', async () => {
  await setLang('nl');
  assert.equal(fmt.pathStatus('modelled'), 'voorbeeldroute, door ons samengesteld');
  assert.equal(fmt.pathStatus('announced'), 'aangekondigd');
  assert.equal(fmt.pathStatus('recognised'), 'erkend');
  assert.equal(fmt.slimStatus('possibly_eligible'), 'subsidie mogelijk');
  assert.equal(fmt.slimStatus('insufficient_information'), 'subsidie: nog niet zeker');
  assert.equal(fmt.slimStatus('not_eligible'), 'geen subsidie');
  assert.equal(fmt.learningRoute('BBL'), 'BBL: werken en leren tegelijk');
  assert.equal(fmt.routeLabel('sluit goed aan'), 'Sluit goed aan');
  assert.equal(fmt.date('2026-11-28'), '28 november 2026');
});

test('postcodes as the server accepts them', () => {
  assert.equal(normalisePostcode('3511'), '3511');
  assert.equal(normalisePostcode('3511ab'), '3511 AB');
  assert.equal(normalisePostcode(' 3511 AB '), '3511 AB');
  assert.equal(normalisePostcode('0999'), null);
  assert.equal(normalisePostcode('35111'), null);
  assert.equal(normalisePostcode('3511 A'), null);
  assert.equal(normalisePostcode(''), null);
});

test('profile values', () => {
  assert.ok(isCrebo('25736'));
  assert.ok(!isCrebo('2573'));
  assert.equal(parseWhole('', 1, 60), null);
  assert.ok(Number.isNaN(parseWhole('80', 1, 60)));
  assert.ok(Number.isNaN(parseWhole('3.5', 1, 60)));
  assert.equal(baseField('diplomas[0]'), 'diplomas');
  assert.deepEqual(cleanProfile({ current_occupation: ' ', skills: ['a', 'a', ''], hours_per_week: 32, situation: '' }),
    { skills: ['a'], hours_per_week: 32 });
});

test('wizard answers become profile fields or field errors', async () => {
  await setLang('nl');
  const ok = parseAnswers({ postcode: '3511ab', hours_per_week: '36', budget_eur: '€ 1.500', max_travel_km: '25', diplomas: ['25736'] },
    ['postcode', 'hours_per_week', 'budget_eur', 'max_travel_km', 'diplomas']);
  assert.deepEqual(ok.errors, {});
  assert.deepEqual(ok.values, { postcode: '3511 AB', hours_per_week: 36, budget_eur: 1500, max_travel_km: 25, diplomas: ['25736'] });
  const bad = parseAnswers({ postcode: '12', hours_per_week: '80', diplomas: ['123'] }, ['postcode', 'hours_per_week', 'diplomas']);
  assert.deepEqual(Object.keys(bad.errors).sort(), ['diplomas', 'hours_per_week', 'postcode']);
  assert.equal(bad.errors.postcode, t('f.postcode.invalid'));
});

test('catalogue answers become the records the views show', async () => {
  const { pathEntry, pathDetail, functionDetail, courseDetail } = await import('../js/shapes.js');
  const detail = pathDetail({
    path: { id: 'p', name: 'P', status: { status: 'recognised', on: '2025-03-03', sources: ['https://a'] },
      provenance: { sources: ['https://s'], checked: '2026-11-01' }, transitions: [] },
    status: 'recognised', checked: '2026-11-28',
    functions: [{ id: 'f', title: 'F', path_id: 'p', provenance: { sources: ['https://f'], checked: '2026-10-01' } }],
  });
  assert.equal(detail.status, 'recognised');
  assert.equal(detail.recognised_on, '2025-03-03');
  assert.deepEqual(detail.status_sources, ['https://a']);
  assert.deepEqual(detail.sources, ['https://s']);
  assert.equal(detail.checked, '2026-11-28', 'the answer\'s check date wins over the record\'s');
  assert.equal(detail.functions[0].path, 'p');
  assert.equal(detail.functions[0].checked, '2026-10-01');
  const listed = pathEntry({ id: 'p', status: 'announced', status_detail: { status: 'announced', sources: ['https://b'] }, checked: '2026-11-28' });
  assert.deepEqual(listed.status_sources, ['https://b']);
  assert.equal(listed.recognised_on, null);
  const course = courseDetail({ course: { id: 'c', cost_eur: 2400, provenance: { sources: [], checked: '2026-11-01' } }, checked: '2026-11-28',
    providers: [{ id: 'x', name: 'School', locations: [{ name: 'Zaandam', municipality: 'Zaanstad' }, { name: 'Hoorn', municipality: 'Hoorn' }] },
      { id: 'y', name: 'Elders', locations: [] }],
    paths: [] });
  assert.equal(course.cost_eur, 2400);
  assert.deepEqual(course.providers.map((p) => p.location), ['Zaandam', 'Hoorn', undefined]);
  assert.equal(functionDetail({ function: { id: 'f', path_id: 'p', provenance: { sources: [] } }, checked: '2026-11-28' }).path, 'p');
});

test('euros as typed: thousands separators yes, decimals never silently dropped', () => {
  for (const [typed, euros] of [['1500', 1500], ['1.500', 1500], ['1,500', 1500], ['€ 1.500,00', 1500],
    ['1500,-', 1500], ['€2.500', 2500], ['', null], ['1.000.000', 1000000]]) {
    assert.equal(parseEuros(typed, 0, 1000000), euros, typed);
  }
  for (const typed of ['1.5', '2,50', '1.50', '15.00', 'abc', '-5', '1.000.001']) {
    assert.ok(Number.isNaN(parseEuros(typed, 0, 1000000)), typed);
  }
  const { errors } = parseAnswers({ budget_eur: '1.5' }, ['budget_eur']);
  assert.ok(errors.budget_eur, 'a budget of 1.5 is refused, not read as 15');
});

test('a shared link carries the profile in its fragment and reads back the same', () => {
  const profile = {
    current_occupation: 'heftruckchauffeur', skills: ['orderpicken', 'lassen – MIG/MAG'],
    postcode: '3071', hours_per_week: 32, interests: ["auto's", 'zonnepanelen'], budget_eur: 0,
  };
  const link = shareLink('https://example.test/app/', '/route/2', profile);
  const { path, params } = splitRoute(link.slice(link.indexOf('#') + 1));
  assert.equal(path, '/route/2');
  const code = params.get(SHARE_PARAM);
  assert.match(code, /^[A-Za-z0-9_-]+$/, 'URL-safe, nothing to escape');
  assert.deepEqual(decodeProfile(code), cleanProfile(profile));
  assert.equal(link.split('#')[0], 'https://example.test/app/', 'the profile is never in the part sent to a server');
});

test('a damaged or foreign share code is refused, not half read', () => {
  const code = encodeProfile({ postcode: '3071', skills: ['lassen'] });
  assert.equal(decodeProfile(code.slice(0, -3)), null, 'cut off');
  assert.equal(decodeProfile('not base64 at all!'), null);
  assert.equal(decodeProfile(encodeProfile({ colour: 'red' })), null, 'a field the profile does not have');
  assert.equal(decodeProfile(btoa('[1,2]')), null, 'not an object');
  assert.deepEqual(splitRoute('/routes'), { path: '/routes', params: new URLSearchParams() });
});

test('hours as typed: "32 uur" is 32, "32,5" is refused with its own message, never cut', async () => {
  await setLang('nl');
  for (const [typed, hours] of [['32', 32], ['32 uur', 32], ['32u', 32], ['32 uur per week', 32], ['36 hours', 36], ['', null]]) {
    assert.deepEqual(parseHours(typed), { value: hours }, typed);
  }
  assert.deepEqual(parseHours('32,5'), { error: 'f.hours.fraction' });
  assert.deepEqual(parseHours('32.5 uur'), { error: 'f.hours.fraction' });
  for (const typed of ['0', '61', '320', 'veel', 'uur', '-4']) assert.deepEqual(parseHours(typed), { error: 'f.hours.invalid' }, typed);
  const { errors } = parseAnswers({ hours_per_week: '32,5' }, ['hours_per_week']);
  assert.equal(errors.hours_per_week, t('f.hours.fraction'));
});

test('texts and lists are checked with the server\'s limits, counted as the server counts', async () => {
  await setLang('nl');
  const at = 'é'.repeat(199) + '😀'; // 200 code points, 201 UTF-16 units
  assert.deepEqual(parseAnswers({ current_occupation: at }, ['current_occupation']).errors, {});
  const long = parseAnswers({ current_occupation: `${at}x` }, ['current_occupation']);
  assert.equal(long.errors.current_occupation, t('f.tooLong', { max: 200 }));
  assert.ok(parseAnswers({ skills: Array.from({ length: 51 }, (_, i) => `s${i}`) }, ['skills']).errors.skills);
  assert.ok(parseAnswers({ skills: ['x'.repeat(201)] }, ['skills']).errors.skills);
});

test('a postcode the server does not know is said at the question', async () => {
  await setLang('en');
  const known = new Set([3071, 3511]);
  assert.deepEqual(parseAnswers({ postcode: '3511ab' }, ['postcode'], { knownPc4: known }).values, { postcode: '3511 AB' });
  assert.equal(parseAnswers({ postcode: '1000' }, ['postcode'], { knownPc4: known }).errors.postcode, t('f.postcode.unknown'));
  assert.deepEqual(parseAnswers({ postcode: '1000' }, ['postcode']).errors, {}, 'without the list the server decides');
  await setLang('nl');
});

test('server field errors in our words by their code, in the app\'s language', async () => {
  await setLang('en');
  assert.equal(fieldMessage({ field: 'current_occupation', code: 'too_long', message: 'is langer dan 200 tekens' }), t('f.tooLong', { max: 200 }));
  assert.equal(fieldMessage({ field: 'postcode', code: 'unknown_postcode', message: '…' }), t('f.postcode.unknown'));
  assert.equal(fieldMessage({ field: 'hours_per_week', code: 'out_of_range', message: '…' }), t('f.hours.invalid'));
  assert.equal(fieldMessage({ field: 'situation', code: 'not_one_of', message: '…' }), null, 'then the server message, in lang');
  await setLang('nl');
});

test('a source is named by its site and page, not by its address', () => {
  assert.deepEqual(
    sourceName('https://www.rijksoverheid.nl/actueel/nieuws/2024/11/22/internetconsultatie-sectorale-ontwikkelpaden-en-slim-scholingssubsidie'),
    { site: 'rijksoverheid.nl', page: 'internetconsultatie sectorale ontwikkelpaden en slim scholingssubsidie' });
  assert.deepEqual(sourceName('http://data.europa.eu/esco/occupation/fb7e2f4f-1545-42f1-972e-94082e49c6dc'), { site: 'ESCO', page: '' });
  // An id alone says nothing: the site only.
  assert.deepEqual(sourceName('https://www.tweedekamer.nl/kamerstukken/detail?did=2025D31302'), { site: 'tweedekamer.nl', page: 'detail' });
  assert.deepEqual(sourceName('not an address'), { site: 'not an address', page: '' });
});

test('the start month: this month and the next 23, first day of each; a stored date is kept', async () => {
  await setLang('nl');
  const months = startMonths('', new Date(2026, 10, 28));
  assert.equal(months.length, 24);
  assert.deepEqual(months[0], { value: '2026-11-01', label: 'november 2026' });
  assert.equal(months[23].value, '2028-10-01');
  assert.equal(startMonths('2025-03-01', new Date(2026, 10, 28))[0].value, '2025-03-01');
});

test('the under-18 question is optional: yes, no or not said', async () => {
  await setLang('nl');
  const fields = ['under_18'];
  assert.deepEqual(parseAnswers({ under_18: 'true' }, fields), { values: { under_18: true }, errors: {} });
  assert.deepEqual(parseAnswers({ under_18: 'false' }, fields), { values: { under_18: false }, errors: {} });
  assert.deepEqual(parseAnswers({ under_18: '' }, fields), { values: { under_18: null }, errors: {} });
});

test('the workspace checks a new client as the server does, in our words', async () => {
  const { clientErrors } = await import('../js/werkplek/caseload.js');
  const { looksLikeEmail } = await import('../js/werkplek/login.js');
  await setLang('nl');
  const ok = { name: 'J.d.V.', givenOn: '2026-12-01', scope: 'Profiel bewaren', review: '' };
  assert.deepEqual(clientErrors(ok, '2026-12-03'), {});
  assert.deepEqual(clientErrors({ ...ok, review: '2027-01-15' }, '2026-12-03'), {});
  const bad = clientErrors({ name: 'A 123 456', givenOn: '2026-12-04', scope: '   ', review: 'morgen' }, '2026-12-03');
  assert.equal(bad.display_name, t('ws.new.nameNumber'), 'six digits look like a BSN or a date of birth');
  assert.equal(bad['consent.given_on'], t('ws.new.givenOnFuture'));
  assert.equal(bad['consent.scope'], t('ws.new.scopeMissing'));
  assert.equal(bad.review_on, t('ws.new.dateInvalid'));
  assert.equal(clientErrors({ ...ok, name: 'A 12 34 5' }, '2026-12-03').display_name, undefined, 'five digits are fine');
  // Counted in characters as the server counts them (an emoji is one).
  assert.equal(clientErrors({ ...ok, name: '😀'.repeat(60) }, '2026-12-03').display_name, undefined);
  assert.equal(clientErrors({ ...ok, name: 'x'.repeat(61) }, '2026-12-03').display_name, t('ws.new.nameTooLong'));
  assert.equal(clientErrors({ ...ok, scope: 'x'.repeat(501) }, '2026-12-03')['consent.scope'], t('ws.new.scopeTooLong'));
  assert.equal(clientErrors({ ...ok, name: ' ' }, '2026-12-03').display_name, t('ws.new.nameMissing'));
  assert.equal(clientErrors({ ...ok, givenOn: '' }, '2026-12-03')['consent.given_on'], t('ws.new.givenOnMissing'));
  assert.ok(looksLikeEmail('a.jansen@utrecht.nl'));
  for (const no of ['a.jansen', 'a @b.nl', '@b.nl', 'a@', 'a@b', '0@.', 'a@b.', 'a@b..nl']) assert.ok(!looksLikeEmail(no), no);
});
