// Small DOM helpers. Everything from the server is inserted as text (createTextNode), except
// the search snippet, which goes through `snippet()` and keeps nothing but text and <mark>.

/**
 * Creates an element. `attrs` may hold: class, text, on<Event> handlers, boolean properties
 * (hidden, disabled, checked, selected), and any other attribute (aria-*, data-*, href, …).
 * Children may be strings, nodes, arrays or null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (['hidden', 'disabled', 'checked', 'selected', 'required', 'multiple'].includes(key)) {
      el[key] = Boolean(value);
    } else if (key === 'value') {
      el.value = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element: every entry of `attrs` is an attribute; children as for `h()`. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, String(value));
  append(el, children);
  return el;
}

/** Appends children (strings become text nodes; null/false/undefined are skipped). */
export function append(el, ...children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Removes all children. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/**
 * The server's snippet is HTML-escaped text with <mark> around matched words. We still parse it
 * in an inert <template> and rebuild only text and <mark>, so a bug on the server can never
 * inject markup or script here.
 */
export function snippet(html) {
  const tpl = document.createElement('template');
  tpl.innerHTML = String(html ?? '');
  const out = document.createDocumentFragment();
  for (const node of tpl.content.childNodes) {
    if (node.nodeName === 'MARK') out.append(h('mark', {}, node.textContent));
    else out.append(document.createTextNode(node.textContent));
  }
  return out;
}

// One timer per region: a polite message must never cancel an alert waiting to be said.
const announceTimers = new Map();
/**
 * Says a message through the page's live region (polite) or alert region (assertive). The text
 * is cleared first so that the same message twice is read twice.
 */
export function announce(message, assertive = false) {
  const id = assertive ? 'live-alert' : 'live-status';
  const region = document.getElementById(id);
  if (!region) return;
  region.textContent = '';
  clearTimeout(announceTimers.get(id));
  announceTimers.set(id, setTimeout(() => { region.textContent = message; }, 50));
}

/** Runs `fn` only after `ms` without new calls (for search-as-you-type). */
export function debounce(fn, ms) {
  let timer;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

let idCounter = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
