// Talks to our own server only (relative to the page, so it also works behind a path prefix;
// in the embed relative to the app's root).
// Every failure becomes an ApiError with a `kind` the views can explain in plain words:
// 'network' (server unreachable), 'problem' (4xx/5xx, with RFC 9457 problem+json if given),
// 'bad-response' (not JSON).

export class ApiError extends Error {
  constructor(kind, status = 0, problem = null) {
    super(problem?.title || kind);
    this.kind = kind;
    this.status = status;
    // { type, title, status, detail, errors: [{ field, message }] } or null
    this.problem = problem;
  }

  /** The field errors of a problem+json answer (may be empty). */
  get fieldErrors() {
    return Array.isArray(this.problem?.errors) ? this.problem.errors : [];
  }
}

function url(path, params) {
  // The embed page (/embed/{tenant}/) names the app's root in data-api-base ("../../").
  const base = new URL(document.documentElement.dataset.apiBase || '', document.baseURI);
  const u = new URL(`api/v1/${path}`, base);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, v);
  }
  return u;
}

async function request(path, { params, body, signal } = {}) {
  let response;
  try {
    response = await fetch(url(path, params), {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined
        ? { Accept: 'application/json' }
        : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'omit', // no cookies, ever
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError('network');
  }
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    data = null;
  }
  if (!response.ok) throw new ApiError('problem', response.status, data);
  if (data === null) throw new ApiError('bad-response', response.status);
  return data;
}

/** GET /api/v1/{path}. */
export function getJson(path, params, signal) {
  return request(path, { params, signal });
}

/** POST /api/v1/{path} with a JSON body. */
export function postJson(path, body, params, signal) {
  return request(path, { params, body, signal });
}

/** True when `err` is an aborted request (the user moved on): show nothing. */
export function isAbort(err) {
  return err?.name === 'AbortError';
}
