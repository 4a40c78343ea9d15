//! The sled implementation of [`Store`]. One tree per record type; an organisation's records are
//! keyed `org/…`, so a scan or a get for one organisation never reaches another's. Every write is
//! followed by `flush` (an fsync) before it returns. Writes hold a shared gate that a backup
//! holds exclusively, so a backup taken while serving is one consistent moment.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};
use time::OffsetDateTime;

use super::backup::{self, BackupSummary, RestoreError};
use super::check::{self, Snapshot, Visit, client_key, plan_id_key, plan_key};
use super::insight::{InsightCount, IsoWeek};
use super::records::{
    AuditEntry, Client, ClientId, Email, Org, OrgId, Plan, PlanId, PlanOwner, Record, Role,
    Session, SessionKey, Share, ShareKey, User, decode, encode,
};
use super::{
    CheckReport, Claim, Edit, Removal, RoleChange, Store, StoreError, TREES, client_edited, edited,
    failure_times, nanos, recent_failures,
};

/// The page cache sled may use: the workspace's data is small (an organisation's caseload is a
/// few hundred kB), so 64 MB holds all of it with room to spare, where sled's default is 1 GB.
pub const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// The workspace store in a sled database folder.
pub struct SledStore {
    dir: PathBuf,
    db: sled::Db,
    orgs: sled::Tree,
    users: sled::Tree,
    sessions: sled::Tree,
    clients: sled::Tree,
    audit: sled::Tree,
    /// Plans, keyed `org/client/plan`, so a client's plans are one prefix scan.
    plans: sled::Tree,
    /// `org/plan` → the plan's client: finds a plan by its id alone.
    plan_ids: sled::Tree,
    /// Share links, keyed by the hash of their token (looked up without an organisation).
    shares: sled::Tree,
    /// Failed logins: e-mail → the times of the account's failures in the last window (a JSON
    /// array of Unix nanoseconds, oldest first). Not a record type: not in backups or checks.
    login_failures: sled::Tree,
    /// Change checks claimed: `hash/rules/day` → [`Claim`] (JSON). Not in backups or checks.
    change_checks: sled::Tree,
    /// When `login_failures` was last swept of accounts quiet for a whole window.
    failures_swept: Mutex<Option<OffsetDateTime>>,
    /// Insight counters, keyed `tenant/week/kind/value`, each a big-endian u64 (not in TREES:
    /// not a workspace record, not backed up).
    insight: sled::Tree,
    /// Writers share it; a backup takes it alone.
    gate: RwLock<()>,
}

/// `login_failures` is swept at most this often (a scan of the tree).
const SWEEP_FAILURES_EVERY: time::Duration = time::Duration::minutes(1);

fn failures_of(bytes: Option<&[u8]>) -> Vec<i64> {
    bytes
        .and_then(|b| serde_json::from_slice(b).ok())
        .unwrap_or_default()
}

fn org_prefix(org: &OrgId) -> Vec<u8> {
    format!("{org}/").into_bytes()
}

fn plan_prefix(org: &OrgId, client: &ClientId) -> Vec<u8> {
    format!("{org}/{client}/").into_bytes()
}

/// An audit key sorts by sequence number within an organisation.
fn audit_key(org: &OrgId, seq: u64) -> Vec<u8> {
    format!("{org}/{seq:020}").into_bytes()
}

impl SledStore {
    /// Opens (or creates) the store in `dir`; [`StoreError::Locked`] when another process has it.
    pub fn open(dir: &Path) -> Result<SledStore, StoreError> {
        let io = |e: &dyn std::fmt::Display| StoreError::Io {
            dir: dir.display().to_string(),
            message: e.to_string(),
        };
        std::fs::create_dir_all(dir).map_err(|e| io(&e))?;
        #[cfg(unix)]
        {
            // Client data: readable by the server's user only.
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
        let db = sled::Config::new()
            .path(dir)
            .cache_capacity(CACHE_BYTES)
            // Every write flushes itself; no background flush thread is needed.
            .flush_every_ms(None)
            .open()
            .map_err(|e| match &e {
                sled::Error::Io(io_err)
                    if io_err.to_string().contains("could not acquire lock") =>
                {
                    StoreError::Locked {
                        dir: dir.display().to_string(),
                    }
                }
                other => io(other),
            })?;
        let tree = |name: &str| db.open_tree(name).map_err(|e| io(&e));
        Ok(SledStore {
            orgs: tree("orgs")?,
            users: tree("users")?,
            sessions: tree("sessions")?,
            clients: tree("clients")?,
            audit: tree("audit")?,
            plans: tree("plans")?,
            plan_ids: tree("plan_ids")?,
            shares: tree("shares")?,
            login_failures: tree("login_failures")?,
            change_checks: tree("change_checks")?,
            failures_swept: Mutex::new(None),
            insight: tree("insight")?,
            db,
            dir: dir.to_owned(),
            gate: RwLock::new(()),
        })
    }

    fn io(&self, e: impl std::fmt::Display) -> StoreError {
        StoreError::Io {
            dir: self.dir.display().to_string(),
            message: e.to_string(),
        }
    }

    fn tree(&self, name: &str) -> &sled::Tree {
        match name {
            "orgs" => &self.orgs,
            "users" => &self.users,
            "sessions" => &self.sessions,
            "clients" => &self.clients,
            "plans" => &self.plans,
            "plan_ids" => &self.plan_ids,
            "shares" => &self.shares,
            _ => &self.audit,
        }
    }

    /// Runs a write under the shared gate and flushes it to disk before returning.
    fn write<T>(&self, work: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
        let _writing = self.gate.read().unwrap_or_else(|p| p.into_inner());
        let out = work()?;
        self.db.flush().map_err(|e| self.io(e))?;
        Ok(out)
    }

    /// Appends an audit entry, unflushed (the caller's `write` flushes).
    fn put_audit(&self, org: &OrgId, entry: &AuditEntry) -> Result<(), StoreError> {
        let seq = self.db.generate_id().map_err(|e| self.io(e))?;
        self.put("audit", &audit_key(org, seq), entry)
    }

    /// The admins of `org` other than `email` as they are now (when `wanted`; none otherwise):
    /// a transaction reads each of them again ([`another_admin`]).
    fn other_admins(
        &self,
        org: &OrgId,
        email: &Email,
        wanted: bool,
    ) -> Result<Vec<Email>, StoreError> {
        if !wanted {
            return Ok(Vec::new());
        }
        Ok(self
            .users(org)?
            .into_iter()
            .filter(|u| u.role == Role::Admin && &u.email != email)
            .map(|u| u.email)
            .collect())
    }

    fn get<R: Record>(&self, tree: &str, key: &[u8]) -> Result<Option<R>, StoreError> {
        match self.tree(tree).get(key).map_err(|e| self.io(e))? {
            None => Ok(None),
            Some(bytes) => decode::<R>(&bytes)
                .map(|(r, _)| Some(r))
                .map_err(|message| record_error(tree, key, message)),
        }
    }

    fn scan<R: Record>(&self, tree: &str, prefix: &[u8]) -> Result<Vec<R>, StoreError> {
        self.tree(tree)
            .scan_prefix(prefix)
            .map(|item| {
                let (key, bytes) = item.map_err(|e| self.io(e))?;
                decode::<R>(&bytes)
                    .map(|(r, _)| r)
                    .map_err(|message| record_error(tree, &key, message))
            })
            .collect()
    }

    fn put<R: Record>(&self, tree: &str, key: &[u8], record: &R) -> Result<(), StoreError> {
        self.tree(tree)
            .insert(key, encode(record))
            .map_err(|e| self.io(e))?;
        Ok(())
    }

    /// True when no tree holds a record (a restore may write here).
    fn is_empty(&self) -> bool {
        TREES.iter().all(|t| self.tree(t).is_empty())
    }
}

fn record_error(tree: &str, key: &[u8], message: String) -> StoreError {
    StoreError::Record {
        tree: tree.to_owned(),
        key: String::from_utf8_lossy(key).into_owned(),
        message,
    }
}

/// What a transaction on the users tree fails with.
type UsersTxError = ConflictableTransactionError<StoreError>;

/// The user stored under `email`, read inside a transaction on the users tree.
fn tx_user(
    users: &sled::transaction::TransactionalTree,
    email: &Email,
) -> Result<Option<User>, UsersTxError> {
    let Some(bytes) = users.get(email.as_str().as_bytes())? else {
        return Ok(None);
    };
    decode::<User>(&bytes)
        .map(|(u, _)| Some(u))
        .map_err(|message| {
            ConflictableTransactionError::Abort(record_error(
                "users",
                email.as_str().as_bytes(),
                message,
            ))
        })
}

/// Whether any of `admins` is still an admin of `org`, read inside the transaction: sled runs
/// a transaction alone, so what it reads cannot change before it commits, and of two admins
/// removing each other (or making each other counsellor) the second sees what the first did.
fn another_admin(
    users: &sled::transaction::TransactionalTree,
    admins: &[Email],
    org: &OrgId,
) -> Result<bool, UsersTxError> {
    for admin in admins {
        if tx_user(users, admin)?.is_some_and(|u| &u.org == org && u.role == Role::Admin) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A stored counter: eight bytes, big-endian (anything else reads as 0).
fn counter(bytes: &[u8]) -> u64 {
    <[u8; 8]>::try_from(bytes).map_or(0, u64::from_be_bytes)
}

fn tx_error(e: sled::transaction::TransactionError<()>) -> String {
    match e {
        sled::transaction::TransactionError::Abort(()) => "transaction aborted".to_owned(),
        sled::transaction::TransactionError::Storage(e) => e.to_string(),
    }
}

impl Store for SledStore {
    fn ensure_org(&self, org: &Org) -> Result<bool, StoreError> {
        self.write(|| {
            let key = org.id.as_str().as_bytes();
            let created = self
                .orgs
                .compare_and_swap(key, None as Option<&[u8]>, Some(encode(org)))
                .map_err(|e| self.io(e))?
                .is_ok();
            Ok(created)
        })
    }

    fn orgs(&self) -> Result<Vec<Org>, StoreError> {
        self.scan("orgs", b"")
    }

    fn org(&self, id: &OrgId) -> Result<Option<Org>, StoreError> {
        let org: Option<Org> = self.get("orgs", id.as_str().as_bytes())?;
        Ok(org.filter(|o| &o.id == id))
    }

    fn set_org_name(&self, id: &OrgId, name: &str) -> Result<bool, StoreError> {
        let key = id.as_str().as_bytes();
        self.write(|| {
            self.orgs
                .transaction(|orgs| {
                    let Some(bytes) = orgs.get(key)? else {
                        return Ok(false);
                    };
                    let (mut org, _) = decode::<Org>(&bytes).map_err(|message| {
                        ConflictableTransactionError::Abort(record_error("orgs", key, message))
                    })?;
                    org.name = Some(name.to_owned());
                    orgs.insert(key, encode(&org))?;
                    Ok(true)
                })
                .map_err(|e| match e {
                    TransactionError::Abort(e) => e,
                    TransactionError::Storage(e) => self.io(e),
                })
        })
    }

    fn put_user(&self, user: &User) -> Result<(), StoreError> {
        self.write(|| self.put("users", user.email.as_str().as_bytes(), user))
    }

    fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        self.get("users", email.as_str().as_bytes())
    }

    fn users(&self, org: &OrgId) -> Result<Vec<User>, StoreError> {
        let mut users: Vec<User> = self.scan("users", b"")?;
        users.retain(|u| &u.org == org);
        Ok(users)
    }

    fn remove_user(
        &self,
        org: &OrgId,
        email: &Email,
        keep_an_admin: bool,
    ) -> Result<Removal, StoreError> {
        self.write(|| {
            let admins = self.other_admins(org, email, keep_an_admin)?;
            let mut keys = Vec::new();
            for item in self.sessions.iter() {
                let (key, bytes) = item.map_err(|e| self.io(e))?;
                if decode::<Session>(&bytes).is_ok_and(|(s, _)| &s.email == email) {
                    keys.push(key);
                }
            }
            (&self.users, &self.sessions)
                .transaction(|(users, sessions)| {
                    let Some(user) = tx_user(users, email)?.filter(|u| &u.org == org) else {
                        return Ok(Removal::NotFound);
                    };
                    if keep_an_admin
                        && user.role == Role::Admin
                        && !another_admin(users, &admins, org)?
                    {
                        return Ok(Removal::LastAdmin);
                    }
                    users.remove(email.as_str().as_bytes())?;
                    for key in &keys {
                        sessions.remove(key)?;
                    }
                    Ok(Removal::Removed)
                })
                .map_err(|e| match e {
                    TransactionError::Abort(e) => e,
                    TransactionError::Storage(e) => self.io(e),
                })
        })
    }

    fn set_role(
        &self,
        org: &OrgId,
        email: &Email,
        role: Role,
        keep_an_admin: bool,
    ) -> Result<RoleChange, StoreError> {
        self.write(|| {
            let admins = self.other_admins(org, email, keep_an_admin && role != Role::Admin)?;
            self.users
                .transaction(|users| {
                    let Some(mut user) = tx_user(users, email)?.filter(|u| &u.org == org) else {
                        return Ok(RoleChange::NotFound);
                    };
                    if user.role == role {
                        return Ok(RoleChange::Unchanged);
                    }
                    if keep_an_admin
                        && user.role == Role::Admin
                        && !another_admin(users, &admins, org)?
                    {
                        return Ok(RoleChange::LastAdmin);
                    }
                    user.role = role;
                    users.insert(email.as_str().as_bytes(), encode(&user))?;
                    Ok(RoleChange::Changed)
                })
                .map_err(|e| match e {
                    TransactionError::Abort(e) => e,
                    TransactionError::Storage(e) => self.io(e),
                })
        })
    }

    fn put_session(&self, session: &Session) -> Result<(), StoreError> {
        self.write(|| self.put("sessions", session.key.as_str().as_bytes(), session))
    }

    fn session(&self, key: &SessionKey) -> Result<Option<Session>, StoreError> {
        self.get("sessions", key.as_str().as_bytes())
    }

    fn remove_session(&self, key: &SessionKey) -> Result<(), StoreError> {
        self.write(|| {
            self.sessions
                .remove(key.as_str().as_bytes())
                .map_err(|e| self.io(e))?;
            Ok(())
        })
    }

    fn remove_idle_sessions(&self, idle_before: OffsetDateTime) -> Result<usize, StoreError> {
        self.write(|| {
            let mut removed = 0;
            for item in self.sessions.iter() {
                let (key, bytes) = item.map_err(|e| self.io(e))?;
                let idle =
                    decode::<Session>(&bytes).map_or(true, |(s, _)| s.last_seen < idle_before);
                if idle {
                    self.sessions.remove(key).map_err(|e| self.io(e))?;
                    removed += 1;
                }
            }
            Ok(removed)
        })
    }

    fn remove_expired_shares(&self, now: OffsetDateTime) -> Result<usize, StoreError> {
        self.write(|| {
            let mut removed = 0;
            for item in self.shares.iter() {
                let (key, bytes) = item.map_err(|e| self.io(e))?;
                // A record that does not read is left for `store check` to report.
                let Ok((share, _)) = decode::<Share>(&bytes) else {
                    continue;
                };
                if share.expires_at > now {
                    continue;
                }
                let plan_at = plan_key(&share.org, &share.client, &share.plan);
                (&self.plans, &self.shares)
                    .transaction(|(plans, shares)| {
                        // The plan forgets the link only while it is still its link (read
                        // inside the transaction, so a new link made meanwhile stays).
                        if let Some(bytes) = plans.get(&plan_at)?
                            && let Ok((mut plan, _)) = decode::<Plan>(&bytes)
                            && plan.share.as_ref().is_some_and(|s| s.key == share.key)
                        {
                            plan.share = None;
                            plans.insert(plan_at.as_slice(), encode(&plan))?;
                        }
                        shares.remove(key.clone())?;
                        Ok(())
                    })
                    .map_err(|e| self.io(tx_error(e)))?;
                removed += 1;
            }
            Ok(removed)
        })
    }

    fn add_login_failure(
        &self,
        email: &Email,
        at: OffsetDateTime,
        since: OffsetDateTime,
        keep: usize,
        audit: Option<(&OrgId, &[AuditEntry])>,
    ) -> Result<(), StoreError> {
        self.write(|| {
            let sweep = {
                let mut swept = self
                    .failures_swept
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                let due = swept.is_none_or(|last| at - last >= SWEEP_FAILURES_EVERY);
                if due {
                    *swept = Some(at);
                }
                due
            };
            if sweep {
                // Accounts whose newest failure left the window are forgotten.
                for item in self.login_failures.iter() {
                    let (key, bytes) = item.map_err(|e| self.io(e))?;
                    if recent_failures(failures_of(Some(&bytes)), since, keep).is_empty() {
                        self.login_failures.remove(key).map_err(|e| self.io(e))?;
                    }
                }
            }
            // A compare-and-swap loop: failures recorded at once are all kept.
            self.login_failures
                .update_and_fetch(email.as_str().as_bytes(), |old| {
                    let mut times = failures_of(old);
                    times.push(nanos(at));
                    let times = recent_failures(times, since, keep);
                    serde_json::to_vec(&times).ok()
                })
                .map_err(|e| self.io(e))?;
            // Flushed with the failure, by `write`.
            for (org, entry) in audit
                .into_iter()
                .flat_map(|(o, es)| es.iter().map(move |e| (o, e)))
            {
                self.put_audit(org, entry)?;
            }
            Ok(())
        })
    }

    fn login_failures(
        &self,
        email: &Email,
        since: OffsetDateTime,
    ) -> Result<Vec<OffsetDateTime>, StoreError> {
        let stored = self
            .login_failures
            .get(email.as_str().as_bytes())
            .map_err(|e| self.io(e))?;
        let times = failures_of(stored.as_deref());
        Ok(failure_times(&recent_failures(times, since, usize::MAX)))
    }

    fn clear_login_failures(&self, email: &Email) -> Result<(), StoreError> {
        self.write(|| {
            self.login_failures
                .remove(email.as_str().as_bytes())
                .map_err(|e| self.io(e))?;
            Ok(())
        })
    }

    fn claim_change_check(
        &self,
        key: &str,
        instance: &str,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
        forget_before: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let claim_of = |bytes: &[u8]| serde_json::from_slice::<Claim>(bytes).ok();
        self.write(|| {
            for item in self.change_checks.iter() {
                let (old_key, bytes) = item.map_err(|e| self.io(e))?;
                if claim_of(&bytes).is_none_or(|c| c.claimed_at < nanos(forget_before)) {
                    self.change_checks.remove(old_key).map_err(|e| self.io(e))?;
                }
            }
            let mine = Claim {
                instance: instance.to_owned(),
                claimed_at: nanos(now),
            };
            let mine = serde_json::to_vec(&mine).map_err(|e| self.io(e))?;
            // Compare and swap: of instances claiming at once, one gets it.
            loop {
                let held = self
                    .change_checks
                    .get(key.as_bytes())
                    .map_err(|e| self.io(e))?;
                let free = held
                    .as_deref()
                    .and_then(claim_of)
                    .is_none_or(|c| c.instance == instance || c.claimed_at < nanos(stale_before));
                if !free {
                    return Ok(false);
                }
                let swapped = self
                    .change_checks
                    .compare_and_swap(key.as_bytes(), held, Some(mine.as_slice()))
                    .map_err(|e| self.io(e))?;
                if swapped.is_ok() {
                    return Ok(true);
                }
            }
        })
    }

    fn put_client(&self, client: &Client) -> Result<(), StoreError> {
        self.write(|| self.put("clients", &client_key(&client.org, &client.id), client))
    }

    fn update_client(
        &self,
        org: &OrgId,
        id: &ClientId,
        edit: &mut dyn FnMut(&mut Client) -> bool,
    ) -> Result<Option<Client>, StoreError> {
        let key = client_key(org, id);
        // sled runs the transaction closure (an `Fn`) again on a conflict.
        let edit = std::cell::RefCell::new(edit);
        self.write(|| {
            self.clients
                .transaction(|clients| {
                    let Some(bytes) = clients.get(key.as_slice())? else {
                        return Ok(None);
                    };
                    let (stored, _) = decode::<Client>(&bytes).map_err(|message| {
                        ConflictableTransactionError::Abort(record_error("clients", &key, message))
                    })?;
                    if &stored.org != org || &stored.id != id {
                        return Ok(None);
                    }
                    let (write, client) = client_edited(&stored, &mut **edit.borrow_mut());
                    if !write {
                        return Ok(Some(stored));
                    }
                    clients.insert(key.as_slice(), encode(&client))?;
                    Ok(Some(client))
                })
                .map_err(|e| match e {
                    TransactionError::Abort(e) => e,
                    TransactionError::Storage(e) => self.io(e),
                })
        })
    }

    fn client(&self, org: &OrgId, id: &ClientId) -> Result<Option<Client>, StoreError> {
        let client: Option<Client> = self.get("clients", &client_key(org, id))?;
        // The key already holds the organisation; the record must agree.
        Ok(client.filter(|c| &c.org == org))
    }

    fn clients(&self, org: &OrgId) -> Result<Vec<Client>, StoreError> {
        let mut clients: Vec<Client> = self.scan("clients", &org_prefix(org))?;
        clients.retain(|c| &c.org == org);
        Ok(clients)
    }

    fn client_count(&self, org: &OrgId) -> Result<usize, StoreError> {
        Ok(self.clients.scan_prefix(org_prefix(org)).count())
    }

    fn erase_client(
        &self,
        org: &OrgId,
        id: &ClientId,
        entry: &AuditEntry,
    ) -> Result<bool, StoreError> {
        self.write(|| {
            let seq = self.db.generate_id().map_err(|e| self.io(e))?;
            let key = client_key(org, id);
            // The client's plans and their share links go in the same transaction.
            let plans: Vec<Plan> = self.scan("plans", &plan_prefix(org, id))?;
            let erased = (
                &self.clients,
                &self.plans,
                &self.plan_ids,
                &self.shares,
                &self.audit,
            )
                .transaction(|(clients, plan_tree, plan_ids, shares, audit)| {
                    let existed = clients.remove(key.as_slice())?.is_some();
                    if existed {
                        for plan in &plans {
                            plan_tree.remove(plan_key(org, id, &plan.id))?;
                            plan_ids.remove(plan_id_key(org, &plan.id))?;
                            if let Some(share) = &plan.share {
                                shares.remove(share.key.as_str().as_bytes())?;
                            }
                        }
                        audit.insert(audit_key(org, seq), encode(entry))?;
                    }
                    Ok(existed)
                })
                .map_err(|e| self.io(tx_error(e)))?;
            Ok(erased)
        })
    }

    fn put_plan(&self, plan: &Plan) -> Result<(), StoreError> {
        self.write(|| {
            let owner = PlanOwner {
                client: plan.client.clone(),
            };
            let key = plan_key(&plan.org, &plan.client, &plan.id);
            (&self.plans, &self.plan_ids)
                .transaction(|(plans, plan_ids)| {
                    // The share link is set_share's alone: keep the one stored now, whatever
                    // the plan that was read earlier says.
                    let mut plan = plan.clone();
                    plan.share = match plans.get(key.as_slice())? {
                        None => None,
                        Some(bytes) => {
                            decode::<Plan>(&bytes)
                                .map_err(|message| {
                                    ConflictableTransactionError::Abort(record_error(
                                        "plans", &key, message,
                                    ))
                                })?
                                .0
                                .share
                        }
                    };
                    plans.insert(key.as_slice(), encode(&plan))?;
                    plan_ids.insert(plan_id_key(&plan.org, &plan.id), encode(&owner))?;
                    Ok(())
                })
                .map_err(|e| match e {
                    TransactionError::Abort(e) => e,
                    TransactionError::Storage(e) => self.io(e),
                })
        })
    }

    fn update_plan(
        &self,
        org: &OrgId,
        id: &PlanId,
        entry: Option<&AuditEntry>,
        edit: &mut dyn FnMut(&mut Plan) -> Edit,
    ) -> Result<Option<Plan>, StoreError> {
        // sled runs the transaction closure (an `Fn`) again on a conflict.
        let edit = std::cell::RefCell::new(edit);
        self.write(|| {
            let seq = self.db.generate_id().map_err(|e| self.io(e))?;
            let index = plan_id_key(org, id);
            (&self.plans, &self.plan_ids, &self.audit)
                .transaction(|(plans, plan_ids, audit)| {
                    let abort = |tree: &str, key: &[u8], message: String| {
                        ConflictableTransactionError::Abort(record_error(tree, key, message))
                    };
                    let Some(bytes) = plan_ids.get(&index)? else {
                        return Ok(None);
                    };
                    let (owner, _) = decode::<PlanOwner>(&bytes)
                        .map_err(|message| abort("plan_ids", &index, message))?;
                    let key = plan_key(org, &owner.client, id);
                    let Some(bytes) = plans.get(&key)? else {
                        return Ok(None);
                    };
                    let (stored, _) =
                        decode::<Plan>(&bytes).map_err(|message| abort("plans", &key, message))?;
                    if &stored.org != org || &stored.id != id {
                        return Ok(None);
                    }
                    let (decided, plan) = edited(&stored, &mut **edit.borrow_mut());
                    match decided {
                        Edit::Refuse => return Ok(Some(stored)),
                        Edit::Keep => {}
                        Edit::Write => {
                            plans.insert(key.as_slice(), encode(&plan))?;
                        }
                    }
                    if let Some(entry) = entry {
                        audit.insert(audit_key(org, seq), encode(entry))?;
                    }
                    Ok(Some(if decided == Edit::Write { plan } else { stored }))
                })
                .map_err(|e| match e {
                    TransactionError::Abort(e) => e,
                    TransactionError::Storage(e) => self.io(e),
                })
        })
    }

    fn plan(&self, org: &OrgId, id: &PlanId) -> Result<Option<Plan>, StoreError> {
        let Some(owner) = self.get::<PlanOwner>("plan_ids", &plan_id_key(org, id))? else {
            return Ok(None);
        };
        let plan: Option<Plan> = self.get("plans", &plan_key(org, &owner.client, id))?;
        // The key already holds the organisation; the record must agree.
        Ok(plan.filter(|p| &p.org == org && &p.id == id))
    }

    fn plans_of_client(&self, org: &OrgId, client: &ClientId) -> Result<Vec<Plan>, StoreError> {
        let mut plans: Vec<Plan> = self.scan("plans", &plan_prefix(org, client))?;
        plans.retain(|p| &p.org == org && &p.client == client);
        Ok(plans)
    }

    fn delete_plan(
        &self,
        org: &OrgId,
        id: &PlanId,
        entry: &AuditEntry,
    ) -> Result<bool, StoreError> {
        self.write(|| {
            let Some(plan) = self.plan(org, id)? else {
                return Ok(false);
            };
            let seq = self.db.generate_id().map_err(|e| self.io(e))?;
            (&self.plans, &self.plan_ids, &self.shares, &self.audit)
                .transaction(|(plans, plan_ids, shares, audit)| {
                    plans.remove(plan_key(org, &plan.client, id))?;
                    plan_ids.remove(plan_id_key(org, id))?;
                    if let Some(share) = &plan.share {
                        shares.remove(share.key.as_str().as_bytes())?;
                    }
                    audit.insert(audit_key(org, seq), encode(entry))?;
                    Ok(())
                })
                .map_err(|e| self.io(tx_error(e)))?;
            Ok(true)
        })
    }

    fn set_share(
        &self,
        plan: &Plan,
        share: Option<&Share>,
        entry: &AuditEntry,
    ) -> Result<bool, StoreError> {
        self.write(|| {
            if self.plan(&plan.org, &plan.id)?.is_none() {
                return Ok(false);
            }
            let seq = self.db.generate_id().map_err(|e| self.io(e))?;
            let key = plan_key(&plan.org, &plan.client, &plan.id);
            (&self.plans, &self.shares, &self.audit)
                .transaction(|(plans, shares, audit)| {
                    // The link to remove is the one stored now, read inside the transaction,
                    // so two changes at once never leave a link no plan names.
                    let Some(bytes) = plans.get(key.as_slice())? else {
                        return Ok(false);
                    };
                    let (stored, _) = decode::<Plan>(&bytes).map_err(|message| {
                        ConflictableTransactionError::Abort(record_error("plans", &key, message))
                    })?;
                    if let Some(old) = &stored.share {
                        shares.remove(old.key.as_str().as_bytes())?;
                    }
                    if let Some(new) = share {
                        shares.insert(new.key.as_str().as_bytes(), encode(new))?;
                    }
                    // The link and the time of the change on the plan as stored now: a
                    // change of another field made meanwhile stays.
                    let mut stored = stored;
                    stored.share.clone_from(&plan.share);
                    stored.updated = plan.updated;
                    plans.insert(key.as_slice(), encode(&stored))?;
                    audit.insert(audit_key(&plan.org, seq), encode(entry))?;
                    Ok(true)
                })
                .map_err(|e| match e {
                    TransactionError::Abort(e) => e,
                    TransactionError::Storage(e) => self.io(e),
                })
        })
    }

    fn share(&self, key: &ShareKey) -> Result<Option<Share>, StoreError> {
        self.get("shares", key.as_str().as_bytes())
    }

    fn append_audit(&self, org: &OrgId, entry: &AuditEntry) -> Result<(), StoreError> {
        self.write(|| self.put_audit(org, entry))
    }

    fn audit(
        &self,
        org: &OrgId,
        before: Option<u64>,
        limit: usize,
    ) -> Result<Vec<(u64, AuditEntry)>, StoreError> {
        let start = org_prefix(org);
        let end = match before {
            Some(seq) => audit_key(org, seq),
            // '0' follows '/' in ASCII: the end of this organisation's keys.
            None => format!("{org}0").into_bytes(),
        };
        self.audit
            .range(start..end)
            .rev()
            .take(limit)
            .map(|item| {
                let (key, bytes) = item.map_err(|e| self.io(e))?;
                let seq = std::str::from_utf8(&key[org_prefix(org).len()..])
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                let (entry, _) =
                    decode::<AuditEntry>(&bytes).map_err(|m| record_error("audit", &key, m))?;
                Ok((seq, entry))
            })
            .collect()
    }

    fn audit_of_client(&self, org: &OrgId, id: &ClientId) -> Result<Vec<AuditEntry>, StoreError> {
        let mut entries: Vec<AuditEntry> = self.scan("audit", &org_prefix(org))?;
        entries.retain(|e| e.client.as_ref() == Some(id));
        Ok(entries)
    }

    fn add_insight(&self, counts: &[InsightCount]) -> Result<(), StoreError> {
        if counts.is_empty() {
            return Ok(());
        }
        self.write(|| {
            self.insight
                .transaction(|tx| {
                    for count in counts {
                        let key = count.key();
                        let old = tx.get(key.as_bytes())?.map_or(0, |v| counter(&v));
                        let new = old.saturating_add(count.count);
                        tx.insert(key.as_bytes(), &new.to_be_bytes())?;
                    }
                    Ok::<(), ConflictableTransactionError<()>>(())
                })
                .map_err(|e| self.io(tx_error(e)))
        })
    }

    fn insight(
        &self,
        tenant: &str,
        from: IsoWeek,
        to: IsoWeek,
    ) -> Result<Vec<InsightCount>, StoreError> {
        // Keys sort by week within a tenant (`tenant/yyyyww/…`, weeks of six digits).
        let start = format!("{tenant}/{}/", from.number());
        let end = format!("{tenant}/{}/", to.number() + 1);
        let mut counts = Vec::new();
        for item in self.insight.range(start.into_bytes()..end.into_bytes()) {
            let (key, value) = item.map_err(|e| self.io(e))?;
            let text = String::from_utf8_lossy(&key);
            let count = InsightCount::from_key(&text, counter(&value))
                .ok_or_else(|| record_error("insight", &key, "not a counter key".to_owned()))?;
            counts.push(count);
        }
        Ok(counts)
    }

    fn backup(&self, out: &mut dyn Write) -> Result<BackupSummary, StoreError> {
        // Alone: no write runs while the snapshot is read, so it is one moment of the store.
        let _alone = self.gate.write().unwrap_or_else(|p| p.into_inner());
        let mut writer = backup::Writer::start(out).map_err(|e| self.io(e))?;
        for tree in TREES {
            Snapshot::scan(self, tree, &mut |key, bytes| {
                writer.record(tree, key, bytes).map_err(|e| self.io(e))
            })?;
        }
        writer.finish().map_err(|e| self.io(e))
    }

    fn check(&self) -> Result<CheckReport, StoreError> {
        check::check(self)
    }
}

impl Snapshot for SledStore {
    fn scan(&self, tree: &str, each: &mut Visit<'_>) -> Result<(), StoreError> {
        for item in self.tree(tree).iter() {
            let (key, bytes) = item.map_err(|e| self.io(e))?;
            each(&key, &bytes)?;
        }
        Ok(())
    }

    fn contains(&self, tree: &str, key: &[u8]) -> Result<bool, StoreError> {
        self.tree(tree).contains_key(key).map_err(|e| self.io(e))
    }
}

/// Restores a backup into `dir`, which must hold no records.
pub(super) fn restore(dir: &Path, input: &mut dyn BufRead) -> Result<BackupSummary, RestoreError> {
    let records = backup::read(input)?;
    let store = SledStore::open(dir).map_err(RestoreError::Store)?;
    if !store.is_empty() {
        return Err(RestoreError::NotEmpty {
            dir: dir.display().to_string(),
        });
    }
    let mut summary = BackupSummary::default();
    for (tree, key, value) in records {
        store
            .tree(&tree)
            .insert(key.as_bytes(), value)
            .map_err(|e| RestoreError::Store(store.io(e)))?;
        summary.count(&tree);
    }
    store
        .db
        .flush()
        .map_err(|e| RestoreError::Store(store.io(e)))?;
    let report = store.check().map_err(RestoreError::Store)?;
    if !report.is_ok() {
        return Err(RestoreError::Check(report.problems));
    }
    Ok(summary)
}
