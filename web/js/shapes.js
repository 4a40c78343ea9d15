// The catalogue endpoints may answer a flat record (as in docs/api.md) or the record wrapped
// with extras: { path: {…}, status, checked, functions }, { function: {…}, checked },
// { course: {…}, checked, providers, paths }. Records may keep their sources and date in
// `provenance` and a path's status as { status, on, sources }. These functions turn any of
// those into one flat shape, so the views need not care.

/** Merges a wrapped record with the extras around it (the extras win: they are the summary). */
function unwrap(data, key) {
  if (data && typeof data[key] === 'object' && data[key] !== null && !Array.isArray(data[key])) {
    const { [key]: inner, ...extras } = data;
    return { ...inner, ...extras };
  }
  return { ...data };
}

/** A date only when it is a "YYYY-MM-DD" string; other encodings are left out, not guessed. */
function dateText(value) {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value : null;
}

function provenance(r) {
  return {
    sources: Array.isArray(r.sources) ? r.sources : r.provenance?.sources || [],
    checked: dateText(r.checked) || dateText(r.provenance?.checked),
  };
}

/** A development path, from GET paths (one entry) or GET paths/{id}. */
export function pathRecord(data) {
  const p = unwrap(data, 'path');
  // The detailed status may sit in the list entry (status_detail) or in the wrapped record.
  const detail = [p.status_detail, data?.path?.status, p.status].find((s) => s && typeof s === 'object') || {};
  const status = typeof p.status === 'string' ? p.status : detail.status;
  return {
    ...p,
    ...provenance(p),
    status,
    status_sources: p.status_sources || detail.sources || [],
    recognised_on: dateText(p.recognised_on) || dateText(detail.on),
    functions: Array.isArray(p.functions) ? p.functions.map(functionRecord) : p.functions,
    transitions: Array.isArray(p.transitions) ? p.transitions : [],
  };
}

/** A function (job), from GET functions/{id} or inside a path. */
export function functionRecord(data) {
  const f = unwrap(data, 'function');
  return { ...f, ...provenance(f), path: f.path || f.path_id || null };
}

/** A course with its schools (one line per location) and its paths, from GET courses/{id}. */
export function courseRecord(data) {
  const c = unwrap(data, 'course');
  const providers = (c.providers || []).flatMap((p) => {
    if (typeof p === 'string' || !Array.isArray(p.locations)) return [p];
    if (!p.locations.length) return [{ name: p.name }];
    return p.locations.map((l) => ({ name: p.name, location: l.name, municipality: l.municipality }));
  });
  return { ...c, ...provenance(c), cost_eur: c.cost_eur ?? 'unknown', providers };
}
