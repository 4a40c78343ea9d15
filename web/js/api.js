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
    // Seconds from a 429's or 503's Retry-After header, or null.
    this.retryAfter = null;
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

/**
 * One request to api/v1. The job seeker app sends no cookies (`credentials: 'omit'`); only the
 * counsellor workspace (js/werkplek/api.js) sends its session cookie, with `method` and
 * `headers` of its own. A 204 answer is `null`.
 */
export async function request(path, {
  params, body, signal, method, headers = {}, credentials = 'omit',
} = {}) {
  let response;
  try {
    response = await fetch(url(path, params), {
      method: method || (body === undefined ? 'GET' : 'POST'),
      headers: body === undefined
        ? { Accept: 'application/json', ...headers }
        : { Accept: 'application/json', 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials,
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError('network');
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    data = null;
  }
  if (!response.ok) {
    const error = new ApiError('problem', response.status, data);
    const wait = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    if (Number.isFinite(wait) && wait >= 0) error.retryAfter = wait;
    throw error;
  }
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
