//! The counsellor workspace's routes: session, clients, audit. Each reads its input, runs the
//! workspace call on a blocking thread (the store writes to disk; a login, which checks a
//! password, in the bounded login pool) and answers JSON or a problem in the caller's language. Organisation scoping is the workspace's and the store's job: a handler
//! only passes the session along.

use std::sync::Arc;

use aide::OperationOutput;
use aide::generate::GenContext;
use aide::openapi::{Operation, Response as DocResponse};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, NoContent, Response};
use serde::{Deserialize, Serialize};
use time::Date;

use super::bodies::{JsonBody, Params};
use super::jobs::JobError;
use super::state::AppState;
use super::workspace_auth::{Counsellor, Refusal, is_https, now, set_cookie, workspace};
use crate::base::ErrorCode;
use crate::base::schema::IsoDate;
use crate::messages::Lang;
use crate::store::{ClientStatus, Email, OrgId, Role, Session};
use crate::workspace::{
    AuditLine, CaseloadFilter, CaseloadRow, ClientExport, ClientInput, ClientPatchInput,
    ClientView, LoginInput, SortBy, Workspace, WorkspaceError,
};

type Shared = Arc<AppState>;

/// The most audit entries one page holds.
pub const MAX_AUDIT_PAGE: usize = 500;

/// The query string of the workspace routes that read only a language.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct LangParams {
    /// The language of error texts: `nl` (default) or `en`.
    #[schemars(with = "Option<Lang>")]
    pub lang: Option<String>,
}

/// The query string of `GET /api/v1/clients/{id}/export`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ExportParams {
    /// The language of the plans' route texts, the plan changes' texts and of error texts:
    /// `nl` or `en`; without it the `Accept-Language` header's choice of nl and en, else Dutch.
    #[schemars(with = "Option<Lang>")]
    pub lang: Option<String>,
}

/// The query string of `GET /api/v1/clients`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct CaseloadParams {
    /// The language of error texts: `nl` (default) or `en`.
    #[schemars(with = "Option<Lang>")]
    pub lang: Option<String>,
    /// Only clients with this status.
    #[schemars(with = "Option<ClientStatus>")]
    pub status: Option<String>,
    /// Only clients whose display name contains this text (any case), or the intake with this whole reference (any case; `PV`, spaces and hyphens may be left out).
    pub q: Option<String>,
    /// Only clients to review on or before this day.
    #[schemars(with = "Option<IsoDate>")]
    pub review_before: Option<String>,
    /// `name` (default), `review_on` (soonest first) or `last_activity` (latest first).
    #[schemars(with = "Option<SortBy>")]
    pub sort: Option<String>,
}

/// The query string of `GET /api/v1/audit`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct AuditParams {
    /// The language of error texts: `nl` (default) or `en`.
    #[schemars(with = "Option<Lang>")]
    pub lang: Option<String>,
    /// Only entries older than this sequence number (`next_before` of the previous page).
    #[schemars(with = "Option<u64>", range(max = u64::MAX))]
    pub before: Option<String>,
    /// Stored entries per page (default 100, at most 500); repeats are folded, so a page may
    /// have fewer lines.
    #[schemars(with = "Option<usize>", range(min = 1, max = MAX_AUDIT_PAGE))]
    pub limit: Option<String>,
}

/// The client id in a path.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[schemars(inline)]
pub struct ClientPath {
    /// The client's id (32 hex digits).
    pub id: String,
}

/// The logged-in user.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SessionUser {
    pub email: Email,
    pub name: String,
    pub org: OrgId,
    /// The organisation's display name; `null` when the operator gave it none (show `org`).
    pub org_name: Option<String>,
    pub role: Role,
}

/// What `POST /api/v1/session` and `GET /api/v1/session` answer.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SessionAnswer {
    /// Send this in the `X-CSRF-Token` header with every request that changes something.
    pub csrf_token: String,
    pub user: SessionUser,
}

/// What `GET /api/v1/clients` answers.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Caseload {
    pub clients: Vec<CaseloadRow>,
}

/// What `GET /api/v1/audit` answers: newest first, repeats folded into one line.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditLine>,
    /// Pass as `before` for the next (older) page; `null` on the last page.
    pub next_before: Option<u64>,
}

/// A JSON answer with a `Set-Cookie` header (logging in).
pub struct WithCookie<T>(HeaderValue, Json<T>);

impl<T: Serialize> IntoResponse for WithCookie<T> {
    fn into_response(self) -> Response {
        let mut response = self.1.into_response();
        response.headers_mut().insert(header::SET_COOKIE, self.0);
        response
    }
}

impl<T: schemars::JsonSchema> OperationOutput for WithCookie<T> {
    type Inner = T;
    fn operation_response(ctx: &mut GenContext, op: &mut Operation) -> Option<DocResponse> {
        Json::<T>::operation_response(ctx, op)
    }
    fn inferred_responses(
        ctx: &mut GenContext,
        op: &mut Operation,
    ) -> Vec<(Option<u16>, DocResponse)> {
        Json::<T>::inferred_responses(ctx, op)
    }
}

/// A JSON answer with status 201 Created.
pub struct Created<T>(pub Json<T>);

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        (StatusCode::CREATED, self.0).into_response()
    }
}

impl<T: schemars::JsonSchema> OperationOutput for Created<T> {
    type Inner = T;
    fn operation_response(ctx: &mut GenContext, op: &mut Operation) -> Option<DocResponse> {
        Json::<T>::operation_response(ctx, op)
    }
    fn inferred_responses(
        ctx: &mut GenContext,
        op: &mut Operation,
    ) -> Vec<(Option<u16>, DocResponse)> {
        Json::<T>::operation_response(ctx, op)
            .map(|r| vec![(Some(201), r)])
            .unwrap_or_default()
    }
}

/// The `lang` parameter: Dutch when absent; 400 naming `lang` when not nl or en.
pub(super) fn lang(value: Option<&str>) -> Result<Lang, Refusal> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(Lang::Nl),
        Some(v) => Lang::parse(v).map_err(|_| {
            Refusal(
                WorkspaceError::field(
                    "lang",
                    ErrorCode::NotOneOf,
                    "kies nl of en",
                    "choose nl or en",
                ),
                Lang::Nl,
            )
        }),
    }
}

/// The language asked for without a session: the `lang` parameter (400 naming it when not nl or
/// en); without it the `Accept-Language` header's choice of nl and en, else Dutch.
pub(super) fn asked_lang(value: Option<&str>, headers: &HeaderMap) -> Result<Lang, Refusal> {
    let asked = lang(value)?;
    Ok(match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(_) => asked,
        None => crate::messages::api::preferred(
            None,
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        ),
    })
}

/// Runs a workspace call on the blocking pool (it writes to disk).
pub(super) async fn blocking<T: Send + 'static>(
    lang: Lang,
    work: impl FnOnce() -> Result<T, WorkspaceError> + Send + 'static,
) -> Result<T, Refusal> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| WorkspaceError::Internal(e.to_string()))
        .and_then(|r| r)
        .map_err(|e| Refusal(e, lang))
}

impl Counsellor {
    /// Runs a workspace call for this session on the blocking pool (it writes to disk).
    pub async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce(&Workspace, &Session) -> Result<T, WorkspaceError> + Send + 'static,
    ) -> Result<T, Refusal> {
        let Counsellor {
            session,
            workspace,
            lang,
        } = self;
        blocking(lang, move || work(&workspace, &session)).await
    }
}

/// Runs work that checks or hashes a password in the login pool: Argon2id is costly on purpose,
/// so this work may not take more than `server.max_login_jobs` places, and a flood of it is
/// refused at once (503).
pub(super) async fn in_login_pool<T: Send + 'static>(
    state: &AppState,
    lang: Lang,
    work: impl FnOnce() -> Result<T, WorkspaceError> + Send + 'static,
) -> Result<T, Refusal> {
    state
        .logins
        .run(work)
        .await
        .map_err(|e| match e {
            JobError::Busy => WorkspaceError::Busy,
            JobError::Failed(why) => WorkspaceError::Internal(why),
        })
        .and_then(|r| r)
        .map_err(|e| Refusal(e, lang))
}

/// POST /api/v1/session: logs in; sets the session cookie.
pub async fn login(
    State(state): State<Shared>,
    Params(q): Params<LangParams>,
    headers: HeaderMap,
    body: JsonBody<LoginInput>,
) -> Result<WithCookie<SessionAnswer>, Refusal> {
    let lang = lang(q.lang.as_deref())?;
    let ws = workspace(&state, lang)?;
    let value = body.value;
    let logged = in_login_pool(&state, lang, move || ws.login(&value, now())).await?;
    let answer = SessionAnswer {
        csrf_token: logged.session.csrf_token.clone(),
        user: SessionUser {
            email: logged.session.email.clone(),
            name: logged.name,
            org: logged.session.org.clone(),
            org_name: logged.org_name,
            role: logged.session.role,
        },
    };
    Ok(WithCookie(
        set_cookie(Some(&logged.token), is_https(&headers)),
        Json(answer),
    ))
}

/// GET /api/v1/session: who is logged in, with the CSRF token (after a page reload).
pub async fn current_session(me: Counsellor) -> Result<Json<SessionAnswer>, Refusal> {
    let ws = Arc::clone(&me.workspace);
    let session = me.session.clone();
    let (user, org_name) = blocking(me.lang, move || {
        let user = ws.user(&session)?;
        let org_name = ws.org_name(&user.org)?;
        Ok((user, org_name))
    })
    .await?;
    Ok(Json(SessionAnswer {
        csrf_token: me.session.csrf_token,
        user: SessionUser {
            email: user.email,
            name: user.name,
            org: user.org,
            org_name,
            role: user.role,
        },
    }))
}

/// DELETE /api/v1/session: logs out; removes the cookie.
pub async fn logout(me: Counsellor, headers: HeaderMap) -> Result<Response, Refusal> {
    let ws = Arc::clone(&me.workspace);
    let session = me.session.clone();
    blocking(me.lang, move || ws.logout(&session, now())).await?;
    let mut response = NoContent.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(None, is_https(&headers)));
    Ok(response)
}

/// POST /api/v1/clients
pub async fn create_client(
    me: Counsellor,
    body: JsonBody<ClientInput>,
) -> Result<Created<ClientView>, Refusal> {
    let value = body.value;
    let client = me
        .run(move |ws, session| ws.create_client(session, &value, now()))
        .await?;
    Ok(Created(Json(client)))
}

fn parse_date(field: &str, text: &str) -> Result<Date, WorkspaceError> {
    Date::parse(
        text.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| {
        WorkspaceError::field(
            field,
            ErrorCode::InvalidDate,
            "geef een datum als 2026-09-01",
            "give a date like 2026-09-01",
        )
    })
}

/// GET /api/v1/clients: the caseload.
pub async fn caseload(
    me: Counsellor,
    Params(q): Params<CaseloadParams>,
) -> Result<Json<Caseload>, Refusal> {
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let refuse = |e| Refusal(e, me.lang);
    lang(q.lang.as_deref())?;
    let status = given(&q.status)
        .map(|s| {
            s.to_lowercase().parse::<ClientStatus>().map_err(|_| {
                WorkspaceError::field(
                    "status",
                    ErrorCode::NotOneOf,
                    "kies actief, gepauzeerd of afgesloten",
                    "choose actief, gepauzeerd or afgesloten",
                )
            })
        })
        .transpose()
        .map_err(refuse)?;
    let review_before = given(&q.review_before)
        .map(|d| parse_date("review_before", &d))
        .transpose()
        .map_err(refuse)?;
    let sort = given(&q.sort)
        .map(|s| {
            s.parse::<SortBy>().map_err(|_| {
                WorkspaceError::field(
                    "sort",
                    ErrorCode::NotOneOf,
                    "kies name, review_on of last_activity",
                    "choose name, review_on or last_activity",
                )
            })
        })
        .transpose()
        .map_err(refuse)?
        .unwrap_or_default();
    let filter = CaseloadFilter {
        status,
        name: given(&q.q),
        review_before,
        sort,
    };
    let clients = me
        .run(move |ws, session| ws.caseload(session, &filter))
        .await?;
    Ok(Json(Caseload { clients }))
}

/// GET /api/v1/clients/{id}
pub async fn client(
    me: Counsellor,
    Path(ClientPath { id }): Path<ClientPath>,
) -> Result<Json<ClientView>, Refusal> {
    let client = me
        .run(move |ws, session| ws.client(session, &id, now()))
        .await?;
    Ok(Json(client))
}

/// PATCH /api/v1/clients/{id}
pub async fn update_client(
    me: Counsellor,
    Path(ClientPath { id }): Path<ClientPath>,
    body: JsonBody<ClientPatchInput>,
) -> Result<Json<ClientView>, Refusal> {
    let value = body.value;
    let client = me
        .run(move |ws, session| ws.update_client(session, &id, &value, now()))
        .await?;
    Ok(Json(client))
}

/// DELETE /api/v1/clients/{id}: erasure.
pub async fn erase_client(
    me: Counsellor,
    Path(ClientPath { id }): Path<ClientPath>,
) -> Result<NoContent, Refusal> {
    me.run(move |ws, session| ws.erase_client(session, &id, now()))
        .await?;
    Ok(NoContent)
}

/// GET /api/v1/clients/{id}/export: the plans' and their changes' texts in the language asked
/// for.
pub async fn export_client(
    me: Counsellor,
    Path(ClientPath { id }): Path<ClientPath>,
    Params(q): Params<ExportParams>,
) -> Result<Json<ClientExport>, Refusal> {
    // Checked here; the counsellor's language is then the query's, else Accept-Language's.
    lang(q.lang.as_deref())?;
    let lang = me.lang;
    let export = me
        .run(move |ws, session| ws.export_client(session, &id, lang, now()))
        .await?;
    Ok(Json(export))
}

/// GET /api/v1/audit: the organisation's audit log, for its admins.
pub async fn audit(
    me: Counsellor,
    Params(q): Params<AuditParams>,
) -> Result<Json<AuditPage>, Refusal> {
    lang(q.lang.as_deref())?;
    let refuse = |field: &str, nl: &str, en: &str| {
        Refusal(
            WorkspaceError::field(field, ErrorCode::OutOfRange, nl, en),
            me.lang,
        )
    };
    let number = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let limit = match number(&q.limit) {
        None => 100,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_AUDIT_PAGE).contains(n))
            .ok_or_else(|| {
                refuse(
                    "limit",
                    "geef een getal van 1 tot 500",
                    "give a number from 1 to 500",
                )
            })?,
    };
    let before = match number(&q.before) {
        None => None,
        Some(v) => Some(v.parse::<u64>().map_err(|_| {
            refuse(
                "before",
                "geef een volgnummer uit next_before",
                "give a sequence number from next_before",
            )
        })?),
    };
    let page = me
        .run(move |ws, session| ws.audit_log(session, before, limit))
        .await?;
    Ok(Json(AuditPage {
        entries: page.lines,
        next_before: page.next_before,
    }))
}
