// What the workspace's forms share: a date field's check, messages put at their fields (ours
// before anything is sent, the server's after), and a submit button that is off while a
// request is under way, so a second press sends nothing twice.

import { t } from '../i18n.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The message for a date field's value: '' when it is empty or a day (YYYY-MM-DD). */
export function dayError(value) {
  return value && !DAY.test(value) ? t('ws.new.dateInvalid') : '';
}

/**
 * Puts each message at its field (`fields`: field name → [the field() wrapper, its control];
 * `errors`: field name → message) and clears the others. The first control with a message, or
 * null.
 */
export function markErrors(fields, errors) {
  let first = null;
  for (const [key, [wrap, control]] of Object.entries(fields)) {
    wrap.setError(errors[key] || '');
    if (errors[key] && !first) first = control;
  }
  return first;
}

/** markErrors, then focus on the first field with a message. True when there was any. */
export function showErrors(fields, errors) {
  const first = markErrors(fields, errors);
  first?.focus();
  return first !== null;
}

/** The server's messages (problem+json) for the fields named in `fields`: name → message. */
export function serverErrors(err, fields) {
  const known = err?.kind === 'problem' ? (err.fieldErrors || []).filter((f) => f.field in fields) : [];
  return Object.fromEntries(known.map((f) => [f.field, f.message]));
}

/**
 * Runs `send` with `button` off (disabled) until it is done, whatever the outcome; a press
 * while it runs does nothing. Returns what `send` returns.
 */
export async function whileSending(button, send) {
  button.disabled = true;
  try {
    return await send();
  } finally {
    button.disabled = false;
  }
}
