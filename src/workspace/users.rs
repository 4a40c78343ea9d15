//! The organisation's users, for its admins (the organisation page): list, add with a first
//! password the admin types (Argon2id, as `padvinder users add`), change a user's role, remove
//! (their sessions end). The organisation's last admin stays an admin and stays.
//! A counsellor is refused (403); a user of another organisation is not found (404), the same
//! as one that does not exist. Neither the audit log nor the logs ever hold a password.

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use super::accounts::{NewUser, name_field, password_problem};
use super::clients::{Fields, bad, object, unknown_fields};
use super::{Workspace, WorkspaceError};
use crate::base::ErrorCode;
use crate::store::{AuditAction, Email, OrgId, Role, RoleChange, Session, User};

/// The longest user name.
const MAX_NAME: usize = 100;
/// What [`name_field`] accepts, for the OpenAPI document: no control characters, something
/// besides white space (the 1 to 100 characters are `minLength` and `maxLength`).
const NAME_PATTERN: &str = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$";
/// What [`Email::parse`] accepts, for the OpenAPI document: its rule with the white space around
/// it that is trimmed.
const EMAIL_INPUT_PATTERN: &str = concat!(r"^\s*", crate::store::records::email_rule!(), r"\s*$");

/// What `POST /api/v1/users` reads. The body is read as JSON, so every bad field is named at
/// once; this is its schema.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct UserInput {
    /// The user's name, 1 to 100 characters.
    #[schemars(length(min = 1, max = MAX_NAME), regex(pattern = NAME_PATTERN))]
    name: String,
    /// The e-mail address the user logs in with.
    #[schemars(length(min = 3, max = 254), regex(pattern = EMAIL_INPUT_PATTERN))]
    email: String,
    /// `counsellor` (default) or `admin`.
    role: Option<Role>,
    /// The first password, 12 to 256 characters: the admin tells it to the user.
    #[schemars(length(min = 12, max = 256))]
    password: String,
}

/// What `PATCH /api/v1/users/{email}` reads: the user's new role.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct RoleInput {
    /// `counsellor` or `admin`.
    role: Role,
}

/// A user as their organisation's admin sees them (never the password's hash).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UserView {
    pub email: Email,
    pub name: String,
    pub role: Role,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created: OffsetDateTime,
    /// This is the admin who asked.
    pub you: bool,
}

impl UserView {
    fn of(user: User, session: &Session) -> UserView {
        UserView {
            you: user.email == session.email,
            email: user.email,
            name: user.name,
            role: user.role,
            created: user.created,
        }
    }
}

fn admin_only(session: &Session) -> Result<(), WorkspaceError> {
    if session.role == Role::Admin {
        Ok(())
    } else {
        Err(WorkspaceError::AdminOnly)
    }
}

/// The role `field` of `map`: `counsellor` or `admin`, or (absent or `null`) `missing`.
fn role_field(
    map: &serde_json::Map<String, Value>,
    missing: Option<Role>,
    errors: &mut Fields,
) -> Option<Role> {
    let role = match map.get("role") {
        None | Some(Value::Null) => missing,
        Some(v) => v.as_str().and_then(|r| r.parse::<Role>().ok()),
    };
    if role.is_none() {
        bad(
            errors,
            "role",
            ErrorCode::NotOneOf,
            "kies counsellor of admin",
            "choose counsellor or admin",
        );
    }
    role
}

/// The new role of `PATCH /api/v1/users/{email}`; a bad or missing role and any other field
/// named.
fn read_role(body: &Value) -> Result<Role, WorkspaceError> {
    let map = object(body)?;
    let mut errors = Fields::new();
    unknown_fields(
        map,
        &["role"],
        "",
        (
            "dit veld bestaat niet; geef alleen role",
            "no such field; give only role",
        ),
        &mut errors,
    );
    match role_field(map, None, &mut errors) {
        Some(role) if errors.is_empty() => Ok(role),
        _ => Err(WorkspaceError::Fields(errors)),
    }
}

/// The fields of a new user, each checked; every bad one named.
fn read_user(body: &Value) -> Result<(String, Email, Role, String), WorkspaceError> {
    let map = object(body)?;
    let mut errors = Fields::new();
    unknown_fields(
        map,
        &["name", "email", "role", "password"],
        "",
        (
            "dit veld bestaat niet; geef name, email, role en password",
            "no such field; give name, email, role and password",
        ),
        &mut errors,
    );
    let text = |field: &str| map.get(field).and_then(Value::as_str).unwrap_or("");
    let name = name_field("name", text("name"), MAX_NAME)
        .map_err(|p| errors.push(p))
        .ok();
    let email = Email::parse(text("email"))
        .map_err(|_| {
            bad(
                &mut errors,
                "email",
                ErrorCode::InvalidValue,
                "geef een e-mailadres als naam@organisatie.nl",
                "give an e-mail address like name@organisation.nl",
            );
        })
        .ok();
    let role = role_field(map, Some(Role::Counsellor), &mut errors);
    // Never trimmed or echoed: the password is used as typed.
    let password = text("password");
    if let Some(problem) = password_problem(password) {
        errors.push(problem);
    }
    match (name, email, role) {
        (Some(name), Some(email), Some(role)) if errors.is_empty() => {
            Ok((name, email, role, password.to_owned()))
        }
        _ => Err(WorkspaceError::Fields(errors)),
    }
}

impl Workspace {
    /// The users of the admin's organisation, by name.
    pub fn org_users(&self, session: &Session) -> Result<Vec<UserView>, WorkspaceError> {
        admin_only(session)?;
        let mut users = self.store.users(&session.org)?;
        users.sort_by(|a, b| {
            (a.name.to_lowercase(), &a.email).cmp(&(b.name.to_lowercase(), &b.email))
        });
        Ok(users
            .into_iter()
            .map(|u| UserView::of(u, session))
            .collect())
    }

    /// Adds a user to the admin's organisation, with the password the admin typed.
    pub fn add_org_user(
        &self,
        session: &Session,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<UserView, WorkspaceError> {
        admin_only(session)?;
        let (name, email, role, password) = read_user(body)?;
        let new = NewUser {
            org: session.org.clone(),
            email,
            name,
            role,
        };
        let (user, _) = self.add_user(&new, &password, Some(&session.email), now)?;
        Ok(UserView::of(user, session))
    }

    /// Gives a user of the admin's organisation (by e-mail address) the role of `body`
    /// (`{"role"}`), audited as `change_role` when it changed; the user as they are now. Their
    /// sessions take the new role at their next request. The organisation's last admin stays an
    /// admin ([`WorkspaceError::LastAdminRole`]), decided by the store in the change's
    /// transaction, so two admins making each other counsellor at once leave one.
    pub fn change_org_user_role(
        &self,
        session: &Session,
        email: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<UserView, WorkspaceError> {
        admin_only(session)?;
        let role = read_role(body)?;
        let not_found = || WorkspaceError::NotFound {
            what: "user",
            id: email.to_owned(),
        };
        let email = Email::parse(email).map_err(|_| not_found())?;
        self.set_role_keeping(&session.org, &email, role, Some(&session.email), now, true)?;
        let user = self
            .store
            .user_by_email(&email)?
            .filter(|u| u.org == session.org)
            .ok_or_else(not_found)?;
        Ok(UserView::of(user, session))
    }

    /// Gives a user of `org` the role `role` (the operator's `users role`, which may make the
    /// last admin a counsellor); `true` when it changed. Audited as `change_role` by `actor`.
    pub fn set_user_role(
        &self,
        org: &OrgId,
        email: &Email,
        role: Role,
        actor: Option<&Email>,
        now: OffsetDateTime,
    ) -> Result<bool, WorkspaceError> {
        self.set_role_keeping(org, email, role, actor, now, false)
    }

    /// [`Workspace::set_user_role`]; with `keep_an_admin`, not making the organisation's last
    /// admin a counsellor ([`WorkspaceError::LastAdminRole`]), decided by the store in the
    /// change's transaction.
    fn set_role_keeping(
        &self,
        org: &OrgId,
        email: &Email,
        role: Role,
        actor: Option<&Email>,
        now: OffsetDateTime,
        keep_an_admin: bool,
    ) -> Result<bool, WorkspaceError> {
        match self.store.set_role(org, email, role, keep_an_admin)? {
            RoleChange::Changed => {
                self.audit(org, now, actor, AuditAction::ChangeRole, None, Some(email))?;
                Ok(true)
            }
            RoleChange::Unchanged => Ok(false),
            RoleChange::NotFound => Err(WorkspaceError::NotFound {
                what: "user",
                id: email.to_string(),
            }),
            RoleChange::LastAdmin => Err(WorkspaceError::LastAdminRole),
        }
    }

    /// Removes a user of the admin's organisation (by e-mail address) and ends their sessions.
    /// The organisation's last admin stays: someone must be able to add users (the store
    /// decides it in the removal's transaction, see [`crate::store::Store::remove_user`]).
    pub fn remove_org_user(
        &self,
        session: &Session,
        email: &str,
        now: OffsetDateTime,
    ) -> Result<(), WorkspaceError> {
        admin_only(session)?;
        let not_found = || WorkspaceError::NotFound {
            what: "user",
            id: email.to_owned(),
        };
        let email = Email::parse(email).map_err(|_| not_found())?;
        self.remove_user_keeping(&session.org, &email, Some(&session.email), now, true)
    }
}
