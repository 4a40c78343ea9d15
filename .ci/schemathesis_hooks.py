"""Schemathesis hooks for .ci/schemathesis.sh.

`data_decided_refusals_only`: a request that is valid by the OpenAPI document may be refused
422 only for a reason the document names as decided by data, not by the shape of the request.
Each such error code is listed here with the operations where the document says so.
"""

import schemathesis

# (field, error code) pairs (docs/api.md) that only data or the clock can decide, per operation,
# each as the OpenAPI document says it in words.
DATA_DECIDED = {
    # "a PC4 area that padvinder knows" (`GET /api/v1/postcodes` lists them); `tenant`: "one of
    # the tenants in the server's config" (the config decides, not the request's shape)
    ("POST", "/api/v1/match"): {("postcode", "unknown_postcode"), ("tenant", "invalid_value")},
    # "the day the client agreed (not in the future)": today decides
    ("POST", "/api/v1/clients"): {("consent.given_on", "invalid_date")},
    ("PATCH", "/api/v1/clients/{id}"): {("consent.given_on", "invalid_date")},
    # "which functions exist, and whether a route leads there for the client's profile, the
    # catalogue decides"; "which courses are on the route the catalogue and the profile decide"
    ("POST", "/api/v1/clients/{id}/plans"): {("target", "invalid_value")}
    | {(f"courses[{i}]", "invalid_value") for i in range(30)},
    ("PATCH", "/api/v1/plans/{id}"): {(f"courses[{i}]", "invalid_value") for i in range(30)},
    # "which functions exist and have a route for the profile the catalogue decides"; the
    # profile's postcode as for /match
    ("POST", "/api/v1/compare"): {(f"targets[{i}]", "invalid_value") for i in range(3)}
    | {("profile.postcode", "unknown_postcode")},
}


@schemathesis.check
def data_decided_refusals_only(ctx, response, case):
    meta = case.meta
    if response.status_code != 422 or meta is None or not meta.generation.mode.is_positive:
        return None
    allowed = DATA_DECIDED.get((case.method.upper(), case.path), set())
    try:
        errors = response.json().get("errors", [])
    except ValueError:
        errors = []
    found = {(e.get("field"), e.get("code")) for e in errors if isinstance(e, dict)}
    if not found or not found <= allowed:
        raise AssertionError(
            f"a schema-valid request was refused 422 for {sorted(found, key=str)}; "
            f"only {sorted(allowed)} are decided by data here"
        )
    return None
