//! The routes of saved plans, their share links and route comparison. Like the other workspace
//! routes, each reads its input and hands the work to the workspace; saving a plan and
//! comparing compute routes, so they run in the bounded pool of [`super::jobs`].

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::response::NoContent;
use serde::{Deserialize, Serialize};

use super::bodies::{JsonBody, Params};
use super::jobs::JobError;
use super::state::AppState;
use super::workspace::{ClientPath, Created, LangParams, asked_lang, lang};
use super::workspace_auth::{Counsellor, Refusal, now};
use crate::matching::ComparedRoute;
use crate::messages::Lang;
use crate::workspace::{
    CompareFor, CompareInput, PlanChanges, PlanInput, PlanPatchInput, PlanRequest, PlanSummary,
    PlanView, ShareAnswer, ShareInput, SharedPlan, WorkspaceError, compare_request, compare_routes,
};

type Shared = Arc<AppState>;

/// The plan id in a path.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[schemars(inline)]
pub struct PlanPath {
    /// The plan's id (32 hex digits).
    pub id: String,
}

/// The token in a share link's path.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[schemars(inline)]
pub struct TokenPath {
    /// The share link's token (64 hex digits).
    pub token: String,
}

/// The query string of the routes that answer a saved plan.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct PlanLangParams {
    /// The language of the route's texts and of error texts: `nl` or `en`; without it the
    /// `Accept-Language` header's choice of nl and en, else Dutch. A plan saved before padvinder
    /// kept a route in both languages has its texts in one (`snapshot.lang` says which).
    #[schemars(with = "Option<Lang>")]
    pub lang: Option<String>,
}

/// The query string of a plan's changes.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ChangesParams {
    /// The language of the changes' texts and of error texts: `nl` (default) or `en`.
    #[schemars(with = "Option<Lang>")]
    pub lang: Option<String>,
}

/// What `GET /api/v1/clients/{id}/plans` answers: the client's plans, last changed first.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PlanList {
    pub plans: Vec<PlanSummary>,
}

/// What `POST /api/v1/compare` answers.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Comparison {
    /// The language of every text in the answer.
    pub lang: Lang,
    /// The routes in the order of `targets`.
    pub routes: Vec<ComparedRoute>,
}

/// Runs route computing work in the bounded pool: 503 when it is full.
pub(super) async fn pooled<T: Send + 'static>(
    state: &AppState,
    lang: Lang,
    work: impl FnOnce() -> Result<T, WorkspaceError> + Send + 'static,
) -> Result<T, Refusal> {
    match state.jobs.run(work).await {
        Ok(result) => result.map_err(|e| Refusal(e, lang)),
        Err(JobError::Busy) => Err(Refusal(WorkspaceError::Busy, lang)),
        Err(JobError::Failed(e)) => Err(Refusal(WorkspaceError::Internal(e), lang)),
    }
}

/// POST /api/v1/clients/{id}/plans: the server computes the route for the stored profile.
pub async fn create_plan(
    State(state): State<Shared>,
    me: Counsellor,
    Path(ClientPath { id }): Path<ClientPath>,
    Params(q): Params<LangParams>,
    body: JsonBody<PlanInput>,
) -> Result<Created<PlanView>, Refusal> {
    lang(q.lang.as_deref())?;
    let Counsellor {
        session,
        workspace: ws,
        lang,
    } = me;
    let loaded = state.current();
    let value = body.value;
    let plan = pooled(&state, lang, move || {
        let matcher = loaded.matcher();
        let request = PlanRequest {
            body: &value,
            matcher: &matcher,
            lang,
            now: now(),
        };
        ws.create_plan(&session, &id, request)
    })
    .await?;
    Ok(Created(Json(plan)))
}

/// GET /api/v1/clients/{id}/plans
pub async fn client_plans(
    me: Counsellor,
    Path(ClientPath { id }): Path<ClientPath>,
) -> Result<Json<PlanList>, Refusal> {
    let plans = me
        .run(move |ws, session| ws.plans_of_client(session, &id, now()))
        .await?;
    Ok(Json(PlanList { plans }))
}

/// GET /api/v1/plans/{id}: the route's texts in the language asked for.
pub async fn plan(
    me: Counsellor,
    Path(PlanPath { id }): Path<PlanPath>,
    Params(q): Params<PlanLangParams>,
) -> Result<Json<PlanView>, Refusal> {
    // Checked here; the counsellor's language is then the query's, else Accept-Language's.
    lang(q.lang.as_deref())?;
    let lang = me.lang;
    let plan = me
        .run(move |ws, session| ws.plan(session, &id, lang, now()))
        .await?;
    Ok(Json(plan))
}

/// PATCH /api/v1/plans/{id}: answers the plan, the route's texts in the language asked for.
pub async fn update_plan(
    me: Counsellor,
    Path(PlanPath { id }): Path<PlanPath>,
    Params(q): Params<PlanLangParams>,
    body: JsonBody<PlanPatchInput>,
) -> Result<Json<PlanView>, Refusal> {
    lang(q.lang.as_deref())?;
    let lang = me.lang;
    let value = body.value;
    let plan = me
        .run(move |ws, session| ws.update_plan(session, &id, &value, lang, now()))
        .await?;
    Ok(Json(plan))
}

/// DELETE /api/v1/plans/{id}
pub async fn delete_plan(
    me: Counsellor,
    Path(PlanPath { id }): Path<PlanPath>,
) -> Result<NoContent, Refusal> {
    me.run(move |ws, session| ws.delete_plan(session, &id, now()))
        .await?;
    Ok(NoContent)
}

/// GET /api/v1/plans/{id}/changes: what changed in the catalogue, fees or SLIM rules since the
/// plan was saved, in the request's language.
pub async fn plan_changes(
    me: Counsellor,
    Path(PlanPath { id }): Path<PlanPath>,
    Params(q): Params<ChangesParams>,
) -> Result<Json<PlanChanges>, Refusal> {
    changes_answer(me, id, q, false).await
}

/// POST /api/v1/plans/{id}/changes/seen: marks every change seen; answers the changes.
pub async fn see_changes(
    me: Counsellor,
    Path(PlanPath { id }): Path<PlanPath>,
    Params(q): Params<ChangesParams>,
) -> Result<Json<PlanChanges>, Refusal> {
    changes_answer(me, id, q, true).await
}

async fn changes_answer(
    me: Counsellor,
    id: String,
    q: ChangesParams,
    mark_seen: bool,
) -> Result<Json<PlanChanges>, Refusal> {
    let lang = lang(q.lang.as_deref())?;
    let changes = me
        .run(move |ws, session| {
            if mark_seen {
                ws.see_changes(session, &id, lang, now())
            } else {
                ws.plan_changes(session, &id, lang, now())
            }
        })
        .await?;
    Ok(Json(changes))
}

/// POST /api/v1/plans/{id}/share: a new link (an earlier one stops working).
pub async fn share_plan(
    me: Counsellor,
    Path(PlanPath { id }): Path<PlanPath>,
    body: JsonBody<ShareInput>,
) -> Result<Created<ShareAnswer>, Refusal> {
    let value = body.value;
    let answer = me
        .run(move |ws, session| ws.share_plan(session, &id, &value, now()))
        .await?;
    Ok(Created(Json(answer)))
}

/// DELETE /api/v1/plans/{id}/share: revokes the link.
pub async fn unshare_plan(
    me: Counsellor,
    Path(PlanPath { id }): Path<PlanPath>,
) -> Result<NoContent, Refusal> {
    me.run(move |ws, session| ws.unshare_plan(session, &id, now()))
        .await?;
    Ok(NoContent)
}

/// GET /api/v1/shared/{token}: the plan behind a share link, for anyone who has it, the
/// route's texts in the language asked for. No cookie is read, nothing is written.
pub async fn shared_plan(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(TokenPath { token }): Path<TokenPath>,
    Params(q): Params<PlanLangParams>,
) -> Result<Json<SharedPlan>, Refusal> {
    let lang = asked_lang(q.lang.as_deref(), &headers)?;
    let ws = super::workspace_auth::workspace(&state, lang)?;
    let plan =
        super::workspace::blocking(lang, move || ws.shared_plan(&token, lang, now())).await?;
    Ok(Json(plan))
}

/// POST /api/v1/compare: up to three routes side by side, for a profile (no session) or for a
/// client of the caller's organisation (session and CSRF header).
pub async fn compare(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
    Params(q): Params<LangParams>,
    body: JsonBody<CompareInput>,
) -> Result<Json<Comparison>, Refusal> {
    let lang = lang(q.lang.as_deref())?;
    let request = compare_request(&body.value).map_err(|e| Refusal(e, lang))?;
    let profile = match request.who {
        CompareFor::Profile(profile) => *profile,
        CompareFor::Client(id) => {
            let me = Counsellor::of_request(&state, &method, &headers, lang).await?;
            me.run(move |ws, session| ws.client_profile(session, &id, now()))
                .await?
        }
    };
    let loaded = state.current();
    let targets = request.targets;
    let routes = pooled(&state, lang, move || {
        compare_routes(&loaded.matcher(), &profile, &targets, lang, now().date())
    })
    .await?;
    Ok(Json(Comparison { lang, routes }))
}
