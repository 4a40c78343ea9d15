//! The organisation page's routes: an admin lists, adds, changes the role of and removes the
//! users of their own organisation (docs/workspace.md, "Users"). Adding hashes the first password (Argon2id, costly
//! on purpose), so it runs in the bounded login pool, as logging in does.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::response::NoContent;
use serde::{Deserialize, Serialize};

use super::bodies::{JsonBody, Params};
use super::state::AppState;
use super::workspace::{Created, LangParams, in_login_pool, lang};
use super::workspace_auth::{Counsellor, Refusal, now};
use crate::workspace::{RoleInput, UserInput, UserView};

type Shared = Arc<AppState>;

/// The user in a path.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[schemars(inline)]
pub struct UserPath {
    /// The user's e-mail address (their id).
    pub email: String,
}

/// What `GET /api/v1/users` answers: the organisation's users by name.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct UserList {
    pub users: Vec<UserView>,
}

/// GET /api/v1/users
pub async fn users(
    me: Counsellor,
    Params(q): Params<LangParams>,
) -> Result<Json<UserList>, Refusal> {
    lang(q.lang.as_deref())?;
    let users = me.run(|ws, session| ws.org_users(session)).await?;
    Ok(Json(UserList { users }))
}

/// POST /api/v1/users: a new counsellor or admin of the caller's organisation.
pub async fn add_user(
    State(state): State<Shared>,
    me: Counsellor,
    body: JsonBody<UserInput>,
) -> Result<Created<UserView>, Refusal> {
    let Counsellor {
        session,
        workspace,
        lang,
    } = me;
    let value = body.value;
    let user = in_login_pool(&state, lang, move || {
        workspace.add_org_user(&session, &value, now())
    })
    .await?;
    Ok(Created(Json(user)))
}

/// PATCH /api/v1/users/{email}: `{"role"}`, the user's new role; their sessions have it at
/// their next request.
pub async fn change_role(
    me: Counsellor,
    Path(UserPath { email }): Path<UserPath>,
    body: JsonBody<RoleInput>,
) -> Result<Json<UserView>, Refusal> {
    let value = body.value;
    let user = me
        .run(move |ws, session| ws.change_org_user_role(session, &email, &value, now()))
        .await?;
    Ok(Json(user))
}

/// DELETE /api/v1/users/{email}: removes the user; their sessions end at once.
pub async fn remove_user(
    me: Counsellor,
    Path(UserPath { email }): Path<UserPath>,
) -> Result<NoContent, Refusal> {
    me.run(move |ws, session| ws.remove_org_user(session, &email, now()))
        .await?;
    Ok(NoContent)
}
