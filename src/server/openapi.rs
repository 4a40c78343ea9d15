//! The OpenAPI 3.1 document at `/api/openapi.json`. aide builds it from the router itself
//! ([`super::api_routes`]): each route's parameters, request body and 200 answer come from its
//! handler's types and their `JsonSchema` derives, so the document cannot drift from the code.
//! The functions here add what a type cannot say: a summary, and which problems a route answers.
//! `tests/api` snapshots the document and checks real answers against its schemas.

use aide::generate::GenContext;
use aide::openapi::{
    Components, Info, MediaType, OpenApi, Operation, ReferenceOr, Response, SchemaObject,
    SecurityScheme, StatusCode,
};
use aide::transform::TransformOperation;
use aide::{OperationInput, OperationOutput};
use schemars::Schema;

use super::problem::Problem;

/// The security scheme of a tenant's API key (docs/embed.md).
pub const TENANT_KEY: &str = "tenantKey";

/// The document's head; [`super::api_routes`] fills in paths and schemas.
pub fn base() -> OpenApi {
    let tenant_key = SecurityScheme::Http {
        scheme: "bearer".into(),
        bearer_format: Some("pvk_ and 64 hex digits".into()),
        description: Some(
            "A tenant's API key for server-to-server use (`padvinder tenants key`). Optional: \
             without it the job seeker API answers too, limited per client address \
             (`server.anonymous_rate_limit_per_minute`); with it, at the tenant's \
             `rate_limit_per_minute`. A key that is not a tenant's is 401. \
             `GET /api/v1/insight` needs it: it answers the key's tenant."
                .into(),
        ),
        extensions: Default::default(),
    };
    OpenApi {
        components: Some(Components {
            security_schemes: std::iter::once((
                TENANT_KEY.to_owned(),
                ReferenceOr::Item(tenant_key),
            ))
            .collect(),
            ..Components::default()
        }),
        info: Info {
            title: "padvinder".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description: Some(
                "Routes into technical and digital work along Dutch development paths. \
                 SLIM results are indicative, never a decision. Errors are \
                 application/problem+json (RFC 9457)."
                    .into(),
            ),
            ..Info::default()
        },
        ..OpenApi::default()
    }
}

impl OperationOutput for Problem {
    type Inner = Problem;

    fn operation_response(ctx: &mut GenContext, _: &mut Operation) -> Option<Response> {
        let json_schema = ctx.schema.subschema_for::<Problem>();
        Some(Response {
            description: "A problem report (RFC 9457).".into(),
            content: content("application/problem+json", json_schema),
            ..Default::default()
        })
    }
}

/// The `content` of a body or response: one media type with its schema.
pub fn content<C: FromIterator<(String, MediaType)>>(media_type: &str, json_schema: Schema) -> C {
    let media = MediaType {
        schema: Some(SchemaObject {
            json_schema,
            example: None,
            external_docs: None,
        }),
        ..MediaType::default()
    };
    std::iter::once((media_type.to_owned(), media)).collect()
}

/// A `Problem` never blocks documenting a handler that takes it as a rejection.
impl OperationInput for Problem {}

/// Documents the problems a route can answer, besides the 408 and 413 every route can give
/// (and 415 where a JSON body is read); the admin reload has no time limit and drops 408.
pub(super) fn problems<'t>(
    mut op: TransformOperation<'t>,
    statuses: &[(u16, &str)],
) -> TransformOperation<'t> {
    let operation = op.inner_mut();
    let mut all: Vec<(u16, &str)> = statuses.to_vec();
    all.push((408, "The request took longer than 10 s."));
    all.push((
        500,
        "Something went wrong on our side; the request can be sent again.",
    ));
    all.push((413, "The body is larger than 64 kB."));
    if operation.request_body.is_some() {
        all.push((415, "The body is not sent as application/json."));
    }
    all.sort_unstable_by_key(|(status, _)| *status);
    aide::generate::in_context(|ctx| {
        for (status, why) in all {
            if let Some(mut response) = Problem::operation_response(ctx, operation) {
                response.description = why.to_owned();
                operation
                    .responses
                    .get_or_insert_with(Default::default)
                    .responses
                    .insert(StatusCode::Code(status), ReferenceOr::Item(response));
            }
        }
    });
    op
}

/// Documents a route of the job seeker API ([`super::access`]): the problems it answers, the
/// optional tenant key with its 401, and the rate limit's 429.
fn job_seeker_api<'t>(
    op: TransformOperation<'t>,
    statuses: &[(u16, &str)],
) -> TransformOperation<'t> {
    let mut all = statuses.to_vec();
    all.push((
        401,
        "`Authorization` holds no tenant's API key (send `Bearer <key>`, or no `Authorization` at all).",
    ));
    all.push((
        429,
        "Over the rate limit: the tenant's `rate_limit_per_minute` with its key, else `server.anonymous_rate_limit_per_minute` per client address. Ask again after `Retry-After` seconds.",
    ));
    let mut op = problems(op, &all);
    // Anonymous or with a tenant's key.
    let security = &mut op.inner_mut().security;
    security.push(Default::default());
    security.push(std::iter::once((TENANT_KEY.to_owned(), Vec::new())).collect());
    op
}

/// The 503 of the routes whose work runs in the bounded blocking pool.
const BUSY: (u16, &str) = (
    503,
    "Every place of the blocking pool is taken (`server.max_blocking_jobs`); nothing was done. Ask again after `Retry-After` seconds.",
);

/// A search text over the search module's limits (search and suggest).
const QUERY_OVER_LIMIT: (u16, &str) = (
    422,
    "`q` is longer than 500 characters or has more than 10 words; `errors` names the limit.",
);

pub fn search(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("Search functions, courses and paths")
        .description(
            "Typo tolerant in every field; the last word may be a prefix. Facets count every \
             match. When no record holds every word, words are left out (`relaxed`, \
             `used_words`); when nothing is found, `suggestions` offers words that are.",
        )
        .tag("catalogue");
    job_seeker_api(
        op,
        &[
            (
                400,
                "A filter, limit or offset is not valid; `errors` names it.",
            ),
            QUERY_OVER_LIMIT,
            BUSY,
        ],
    )
}

pub fn insight(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("A job centre's anonymous insight, per ISO week")
        .description(
            "For the tenant whose API key is sent (`Authorization: Bearer <key>`), or, without \
             a key, for the tenant that names the organisation of a logged-in workspace admin \
             (the session cookie): searches and matches per week, and the most searched job words, the route \
             targets most often shown and the municipalities people matched from. Counts \
             only, from searches and matches sent with `tenant` or the tenant's key; a value \
             counted fewer than `min_count` times in a week is left out of that week \
             (k-anonymity). Counts reach the store within a minute (docs/embed.md).",
        )
        .tag("insight");
    let mut op = problems(
        op,
        &[
            (
                400,
                "`from`, `to` or `lang` is not valid, or `from` is after `to`; `errors` names it.",
            ),
            (
                401,
                "No tenant's API key in `Authorization` (send `Bearer <key>`) and no live workspace session.",
            ),
            (
                403,
                "A workspace session of a counsellor who is not an admin, or of an organisation that no tenant names as `workspace_organisation`.",
            ),
            (
                422,
                "More than 53 weeks from `from` to `to`; `errors` names `from`.",
            ),
            (
                429,
                "Over the tenant's `rate_limit_per_minute`. Ask again after `Retry-After` seconds.",
            ),
            (
                503,
                "The store cannot be read now. Ask again after `Retry-After` seconds.",
            ),
        ],
    );
    op.inner_mut()
        .security
        .push(std::iter::once((TENANT_KEY.to_owned(), Vec::new())).collect());
    op
}

pub fn suggest(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("Typeahead over ESCO occupations and functions, at most 10")
        .tag("catalogue");
    job_seeker_api(op, &[QUERY_OVER_LIMIT, BUSY])
}

pub fn postcodes(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("Every postcode number (PC4) padvinder knows, to check a postcode on the device")
        .tag("matching");
    job_seeker_api(op, &[])
}

pub fn fees(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("How route costs are computed from the legal mbo fees, with sources")
        .description(
            "The same for every answer: a step's `cost_basis` points into the answer's \
             `fee_bases`; this says which school year's amounts are used and from whom. See \
             docs/match.md, \"What a course costs\".",
        )
        .tag("matching");
    job_seeker_api(op, &[(400, "`lang` is not nl or en.")])
}

pub fn match_profile(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("Ranked, explained routes for a person's profile")
        .description("See docs/match.md for how routes are built, scored and explained.")
        .tag("matching");
    job_seeker_api(
        op,
        &[
            (400, "`limit` is not valid, or the body is not JSON."),
            (
                422,
                "The profile has bad fields; `errors` names every one with a stable `code`. `detail` and each `message` are in `lang`. A profile valid by this document is refused only for what data decides: a postcode that is not a known PC4 area (`unknown_postcode`).",
            ),
            BUSY,
        ],
    )
}

pub fn handoff(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("Send a profile and a route to a job centre's advisers (from its embed)")
        .description(
            "Only for a tenant whose config names a `workspace_organisation`, on a server with \
             the counsellor workspace (docs/embed.md §5). The person's consent, given on screen \
             to the text of `consent.version`, their name and an e-mail address or phone number \
             are kept with the profile and the route in that organisation's caseload (status \
             `intake`); erased after 30 days when nobody picks it up. No account. Answered 201 \
             once it is on disk, with a receipt and a reference that holds no personal data.",
        )
        .tag("matching");
    job_seeker_api(
        op,
        &[
            (400, "The body is not JSON, or `lang` is not nl or en."),
            (413, "The body is over 16 KiB."),
            (
                422,
                "A field is wrong or missing (`tenant` when the tenant receives no hand-offs, `profile.*`, `target`, `contact.*`, `consent.agreed`, `consent.version`); `errors` names every one in `lang`.",
            ),
            (
                503,
                "Every place of the blocking pool is taken, or the organisation has 200 hand-offs waiting; nothing was stored.",
            ),
        ],
    )
}

pub fn slim(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("SLIM eligibility for a case (indicative, not a decision)")
        .tag("matching");
    job_seeker_api(
        op,
        &[
            (400, "The body is not JSON."),
            (422, "The case has bad fields; `errors` names every one."),
        ],
    )
}

pub fn paths(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("All development paths with their status and sources")
        .tag("catalogue");
    job_seeker_api(op, &[])
}

pub fn path(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("One development path with its functions and transitions")
        .tag("catalogue");
    job_seeker_api(op, &[(404, "No development path has this id.")])
}

pub fn function(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.summary("One function (job)").tag("catalogue");
    job_seeker_api(op, &[(404, "No function has this id.")])
}

pub fn course(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("One course unit with its providers and paths")
        .tag("catalogue");
    job_seeker_api(op, &[(404, "No course has this id.")])
}

pub fn reload(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("Validate and load the catalogue again")
        .description(
            "The old catalogue serves until the new one is ready. Off (404) unless an admin \
             token is configured; send it as `Authorization: Bearer <token>`.",
        )
        .tag("admin");
    let mut op = problems(
        op,
        &[
            (400, "`lang` is not nl or en."),
            (401, "The admin token is missing or wrong."),
            (
                404,
                "Reload over HTTP is off: no admin token is configured.",
            ),
            (
                422,
                "The new catalogue has problems (file:line in `errors`); the old one serves.",
            ),
            (429, "A reload is already running."),
        ],
    );
    // A reload answers when the new catalogue serves, however long that takes: no 408.
    if let Some(responses) = op.inner_mut().responses.as_mut() {
        responses.responses.shift_remove(&StatusCode::Code(408));
    }
    op
}

pub fn healthz(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.summary("The process is up").tag("operations");
    problems(op, &[])
}

pub fn readyz(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("A catalogue is loaded and its index answers")
        .tag("operations");
    let op = text(
        op,
        "text/plain; charset=utf-8",
        "Lines `ready: N documents`, `catalogue: HASH` (the catalogue's content hash), \
         `rules: VERSION` (the SLIM rules version) and `last reload: …` (not refused, or when \
         and why the older catalogue serves). Behind a proxy, every instance should answer the \
         same catalogue and rules.",
    );
    problems(op, &[(503, "The index is empty.")])
}

pub fn metrics(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .summary("Request counts and latency histograms per route (OpenMetrics text)")
        .tag("operations");
    let op = text(
        op,
        super::metrics::CONTENT_TYPE,
        "OpenMetrics text format 1.0.0, as Prometheus scrapes it",
    );
    problems(op, &[])
}

/// Documents a 200 answer of plain text served as `media_type`.
fn text<'t>(
    mut op: TransformOperation<'t>,
    media_type: &str,
    description: &str,
) -> TransformOperation<'t> {
    let response = Response {
        description: description.to_owned(),
        content: content(media_type, schemars::json_schema!({"type": "string"})),
        ..Default::default()
    };
    op.inner_mut()
        .responses
        .get_or_insert_with(Default::default)
        .responses
        .insert(StatusCode::Code(200), ReferenceOr::Item(response));
    op
}
