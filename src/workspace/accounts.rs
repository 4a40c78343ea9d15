//! Organisations, users, logging in and sessions.

use serde_json::Value;
use time::{Duration, OffsetDateTime};

use super::error::FieldProblem;
use super::{Workspace, WorkspaceError, password, random_hex};
use crate::base::ErrorCode;
use crate::store::{
    AuditAction, AuditEntry, Email, Org, OrgId, Removal, Role, Session, SessionKey, User,
};

/// A session ends after this long without a request.
pub const SESSION_IDLE: Duration = Duration::hours(8);
/// Failed logins for one account within [`FAILURE_WINDOW`] before logins are refused (429).
pub const MAX_FAILURES: usize = 10;
/// The window failed logins are counted in.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// A session's `last_seen` is written again only when older than this, so reading pages does not
/// write to disk on every request.
const TOUCH_AFTER: Duration = Duration::minutes(1);
/// The shortest and longest password accepted.
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 12..=256;

/// What `POST /api/v1/session` reads.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LoginInput {
    /// The user's e-mail address.
    #[schemars(length(min = 1))]
    pub email: String,
    /// The user's password.
    #[schemars(length(min = 1))]
    pub password: String,
}

/// A user to add (command line, or an admin over HTTP).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub org: OrgId,
    pub email: Email,
    pub name: String,
    pub role: Role,
}

/// The longest organisation name.
pub const MAX_ORG_NAME: usize = 100;

/// A successful login.
#[derive(Debug)]
pub struct LoggedIn {
    pub session: Session,
    /// The session token for the cookie; the store holds only its hash.
    pub token: String,
    /// The user's name.
    pub name: String,
    /// The organisation's display name, when it has one.
    pub org_name: Option<String>,
}

/// Seconds until a login may be tried again, when the account's failures in the window
/// (`times`, oldest first) lock it at `now`.
fn locked_for(times: &[OffsetDateTime], now: OffsetDateTime) -> Option<u64> {
    if times.len() < MAX_FAILURES {
        return None;
    }
    // Free again when the oldest failure that counts leaves the window.
    let oldest = times[times.len() - MAX_FAILURES];
    let wait = (oldest + FAILURE_WINDOW - now).whole_seconds().max(1);
    Some(u64::try_from(wait).unwrap_or(1))
}

/// A display or user name: trimmed, 1 to `max` characters, no control characters.
pub(super) fn name_field(field: &str, text: &str, max: usize) -> Result<String, FieldProblem> {
    let text = text.trim();
    let count = text.chars().count();
    if count == 0 || count > max || text.chars().any(char::is_control) {
        return Err(FieldProblem::new(
            field,
            ErrorCode::InvalidValue,
            format!("geef 1 tot {max} tekens, zonder regeleinden"),
            format!("give 1 to {max} characters, without line breaks"),
        ));
    }
    Ok(text.to_owned())
}

/// What is wrong with a new password (its length), naming the field `password`; never the
/// password itself.
pub(super) fn password_problem(text: &str) -> Option<FieldProblem> {
    (!PASSWORD_CHARS.contains(&text.chars().count())).then(|| {
        FieldProblem::new(
            "password",
            ErrorCode::InvalidValue,
            format!(
                "een wachtwoord heeft {} tot {} tekens",
                PASSWORD_CHARS.start(),
                PASSWORD_CHARS.end()
            ),
            format!(
                "a password has {} to {} characters",
                PASSWORD_CHARS.start(),
                PASSWORD_CHARS.end()
            ),
        )
    })
}

/// The audit entries of a failed login to an existing account, for its organisation, so its
/// admins see someone trying passwords: `login_failed` about the account (the actor is not
/// known: nobody logged in), and `login_locked` when this was the failure that locks it
/// (`failures` counts the account's failures in the window with this one). The logins refused
/// while it is locked are not entries: they would let anyone grow the log without bound. An
/// unknown e-mail address has no organisation, so it has no entries; the answer is the same,
/// and so is its cost (one store write, [`crate::store::Store::add_login_failure`]).
fn failed_login_entries(account: &User, failures: usize, now: OffsetDateTime) -> Vec<AuditEntry> {
    let entry = |action| AuditEntry {
        at: now,
        actor: None,
        action,
        client: None,
        user: Some(account.email.clone()),
        plan: None,
    };
    let mut entries = vec![entry(AuditAction::LoginFailed)];
    if failures == MAX_FAILURES {
        entries.push(entry(AuditAction::LoginLocked));
    }
    entries
}

impl Workspace {
    /// Adds a user with this password, creating the organisation when new. `actor` is the admin
    /// who did it (`None` on the command line).
    pub fn add_user(
        &self,
        new: &NewUser,
        password_text: &str,
        actor: Option<&Email>,
        now: OffsetDateTime,
    ) -> Result<(User, bool), WorkspaceError> {
        let name =
            name_field("name", &new.name, 100).map_err(|f| WorkspaceError::Fields(vec![f]))?;
        if let Some(problem) = password_problem(password_text) {
            return Err(WorkspaceError::Fields(vec![problem]));
        }
        if self.store.user_by_email(&new.email)?.is_some() {
            return Err(WorkspaceError::UserExists(new.email.to_string()));
        }
        let created = self.store.ensure_org(&Org {
            id: new.org.clone(),
            created: now,
            name: None,
        })?;
        let user = User {
            email: new.email.clone(),
            name,
            org: new.org.clone(),
            role: new.role,
            password_hash: password::hash(password_text)?,
            created: now,
        };
        self.store.put_user(&user)?;
        self.audit(
            &new.org,
            now,
            actor,
            AuditAction::AddUser,
            None,
            Some(&user.email),
        )?;
        Ok((user, created))
    }

    /// Gives the organisation a display name (the operator's `users add --org-name`): 1 to 100
    /// characters, no control characters; the field is named `org-name` when refused.
    pub fn name_org(&self, org: &OrgId, name: &str) -> Result<String, WorkspaceError> {
        let name = name_field("org-name", name, MAX_ORG_NAME)
            .map_err(|f| WorkspaceError::Fields(vec![f]))?;
        if !self.store.set_org_name(org, &name)? {
            return Err(WorkspaceError::NotFound {
                what: "organisation",
                id: org.to_string(),
            });
        }
        Ok(name)
    }

    /// The organisation's display name, when it has one (pages show the id otherwise).
    pub fn org_name(&self, org: &OrgId) -> Result<Option<String>, WorkspaceError> {
        Ok(self.store.org(org)?.and_then(|o| o.name))
    }

    /// The users of one organisation, or of all (for the operator's command line).
    pub fn users(&self, org: Option<&OrgId>) -> Result<Vec<User>, WorkspaceError> {
        let orgs = match org {
            Some(org) => vec![org.clone()],
            None => self.store.orgs()?.into_iter().map(|o| o.id).collect(),
        };
        let mut users = Vec::new();
        for org in &orgs {
            users.extend(self.store.users(org)?);
        }
        users.sort_by(|a, b| (&a.org, &a.email).cmp(&(&b.org, &b.email)));
        Ok(users)
    }

    /// Removes a user of `org` and ends their sessions (the operator's `users remove`, which
    /// may remove the last admin).
    pub fn remove_user(
        &self,
        org: &OrgId,
        email: &Email,
        actor: Option<&Email>,
        now: OffsetDateTime,
    ) -> Result<(), WorkspaceError> {
        self.remove_user_keeping(org, email, actor, now, false)
    }

    /// Removes a user of `org` and ends their sessions; with `keep_an_admin`, not the
    /// organisation's last admin ([`WorkspaceError::LastAdmin`]), decided by the store in the
    /// removal's transaction, so two admins removing each other at once leave one.
    pub(super) fn remove_user_keeping(
        &self,
        org: &OrgId,
        email: &Email,
        actor: Option<&Email>,
        now: OffsetDateTime,
        keep_an_admin: bool,
    ) -> Result<(), WorkspaceError> {
        match self.store.remove_user(org, email, keep_an_admin)? {
            Removal::Removed => {}
            Removal::NotFound => {
                return Err(WorkspaceError::NotFound {
                    what: "user",
                    id: email.to_string(),
                });
            }
            Removal::LastAdmin => return Err(WorkspaceError::LastAdmin),
        }
        self.audit(org, now, actor, AuditAction::RemoveUser, None, Some(email))
    }

    /// Logs in: a new session and its token (for the cookie). Wrong e-mail and wrong password
    /// give the same error; after [`MAX_FAILURES`] failures in [`FAILURE_WINDOW`] the account is
    /// refused until the window has passed, whatever the password.
    pub fn login(&self, body: &Value, now: OffsetDateTime) -> Result<LoggedIn, WorkspaceError> {
        let text = |field: &str| body.get(field).and_then(Value::as_str).unwrap_or("");
        let mut missing = Vec::new();
        for field in ["email", "password"] {
            if text(field).is_empty() {
                missing.push(FieldProblem::new(
                    field,
                    ErrorCode::NotText,
                    "vul dit veld in",
                    "fill in this field",
                ));
            }
        }
        if !missing.is_empty() {
            return Err(WorkspaceError::Fields(missing));
        }
        // Not an address at all: the same answer as a wrong one, without counting.
        let Ok(email) = Email::parse(text("email")) else {
            return Err(WorkspaceError::WrongCredentials);
        };
        let password_text = text("password");
        if password_text.len() > 1024 {
            return Err(WorkspaceError::WrongCredentials);
        }
        // Failures are kept in the store, so every instance on it counts the same ones.
        let window_start = now - FAILURE_WINDOW;
        let failures = self.store.login_failures(&email, window_start)?;
        if let Some(retry_after_secs) = locked_for(&failures, now) {
            return Err(WorkspaceError::TooManyFailures { retry_after_secs });
        }
        let user = self.store.user_by_email(&email)?;
        let ok = match &user {
            Some(user) => password::verify(&user.password_hash, password_text),
            None => {
                password::verify_nothing(password_text);
                false
            }
        };
        let user = match user {
            Some(user) if ok => user,
            account => {
                // One write either way: the failure, with the entries of an account that exists.
                let entries = account
                    .as_ref()
                    .map(|a| failed_login_entries(a, failures.len() + 1, now));
                let audit = account.as_ref().zip(entries.as_deref());
                self.store.add_login_failure(
                    &email,
                    now,
                    window_start,
                    MAX_FAILURES,
                    audit.map(|(a, e)| (&a.org, e)),
                )?;
                return Err(WorkspaceError::WrongCredentials);
            }
        };
        if !failures.is_empty() {
            self.store.clear_login_failures(&email)?;
        }
        let token = random_hex::<32>()?;
        let session = Session {
            key: SessionKey::of_token(&token),
            email: user.email.clone(),
            org: user.org.clone(),
            role: user.role,
            csrf_token: random_hex::<32>()?,
            created: now,
            last_seen: now,
        };
        self.store.put_session(&session)?;
        self.audit(
            &user.org,
            now,
            Some(&user.email),
            AuditAction::Login,
            None,
            None,
        )?;
        let org_name = self.org_name(&user.org)?;
        Ok(LoggedIn {
            session,
            token,
            name: user.name,
            org_name,
        })
    }

    /// The live session of this token: not idle for [`SESSION_IDLE`], its user still there.
    pub fn authenticate(
        &self,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<Session, WorkspaceError> {
        if token.len() != 64 {
            return Err(WorkspaceError::NotLoggedIn);
        }
        let key = SessionKey::of_token(token);
        let Some(mut session) = self.store.session(&key)? else {
            return Err(WorkspaceError::NotLoggedIn);
        };
        if now - session.last_seen > SESSION_IDLE {
            self.store.remove_session(&key)?;
            return Err(WorkspaceError::NotLoggedIn);
        }
        // Removing a user removes their sessions; this also covers a role or organisation that
        // changed since the login.
        match self.store.user_by_email(&session.email)? {
            Some(user) if user.org == session.org => session.role = user.role,
            _ => {
                self.store.remove_session(&key)?;
                return Err(WorkspaceError::NotLoggedIn);
            }
        }
        if now - session.last_seen > TOUCH_AFTER {
            session.last_seen = now;
            self.store.put_session(&session)?;
        }
        Ok(session)
    }

    /// The user of a live session (for their name).
    pub fn user(&self, session: &Session) -> Result<User, WorkspaceError> {
        self.store
            .user_by_email(&session.email)?
            .filter(|u| u.org == session.org)
            .ok_or(WorkspaceError::NotLoggedIn)
    }

    /// Ends a session.
    pub fn logout(&self, session: &Session, now: OffsetDateTime) -> Result<(), WorkspaceError> {
        self.store.remove_session(&session.key)?;
        self.audit(
            &session.org,
            now,
            Some(&session.email),
            AuditAction::Logout,
            None,
            None,
        )
    }
}
