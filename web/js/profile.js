// The person's profile: kept in localStorage on this device only, sent to our server only when
// they ask for routes. Field names and values are exactly those of the server's profile
// (src/profile.rs); unknown fields would be refused there, so we never add our own.

import { tenant } from './embed.js';

const PROFILE_KEY = 'padvinder.profile';
const RESULTS_KEY = 'padvinder.results';
const PREFIX = 'padvinder.';
// The wizard's answers as typed, kept for this tab only, so a reload loses nothing.
const DRAFT_KEY = 'padvinder.draft';

export const EDUCATION_LEVELS = ['none', 'vmbo', 'mbo1', 'mbo2', 'mbo3', 'mbo4', 'havo', 'vwo', 'hbo', 'wo'];
export const SITUATIONS = ['employed', 'job_seeker', 'student', 'self_employed', 'returner'];
export const LICENCES = ['AM', 'B', 'BE', 'C', 'CE', 'D', 'T'];
export const DUTCH_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'];
export const PHYSICAL_LOADS = ['low', 'medium', 'high'];
export const TRAVEL_KM = [5, 10, 15, 20, 25, 30, 40, 50, 75, 100];
// Values are Dutch words: the server analyses them as Dutch text, whatever the UI language.
export const INTERESTS = ['techniek', 'ict', "auto's", 'energie', 'bouw', 'elektrotechniek',
  'installatietechniek', 'zonnepanelen', 'metaal', 'software'];
// Written the way the server's certificate matching recognises them (src/matching/route.rs).
export const CERTIFICATES = ['VCA basis', 'VCA VOL', 'NEN 3140 VP', 'NEN 3140 VOP', 'Heftruckcertificaat', 'F-gassen'];

/** Which wizard step asks for a field; used to send a person back to fix a server error. */
export const FIELD_STEP = {
  current_occupation: 1, past_occupations: 1, skills: 1,
  education_level: 2, diplomas: 2, certificates: 2,
  postcode: 3, max_travel_km: 3,
  hours_per_week: 4, physical_load_max: 4, budget_eur: 4, under_18: 4, earliest_start: 4,
  situation: 5, driving_licences: 5, dutch_level: 5,
  interests: 6,
};

/** The server's limits (src/profile.rs): characters in a text, entries in a list, ranges. */
export const LIMITS = { text: 200, list: 50, hours: [1, 60], budget: [0, 1000000] };

/** The base field of an error field name: "diplomas[0]" → "diplomas". */
export function baseField(field) {
  return String(field || '').replace(/\[\d+\]$/, '');
}

function read(key) {
  try {
    const text = localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null; // storage off or broken JSON: start fresh rather than fail
  }
}

function write(key, value) {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage full or off */ }
}

/** The stored profile, or an empty one. */
export function loadProfile() {
  const p = read(PROFILE_KEY);
  return p && typeof p === 'object' && !Array.isArray(p) ? p : {};
}

/** Stores the profile (cleaned) and forgets routes made for an older profile. */
export function saveProfile(profile) {
  write(PROFILE_KEY, cleanProfile(profile));
}

/**
 * The profile as sent to the server: empty texts, empty lists and unset values left out, so
 * a skipped question simply means "not given".
 */
export function cleanProfile(profile) {
  const out = {};
  for (const [key, value] of Object.entries(profile || {})) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      const items = value.map((v) => String(v).trim()).filter(Boolean);
      if (items.length) out[key] = [...new Set(items)];
    } else if (typeof value === 'string') {
      if (value.trim()) out[key] = value.trim();
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** True when nothing has been filled in. */
export function isEmptyProfile(profile) {
  return Object.keys(cleanProfile(profile)).length === 0;
}

/**
 * Checks a postcode the way the server does: 4 digits (1000–9999), optionally 2 letters.
 * Returns the tidy form ("3511 AB") or null when it is not a postcode.
 */
export function normalisePostcode(text) {
  const compact = String(text || '').replace(/\s+/g, '').toUpperCase();
  const m = /^([1-9]\d{3})([A-Z]{2})?$/.exec(compact);
  if (!m) return null;
  return m[2] ? `${m[1]} ${m[2]}` : m[1];
}

/** A crebo code is exactly 5 digits. */
export function isCrebo(text) {
  return /^\d{5}$/.test(String(text || '').trim());
}

/**
 * Hours a week as people type them: "32", "32 uur", "32u", "32 uur per week", "32 hours".
 * A fraction ("32,5", "32.5") is refused with its own message, never cut to 32. Returns
 * `{ value }` (null when empty) or `{ error }` with the key of the message.
 */
export function parseHours(text, [min, max] = LIMITS.hours) {
  const typed = String(text ?? '').trim();
  if (typed === '') return { value: null };
  const s = typed.toLowerCase()
    .replace(/\s*(per\s+week|a\s+week|\/\s*week|p\/?w)\.?$/, '')
    .replace(/\s*(uur|uren|u|hours?|hrs?|h)\.?$/, '')
    .trim();
  if (/^\d+[.,]\d+$/.test(s)) return { error: 'f.hours.fraction' };
  if (!/^\d+$/.test(s)) return { error: 'f.hours.invalid' };
  const n = Number(s);
  return n >= min && n <= max ? { value: n } : { error: 'f.hours.invalid' };
}

/** Characters as the server counts them (Unicode code points, not UTF-16 units). */
export function charCount(text) {
  return [...String(text ?? '')].length;
}

/** Parses a whole number in [min, max]; null for empty; NaN for anything else. */
export function parseWhole(text, min, max) {
  const s = String(text ?? '').trim();
  if (s === '') return null;
  if (!/^\d+$/.test(s)) return NaN;
  const n = Number(s);
  return n >= min && n <= max ? n : NaN;
}

/**
 * Whole euros as people type them: "1500", "1.500", "1,500", "€ 1.500,00", "1500,-".
 * Dots or commas count only as thousands separators (groups of three), so "1.5" or "2,50"
 * is NaN, never quietly 15 or 250. Empty is null, as in parseWhole.
 */
export function parseEuros(text, min, max) {
  const s = String(text ?? '').replace(/[€\s]/g, '').replace(/,(-|00?)$/, '');
  if (s === '') return null;
  if (!/^(\d+|\d{1,3}(\.\d{3})+|\d{1,3}(,\d{3})+)$/.test(s)) return NaN;
  return parseWhole(s.replace(/[.,]/g, ''), min, max);
}

/** The wizard's answers as typed in this tab (sessionStorage), or null. */
export function loadDraft() {
  try {
    const value = JSON.parse(sessionStorage.getItem(DRAFT_KEY) || 'null');
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** Keeps the wizard's answers as typed; `null` forgets them. */
export function saveDraft(draft) {
  try {
    if (draft === null) sessionStorage.removeItem(DRAFT_KEY);
    else sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch { /* storage off or full: the answers stay in memory */ }
}

/** Stores the last match answer with the profile, limit and language it was made for. */
export function saveResults(profile, limit, result, lang) {
  const site = tenant()?.id || null;
  write(RESULTS_KEY, { profile: JSON.stringify(cleanProfile(profile)), limit, result, lang, site, at: Date.now() });
}

/** The last match answer, only if it was made for this very profile. */
export function loadResults(profile) {
  const r = read(RESULTS_KEY);
  if (!r || r.profile !== JSON.stringify(cleanProfile(profile))) return null;
  // Made in another job centre's embed (or outside one): its order may differ.
  if ((r.site || null) !== (tenant()?.id || null)) return null;
  return r;
}

// ---- sharing: the profile in the link's fragment ------------------------------------------
// The part after "#" never leaves the browser, so a shared link carries the answers from one
// device to another without our server seeing or keeping them.

/** The fragment parameter that carries a profile: "#/routes?profiel=…". */
export const SHARE_PARAM = 'profiel';

/** The profile as URL-safe base64 of its JSON (UTF-8), without padding. */
export function encodeProfile(profile) {
  const bytes = new TextEncoder().encode(JSON.stringify(cleanProfile(profile)));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The profile from `encodeProfile`'s text; null when the text is not one (cut off, changed). */
export function decodeProfile(text) {
  try {
    const b64 = String(text).replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const known = Object.keys(FIELD_STEP);
    if (Object.keys(value).some((k) => !known.includes(k))) return null;
    return cleanProfile(value);
  } catch {
    return null;
  }
}

/** Splits a hash route "/route/2?profiel=…" into its path and its parameters. */
export function splitRoute(hashPath) {
  const at = hashPath.indexOf('?');
  if (at < 0) return { path: hashPath, params: new URLSearchParams() };
  return { path: hashPath.slice(0, at), params: new URLSearchParams(hashPath.slice(at + 1)) };
}

/** A link to `hashPath` (e.g. "/routes") on this site that carries the profile. */
export function shareLink(base, hashPath, profile) {
  return `${base}#${hashPath}?${SHARE_PARAM}=${encodeProfile(profile)}`;
}

/** Deletes everything padvinder stored on this device (profile, routes, language choice, draft). */
export function wipeAll() {
  for (const storage of [globalThis.localStorage, globalThis.sessionStorage]) {
    try {
      const keys = [];
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i);
        if (key && key.startsWith(PREFIX)) keys.push(key);
      }
      keys.forEach((k) => storage.removeItem(k));
    } catch { /* storage off: nothing stored */ }
  }
}
