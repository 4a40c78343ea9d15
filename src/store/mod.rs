//! Everything the counsellor workspace keeps on disk, behind one seam: the [`Store`] trait.
//!
//! Handlers and commands see only the trait and the record types of [`records`]; it has two
//! implementations: [`SledStore`] (sled 0.34.7, a folder, one instance) and [`PgStore`]
//! (PostgreSQL, shared by several instances). Both keep the same trees of the same records under
//! the same keys, so a backup of one restores into the other, and `store check` is one piece of
//! code over either ([`check`]).
//!
//! Every record of an organisation is read and written with that organisation's [`OrgId`], and
//! the store keys it under that id: no call given one organisation can return another's record.
//! The only lookups without an organisation are the ones that establish who is asking (a user by
//! e-mail at login, a session by its token's hash), and they answer the organisation with it.
//!
//! Every write is on disk (flushed, or committed) before the call returns, so an acknowledged
//! write survives a crash. Records are stored with a schema version per record type ([`records::Record`]) and are
//! upgraded when read; `padvinder store check` reports records that need it.

mod backup;
mod check;
pub mod insight;
mod pg_store;
pub mod records;
mod sled_store;

use std::io::{BufRead, Write};

use time::OffsetDateTime;

pub use backup::{BackupSummary, RestoreError};
pub use insight::{InsightCount, InsightKind, IsoWeek, WeekError};
pub use pg_store::{MIGRATIONS, PgStore};
pub use records::{
    AuditAction, AuditEntry, ChangeCheck, ChangeWhat, Client, ClientId, ClientStatus, Consent,
    Email, INTAKE_DAYS, Intake, Note, Org, OrgId, Plan, PlanChange, PlanId, PlanSnapshot,
    PlanStatus, Role, RouteTexts, Session, SessionKey, Share, ShareKey, ShareRef, User,
};
pub use sled_store::SledStore;

/// A claim of a change check, as both stores keep it.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Claim {
    pub instance: String,
    /// Unix nanoseconds.
    pub claimed_at: i64,
}

/// What [`Store::update_plan`]'s edit decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Write the plan as edited, and the audit entry.
    Write,
    /// Leave the plan as stored; the audit entry is still written.
    Keep,
    /// Write nothing (the caller has its reason).
    Refuse,
}

/// What `edit` decided, and the plan it left with what may not change taken from `stored`.
pub(crate) fn edited(stored: &Plan, edit: &mut dyn FnMut(&mut Plan) -> Edit) -> (Edit, Plan) {
    let mut plan = stored.clone();
    let decided = edit(&mut plan);
    plan.org = stored.org.clone();
    plan.client = stored.client.clone();
    plan.id = stored.id.clone();
    plan.share = stored.share.clone();
    (decided, plan)
}

/// What `edit` decided for [`Store::update_client`], and the client it left with its
/// organisation and id taken from `stored`.
pub(crate) fn client_edited(
    stored: &Client,
    edit: &mut dyn FnMut(&mut Client) -> bool,
) -> (bool, Client) {
    let mut client = stored.clone();
    let write = edit(&mut client);
    client.org = stored.org.clone();
    client.id = stored.id.clone();
    (write, client)
}

/// What [`Store::remove_user`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// The user and their sessions are gone.
    Removed,
    /// The organisation has no user with that e-mail address.
    NotFound,
    /// The user is the organisation's last admin (and one had to be kept): nothing removed.
    LastAdmin,
}

/// What [`Store::set_role`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    /// The user has the new role now.
    Changed,
    /// The user had that role already: nothing written.
    Unchanged,
    /// The organisation has no user with that e-mail address.
    NotFound,
    /// The user is the organisation's last admin (and one had to be kept): nothing changed.
    LastAdmin,
}

/// The trees (record types) of a store, in the order a backup writes them.
pub(crate) const TREES: &[&str] = &[
    "orgs", "users", "sessions", "clients", "audit", "plans", "plan_ids", "shares",
];

/// Something went wrong reading or writing the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process (a running server) has the store open.
    #[error(
        "the store {dir} is in use by another padvinder process (a running server?); \
         stop it or run the command against the server"
    )]
    Locked { dir: String },
    /// The database cannot be reached or gave up on a call that may succeed when tried again
    /// (no connection within the wait, a connection that closed, a restart, a conflict).
    #[error("store {dir} is not available now: {message}")]
    Unavailable { dir: String, message: String },
    /// The disk or the database failed.
    #[error("store {dir}: {message}")]
    Io { dir: String, message: String },
    /// A record cannot be read: damaged, or written by a newer padvinder.
    #[error("store record {tree}/{key}: {message}")]
    Record {
        tree: String,
        key: String,
        message: String,
    },
}

/// What `padvinder store check` found; it never changes the store.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct CheckReport {
    /// Records read, per record type.
    pub records: Vec<(String, usize)>,
    /// Records stored with an older schema version that are upgraded when read.
    pub outdated: Vec<String>,
    /// Records that cannot be read or break a rule of the store (with tree and key).
    pub problems: Vec<String>,
}

impl CheckReport {
    /// No record is damaged.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Everything persistent of the counsellor workspace. Implementations flush every write before
/// returning and scope every organisation's record by its [`OrgId`].
pub trait Store: Send + Sync {
    // Organisations and users.

    /// Creates the organisation when it does not exist yet; `true` when it was created.
    fn ensure_org(&self, org: &Org) -> Result<bool, StoreError>;
    /// Every organisation (for the operator's `users list`).
    fn orgs(&self) -> Result<Vec<Org>, StoreError>;
    /// One organisation.
    fn org(&self, id: &OrgId) -> Result<Option<Org>, StoreError>;
    /// Sets the organisation's display name, atomically (read and written in one transaction);
    /// `false` when there is no such organisation.
    fn set_org_name(&self, id: &OrgId, name: &str) -> Result<bool, StoreError>;
    /// Adds or replaces a user (an e-mail address belongs to one organisation).
    fn put_user(&self, user: &User) -> Result<(), StoreError>;
    /// The user with this e-mail, of any organisation: for logging in only.
    fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError>;
    /// The organisation's users, by e-mail.
    fn users(&self, org: &OrgId) -> Result<Vec<User>, StoreError>;
    /// Removes the organisation's user and every session of theirs, atomically, also across
    /// instances on one database. With `keep_an_admin`, an admin is removed only while another
    /// admin of the organisation remains, decided inside the removal's transaction (sled: a
    /// transaction, which sled runs alone; PostgreSQL: the organisation's admin rows read
    /// `FOR UPDATE`): of two admins removing each other at once, one succeeds.
    fn remove_user(
        &self,
        org: &OrgId,
        email: &Email,
        keep_an_admin: bool,
    ) -> Result<Removal, StoreError>;
    /// Gives the organisation's user `role`, atomically, also across instances on one
    /// database. With `keep_an_admin`, an admin becomes a counsellor only while another admin
    /// of the organisation remains, decided inside the transaction as [`Store::remove_user`]
    /// decides it (and against it): of two admins making each other counsellor, or one doing
    /// that while the other is removed, one admin stays. Sessions are not changed: a session
    /// takes its user's role as stored on every request.
    fn set_role(
        &self,
        org: &OrgId,
        email: &Email,
        role: Role,
        keep_an_admin: bool,
    ) -> Result<RoleChange, StoreError>;

    // Sessions.

    /// Stores a session under its key.
    fn put_session(&self, session: &Session) -> Result<(), StoreError>;
    /// The session with this key.
    fn session(&self, key: &SessionKey) -> Result<Option<Session>, StoreError>;
    /// Ends a session.
    fn remove_session(&self, key: &SessionKey) -> Result<(), StoreError>;
    /// Removes sessions idle since before `idle_before`; how many.
    fn remove_idle_sessions(&self, idle_before: OffsetDateTime) -> Result<usize, StoreError>;

    // Login throttling: failed logins per account, shared by every instance on the store.

    /// Records a failed login of `email` at `at`, keeping the account's newest `keep` failures
    /// after `since` (the ones older are forgotten). Failures of any account from before `since`
    /// may be forgotten with it, so the record stays bounded by the failures of one window.
    /// Atomic: failures recorded at once by several instances are all counted. `audit` (the
    /// account's organisation and its entries, for an account that exists) is appended in the
    /// same write, so a failure costs one write (one flush, one commit) whether the address is
    /// an account or not: the time of the answer does not tell which.
    fn add_login_failure(
        &self,
        email: &Email,
        at: OffsetDateTime,
        since: OffsetDateTime,
        keep: usize,
        audit: Option<(&OrgId, &[AuditEntry])>,
    ) -> Result<(), StoreError>;
    /// The account's failed logins after `since`, oldest first.
    fn login_failures(
        &self,
        email: &Email,
        since: OffsetDateTime,
    ) -> Result<Vec<OffsetDateTime>, StoreError>;
    /// Forgets the account's failed logins (after a successful login).
    fn clear_login_failures(&self, email: &Email) -> Result<(), StoreError>;

    // Change checks: one instance compares the saved plans with a catalogue version.

    /// Claims the change check `key` (catalogue hash, rules version and day) for `instance`, at
    /// `now`, atomically: `true` when nobody held it, `instance` held it already, or the holder
    /// claimed it before `stale_before` (an instance that stopped halfway); `false` when
    /// another instance holds it. Claims from before `forget_before` are deleted with it, so
    /// the record stays a few days' claims.
    fn claim_change_check(
        &self,
        key: &str,
        instance: &str,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
        forget_before: OffsetDateTime,
    ) -> Result<bool, StoreError>;

    // Clients.

    /// Adds or replaces one of the organisation's clients (the org is `client.org`).
    fn put_client(&self, client: &Client) -> Result<(), StoreError>;
    /// Changes one of the organisation's clients atomically, also across instances on one
    /// database: `edit` gets the client as stored now, inside a transaction that holds it (sled:
    /// a transaction, which sled runs alone; PostgreSQL: the row read `FOR UPDATE`), and the
    /// client is written in that transaction when `edit` answers `true`, so a change made
    /// meanwhile (a counsellor's edit, a plan's activity) is never written over. `edit` may run
    /// more than once (a retried transaction) and must be quick; the client's organisation and
    /// id stay as stored. Answers the client as it is after the call; `None` when there is no
    /// such client (then nothing is written).
    fn update_client(
        &self,
        org: &OrgId,
        id: &ClientId,
        edit: &mut dyn FnMut(&mut Client) -> bool,
    ) -> Result<Option<Client>, StoreError>;
    /// One of the organisation's clients.
    fn client(&self, org: &OrgId, id: &ClientId) -> Result<Option<Client>, StoreError>;
    /// The organisation's clients.
    fn clients(&self, org: &OrgId) -> Result<Vec<Client>, StoreError>;
    /// How many clients the organisation has.
    fn client_count(&self, org: &OrgId) -> Result<usize, StoreError>;
    /// Erases a client and everything held about them (their plans and share links), and
    /// appends `entry` to the audit log in the same transaction; `false` when there was no such
    /// client.
    fn erase_client(
        &self,
        org: &OrgId,
        id: &ClientId,
        entry: &AuditEntry,
    ) -> Result<bool, StoreError>;

    // Plans and share links.

    /// Adds or replaces one of the organisation's plans (the org is `plan.org`). The plan's
    /// share link is not changed here: the stored one is kept whatever `plan.share` says (a plan
    /// read before a link was made or revoked), see [`Store::set_share`].
    fn put_plan(&self, plan: &Plan) -> Result<(), StoreError>;
    /// Changes one of the organisation's plans atomically, also across instances on one
    /// database: `edit` gets the plan as stored now, inside a transaction that holds it (sled: a
    /// transaction, which sled runs alone; PostgreSQL: the row read `FOR UPDATE`), and what it
    /// decides is written in that transaction, with `entry` appended to the audit log when the
    /// edit is not refused. `edit` may run more than once (a retried transaction) and must be
    /// quick. The plan's organisation, client, id and share link stay as stored, whatever
    /// `edit` does to them. Answers the plan as it is after the call (edited or not); `None`
    /// when there is no such plan (then nothing is written).
    fn update_plan(
        &self,
        org: &OrgId,
        id: &PlanId,
        entry: Option<&AuditEntry>,
        edit: &mut dyn FnMut(&mut Plan) -> Edit,
    ) -> Result<Option<Plan>, StoreError>;
    /// One of the organisation's plans.
    fn plan(&self, org: &OrgId, id: &PlanId) -> Result<Option<Plan>, StoreError>;
    /// The plans of one of the organisation's clients.
    fn plans_of_client(&self, org: &OrgId, client: &ClientId) -> Result<Vec<Plan>, StoreError>;
    /// Removes a plan and its share link, and appends `entry` to the audit log in the same
    /// transaction; `false` when there was no such plan.
    fn delete_plan(&self, org: &OrgId, id: &PlanId, entry: &AuditEntry)
    -> Result<bool, StoreError>;
    /// Stores the new link `share` (or none) on the plan as stored now, with `plan.share` and
    /// `plan.updated` (its other fields stay as stored, so a change made meanwhile is kept),
    /// removes the plan's previous link, and appends `entry`, in one transaction; `false` when
    /// the plan no longer exists.
    fn set_share(
        &self,
        plan: &Plan,
        share: Option<&Share>,
        entry: &AuditEntry,
    ) -> Result<bool, StoreError>;
    /// The share link with this key, of any organisation: for opening a shared plan only.
    fn share(&self, key: &ShareKey) -> Result<Option<Share>, StoreError>;
    /// Removes every share link expired at `now` (its plan no longer names it); how many.
    fn remove_expired_shares(&self, now: OffsetDateTime) -> Result<usize, StoreError>;

    // Audit.

    /// Appends an entry to the organisation's audit log; entries are never changed.
    fn append_audit(&self, org: &OrgId, entry: &AuditEntry) -> Result<(), StoreError>;
    /// The organisation's audit log, newest first: at most `limit` entries older than `before`
    /// (a sequence number from an earlier page), each with its sequence number.
    fn audit(
        &self,
        org: &OrgId,
        before: Option<u64>,
        limit: usize,
    ) -> Result<Vec<(u64, AuditEntry)>, StoreError>;
    /// The organisation's audit entries about one client, oldest first (for an export).
    fn audit_of_client(&self, org: &OrgId, id: &ClientId) -> Result<Vec<AuditEntry>, StoreError>;

    // Insight counters (issue 12 §6; not workspace records: not in backups or checks).

    /// Adds each count to its counter (created at 0), in one transaction; several servers
    /// adding to one counter add up.
    fn add_insight(&self, counts: &[InsightCount]) -> Result<(), StoreError>;
    /// A tenant's counters of the weeks `from` to `to` (both included), by week, kind and value.
    fn insight(
        &self,
        tenant: &str,
        from: IsoWeek,
        to: IsoWeek,
    ) -> Result<Vec<InsightCount>, StoreError>;

    // Operations.

    /// Writes a consistent snapshot of the whole store to `out` (writes wait meanwhile).
    fn backup(&self, out: &mut dyn Write) -> Result<BackupSummary, StoreError>;
    /// Reads every record and reports what it finds; never changes anything.
    fn check(&self) -> Result<CheckReport, StoreError>;
}

/// Unix nanoseconds: how both stores keep the times of failed logins (and PostgreSQL its other
/// time columns).
pub(crate) fn nanos(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos()).unwrap_or(i64::MAX)
}

/// Of failed logins (Unix nanoseconds), the newest `keep` after `since`, oldest first.
pub(crate) fn recent_failures(
    times: impl IntoIterator<Item = i64>,
    since: OffsetDateTime,
    keep: usize,
) -> Vec<i64> {
    let since = nanos(since);
    let mut times: Vec<i64> = times.into_iter().filter(|t| *t > since).collect();
    times.sort_unstable();
    let extra = times.len().saturating_sub(keep);
    times.drain(..extra);
    times
}

/// Unix nanoseconds back to times (a time out of range is left out).
pub(crate) fn failure_times(times: &[i64]) -> Vec<OffsetDateTime> {
    times
        .iter()
        .filter_map(|t| OffsetDateTime::from_unix_timestamp_nanos(i128::from(*t)).ok())
        .collect()
}

/// Restores a backup written by [`Store::backup`] (of either backend) into a PostgreSQL
/// database that has no data yet: in one transaction that is committed only when the restored
/// records pass `store check`.
pub fn restore_postgres(url: &str, input: &mut dyn BufRead) -> Result<BackupSummary, RestoreError> {
    pg_store::restore(url, input)
}

/// Restores a backup written by [`Store::backup`] into a store folder that has no data yet.
pub fn restore(
    dir: &std::path::Path,
    input: &mut dyn BufRead,
) -> Result<BackupSummary, RestoreError> {
    sled_store::restore(dir, input)
}
