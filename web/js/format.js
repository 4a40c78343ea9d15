// Turns the server's values into plain words. Unknown stays "onbekend": a missing number is
// never shown as 0. Pure functions (no DOM), so Node can test them.

import { t, tn, has, locale } from './i18n.js';

const WEEKS_PER_MONTH = 52 / 12;

/** A number in the current language ("1,5" in Dutch). */
export function number(n, digits = 0) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}

/** Euros: "€ 2.400" (no cents unless there are any). */
export function money(n) {
  const cents = Math.round(n * 100) % 100 !== 0;
  return new Intl.NumberFormat(locale(), {
    style: 'currency', currency: 'EUR', minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: 2,
  }).format(n);
}

/** A date from the server ("2026-11-28") in words; read as a calendar day, not a UTC instant. */
export function date(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value || ''));
  if (!m) return t('unknown');
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.toLocaleDateString(locale(), { day: 'numeric', month: 'long', year: 'numeric' });
}

/** A moment from the server ("2026-12-03T15:01:19Z") in words, in the browser's time zone. */
export function dateTime(value) {
  const d = new Date(String(value || ''));
  if (Number.isNaN(d.getTime())) return t('unknown');
  return d.toLocaleString(locale(), {
    day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

/** The day of a moment from the server in words, in the browser's time zone (as `dateTime`). */
export function day(value) {
  const d = new Date(String(value || ''));
  if (Number.isNaN(d.getTime())) return t('unknown');
  return d.toLocaleDateString(locale(), { day: 'numeric', month: 'long', year: 'numeric' });
}

/** The time of day of a moment ("05:07"), for a range within one day. */
export function time(value) {
  const d = new Date(String(value || ''));
  if (Number.isNaN(d.getTime())) return t('unknown');
  return d.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
}

/** Today's date in words (for the printed page). */
export function today() {
  return new Date().toLocaleDateString(locale(), { day: 'numeric', month: 'long', year: 'numeric' });
}

/** A value that the catalogue may mark "unknown" (Known<T>): null when unknown. */
export function known(value) {
  return value === 'unknown' || value === undefined || value === null ? null : value;
}

/** "niveau 2" or "niveau onbekend". */
export function level(value) {
  const n = known(value);
  return n === null ? t('card.levelUnknown') : t('card.level', { n });
}

/**
 * Weeks in the unit a person thinks in: weeks up to 2 months, months up to 1.5 year, then
 * years in halves. Returns { n, unit } so a range can share its unit.
 */
function inUnits(weeks) {
  if (weeks < 9) return { n: weeks, unit: 'weeks' };
  if (weeks < 78) return { n: Math.max(2, Math.round(weeks / WEEKS_PER_MONTH)), unit: 'months' };
  return { n: Math.round((weeks / 52) * 2) / 2, unit: 'years' };
}

function unitText({ n, unit }) {
  return tn(`dur.${unit}`, n, { n: number(n, 1) });
}

/** A duration or a range of durations in plain words: "ongeveer 2 tot 3 jaar". */
export function weeksText(min, max = min) {
  const a = inUnits(min);
  const b = inUnits(Math.max(min, max));
  const exact = a.unit === 'weeks' && b.unit === 'weeks';
  let text;
  if (a.unit === b.unit && a.n === b.n) {
    text = unitText(a);
  } else if (a.unit === b.unit) {
    text = t('dur.range', { a: number(a.n, 1), b: unitText(b) });
  } else {
    text = t('dur.range', { a: unitText(a), b: unitText(b) });
  }
  return exact ? text : t('dur.about', { x: text });
}

/** A route's duration, honest about steps whose duration no source gives. */
export function routeDuration(route) {
  const unknownSteps = route.steps_with_unknown_weeks || 0;
  const min = route.total_weeks || 0;
  const max = route.total_weeks_max || min;
  if (unknownSteps > 0 && max === 0) return t('unknown');
  const text = weeksText(min, max);
  return unknownSteps > 0 ? tn('dur.plusUnknown', unknownSteps, { x: text }) : text;
}

/** One step's duration ("weeks" and "weeks_max" may each be "unknown"). */
export function stepDuration(step) {
  const min = known(step.weeks);
  const max = known(step.weeks_max);
  if (min === null && max === null) return t('unknown');
  return weeksText(min ?? max, max ?? min);
}

/** A route's total cost: a number of euros, or "onbekend" with how many prices are missing. */
export function routeCost(route) {
  if (typeof route.total_cost_eur === 'number') return money(route.total_cost_eur);
  const n = route.steps_with_unknown_cost || 0;
  return n > 0 ? tn('cost.unknown', n) : t('unknown');
}

/** Net cost after the indicative subsidy, or "onbekend" (never 0 when not known). */
export function netCost(route) {
  return typeof route.net_cost_eur === 'number' ? money(route.net_cost_eur) : t('unknown');
}

/** A step's cost. */
export function stepCost(step) {
  const c = known(step.cost_eur);
  return typeof c === 'number' ? money(c) : t('unknown');
}

/** "13 km" (one decimal below 10 km). */
export function km(value) {
  return `${number(value, value < 10 ? 1 : 0)} km`;
}

/** The plain-words name of a path status. */
export function pathStatus(status) {
  return has(`status.${status}`) ? t(`status.${status}`) : String(status || t('unknown'));
}

/** The plain-words SLIM status of a route or step. */
export function slimStatus(status) {
  return has(`slim.${status}`) ? t(`slim.${status}`) : String(status || t('unknown'));
}

/** A subsidy rate: a number, a {min,max} range where sources differ, or null. */
export function slimRate(rate) {
  if (typeof rate === 'number') return t('slim.rate', { pct: rate });
  if (rate && typeof rate.min === 'number') return t('slim.rateRange', { min: rate.min, max: rate.max });
  return null;
}

/** An indicative amount: a number or a {min,max} range, or null. */
export function slimAmount(amount) {
  if (typeof amount === 'number') return t('slim.amount', { amount: money(amount) });
  if (amount && typeof amount.min === 'number') {
    return t('slim.amount', { amount: t('dur.range', { a: money(amount.min), b: money(amount.max) }) });
  }
  return null;
}

/** A route's label as the server words it ("sluit goed aan"), as a badge text: "Sluit goed aan". */
export function routeLabel(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

/** A learning route code (BBL, BOL, …) explained. */
export function learningRoute(code) {
  return has(`route.${code}`) ? t(`route.${code}`) : String(code);
}

/** A course kind in plain words. */
export function courseKind(kind) {
  return has(`ckind.${kind}`) ? t(`ckind.${kind}`) : String(kind || '');
}

/** A sector name. */
export function sector(code) {
  return has(`sector.${code}`) ? t(`sector.${code}`) : String(code || '');
}

/** The first step still to take: where the person starts. */
export function firstStep(route) {
  return (route.steps || []).find((s) => !s.skipped) || null;
}
