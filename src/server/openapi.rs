//! The OpenAPI 3.1 description of the API, built from the same route table the router uses
//! ([`ROUTES`]), and snapshot-tested so that every change to it is seen in review.

use serde_json::{Value, json};

/// One documented route: method, path, summary, query parameters, request body and answer.
pub struct RouteDoc {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    /// (name, description, required)
    pub query: &'static [(&'static str, &'static str, bool)],
    /// Description of the JSON request body, when there is one.
    pub body: Option<&'static str>,
    pub answer: &'static str,
    /// Error statuses this route can answer besides 413/415/408 that apply to all.
    pub errors: &'static [u16],
}

/// Every route of the API. `tests/api` checks that each one answers as documented.
pub const ROUTES: &[RouteDoc] = &[
    RouteDoc {
        method: "get",
        path: "/api/v1/search",
        summary: "Search functions, courses and paths (typo tolerant, prefix on the last word).",
        query: &[
            ("q", "What to look for, any text.", false),
            ("kind", "function, course or path.", false),
            ("sector", "techniek, bouw, energie or ict.", false),
            ("level", "NLQF level 1-8.", false),
            (
                "route",
                "BBL, BOL, derde_leerweg, deeltijd, online or kort.",
                false,
            ),
            ("region", "Labour-market region code (AM01) or name.", false),
            ("limit", "Hits per page, 0-100 (default 10).", false),
            ("offset", "Hits to skip, 0-10000.", false),
        ],
        body: None,
        answer: "{total, hits: [{kind, id, title, score, snippet}], facets: {kind, sector, level, route, region}}",
        errors: &[400],
    },
    RouteDoc {
        method: "get",
        path: "/api/v1/suggest",
        summary: "Typeahead over ESCO occupations and functions, at most 10.",
        query: &[("q", "The words typed so far.", true)],
        body: None,
        answer: "{suggestions: [{kind: occupation|function, id, label, isco}]}",
        errors: &[400],
    },
    RouteDoc {
        method: "post",
        path: "/api/v1/match",
        summary: "Ranked, explained routes for a person's profile (docs/match.md).",
        query: &[("limit", "Routes to return, 1-50 (default 10).", false)],
        body: Some(
            "A profile: current_occupation, education_level, diplomas, postcode, hours_per_week, situation, ...",
        ),
        answer: "{resolved_occupation, routes: [...]} as in docs/match.md",
        errors: &[400, 422],
    },
    RouteDoc {
        method: "post",
        path: "/api/v1/slim",
        summary: "SLIM eligibility for a case given directly (indicative, not a decision).",
        query: &[],
        body: Some(
            "A case: course {nlqf_level, work_and_learn, cost_eur, ...}, path_status, course_in_path, situation, application_date, start_date",
        ),
        answer: "{status, criteria, rate_pct, amount_eur, applicant, note_nl, note_en, receipt}",
        errors: &[400, 422],
    },
    RouteDoc {
        method: "get",
        path: "/api/v1/paths",
        summary: "All development paths with their status and sources.",
        query: &[],
        body: None,
        answer: "{paths: [{id, name, sector, status, description, functions, sources, checked}]}",
        errors: &[],
    },
    RouteDoc {
        method: "get",
        path: "/api/v1/paths/{id}",
        summary: "One development path with its functions and transitions.",
        query: &[],
        body: None,
        answer: "{path, status, checked, functions}",
        errors: &[404],
    },
    RouteDoc {
        method: "get",
        path: "/api/v1/functions/{id}",
        summary: "One function (job).",
        query: &[],
        body: None,
        answer: "{function, checked}",
        errors: &[404],
    },
    RouteDoc {
        method: "get",
        path: "/api/v1/courses/{id}",
        summary: "One course unit with its providers and paths.",
        query: &[],
        body: None,
        answer: "{course, checked, providers, paths}",
        errors: &[404],
    },
    RouteDoc {
        method: "post",
        path: "/api/v1/admin/reload",
        summary: "Validate and load the catalogue again; the old one serves until the new one is ready. Off unless an admin token is configured.",
        query: &[],
        body: None,
        answer: "{reloaded, documents}",
        errors: &[401, 404, 422, 429],
    },
    RouteDoc {
        method: "get",
        path: "/healthz",
        summary: "The process is up.",
        query: &[],
        body: None,
        answer: "ok",
        errors: &[],
    },
    RouteDoc {
        method: "get",
        path: "/readyz",
        summary: "A catalogue is loaded and its index answers.",
        query: &[],
        body: None,
        answer: "ready: N documents",
        errors: &[503],
    },
    RouteDoc {
        method: "get",
        path: "/metrics",
        summary: "Request counts and latency histograms per route (Prometheus text).",
        query: &[],
        body: None,
        answer: "Prometheus text format",
        errors: &[],
    },
];

fn problem_response(status: u16) -> Value {
    json!({
        "description": format!("{status}: a problem report (RFC 9457)"),
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

/// The whole OpenAPI document.
pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for r in ROUTES {
        let parameters: Vec<Value> = r
            .query
            .iter()
            .map(|(name, description, required)| {
                json!({"name": name, "in": "query", "required": required, "description": description, "schema": {"type": "string"}})
            })
            .chain(r.path.contains("{id}").then(|| {
                json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}})
            }))
            .collect();
        let mut responses = serde_json::Map::new();
        responses.insert(
            "200".into(),
            json!({"description": r.answer, "content": {"application/json": {"schema": {"type": "object"}}}}),
        );
        let mut statuses: Vec<u16> = r.errors.to_vec();
        statuses.extend([408, 413]);
        if r.body.is_some() {
            statuses.push(415);
        }
        statuses.sort_unstable();
        for s in statuses {
            responses.insert(s.to_string(), problem_response(s));
        }
        let mut op =
            json!({"summary": r.summary, "parameters": parameters, "responses": responses});
        if let Some(body) = r.body {
            op["requestBody"] = json!({
                "required": true,
                "description": body,
                "content": {"application/json": {"schema": {"type": "object"}}}
            });
        }
        let entry = paths.entry(r.path.to_owned()).or_insert_with(|| json!({}));
        entry[r.method] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "padvinder",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Routes into technical and digital work along Dutch development paths. SLIM results are indicative, never a decision."
        },
        "paths": paths,
        "components": {"schemas": {"Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string"}, "title": {"type": "string"},
                "status": {"type": "integer"}, "detail": {"type": "string"},
                "errors": {"type": "array", "items": {"type": "object", "properties": {
                    "field": {"type": "string"}, "message": {"type": "string"}}}}
            }
        }}}
    })
}
