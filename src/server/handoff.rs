//! `POST /api/v1/handoff?tenant=ID`: a person in a job centre's embed sends their profile and a
//! route to that job centre's advisers (docs/embed.md §5). Only for a tenant whose config names
//! a `workspace_organisation`, on a server with the workspace. No account: limited per client
//! address (the job seeker API's limit, [`super::access`]), per tenant ([`HANDOFFS_PER_MINUTE`])
//! and per organisation (intakes waiting, [`crate::workspace::MAX_WAITING_INTAKES`]); the body
//! is at most [`HANDOFF_BODY_LIMIT`] bytes. Answered 201 once the intake is on disk.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use super::bodies::{JsonBody, Params};
use super::rate_limit::Client;
use super::state::AppState;
use super::workspace::{Created, lang};
use super::workspace_auth::{Refusal, now};
use super::workspace_plans::pooled;
use crate::base::ErrorCode;
use crate::messages::Lang;
use crate::store::OrgId;
use crate::workspace::{IntakeInput, IntakeReceipt, IntakeRequest, WorkspaceError};

/// Hand-offs one tenant's embed may send a minute (all its visitors together; a minute's worth
/// at once): a job centre gets a few a day, a script filling a caseload is stopped here.
pub const HANDOFFS_PER_MINUTE: u32 = 10;
/// The largest hand-off body: a profile, a target and contact details fit many times over.
pub const HANDOFF_BODY_LIMIT: usize = 16 * 1024;

/// The query string of `POST /api/v1/handoff`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct HandoffParams {
    /// The embed's tenant id; its config names the organisation that receives the hand-off.
    pub tenant: Option<String>,
    /// The person's language, of the route, the consent text and every error: `nl` (default)
    /// or `en`.
    #[schemars(with = "Option<Lang>")]
    pub lang: Option<String>,
}

/// POST /api/v1/handoff
pub async fn handoff(
    State(state): State<Arc<AppState>>,
    Params(q): Params<HandoffParams>,
    body: JsonBody<IntakeInput>,
) -> Result<Created<IntakeReceipt>, Refusal> {
    let lang = lang(q.lang.as_deref())?;
    let refuse = |e: WorkspaceError| Refusal(e, lang);
    let tenants = state.tenants();
    let id = q.tenant.as_deref().map(str::trim).unwrap_or_default();
    let receiving = tenants.get(id).and_then(|t| {
        let org = OrgId::parse(t.tenant.workspace_organisation.as_deref()?).ok()?;
        Some((Arc::clone(t), org))
    });
    let (Some((tenant, org)), Some(ws)) = (receiving, state.workspace.clone()) else {
        return Err(refuse(WorkspaceError::field(
            "tenant",
            ErrorCode::InvalidValue,
            "deze organisatie ontvangt geen profielen via padvinder; gebruik de link of het telefoonnummer",
            "this organisation receives no profiles through padvinder; use the link or the phone number",
        )));
    };
    let loaded = state.current();
    let value = body.value;
    let limits = Arc::clone(&state);
    let work = move || {
        let matcher = loaded.matcher();
        let per_minute = limits.config.server.per_instance(HANDOFFS_PER_MINUTE);
        let admit = || {
            let bucket = Client::Handoff(tenant.tenant.id.clone());
            limits
                .limiter
                .check(bucket, per_minute, Instant::now())
                .map_err(|limited| limited.retry_after_secs)
        };
        ws.receive_intake(IntakeRequest {
            org: &org,
            tenant: &tenant.tenant.id,
            tenant_name: &tenant.tenant.name,
            body: &value,
            matcher: &matcher,
            lang,
            now: now(),
            admit: &admit,
        })
    };
    Ok(Created(Json(pooled(&state, lang, work).await?)))
}
