// The workspace's login (docs/workspace.md, "Sessions"): e-mail and password, each checked at
// its field before anything is sent; the server's answers in words at the field (wrong e-mail or
// password: one text for both, as the server gives) or above the form (locked for a while).

import { h, append, announce } from '../dom.js';
import { t, tn } from '../i18n.js';
import { heading, errorBox } from '../ui.js';
import { field } from '../forms.js';
import { login } from './api.js';

/**
 * Whether the text can be an e-mail address: the server's rule (`Email::parse`: one `@`, then two
 * or more non-empty domain labels), so a typo is named at the field before anything is sent.
 */
export function looksLikeEmail(text) {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(text);
}

/** The login view (shown for every address while there is no session). */
export function loginView(root, params, signal, shell) {
  const title = heading(t('ws.login.title'));
  const email = h('input', {
    type: 'email', id: 'ws-email', name: 'email', autocomplete: 'username',
    spellcheck: 'false', autocapitalize: 'none',
  });
  const password = h('input', {
    type: 'password', id: 'ws-password', name: 'password', autocomplete: 'current-password',
  });
  const emailField = field({ label: t('ws.login.email'), control: email });
  const passwordField = field({ label: t('ws.login.password'), control: password });
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('ws.login.submit'));
  const form = h('form', { class: 'ws-form', novalidate: true, 'aria-labelledby': 'ws-login-title' },
    status, emailField, passwordField, h('div', { class: 'actions' }, submit));
  title.id = 'ws-login-title';

  function check() {
    const errors = [];
    const e = email.value.trim();
    if (!e) errors.push([emailField, email, t('ws.login.emailMissing')]);
    else if (!looksLikeEmail(e)) errors.push([emailField, email, t('ws.login.emailInvalid')]);
    if (!password.value) errors.push([passwordField, password, t('ws.login.passwordMissing')]);
    return errors;
  }

  function show(errors) {
    emailField.setError('');
    passwordField.setError('');
    for (const [wrap, , message] of errors) wrap.setError(message);
    if (errors.length) errors[0][1].focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    const errors = check();
    show(errors);
    if (errors.length) return;
    submit.disabled = true;
    submit.textContent = t('ws.login.busy');
    announce(t('ws.login.busy'));
    try {
      await login(email.value.trim(), password.value);
    } catch (err) {
      submit.disabled = false;
      submit.textContent = t('ws.login.submit');
      failed(err);
      return;
    }
    shell.rerender();
  });

  function failed(err) {
    if (err?.kind === 'problem' && err.status === 401) {
      show([[passwordField, password, t('ws.login.wrong')]]);
      password.select();
    } else if (err?.kind === 'problem' && err.status === 429) {
      const minutes = Math.max(1, Math.ceil((err.retryAfter ?? 900) / 60));
      const text = tn('ws.login.locked', minutes);
      status.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, text));
      announce(text, true);
    } else if (err?.kind === 'problem' && err.status === 422 && err.fieldErrors.length) {
      const at = { email: [emailField, email], password: [passwordField, password] };
      const mapped = err.fieldErrors.filter((e) => at[e.field]).map((e) => [...at[e.field], e.message]);
      if (mapped.length) show(mapped); else status.replaceChildren(errorBox(err));
    } else {
      status.replaceChildren(errorBox(err));
    }
  }

  append(root, title, h('p', {}, t('ws.login.intro')), form);
  return title;
}
