// The organisation page (#/organisatie), for its admins: the organisation's users (GET users),
// a new counsellor or admin with a first password the admin types and passes on (POST users;
// the server keeps only its Argon2id hash), making a user admin or counsellor (PATCH
// users/{email}: their sessions have the new role at their next request), removing a user
// (DELETE users/{email}: their sessions end at once; the last admin stays, and stays admin), and
// the way to the audit log.

import { h, append, announce } from '../dom.js';
import { t, tn } from '../i18n.js';
import { isAbort } from '../api.js';
import * as fmt from '../format.js';
import { heading, errorBox, loading, loaded } from '../ui.js';
import { field } from '../forms.js';
import { facts } from '../widgets.js';
import { call, currentUser, restoreSession } from './api.js';
import { looksLikeEmail } from './login.js';
import { showErrors, serverErrors, whileSending } from './form.js';

export const ROLES = ['counsellor', 'admin'];
export const NAME_MAX = 100;
export const PASSWORD_CHARS = [12, 256];

/** What is wrong with a new user's fields, as the server checks them; field name → message. */
export function userErrors({ name, email, password }) {
  const errors = {};
  const chars = (s) => [...s].length;
  if (!name.trim()) errors.name = t('ws.org.nameMissing');
  else if (chars(name.trim()) > NAME_MAX) errors.name = t('ws.org.nameTooLong', { max: NAME_MAX });
  if (!email.trim()) errors.email = t('ws.org.emailMissing');
  else if (!looksLikeEmail(email.trim())) errors.email = t('ws.login.emailInvalid');
  const n = chars(password);
  if (n < PASSWORD_CHARS[0] || n > PASSWORD_CHARS[1]) errors.password = t('ws.org.passwordLength', { min: PASSWORD_CHARS[0], max: PASSWORD_CHARS[1] });
  return errors;
}

/** The organisation page. */
export function organisationView(root, params, signal, shell) {
  const user = currentUser();
  const title = heading(t('ws.org.title', { org: user.org_name ?? user.org }));
  if (user.role !== 'admin') {
    append(root, title, h('p', { class: 'notice' }, t('ws.org.adminsOnly')));
    return title;
  }
  const body = h('div', {}, loading());
  const status = h('div', {});
  append(root, title,
    h('p', {}, t('ws.org.intro'), ' ', h('a', { href: '#/logboek' }, t('ws.org.audit'))),
    body);

  // The users and the form below them are drawn at once, when the list is there (no layout
  // shift of the form under a growing list).
  call('GET', 'users', { signal }).then(({ users }) => {
    body.replaceChildren(
      h('h2', { id: 'org-users-title', tabindex: '-1' }, t('ws.org.users')),
      status,
      h('p', { class: 'count' }, tn('ws.org.count', users.length)),
      h('ul', { class: 'card-grid user-list', 'aria-labelledby': 'org-users-title' },
        users.map((u) => h('li', {}, userCard(u, lastAdmin(users, u))))),
      addForm(signal, shell));
    loaded();
  }, (err) => {
    if (isAbort(err)) return;
    body.replaceChildren(errorBox(err));
    loaded(false);
  });

  /** Shows a refusal in the status box above the list (409: the server's own words). */
  function refused(err) {
    const box = h('p', { class: 'notice notice-error', role: 'alert' }, err?.problem?.detail || '');
    status.replaceChildren(err?.kind === 'problem' && err.status === 409 ? box : errorBox(err));
    document.getElementById('org-users-title')?.focus();
  }

  function roleButton(u) {
    const role = u.role === 'admin' ? 'counsellor' : 'admin';
    const button = h('button', {
      type: 'button', class: 'btn btn-secondary',
      onClick: async () => {
        const question = role === 'admin'
          ? t('ws.org.makeAdminConfirm', { name: u.name, email: u.email })
          : t(u.you ? 'ws.org.makeSelfCounsellorConfirm' : 'ws.org.makeCounsellorConfirm', { name: u.name, email: u.email });
        if (!window.confirm(question)) return;
        status.replaceChildren();
        button.disabled = true;
        try {
          await call('PATCH', `users/${encodeURIComponent(u.email)}`, { body: { role }, signal });
        } catch (err) {
          button.disabled = false;
          if (!isAbort(err)) refused(err);
          return;
        }
        shell.flash(t(role === 'admin' ? 'ws.org.nowAdmin' : 'ws.org.nowCounsellor', { name: u.name }));
        // Oneself a counsellor: the menu and this page are an admin's no longer.
        if (u.you) {
          await restoreSession(signal).catch(() => null);
          location.hash = '#/';
        } else {
          shell.rerender();
        }
      },
    }, t(role === 'admin' ? 'ws.org.makeAdmin' : 'ws.org.makeCounsellor', { name: u.name }));
    return button;
  }

  function userCard(u, last) {
    const remove = h('button', {
      type: 'button', class: 'btn btn-secondary',
      onClick: async () => {
        const question = u.you ? t('ws.org.removeSelfConfirm') : t('ws.org.removeConfirm', { name: u.name, email: u.email });
        if (!window.confirm(question)) return;
        status.replaceChildren();
        remove.disabled = true;
        try {
          await call('DELETE', `users/${encodeURIComponent(u.email)}`, { signal });
        } catch (err) {
          remove.disabled = false;
          if (!isAbort(err)) refused(err);
          return;
        }
        shell.flash(t('ws.org.removed', { name: u.name }));
        // Removing oneself ends one's own session: the next request says so, and shows the login.
        if (u.you) location.hash = '#/'; else shell.rerender();
      },
    }, t('ws.org.removeWho', { name: u.name }));
    return h('article', { class: 'card user-card' },
      h('h3', {}, u.name, u.you ? h('span', { class: 'muted' }, ` ${t('ws.org.you')}`) : null),
      facts([
        [t('ws.login.email'), u.email],
        [t('ws.org.role'), t(`ws.role.${u.role}`)],
        [t('ws.org.added'), fmt.date(u.created.slice(0, 10))],
      ]),
      // The server keeps an organisation's last admin, as an admin (409); the page does not
      // offer either.
      last ? h('p', { class: 'muted' }, t('ws.org.lastAdmin')) : h('p', { class: 'actions' }, roleButton(u), remove));
  }
  return title;
}

/** Whether `u` is the organisation's only admin. */
function lastAdmin(users, u) {
  return u.role === 'admin' && users.filter((x) => x.role === 'admin').length === 1;
}

/** A new user: name, e-mail, role and a first password, each checked at its field. */
function addForm(signal, shell) {
  const name = h('input', { type: 'text', id: 'user-name', autocomplete: 'off', spellcheck: 'false' });
  const email = h('input', { type: 'email', id: 'user-email', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none' });
  const role = h('select', { id: 'user-role' }, ROLES.map((r) => h('option', { value: r }, t(`ws.role.${r}`))));
  const password = h('input', { type: 'password', id: 'user-password', autocomplete: 'new-password' });
  const fields = {
    name: [field({ label: t('ws.org.name'), control: name }), name],
    email: [field({ label: t('ws.login.email'), hint: t('ws.org.emailHint'), control: email }), email],
    role: [field({ label: t('ws.org.role'), hint: t('ws.org.roleHint'), control: role }), role],
    password: [field({ label: t('ws.org.password'), hint: t('ws.org.passwordHint', { min: PASSWORD_CHARS[0] }), control: password }), password],
  };
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('ws.org.add'));
  const form = h('form', { class: 'ws-form', novalidate: true, 'aria-labelledby': 'org-add-title' },
    h('h2', { id: 'org-add-title' }, t('ws.org.addTitle')),
    status, ...Object.values(fields).map(([wrap]) => wrap),
    h('div', { class: 'actions' }, submit));

  const show = (errors) => showErrors(fields, errors);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.replaceChildren();
    const values = { name: name.value, email: email.value, password: password.value };
    if (show(userErrors(values))) return;
    let added;
    try {
      added = await whileSending(submit, () => call('POST', 'users', {
        body: { name: values.name.trim(), email: values.email.trim(), role: role.value, password: values.password }, signal,
      }));
    } catch (err) {
      if (isAbort(err)) return;
      if (err?.kind === 'problem' && err.status === 409) show({ email: err.problem?.detail || t('ws.org.exists') });
      else if (!show(serverErrors(err, fields))) status.replaceChildren(errorBox(err));
      return;
    }
    shell.flash(t('ws.org.addedUser', { name: added.name, email: added.email }));
    shell.rerender();
  });
  return form;
}
