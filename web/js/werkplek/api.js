// The counsellor workspace's requests (docs/workspace.md): the session cookie goes along
// (`credentials: 'same-origin'`; the cookie is HttpOnly, this code never sees it), and every
// request that changes something carries the session's CSRF token. The token and the user are
// kept in memory only: a reload asks the server again (GET session), nothing is written to
// localStorage or sessionStorage.

import { request, ApiError } from '../api.js';
import { lang } from '../i18n.js';

let session = null; // { csrf_token, user: { email, name, org, role } } or null
const endedListeners = [];

/** The logged-in user, or null. */
export function currentUser() {
  return session?.user ?? null;
}

/** Called with no arguments when the server says the session is gone (401 on a call). */
export function onSessionEnded(listener) {
  endedListeners.push(listener);
}

function isUnauthorised(err) {
  return err instanceof ApiError && err.kind === 'problem' && err.status === 401;
}

/**
 * One workspace request: `method` GET, POST, PATCH or DELETE on api/v1/`path`. Server texts come
 * in the app's language. A 401 ends the session here too and tells the listeners.
 */
export async function call(method, path, { body, params, signal } = {}) {
  const headers = method !== 'GET' && session ? { 'X-CSRF-Token': session.csrf_token } : {};
  try {
    return await request(path, {
      method, body, signal, headers, credentials: 'same-origin', params: { lang: lang(), ...params },
    });
  } catch (err) {
    if (isUnauthorised(err) && session) {
      session = null;
      for (const listener of endedListeners) listener();
    }
    throw err;
  }
}

/** Asks the server whether this browser has a session (after a reload); the user or null. */
export async function restoreSession(signal) {
  try {
    session = await request('session', { signal, credentials: 'same-origin', params: { lang: lang() } });
  } catch (err) {
    if (!isUnauthorised(err)) throw err;
    session = null;
  }
  return currentUser();
}

/** Logs in; the user. Throws ApiError (401 wrong e-mail or password, 429 locked, 422 fields). */
export async function login(email, password) {
  session = await request('session', {
    method: 'POST', body: { email, password }, credentials: 'same-origin', params: { lang: lang() },
  });
  return currentUser();
}

/**
 * Logs out on the server (a session that already ended is fine) and forgets it here. When the
 * server cannot be reached the session stays, and the error is thrown: the cookie still works.
 */
export async function logout() {
  try {
    if (session) await call('DELETE', 'session');
  } catch (err) {
    if (!isUnauthorised(err)) throw err;
  }
  session = null;
}
