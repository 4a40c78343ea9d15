// The UI language: Dutch first, English on request. All UI strings live in lang/nl.js and
// lang/en.js; Dutch is always loaded (it is the default and the fallback), English only when
// someone switches, so the start page stays small. Texts the server writes (why, flags, SLIM)
// come in the language the app asks for (`lang`); catalogue data (titles, descriptions) is
// Dutch only and is not translated here.
// This module touches no DOM at import time, so Node can load it in tests.

import nl from './lang/nl.js';
import { tenant } from './embed.js';

const dictionaries = { nl };
const STORAGE_KEY = 'padvinder.lang';
let current = 'nl';

/** The current language: 'nl' or 'en'. */
export function lang() {
  return current;
}

/** The BCP 47 locale for number and date formatting. */
export function locale() {
  return current === 'nl' ? 'nl-NL' : 'en-GB';
}

/**
 * Switches the language (loading its strings the first time) and remembers the choice — only
 * the choice, on this device.
 */
export async function setLang(code) {
  const next = code === 'en' ? 'en' : 'nl';
  if (!dictionaries[next]) dictionaries[next] = (await import(`./lang/${next}.js`)).default;
  current = next;
  try { localStorage.setItem(STORAGE_KEY, current); } catch { /* storage off: fine */ }
  if (typeof document !== 'undefined') document.documentElement.lang = current;
}

/** The language stored on this device, or Dutch. */
export function storedLang() {
  // In a job centre's embed, its language until the person chooses one.
  const fallback = tenant()?.lang === 'en' ? 'en' : 'nl';
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored ? (stored === 'en' ? 'en' : 'nl') : fallback;
  } catch { return fallback; }
}

/** Does the dictionary have this key? (For texts chosen by a server value, e.g. a label.) */
export function has(key) {
  return key in dictionaries[current] || key in nl;
}

/** The string for `key`, with {name} placeholders filled from `vars`. Falls back to Dutch. */
export function t(key, vars = {}) {
  const text = dictionaries[current][key] ?? nl[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** A plural string: `key.one` or `key.other` by `n` (Dutch and English both have two forms). */
export function tn(key, n, vars = {}) {
  return t(`${key}.${n === 1 ? 'one' : 'other'}`, { n, ...vars });
}
