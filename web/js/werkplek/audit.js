// The organisation's audit log (#/logboek), for its admins (GET audit): who did what, when, about
// which client, plan or user, newest first, 50 stored entries at a time. The server folds repeats
// (one user, one action, one subject, each within 15 minutes) into one line with a count, and names
// each client that still exists; an erased client is only its id. The stored log holds no names.

import { h, append, announce } from '../dom.js';
import { t, has } from '../i18n.js';
import { isAbort } from '../api.js';
import * as fmt from '../format.js';
import { heading, errorBox, loading, loaded } from '../ui.js';
import { call, currentUser } from './api.js';

const PAGE = 50;

/** An audit action in words ("create_client" → "Cliënt toegevoegd"); unknown ones as they come. */
export function actionText(action) {
  return has(`ws.audit.${action}`) ? t(`ws.audit.${action}`) : action;
}

/** The audit log view. */
export function auditView(root, params, signal) {
  const user = currentUser();
  const title = heading(t('ws.audit.title', { org: user.org_name ?? user.org }));
  if (user.role !== 'admin') {
    append(root, title, h('p', { class: 'notice' }, t('ws.audit.adminsOnly')));
    return title;
  }
  const list = h('ol', { class: 'audit-list' });
  const more = h('button', { type: 'button', class: 'btn btn-secondary', hidden: true }, t('ws.audit.more'));
  const status = h('div', {}, loading());
  append(root, title, h('p', {}, t('ws.audit.intro')), list, status, more);

  let next = null;
  more.addEventListener('click', async () => {
    const from = list.children.length;
    more.hidden = true;
    await load(next);
    list.children[from]?.focus(); // the first of the older lines
  });

  async function load(before) {
    try {
      const page = await call('GET', 'audit', { params: { limit: PAGE, before }, signal });
      status.replaceChildren();
      if (!page.entries.length && before === undefined) status.append(h('p', { class: 'notice' }, t('ws.audit.empty')));
      list.append(...page.entries.map(entry));
      next = page.next_before;
      more.hidden = next === null;
      announce(t('ws.audit.loaded', { n: list.children.length }));
    } catch (err) {
      if (isAbort(err)) return;
      status.replaceChildren(errorBox(err, { retry: () => load(before) }));
      loaded(false);
    }
  }
  load();
  return title;
}

/** Who did it: a user's e-mail; without one, padvinder itself, except a failed login (someone
 * typed a wrong password for the account the line names). */
export function who(e) {
  if (e.actor) return e.actor;
  return t(e.action === 'login_failed' ? 'ws.audit.notLoggedIn' : 'ws.audit.system');
}

/** When a line happened; a folded line (the server's, `count` > 1): how many times, between the
 * first and the last, the day said once when both are on it (once in all when the same minute). */
export function when(e) {
  const [from, to] = [fmt.dateTime(e.first_at), fmt.dateTime(e.at)];
  if (!(e.count > 1)) return to;
  if (from === to) return t('ws.audit.timesAt', { n: e.count, at: to });
  const day = fmt.day(e.at);
  return fmt.day(e.first_at) === day
    ? t('ws.audit.timesDay', { n: e.count, day, from: fmt.time(e.first_at), to: fmt.time(e.at) })
    : t('ws.audit.times', { n: e.count, from, to });
}

function entry(e) {
  let client = null;
  if (e.client) {
    // An erased client has no name any more: only its id is left, and nothing to link to.
    client = typeof e.client_name === 'string'
      ? h('a', { href: `#/client/${e.client}` }, t('ws.audit.clientNamed', { name: e.client_name }))
      : t('ws.audit.erasedClient', { id: e.client.slice(0, 8) });
  }
  const about = [
    client,
    // A plan is named by its client (not by a hash of its id); the link opens it. The line that
    // deletes the plan, and a line of an erased client, have no link: the plan is gone.
    e.plan && e.action !== 'delete_plan' && typeof e.client_name === 'string'
      ? h('a', { href: `#/plan/${e.plan}` }, t('ws.audit.plan'))
      : null,
    e.user ? t('ws.audit.user', { email: e.user }) : null,
  ].filter(Boolean);
  return h('li', { tabindex: '-1' },
    h('strong', {}, actionText(e.action)),
    h('span', { class: 'block muted' }, `${when(e)} · ${who(e)}`),
    about.length ? h('span', { class: 'block' }, about.flatMap((a, i) => (i ? [' · ', a] : [a]))) : null);
}
