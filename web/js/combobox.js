// A text input with suggestions, following the ARIA 1.2 combobox pattern (list autocomplete):
// typing shows a listbox; Arrow Down/Up move through it (aria-activedescendant, focus stays in
// the input); Enter picks; Escape closes the list and never clears what was typed. The input
// stays free text: a person may type a job we do not know.

import { h, clear, debounce, uid, announce } from './dom.js';
import { tn } from './i18n.js';
import { isAbort } from './api.js';

/**
 * @param {object} o
 * @param {HTMLInputElement} o.input   an input that already has its label and hint wired
 * @param {(q: string, signal: AbortSignal) => Promise<{label: string, labelLang?: string|null,
 *   meta?: string, detail?: {text: string, lang: string}}[]>} o.fetch  `labelLang`: the label's
 *   language when it differs from the page's; `detail`: shown after the label
 *   ("heftruckchauffeur — forklift driver"), never put into the input
 * @param {(value: string) => void} o.onChange  called with the input's text after typing or picking
 * @returns {HTMLElement} a wrapper holding the input and its listbox
 */
export function combobox({ input, fetch, onChange }) {
  const listId = uid('listbox');
  const list = h('ul', { id: listId, role: 'listbox', class: 'combo-list', hidden: true });
  let options = [];
  let active = -1;
  let controller = null;
  let shownFor = '';      // the text the shown options were looked up for

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('autocomplete', 'off');

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function setActive(index) {
    const items = list.children;
    if (active >= 0 && items[active]) items[active].setAttribute('aria-selected', 'false');
    active = index;
    if (active >= 0 && items[active]) {
      items[active].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', items[active].id);
      items[active].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function pick(index) {
    const option = options[index];
    if (!option) return;
    // A lookup still waiting for older text must not reopen the list after the pick.
    lookup.cancel();
    controller?.abort();
    input.value = option.label;
    onChange(input.value);
    close();
  }

  function show(found, forText = '') {
    options = found;
    shownFor = forText;
    clear(list);
    found.forEach((o, i) => {
      list.append(h('li', {
        id: `${listId}-${i}`,
        role: 'option',
        'aria-selected': 'false',
        class: 'combo-option',
        // mousedown, not click: picking must not blur the input first
        onMousedown: (e) => { e.preventDefault(); pick(i); },
      }, h('span', { lang: o.labelLang || null }, o.label),
      o.detail ? [' — ', h('span', { lang: o.detail.lang, dir: 'auto' }, o.detail.text)] : null,
      o.meta ? h('span', { class: 'combo-meta' }, ` · ${o.meta}`) : null));
    });
    active = -1;
    if (found.length && document.activeElement === input) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      announce(tn('combo.count', found.length));
    } else {
      close();
    }
  }

  const lookup = debounce(async () => {
    const q = input.value.trim();
    controller?.abort();
    if (q.length < 2) { show([]); return; }
    controller = new AbortController();
    try {
      show(await fetch(q, controller.signal), q);
    } catch (err) {
      // Suggestions are a help, not a must: on failure the person just keeps typing.
      if (!isAbort(err)) show([]);
    }
  }, 200);

  // The options belong to the text they were looked up for; after more typing they are stale
  // until the next lookup answers, and the keyboard must not pick one of them.
  const stale = () => input.value.trim() !== shownFor;
  input.addEventListener('input', () => { onChange(input.value); setActive(-1); lookup(); });
  input.addEventListener('blur', () => { lookup.cancel(); close(); });
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (stale()) return;
      if (!open && options.length) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); }
      setActive(Math.min(active + 1, options.length - 1));
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive(Math.max(active - 1, -1));
    } else if (e.key === 'Enter' && open && active >= 0) {
      e.preventDefault(); // pick, do not submit the form
      pick(active);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close();
    }
  });

  return h('div', { class: 'combo' }, input, list);
}
