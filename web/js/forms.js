// Form building blocks for the profile questions: labelled fields, radio/checkbox groups and
// free-text "chips". Labels, hints and errors are wired with for/id and aria-describedby.

import { h, uid, announce } from './dom.js';
import { t } from './i18n.js';

/**
 * A labelled form field: label, hint, error slot and the control, wired with for/id and
 * aria-describedby so the hint and error are read with the control.
 */
export function field({ label, hint, control, error }) {
  const id = control.id || uid('f');
  control.id = id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [hint ? hintId : null, errorId].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  const errorEl = h('p', { id: errorId, class: 'field-error', hidden: !error }, error || '');
  if (error) control.setAttribute('aria-invalid', 'true');
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { id: hintId, class: 'hint' }, hint) : null,
    errorEl,
    control);
  wrap.setError = (message) => setError(control, errorEl, message);
  return wrap;
}

function setError(control, errorEl, message) {
  errorEl.textContent = message || '';
  errorEl.hidden = !message;
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

/** A group of radio buttons or checkboxes in a fieldset with a legend. */
export function choiceGroup({ legend, hint, type, name, options, selected, error }) {
  const hintId = uid('hint');
  const errorId = uid('err');
  const isChecked = (v) => (Array.isArray(selected) ? selected.includes(v) : selected === v);
  const errorEl = h('p', { id: errorId, class: 'field-error', hidden: !error }, error || '');
  return h('fieldset', { class: 'field choices', 'aria-describedby': hint ? `${hintId} ${errorId}` : errorId },
    h('legend', {}, legend),
    hint ? h('p', { id: hintId, class: 'hint' }, hint) : null,
    errorEl,
    options.map(({ value, label }) => {
      // Stable ids, so a re-render (language switch) keeps focus targets predictable.
      const id = `${name}-${String(value || 'none').replace(/[^a-z0-9]/gi, '_')}`;
      return h('div', { class: 'choice' },
        h('input', { type, id, name, value, checked: isChecked(value) }),
        h('label', { for: id }, label));
    }));
}

/**
 * A list of free-text entries ("chips"): type, press Enter or "Voeg toe"; each chip has its
 * own remove button. `validate` returns an error message or ''. The current list is read with
 * `.values()`; `.commit()` adds what is still typed (returns false if that is invalid).
 */
export function chipsField({ label, hint, values = [], validate = () => '', onChange = () => {}, id }) {
  let items = [...values];
  const input = h('input', { type: 'text', class: 'chip-input', autocomplete: 'off', id });
  const list = h('ul', { class: 'chips', 'aria-label': label });
  const wrap = field({ label, hint, control: input });
  const errorEl = wrap.querySelector('.field-error');

  function render() {
    list.replaceChildren(...items.map((v) => h('li', { class: 'chip' },
      h('span', {}, v),
      h('button', {
        type: 'button', class: 'chip-remove', 'aria-label': t('chips.remove', { v }),
        onClick: () => {
          items = items.filter((x) => x !== v);
          render();
          onChange([...items]);
          input.focus(); // the button is gone; keep focus somewhere sensible
          announce(t('chips.removed', { v }));
        },
      }, '×'))));
    list.hidden = items.length === 0;
  }

  function commit() {
    const v = input.value.trim();
    if (!v) return true;
    const message = validate(v);
    setError(input, errorEl, message);
    if (message) return false;
    if (!items.includes(v)) items.push(v);
    input.value = '';
    render();
    onChange([...items]);
    announce(t('chips.added', { v }));
    return true;
  }

  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); commit(); }
  });
  // Put the input and its "add" button side by side, in the input's place.
  const row = h('div', { class: 'chip-row' });
  input.replaceWith(row);
  row.append(input,
    h('button', { type: 'button', class: 'btn btn-secondary', onClick: () => { commit(); input.focus(); } }, t('chips.add')));
  wrap.append(list);
  render();
  wrap.values = () => [...items];
  wrap.commit = commit;
  return wrap;
}
