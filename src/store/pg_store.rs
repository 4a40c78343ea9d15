//! The PostgreSQL implementation of [`Store`], for several padvinder instances sharing one
//! workspace. It keeps the sled store's trees as tables (`migrations/0001_workspace.sql`): the same
//! keys, the same stored records with their schema version, and columns derived from them that
//! scope every query by organisation. A write returns only after its transaction has committed.
//!
//! The driver is `tokio-postgres` with a `deadpool-postgres` pool; the [`Store`] trait is
//! synchronous (handlers call it in `spawn_blocking`, commands from `main`). The store owns a
//! small runtime of its own whose one worker thread drives the connections, and each call blocks
//! its own (blocking or command) thread on its query with that runtime's `block_on`. It never
//! blocks inside an async task: the server's runtime and the store's are separate, and the
//! server only calls the store from blocking threads, where `block_on` is allowed.

use std::future::Future;
use std::io::{BufRead, Write};
use std::str::FromStr;
use std::time::Duration;

use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod};
use time::OffsetDateTime;
use tokio_postgres::NoTls;
use tokio_postgres::types::ToSql;

use super::backup::{self, BackupSummary, RestoreError};
use super::check::{self, Snapshot, Visit, client_key, plan_id_key, plan_key};
use super::insight::{InsightCount, InsightKind, IsoWeek};
use super::records::{
    AuditEntry, Client, ClientId, Email, Org, OrgId, Plan, PlanId, PlanOwner, Record, Role,
    Session, SessionKey, Share, ShareKey, User, decode, encode,
};
use super::{
    CheckReport, Edit, Removal, RoleChange, Store, StoreError, TREES, client_edited, edited,
    failure_times, nanos, recent_failures,
};

/// The schema migrations, in order: version, name, SQL. Each runs once, in a transaction, on
/// open and by `padvinder store migrate`; applied ones are listed in `padvinder_migrations`.
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (
        1,
        "0001_workspace",
        include_str!("migrations/0001_workspace.sql"),
    ),
    (
        2,
        "0002_login_failures",
        include_str!("migrations/0002_login_failures.sql"),
    ),
    (
        3,
        "0003_change_checks",
        include_str!("migrations/0003_change_checks.sql"),
    ),
    (
        4,
        "0004_insight",
        include_str!("migrations/0004_insight.sql"),
    ),
];

/// Connections the pool keeps open at most, per instance: PostgreSQL's default of 100 connections
/// leaves room for several instances and the operator. A call beyond 16 at once waits for one.
const POOL_SIZE: usize = 16;

/// How long a call waits for a connection, or for a new one to be made, before it fails: a
/// database that does not answer makes requests fail fast instead of piling up.
const WAIT: Duration = Duration::from_secs(5);

/// Taken (transaction-scoped) while migrating, so instances starting at once migrate one by one.
const MIGRATION_LOCK: i64 = 0x7061_6476_696e_6472; // "padvindr"

/// Rows fetched at a time when a backup or check reads a whole table.
const BATCH: i32 = 1000;

/// The workspace store in a PostgreSQL database.
pub struct PgStore {
    /// Where, without a password: for messages.
    shown: String,
    pool: Pool,
    /// Drives the connections; taken on drop (see `Drop`).
    runtime: Option<tokio::runtime::Runtime>,
}

/// A database error with PostgreSQL's own message and code where there is one.
fn pg_error(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} (SQLSTATE {})", db.message(), db.code().code()),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(inner) = source {
                text = format!("{text}: {inner}");
                source = inner.source();
            }
            text
        }
    }
}

fn pool_error(e: &deadpool_postgres::PoolError) -> String {
    match e {
        deadpool_postgres::PoolError::Backend(e) => pg_error(e),
        deadpool_postgres::PoolError::Timeout(_) => format!(
            "no database connection within {} seconds (is PostgreSQL running and reachable?)",
            WAIT.as_secs()
        ),
        other => other.to_string(),
    }
}

/// Whether a failed call may succeed when tried again: the connection is gone, or PostgreSQL
/// says so (connection exceptions 08…, shutdown or restart 57P…, too many connections 53300,
/// serialization failure 40001, deadlock 40P01).
fn is_transient(e: &tokio_postgres::Error) -> bool {
    match e.as_db_error() {
        Some(db) => {
            let code = db.code().code();
            code.starts_with("08")
                || code.starts_with("57P")
                || ["53300", "40001", "40P01"].contains(&code)
        }
        None => true,
    }
}

/// `postgres://user@host:port/db`: the URL without its password.
fn shown(config: &tokio_postgres::Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let port = config
        .get_ports()
        .first()
        .map_or(String::new(), |p| format!(":{p}"));
    format!(
        "postgres://{}@{}{port}/{}",
        config.get_user().unwrap_or(""),
        hosts.join(","),
        config.get_dbname().unwrap_or("")
    )
}

/// The columns of a table row, derived from the record and its key.
struct Row<'a> {
    tree: &'a str,
    key: &'a str,
    org: String,
    /// `plans.client`, `audit.client`.
    client: Option<String>,
    /// `sessions.email`.
    email: Option<String>,
    /// `audit.seq`.
    seq: Option<i64>,
    /// `sessions.last_seen`, `shares.expires_at`.
    time: Option<i64>,
    record: &'a str,
}

/// The fields of a stored record that columns are derived from.
#[derive(serde::Deserialize)]
struct Envelope {
    data: Fields,
}

#[derive(serde::Deserialize)]
struct Fields {
    id: Option<String>,
    org: Option<String>,
    client: Option<String>,
    email: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    last_seen: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    expires_at: Option<OffsetDateTime>,
}

impl<'a> Row<'a> {
    fn of(tree: &'a str, key: &'a str, record: &'a str) -> Result<Row<'a>, String> {
        let fields = serde_json::from_str::<Envelope>(record)
            .map_err(|e| format!("{tree}/{key}: {e}"))?
            .data;
        let key_org = || key.split('/').next().map(str::to_owned);
        let missing = |what: &str| format!("{tree}/{key}: the record has no {what}");
        let org = match tree {
            "orgs" => fields.id.clone(),
            "audit" | "plan_ids" => key_org(),
            _ => fields.org.clone(),
        }
        .ok_or_else(|| missing("organisation"))?;
        let mut row = Row {
            tree,
            key,
            org,
            client: None,
            email: None,
            seq: None,
            time: None,
            record,
        };
        match tree {
            "sessions" => {
                row.email = Some(fields.email.ok_or_else(|| missing("e-mail"))?);
                row.time = Some(nanos(fields.last_seen.ok_or_else(|| missing("last_seen"))?));
            }
            "audit" => {
                row.client = fields.client;
                let seq = key.rsplit('/').next().and_then(|s| s.parse::<i64>().ok());
                row.seq = Some(seq.ok_or_else(|| missing("sequence number in its key"))?);
            }
            "plans" => row.client = Some(fields.client.ok_or_else(|| missing("client"))?),
            "shares" => {
                row.time = Some(nanos(
                    fields.expires_at.ok_or_else(|| missing("expires_at"))?,
                ));
            }
            _ => {}
        }
        Ok(row)
    }

    /// The table's columns beyond key, org and record.
    fn extra_columns(&self) -> &'static [&'static str] {
        match self.tree {
            "sessions" => &["email", "last_seen"],
            "audit" => &["seq", "client"],
            "plans" => &["client"],
            "shares" => &["expires_at"],
            _ => &[],
        }
    }

    /// `INSERT … ON CONFLICT (key) DO UPDATE` of this row, and its parameters.
    fn upsert(&self) -> (String, Vec<&(dyn ToSql + Sync)>) {
        let extra = self.extra_columns();
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&self.key, &self.org, &self.record];
        for column in extra {
            params.push(match *column {
                "email" => &self.email,
                "client" => &self.client,
                "seq" => &self.seq,
                _ => &self.time,
            });
        }
        let columns: String = extra.iter().map(|c| format!(", {c}")).collect();
        let values: String = (4..4 + extra.len()).map(|i| format!(", ${i}")).collect();
        let updates: String = extra
            .iter()
            .map(|c| format!(", {c} = EXCLUDED.{c}"))
            .collect();
        let sql = format!(
            "INSERT INTO {} (key, org, record{columns}) VALUES ($1, $2, $3::text::json{values}) \
             ON CONFLICT (key) DO UPDATE SET org = EXCLUDED.org, record = EXCLUDED.record{updates}",
            self.tree
        );
        (sql, params)
    }
}

fn audit_key(org: &OrgId, seq: i64) -> String {
    format!("{org}/{seq:020}")
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db`) and runs the
    /// migrations it has not had yet.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let store = PgStore::connect(url)?;
        store.migrate()?;
        Ok(store)
    }

    /// Connects without migrating.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        let mut config = tokio_postgres::Config::from_str(url).map_err(|e| StoreError::Io {
            dir: "postgres://…".to_owned(),
            message: format!("not a PostgreSQL URL: {}", pg_error(&e)),
        })?;
        let shown = shown(&config);
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(WAIT);
        }
        if config.get_application_name().is_none() {
            config.application_name("padvinder");
        }
        let io = |message: String| StoreError::Io {
            dir: shown.clone(),
            message,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("padvinder-postgres")
            .enable_all()
            .build()
            .map_err(|e| io(e.to_string()))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            // Verified: a pooled connection answers an empty query before it is handed out.
            // Fast only asks the client whether it saw the socket close, which after a
            // database restart or pg_terminate_backend it may not have yet: the request then
            // failed with 503 although a new connection would have served it.
            ManagerConfig {
                recycling_method: RecyclingMethod::Verified,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(WAIT))
            .create_timeout(Some(WAIT))
            .recycle_timeout(Some(WAIT))
            .build()
            .map_err(|e| io(e.to_string()))?;
        let store = PgStore {
            shown,
            pool,
            runtime: Some(runtime),
        };
        // Fail at open, with the reason, when the database cannot be reached.
        store.block(async { store.client().await.map(drop) })?;
        Ok(store)
    }

    /// A failed statement: [`StoreError::Unavailable`] when trying again may help.
    fn pg(&self, e: &tokio_postgres::Error) -> StoreError {
        if is_transient(e) {
            StoreError::Unavailable {
                dir: self.shown.clone(),
                message: pg_error(e),
            }
        } else {
            self.io(pg_error(e))
        }
    }

    fn io(&self, message: String) -> StoreError {
        StoreError::Io {
            dir: self.shown.clone(),
            message,
        }
    }

    /// Runs `work` on the store's runtime, blocking this (non-async) thread until it is done.
    fn block<T>(&self, work: impl Future<Output = T>) -> T {
        match &self.runtime {
            Some(runtime) => runtime.block_on(work),
            // Only `Drop` takes the runtime.
            None => unreachable!("the store's runtime is gone before the store"),
        }
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        // No connection to be had is always worth trying again later.
        self.pool.get().await.map_err(|e| StoreError::Unavailable {
            dir: self.shown.clone(),
            message: pool_error(&e),
        })
    }

    /// Runs the migrations the database has not had yet; answers their names.
    pub fn migrate(&self) -> Result<Vec<String>, StoreError> {
        let pg = |e: tokio_postgres::Error| self.io(format!("migrating: {}", pg_error(&e)));
        self.block(async {
            let mut client = self.client().await?;
            let tx = client.transaction().await.map_err(pg)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
                .await
                .map_err(pg)?;
            tx.batch_execute(
                "CREATE TABLE IF NOT EXISTS padvinder_migrations (\
                   version integer PRIMARY KEY, name text NOT NULL, \
                   applied_at timestamptz NOT NULL DEFAULT now())",
            )
            .await
            .map_err(pg)?;
            let done: Vec<i32> = tx
                .query("SELECT version FROM padvinder_migrations", &[])
                .await
                .map_err(pg)?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let mut applied = Vec::new();
            for (version, name, sql) in MIGRATIONS {
                if done.contains(version) {
                    continue;
                }
                tx.batch_execute(sql)
                    .await
                    .map_err(|e| self.io(format!("migration {name}: {}", pg_error(&e))))?;
                tx.execute(
                    "INSERT INTO padvinder_migrations (version, name) VALUES ($1, $2)",
                    &[version, name],
                )
                .await
                .map_err(pg)?;
                applied.push((*name).to_owned());
            }
            tx.commit().await.map_err(pg)?;
            Ok(applied)
        })
    }

    /// The newest migration the database has had, and whether one is newer than this padvinder
    /// knows (a newer padvinder migrated it; this one still runs on it, as rolling upgrades need).
    pub fn schema_version(&self) -> Result<i32, StoreError> {
        self.block(async {
            let client = self.client().await?;
            let row = client
                .query_one(
                    "SELECT coalesce(max(version), 0) FROM padvinder_migrations",
                    &[],
                )
                .await
                .map_err(|e| self.pg(&e))?;
            Ok(row.get(0))
        })
    }

    /// Runs `work` in a transaction and commits it; the call returns after COMMIT.
    fn write<T>(
        &self,
        work: impl AsyncFnOnce(&Tx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.block(async {
            let mut client = self.client().await?;
            let tx = client.transaction().await.map_err(|e| self.pg(&e))?;
            let out = work(&tx).await?;
            tx.commit().await.map_err(|e| self.pg(&e))?;
            Ok(out)
        })
    }

    /// The records one query answers (`SELECT key, record::text …`), outside a transaction.
    fn query<R: Record>(
        &self,
        tree: &str,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<R>, StoreError> {
        self.block(async { self.rows(&self.client().await?, tree, sql, params).await })
    }

    /// The one record a query answers, if any.
    fn query_one<R: Record>(
        &self,
        tree: &str,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<R>, StoreError> {
        Ok(self.query(tree, sql, params)?.into_iter().next())
    }

    /// Runs one statement outside a transaction (it commits on its own); answers the rows
    /// it changed.
    fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, StoreError> {
        self.block(async { self.exec(&self.client().await?, sql, params).await })
    }

    /// Writes `record` under `key` in `tree`, in `tx`.
    async fn put<R: Record>(
        &self,
        tx: &Tx<'_>,
        tree: &str,
        key: &str,
        record: &R,
    ) -> Result<(), StoreError> {
        let bytes = encode(record);
        let text = std::str::from_utf8(&bytes).map_err(|e| self.io(e.to_string()))?;
        let row = Row::of(tree, key, text).map_err(|e| self.io(e))?;
        let (sql, params) = row.upsert();
        self.exec(tx, &sql, &params).await.map(drop)
    }

    /// Whether `email` is the last admin of `org`, with the organisation's admins locked until
    /// COMMIT (in key order, so two transactions lock them in the same order): a removal or role
    /// change of another admin waits for this transaction, then reads the rows again and no
    /// longer counts an admin removed or made counsellor here.
    async fn is_last_admin(
        &self,
        tx: &Tx<'_>,
        org: &OrgId,
        email: &Email,
    ) -> Result<bool, StoreError> {
        let admins: Vec<User> = self
            .rows(
                tx,
                "users",
                &format!(
                    "SELECT {RECORD} FROM users WHERE org = $1 \
                     AND record->'data'->>'role' = 'admin' ORDER BY key FOR UPDATE"
                ),
                &[&org.as_str()],
            )
            .await?;
        let admins: Vec<&User> = admins.iter().filter(|u| &u.org == org).collect();
        Ok(admins.iter().any(|u| &u.email == email) && admins.len() <= 1)
    }

    /// Runs a statement on `on` (a connection or a transaction); answers the rows it changed.
    async fn exec(
        &self,
        on: &impl GenericClient,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, StoreError> {
        let statement = self.prepared(on, sql).await?;
        on.execute(&statement, params)
            .await
            .map_err(|e| self.pg(&e))
    }

    /// `sql` prepared once per connection (the store's statements are a small fixed set), so a
    /// call costs one round trip, not two.
    async fn prepared(
        &self,
        on: &impl GenericClient,
        sql: &str,
    ) -> Result<tokio_postgres::Statement, StoreError> {
        on.prepare_cached(sql).await.map_err(|e| self.pg(&e))
    }

    /// The records a query answers on `on` (`SELECT key, record::text …`).
    async fn rows<R: Record>(
        &self,
        on: &impl GenericClient,
        tree: &str,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<R>, StoreError> {
        let statement = self.prepared(on, sql).await?;
        let rows = on
            .query(&statement, params)
            .await
            .map_err(|e| self.pg(&e))?;
        decode_rows(tree, &rows)
    }

    /// The first record a query answers on `on`, if any.
    async fn first<R: Record>(
        &self,
        on: &impl GenericClient,
        tree: &str,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<R>, StoreError> {
        Ok(self.rows(on, tree, sql, params).await?.into_iter().next())
    }

    /// Removes one of the organisation's share links, in `tx`.
    async fn delete_share(
        &self,
        tx: &Tx<'_>,
        key: &ShareKey,
        org: &OrgId,
    ) -> Result<u64, StoreError> {
        self.exec(
            tx,
            "DELETE FROM shares WHERE key = $1 AND org = $2",
            &[&key.as_str(), &org.as_str()],
        )
        .await
    }

    /// The next audit sequence number.
    async fn next_seq(&self, tx: &Tx<'_>) -> Result<i64, StoreError> {
        let row = tx
            .query_one("SELECT nextval('audit_seq')", &[])
            .await
            .map_err(|e| self.pg(&e))?;
        Ok(row.get(0))
    }

    async fn audit_in(
        &self,
        tx: &Tx<'_>,
        org: &OrgId,
        entry: &AuditEntry,
    ) -> Result<(), StoreError> {
        let seq = self.next_seq(tx).await?;
        self.put(tx, "audit", &audit_key(org, seq), entry).await
    }

    /// Starts a transaction that sees one moment of the whole store and changes nothing.
    fn snapshot<'c>(
        &'c self,
        client: &'c mut deadpool_postgres::Object,
    ) -> Result<PgSnapshot<'c>, StoreError> {
        let tx = self
            .block(
                client
                    .build_transaction()
                    .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start(),
            )
            .map_err(|e| self.pg(&e))?;
        Ok(PgSnapshot { store: self, tx })
    }
}

type Tx<'a> = deadpool_postgres::Transaction<'a>;

fn decode_rows<R: Record>(tree: &str, rows: &[tokio_postgres::Row]) -> Result<Vec<R>, StoreError> {
    rows.iter()
        .map(|row| {
            let key: &str = row.get(0);
            let record: &str = row.get(1);
            decode::<R>(record.as_bytes())
                .map(|(r, _)| r)
                .map_err(|message| StoreError::Record {
                    tree: tree.to_owned(),
                    key: key.to_owned(),
                    message,
                })
        })
        .collect()
}

impl Drop for PgStore {
    fn drop(&mut self) {
        // A server drops its store at the end of an async function: a runtime may not be
        // dropped (which waits) there, but it may be let go in the background.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// One REPEATABLE READ, read-only transaction: a backup or check of one moment of the store,
/// while writes go on.
struct PgSnapshot<'c> {
    store: &'c PgStore,
    tx: Tx<'c>,
}

impl Snapshot for PgSnapshot<'_> {
    fn scan(&self, tree: &str, each: &mut Visit<'_>) -> Result<(), StoreError> {
        // Table names come from TREES only.
        let Some(table) = TREES.iter().find(|t| **t == tree) else {
            return Err(self.store.io(format!("no table {tree}")));
        };
        let pg = |e: tokio_postgres::Error| self.store.pg(&e);
        let sql = format!("SELECT key, record::text FROM {table} ORDER BY key");
        let portal = self
            .store
            .block(self.tx.bind(sql.as_str(), &[]))
            .map_err(pg)?;
        loop {
            let rows = self
                .store
                .block(self.tx.query_portal(&portal, BATCH))
                .map_err(pg)?;
            if rows.is_empty() {
                return Ok(());
            }
            for row in &rows {
                let key: &str = row.get(0);
                let record: &str = row.get(1);
                each(key.as_bytes(), record.as_bytes())?;
            }
        }
    }

    fn contains(&self, tree: &str, key: &[u8]) -> Result<bool, StoreError> {
        let Some(table) = TREES.iter().find(|t| **t == tree) else {
            return Err(self.store.io(format!("no table {tree}")));
        };
        let key = String::from_utf8_lossy(key);
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE key = $1)");
        let row = self
            .store
            .block(self.tx.query_one(sql.as_str(), &[&key.as_ref()]))
            .map_err(|e| self.store.pg(&e))?;
        Ok(row.get(0))
    }
}

const RECORD: &str = "key, record::text";

impl Store for PgStore {
    fn ensure_org(&self, org: &Org) -> Result<bool, StoreError> {
        let bytes = encode(org);
        let text = String::from_utf8_lossy(&bytes);
        let created = self.execute(
            "INSERT INTO orgs (key, org, record) VALUES ($1, $1, $2::text::json) \
             ON CONFLICT (key) DO NOTHING",
            &[&org.id.as_str(), &text.as_ref()],
        )?;
        Ok(created == 1)
    }

    fn orgs(&self) -> Result<Vec<Org>, StoreError> {
        self.query(
            "orgs",
            &format!("SELECT {RECORD} FROM orgs ORDER BY key"),
            &[],
        )
    }

    fn org(&self, id: &OrgId) -> Result<Option<Org>, StoreError> {
        let org: Option<Org> = self.query_one(
            "orgs",
            &format!("SELECT {RECORD} FROM orgs WHERE key = $1"),
            &[&id.as_str()],
        )?;
        Ok(org.filter(|o| &o.id == id))
    }

    fn set_org_name(&self, id: &OrgId, name: &str) -> Result<bool, StoreError> {
        self.write(async |tx| {
            let sql = format!("SELECT {RECORD} FROM orgs WHERE key = $1 FOR UPDATE");
            let Some(mut org) = self.first::<Org>(tx, "orgs", &sql, &[&id.as_str()]).await? else {
                return Ok(false);
            };
            org.name = Some(name.to_owned());
            self.put(tx, "orgs", id.as_str(), &org).await?;
            Ok(true)
        })
    }

    fn put_user(&self, user: &User) -> Result<(), StoreError> {
        self.write(async |tx| self.put(tx, "users", user.email.as_str(), user).await)
    }

    fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        self.query_one(
            "users",
            &format!("SELECT {RECORD} FROM users WHERE key = $1"),
            &[&email.as_str()],
        )
    }

    fn users(&self, org: &OrgId) -> Result<Vec<User>, StoreError> {
        let mut users: Vec<User> = self.query(
            "users",
            &format!("SELECT {RECORD} FROM users WHERE org = $1 ORDER BY key"),
            &[&org.as_str()],
        )?;
        users.retain(|u| &u.org == org);
        Ok(users)
    }

    fn remove_user(
        &self,
        org: &OrgId,
        email: &Email,
        keep_an_admin: bool,
    ) -> Result<Removal, StoreError> {
        self.write(async |tx| {
            if keep_an_admin && self.is_last_admin(tx, org, email).await? {
                return Ok(Removal::LastAdmin);
            }
            let removed = self
                .exec(
                    tx,
                    "DELETE FROM users WHERE key = $1 AND org = $2",
                    &[&email.as_str(), &org.as_str()],
                )
                .await?;
            if removed == 0 {
                return Ok(Removal::NotFound);
            }
            self.exec(
                tx,
                "DELETE FROM sessions WHERE org = $1 AND email = $2",
                &[&org.as_str(), &email.as_str()],
            )
            .await?;
            Ok(Removal::Removed)
        })
    }

    fn set_role(
        &self,
        org: &OrgId,
        email: &Email,
        role: Role,
        keep_an_admin: bool,
    ) -> Result<RoleChange, StoreError> {
        self.write(async |tx| {
            if keep_an_admin && role != Role::Admin && self.is_last_admin(tx, org, email).await? {
                return Ok(RoleChange::LastAdmin);
            }
            let found: Vec<User> = self
                .rows(
                    tx,
                    "users",
                    &format!("SELECT {RECORD} FROM users WHERE key = $1 AND org = $2 FOR UPDATE"),
                    &[&email.as_str(), &org.as_str()],
                )
                .await?;
            let Some(mut user) = found.into_iter().find(|u| &u.org == org) else {
                return Ok(RoleChange::NotFound);
            };
            if user.role == role {
                return Ok(RoleChange::Unchanged);
            }
            user.role = role;
            self.put(tx, "users", user.email.as_str(), &user).await?;
            Ok(RoleChange::Changed)
        })
    }

    fn put_session(&self, session: &Session) -> Result<(), StoreError> {
        self.write(async |tx| {
            self.put(tx, "sessions", session.key.as_str(), session)
                .await
        })
    }

    fn session(&self, key: &SessionKey) -> Result<Option<Session>, StoreError> {
        self.query_one(
            "sessions",
            &format!("SELECT {RECORD} FROM sessions WHERE key = $1"),
            &[&key.as_str()],
        )
    }

    fn remove_session(&self, key: &SessionKey) -> Result<(), StoreError> {
        self.execute("DELETE FROM sessions WHERE key = $1", &[&key.as_str()])
            .map(drop)
    }

    fn remove_idle_sessions(&self, idle_before: OffsetDateTime) -> Result<usize, StoreError> {
        let removed = self.execute(
            "DELETE FROM sessions WHERE last_seen < $1",
            &[&nanos(idle_before)],
        )?;
        Ok(usize::try_from(removed).unwrap_or(usize::MAX))
    }

    fn remove_expired_shares(&self, now: OffsetDateTime) -> Result<usize, StoreError> {
        let expired: Vec<Share> = self.query(
            "shares",
            &format!("SELECT {RECORD} FROM shares WHERE expires_at <= $1 ORDER BY key"),
            &[&nanos(now)],
        )?;
        let mut removed = 0;
        for share in expired {
            let plan_at =
                String::from_utf8_lossy(&plan_key(&share.org, &share.client, &share.plan))
                    .into_owned();
            // The plan first, then its link: the order set_share locks them in.
            let gone = self.write(async |tx| {
                let plans: Vec<Plan> = self
                    .rows(
                        tx,
                        "plans",
                        &format!("SELECT {RECORD} FROM plans WHERE key = $1 FOR UPDATE"),
                        &[&plan_at.as_str()],
                    )
                    .await?;
                let gone = self
                    .exec(
                        tx,
                        "DELETE FROM shares WHERE key = $1 AND expires_at <= $2",
                        &[&share.key.as_str(), &nanos(now)],
                    )
                    .await?;
                // The plan forgets the link only while it is still its link.
                if let Some(mut plan) = plans.into_iter().next()
                    && plan.share.as_ref().is_some_and(|s| s.key == share.key)
                {
                    plan.share = None;
                    self.put(tx, "plans", &plan_at, &plan).await?;
                }
                Ok(gone)
            })?;
            removed += usize::from(gone == 1);
        }
        Ok(removed)
    }

    fn add_login_failure(
        &self,
        email: &Email,
        at: OffsetDateTime,
        since: OffsetDateTime,
        keep: usize,
        audit: Option<(&OrgId, &[AuditEntry])>,
    ) -> Result<(), StoreError> {
        let keep = i64::try_from(keep).unwrap_or(i64::MAX);
        self.write(async |tx| {
            // Every account's failures of before the window go: the table holds one window.
            self.exec(
                tx,
                "DELETE FROM login_failures WHERE last_at <= $1",
                &[&nanos(since)],
            )
            .await?;
            // One statement: the row is locked while its times are merged, so failures
            // recorded at once by several instances are all kept.
            let statement = self
                .prepared(
                    tx,
                    "INSERT INTO login_failures AS f (email, last_at, times) \
                     VALUES ($1, $2, ARRAY[$2::bigint]) \
                     ON CONFLICT (email) DO UPDATE SET \
                       last_at = greatest(f.last_at, EXCLUDED.last_at), \
                       times = ARRAY(SELECT t FROM (SELECT t FROM unnest(f.times || EXCLUDED.times) \
                         AS u(t) WHERE t > $3 ORDER BY t DESC LIMIT $4) AS n ORDER BY t)",
                )
                .await?;
            tx.execute(&statement, &[&email.as_str(), &nanos(at), &nanos(since), &keep])
                .await
                .map_err(|e| self.pg(&e))?;
            // Committed with the failure.
            if let Some((org, entries)) = audit {
                for entry in entries {
                    self.audit_in(tx, org, entry).await?;
                }
            }
            Ok(())
        })
    }

    fn login_failures(
        &self,
        email: &Email,
        since: OffsetDateTime,
    ) -> Result<Vec<OffsetDateTime>, StoreError> {
        let times: Vec<i64> = self.block(async {
            let client = self.client().await?;
            let statement = self
                .prepared(&client, "SELECT times FROM login_failures WHERE email = $1")
                .await?;
            let rows = client
                .query(&statement, &[&email.as_str()])
                .await
                .map_err(|e| self.pg(&e))?;
            Ok::<_, StoreError>(rows.iter().flat_map(|r| r.get::<_, Vec<i64>>(0)).collect())
        })?;
        Ok(failure_times(&recent_failures(times, since, usize::MAX)))
    }

    fn clear_login_failures(&self, email: &Email) -> Result<(), StoreError> {
        self.execute(
            "DELETE FROM login_failures WHERE email = $1",
            &[&email.as_str()],
        )
        .map(drop)
    }

    fn claim_change_check(
        &self,
        key: &str,
        instance: &str,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
        forget_before: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        self.write(async |tx| {
            self.exec(
                tx,
                "DELETE FROM change_checks WHERE claimed_at < $1",
                &[&nanos(forget_before)],
            )
            .await?;
            // One statement under the row's lock: of instances claiming at once, one gets it.
            let claimed = self
                .exec(
                    tx,
                    "INSERT INTO change_checks AS c (key, instance, claimed_at) \
                     VALUES ($1, $2, $3) \
                     ON CONFLICT (key) DO UPDATE SET \
                       instance = EXCLUDED.instance, claimed_at = EXCLUDED.claimed_at \
                     WHERE c.instance = EXCLUDED.instance OR c.claimed_at < $4",
                    &[&key, &instance, &nanos(now), &nanos(stale_before)],
                )
                .await?;
            Ok(claimed == 1)
        })
    }

    fn put_client(&self, client: &Client) -> Result<(), StoreError> {
        let key = String::from_utf8_lossy(&client_key(&client.org, &client.id)).into_owned();
        self.write(async |tx| self.put(tx, "clients", &key, client).await)
    }

    fn update_client(
        &self,
        org: &OrgId,
        id: &ClientId,
        edit: &mut dyn FnMut(&mut Client) -> bool,
    ) -> Result<Option<Client>, StoreError> {
        let key = String::from_utf8_lossy(&client_key(org, id)).into_owned();
        self.write(async |tx| {
            // Locked until COMMIT: another instance's change of this client waits, then reads
            // what this one wrote.
            let sql =
                format!("SELECT {RECORD} FROM clients WHERE key = $1 AND org = $2 FOR UPDATE");
            let params: [&(dyn ToSql + Sync); 2] = [&key.as_str(), &org.as_str()];
            let stored = self.first::<Client>(tx, "clients", &sql, &params).await?;
            let Some(stored) = stored.filter(|c| &c.org == org && &c.id == id) else {
                return Ok(None);
            };
            let (write, client) = client_edited(&stored, edit);
            if !write {
                return Ok(Some(stored));
            }
            self.put(tx, "clients", &key, &client).await?;
            Ok(Some(client))
        })
    }

    fn client(&self, org: &OrgId, id: &ClientId) -> Result<Option<Client>, StoreError> {
        let key = String::from_utf8_lossy(&client_key(org, id)).into_owned();
        let client: Option<Client> = self.query_one(
            "clients",
            &format!("SELECT {RECORD} FROM clients WHERE key = $1 AND org = $2"),
            &[&key.as_str(), &org.as_str()],
        )?;
        Ok(client.filter(|c| &c.org == org))
    }

    fn clients(&self, org: &OrgId) -> Result<Vec<Client>, StoreError> {
        let mut clients: Vec<Client> = self.query(
            "clients",
            &format!("SELECT {RECORD} FROM clients WHERE org = $1 ORDER BY key"),
            &[&org.as_str()],
        )?;
        clients.retain(|c| &c.org == org);
        Ok(clients)
    }

    fn client_count(&self, org: &OrgId) -> Result<usize, StoreError> {
        self.block(async {
            let client = self.client().await?;
            let row = client
                .query_one(
                    "SELECT count(*) FROM clients WHERE org = $1",
                    &[&org.as_str()],
                )
                .await
                .map_err(|e| self.pg(&e))?;
            let count: i64 = row.get(0);
            Ok(usize::try_from(count).unwrap_or(0))
        })
    }

    fn erase_client(
        &self,
        org: &OrgId,
        id: &ClientId,
        entry: &AuditEntry,
    ) -> Result<bool, StoreError> {
        let key = String::from_utf8_lossy(&client_key(org, id)).into_owned();
        self.write(async |tx| {
            let existed = self
                .exec(
                    tx,
                    "DELETE FROM clients WHERE key = $1 AND org = $2",
                    &[&key.as_str(), &org.as_str()],
                )
                .await?;
            if existed == 0 {
                return Ok(false);
            }
            // The client's plans and their share links go in the same transaction.
            let plans: Vec<Plan> = self
                .rows(
                    tx,
                    "plans",
                    &format!("DELETE FROM plans WHERE org = $1 AND client = $2 RETURNING {RECORD}"),
                    &[&org.as_str(), &id.as_str()],
                )
                .await?;
            for plan in &plans {
                let index = String::from_utf8_lossy(&plan_id_key(org, &plan.id)).into_owned();
                self.exec(
                    tx,
                    "DELETE FROM plan_ids WHERE key = $1 AND org = $2",
                    &[&index.as_str(), &org.as_str()],
                )
                .await?;
                if let Some(share) = &plan.share {
                    self.delete_share(tx, &share.key, org).await?;
                }
            }
            self.audit_in(tx, org, entry).await?;
            Ok(true)
        })
    }

    fn put_plan(&self, plan: &Plan) -> Result<(), StoreError> {
        let key =
            String::from_utf8_lossy(&plan_key(&plan.org, &plan.client, &plan.id)).into_owned();
        let index = String::from_utf8_lossy(&plan_id_key(&plan.org, &plan.id)).into_owned();
        let owner = PlanOwner {
            client: plan.client.clone(),
        };
        self.write(async |tx| {
            // The share link is set_share's alone: keep the one stored now (read locked, in
            // this transaction), whatever the plan that was read earlier says.
            let stored: Vec<Plan> = self
                .rows(
                    tx,
                    "plans",
                    &format!("SELECT {RECORD} FROM plans WHERE key = $1 FOR UPDATE"),
                    &[&key.as_str()],
                )
                .await?;
            let mut plan = plan.clone();
            plan.share = stored.into_iter().next().and_then(|p| p.share);
            self.put(tx, "plans", &key, &plan).await?;
            self.put(tx, "plan_ids", &index, &owner).await
        })
    }

    fn update_plan(
        &self,
        org: &OrgId,
        id: &PlanId,
        entry: Option<&AuditEntry>,
        edit: &mut dyn FnMut(&mut Plan) -> Edit,
    ) -> Result<Option<Plan>, StoreError> {
        let index = String::from_utf8_lossy(&plan_id_key(org, id)).into_owned();
        self.write(async |tx| {
            let sql = format!("SELECT {RECORD} FROM plan_ids WHERE key = $1 AND org = $2");
            let params: [&(dyn ToSql + Sync); 2] = [&index.as_str(), &org.as_str()];
            let Some(owner) = self
                .first::<PlanOwner>(tx, "plan_ids", &sql, &params)
                .await?
            else {
                return Ok(None);
            };
            let key = String::from_utf8_lossy(&plan_key(org, &owner.client, id)).into_owned();
            // Locked until COMMIT: another instance's edit of this plan waits, then reads
            // what this one wrote.
            let sql = format!("SELECT {RECORD} FROM plans WHERE key = $1 AND org = $2 FOR UPDATE");
            let params: [&(dyn ToSql + Sync); 2] = [&key.as_str(), &org.as_str()];
            let stored = self.first::<Plan>(tx, "plans", &sql, &params).await?;
            let Some(stored) = stored.filter(|p| &p.id == id) else {
                return Ok(None);
            };
            let (decided, plan) = edited(&stored, edit);
            match decided {
                Edit::Refuse => return Ok(Some(stored)),
                Edit::Keep => {}
                Edit::Write => self.put(tx, "plans", &key, &plan).await?,
            }
            if let Some(entry) = entry {
                self.audit_in(tx, org, entry).await?;
            }
            Ok(Some(if decided == Edit::Write { plan } else { stored }))
        })
    }

    fn plan(&self, org: &OrgId, id: &PlanId) -> Result<Option<Plan>, StoreError> {
        let index = String::from_utf8_lossy(&plan_id_key(org, id)).into_owned();
        let Some(owner) = self.query_one::<PlanOwner>(
            "plan_ids",
            &format!("SELECT {RECORD} FROM plan_ids WHERE key = $1 AND org = $2"),
            &[&index.as_str(), &org.as_str()],
        )?
        else {
            return Ok(None);
        };
        let key = String::from_utf8_lossy(&plan_key(org, &owner.client, id)).into_owned();
        let plan: Option<Plan> = self.query_one(
            "plans",
            &format!("SELECT {RECORD} FROM plans WHERE key = $1 AND org = $2"),
            &[&key.as_str(), &org.as_str()],
        )?;
        Ok(plan.filter(|p| &p.org == org && &p.id == id))
    }

    fn plans_of_client(&self, org: &OrgId, client: &ClientId) -> Result<Vec<Plan>, StoreError> {
        let mut plans: Vec<Plan> = self.query(
            "plans",
            &format!("SELECT {RECORD} FROM plans WHERE org = $1 AND client = $2 ORDER BY key"),
            &[&org.as_str(), &client.as_str()],
        )?;
        plans.retain(|p| &p.org == org && &p.client == client);
        Ok(plans)
    }

    fn delete_plan(
        &self,
        org: &OrgId,
        id: &PlanId,
        entry: &AuditEntry,
    ) -> Result<bool, StoreError> {
        let index = String::from_utf8_lossy(&plan_id_key(org, id)).into_owned();
        self.write(async |tx| {
            let owners: Vec<PlanOwner> = self
                .rows(
                    tx,
                    "plan_ids",
                    &format!("DELETE FROM plan_ids WHERE key = $1 AND org = $2 RETURNING {RECORD}"),
                    &[&index.as_str(), &org.as_str()],
                )
                .await?;
            let Some(owner) = owners.into_iter().next() else {
                return Ok(false);
            };
            let key = String::from_utf8_lossy(&plan_key(org, &owner.client, id)).into_owned();
            let plans: Vec<Plan> = self
                .rows(
                    tx,
                    "plans",
                    &format!("DELETE FROM plans WHERE key = $1 AND org = $2 RETURNING {RECORD}"),
                    &[&key.as_str(), &org.as_str()],
                )
                .await?;
            let Some(plan) = plans.into_iter().next() else {
                // An index entry without its plan: nothing to delete; the transaction rolls
                // back, and `store check` names the entry.
                return Err(self.io(format!(
                    "plan_ids/{index} names a plan that does not exist; run `padvinder store check`"
                )));
            };
            // The link the plan names at this moment (read in this transaction).
            if let Some(share) = &plan.share {
                self.delete_share(tx, &share.key, org).await?;
            }
            self.audit_in(tx, org, entry).await?;
            Ok(true)
        })
    }

    fn set_share(
        &self,
        plan: &Plan,
        share: Option<&Share>,
        entry: &AuditEntry,
    ) -> Result<bool, StoreError> {
        let key =
            String::from_utf8_lossy(&plan_key(&plan.org, &plan.client, &plan.id)).into_owned();
        self.write(async |tx| {
            // The link to remove is the one stored now, read locked in this transaction, so
            // two changes at once never leave a link no plan names.
            let stored: Vec<Plan> = self
                .rows(
                    tx,
                    "plans",
                    &format!("SELECT {RECORD} FROM plans WHERE key = $1 AND org = $2 FOR UPDATE"),
                    &[&key.as_str(), &plan.org.as_str()],
                )
                .await?;
            let Some(stored) = stored.into_iter().next() else {
                return Ok(false);
            };
            if let Some(old) = &stored.share {
                self.delete_share(tx, &old.key, &plan.org).await?;
            }
            if let Some(new) = share {
                self.put(tx, "shares", new.key.as_str(), new).await?;
            }
            // The link and the time of the change on the plan as stored now: a change of
            // another field made meanwhile stays.
            let mut stored = stored;
            stored.share.clone_from(&plan.share);
            stored.updated = plan.updated;
            self.put(tx, "plans", &key, &stored).await?;
            self.audit_in(tx, &plan.org, entry).await?;
            Ok(true)
        })
    }

    fn share(&self, key: &ShareKey) -> Result<Option<Share>, StoreError> {
        self.query_one(
            "shares",
            &format!("SELECT {RECORD} FROM shares WHERE key = $1"),
            &[&key.as_str()],
        )
    }

    fn append_audit(&self, org: &OrgId, entry: &AuditEntry) -> Result<(), StoreError> {
        self.write(async |tx| self.audit_in(tx, org, entry).await)
    }

    fn audit(
        &self,
        org: &OrgId,
        before: Option<u64>,
        limit: usize,
    ) -> Result<Vec<(u64, AuditEntry)>, StoreError> {
        let before = before.map(|b| i64::try_from(b).unwrap_or(i64::MAX));
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.block(async {
            let client = self.client().await?;
            let rows = client
                .query(
                    "SELECT key, record::text, seq FROM audit \
                     WHERE org = $1 AND ($2::bigint IS NULL OR seq < $2) \
                     ORDER BY seq DESC LIMIT $3",
                    &[&org.as_str(), &before, &limit],
                )
                .await
                .map_err(|e| self.pg(&e))?;
            let entries: Vec<AuditEntry> = decode_rows("audit", &rows)?;
            Ok(rows
                .iter()
                .map(|r| u64::try_from(r.get::<_, i64>(2)).unwrap_or(0))
                .zip(entries)
                .collect())
        })
    }

    fn audit_of_client(&self, org: &OrgId, id: &ClientId) -> Result<Vec<AuditEntry>, StoreError> {
        self.query(
            "audit",
            &format!("SELECT {RECORD} FROM audit WHERE org = $1 AND client = $2 ORDER BY key"),
            &[&org.as_str(), &id.as_str()],
        )
    }

    fn add_insight(&self, counts: &[InsightCount]) -> Result<(), StoreError> {
        if counts.is_empty() {
            return Ok(());
        }
        // In key order, so two instances adding at once lock rows in the same order (no
        // deadlock between them); one row per key, as one INSERT may not change a row twice.
        let mut merged: std::collections::BTreeMap<(&str, i32, &str, &str), i64> =
            std::collections::BTreeMap::new();
        for c in counts {
            let n = i64::try_from(c.count).unwrap_or(i64::MAX);
            let key = (
                c.tenant.as_str(),
                c.week.number(),
                c.kind.word(),
                c.value.as_str(),
            );
            let sum = merged.entry(key).or_insert(0);
            *sum = sum.saturating_add(n);
        }
        let mut tenants = Vec::with_capacity(merged.len());
        let mut weeks = Vec::with_capacity(merged.len());
        let mut kinds = Vec::with_capacity(merged.len());
        let mut values = Vec::with_capacity(merged.len());
        let mut numbers = Vec::with_capacity(merged.len());
        for ((tenant, week, kind, value), n) in merged {
            tenants.push(tenant);
            weeks.push(week);
            kinds.push(kind);
            values.push(value);
            numbers.push(n);
        }
        // One statement for the whole batch (a minute's counts of every tenant), not one
        // round trip per counter.
        self.write(async |tx| {
            self.exec(
                tx,
                "INSERT INTO insight (tenant, week, kind, value, count) \
                 SELECT * FROM unnest($1::text[], $2::int4[], $3::text[], $4::text[], $5::int8[]) \
                 ON CONFLICT (tenant, week, kind, value) \
                 DO UPDATE SET count = insight.count + EXCLUDED.count",
                &[&tenants, &weeks, &kinds, &values, &numbers],
            )
            .await?;
            Ok(())
        })
    }

    fn insight(
        &self,
        tenant: &str,
        from: IsoWeek,
        to: IsoWeek,
    ) -> Result<Vec<InsightCount>, StoreError> {
        self.block(async {
            let client = self.client().await?;
            let statement = self
                .prepared(
                    &client,
                    "SELECT week, kind, value, count FROM insight \
                     WHERE tenant = $1 AND week BETWEEN $2 AND $3 ORDER BY week, kind, value",
                )
                .await?;
            let rows = client
                .query(&statement, &[&tenant, &from.number(), &to.number()])
                .await
                .map_err(|e| self.pg(&e))?;
            rows.iter()
                .map(|row| {
                    let week: i32 = row.get(0);
                    let kind: &str = row.get(1);
                    let count: i64 = row.get(3);
                    Ok(InsightCount {
                        tenant: tenant.to_owned(),
                        week: IsoWeek::from_number(week)
                            .ok_or_else(|| self.io(format!("insight: week {week} is no week")))?,
                        kind: InsightKind::parse(kind)
                            .ok_or_else(|| self.io(format!("insight: kind {kind} is no kind")))?,
                        value: row.get(2),
                        count: u64::try_from(count).unwrap_or(0),
                    })
                })
                .collect()
        })
    }

    fn backup(&self, out: &mut dyn Write) -> Result<BackupSummary, StoreError> {
        // One REPEATABLE READ snapshot: one moment of the store; writes go on meanwhile.
        let mut client = self.block(self.client())?;
        let snapshot = self.snapshot(&mut client)?;
        let mut writer = backup::Writer::start(out).map_err(|e| self.io(e))?;
        for tree in TREES {
            snapshot.scan(tree, &mut |key, bytes| {
                writer.record(tree, key, bytes).map_err(|e| self.io(e))
            })?;
        }
        writer.finish().map_err(|e| self.io(e))
    }

    fn check(&self) -> Result<CheckReport, StoreError> {
        let mut client = self.block(self.client())?;
        let snapshot = self.snapshot(&mut client)?;
        check::check(&snapshot)
    }
}

/// Restores a backup into the database at `url`, which must hold no records: in one
/// transaction, committed only when the restored records pass the store check.
pub(super) fn restore(url: &str, input: &mut dyn BufRead) -> Result<BackupSummary, RestoreError> {
    let records = backup::read(input)?;
    let store = PgStore::open(url).map_err(RestoreError::Store)?;
    let io = |e: tokio_postgres::Error| RestoreError::Store(store.io(pg_error(&e)));
    let mut client = store.block(store.client()).map_err(RestoreError::Store)?;
    let tx = store.block(client.transaction()).map_err(io)?;
    // Writers (a running server) wait until the restore is committed or rolled back.
    let tables = TREES.join(", ");
    store
        .block(tx.batch_execute(&format!("LOCK TABLE {tables} IN EXCLUSIVE MODE")))
        .map_err(io)?;
    let any: String = TREES
        .iter()
        .map(|t| format!("EXISTS (SELECT 1 FROM {t})"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let held: bool = store
        .block(tx.query_one(&format!("SELECT {any}"), &[]))
        .map_err(io)?
        .get(0);
    if held {
        return Err(RestoreError::NotEmpty {
            dir: store.shown.clone(),
        });
    }
    let mut summary = BackupSummary::default();
    for (tree, key, value) in &records {
        let text = std::str::from_utf8(value)
            .map_err(|e| RestoreError::Store(store.io(format!("{tree}/{key}: {e}"))))?;
        let row = Row::of(tree, key, text).map_err(|e| RestoreError::Store(store.io(e)))?;
        let (sql, params) = row.upsert();
        // A plain insert: a key twice in one backup is an error, not a silent replacement.
        let sql = sql
            .split(" ON CONFLICT")
            .next()
            .unwrap_or(sql.as_str())
            .to_owned();
        store
            .block(tx.execute(sql.as_str(), &params))
            .map_err(|e| {
                RestoreError::Store(store.io(format!("{tree}/{key}: {}", pg_error(&e))))
            })?;
        summary.count(tree);
    }
    // New audit entries follow the restored ones.
    store
        .block(
            tx.batch_execute(
                "SELECT setval('audit_seq', greatest((SELECT max(seq) FROM audit), 1))",
            ),
        )
        .map_err(io)?;
    let snapshot = PgSnapshot { store: &store, tx };
    let report = check::check(&snapshot).map_err(RestoreError::Store)?;
    if !report.is_ok() {
        // Dropping the transaction rolls it back: nothing was restored.
        return Err(RestoreError::Check(report.problems));
    }
    store
        .block(snapshot.tx.commit())
        .map_err(|e| RestoreError::Store(store.io(pg_error(&e))))?;
    Ok(summary)
}
