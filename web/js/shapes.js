// The catalogue endpoints answer a record with what its page needs around it (docs/api.md and
// the OpenAPI document): GET paths/{id} { path, status, checked, functions }, GET functions/{id}
// { function, checked }, GET courses/{id} { course, checked, providers, paths }. These turn each
// answer into the record the views show: sources and check date from `provenance`, a path's
// status word with the date and sources of that status, one line per place a school teaches.

function withProvenance(r, checked) {
  return { ...r, sources: r.provenance.sources, checked: checked ?? r.provenance.checked };
}

/** A function (job), as the server writes it inside a path or in GET functions/{id}. */
export function functionRecord(f, checked) {
  return { ...withProvenance(f, checked), path: f.path_id };
}

/** One entry of GET paths: the status word is given, its details in `status_detail`. */
export function pathEntry(p) {
  return { ...p, status_sources: p.status_detail.sources || [], recognised_on: p.status_detail.on || null };
}

/** GET paths/{id}. */
export function pathDetail({ path, status, checked, functions }) {
  return {
    ...withProvenance(path, checked),
    status,
    status_sources: path.status.sources || [],
    recognised_on: path.status.on || null,
    functions: functions.map((f) => functionRecord(f)),
  };
}

/** GET functions/{id}. */
export function functionDetail(data) {
  return functionRecord(data.function, data.checked);
}

/** GET courses/{id}: the course with one line per place where a school teaches it. */
export function courseDetail({ course, checked, providers, paths }) {
  const places = providers.flatMap((p) => (p.locations.length
    ? p.locations.map((l) => ({ name: p.name, location: l.name, municipality: l.municipality }))
    : [{ name: p.name }]));
  return { ...withProvenance(course, checked), providers: places, paths };
}
