//! One store test suite, two backends: a test written once over a [`Backend`] runs against sled
//! always, and against PostgreSQL when `PADVINDER_TEST_POSTGRES` names a server
//! (`postgres://user@host:port/admin-database`; the user may create databases). Each PostgreSQL
//! test gets a fresh database of its own, dropped afterwards. Without the variable those
//! variants say they were skipped, and fail when `PADVINDER_REQUIRE_POSTGRES=1` (as in CI).
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use padvinder::config::StoreLocation;
use padvinder::store::{BackupSummary, RestoreError, Store};

/// Runs each named test function (`fn name(backend: &Backend)`) once per backend: as
/// `sled::name` and `postgres::name`.
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod sled {
            $(
                #[test]
                fn $name() {
                    super::$name(&super::stores::Backend::Sled);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(backend) = super::stores::Backend::postgres(stringify!($name)) {
                        super::$name(&backend);
                    }
                }
            )*
        }
    };
}

/// Where a test's stores live.
pub enum Backend {
    /// sled folders in the test's temporary folder.
    Sled,
    /// Fresh databases on this PostgreSQL server (its URL, with the database to connect to
    /// for creating and dropping them).
    Postgres(String),
}

impl Backend {
    /// The PostgreSQL backend, or `None` (saying so on standard error, past the test
    /// harness's capture) when `PADVINDER_TEST_POSTGRES` is not set; panics instead when
    /// `PADVINDER_REQUIRE_POSTGRES=1`.
    pub fn postgres(test: &str) -> Option<Backend> {
        match std::env::var("PADVINDER_TEST_POSTGRES") {
            Ok(url) if !url.is_empty() => Some(Backend::Postgres(url)),
            _ => {
                if std::env::var("PADVINDER_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                    panic!(
                        "{test}: PADVINDER_REQUIRE_POSTGRES=1 but PADVINDER_TEST_POSTGRES is not \
                         set: the PostgreSQL store was not tested"
                    );
                }
                let _ = writeln!(
                    std::io::stderr(),
                    "postgres::{test} skipped: set PADVINDER_TEST_POSTGRES=postgres://… to run it"
                );
                None
            }
        }
    }

    /// A new, empty store named `name`: a folder under `dir`, or a fresh database.
    pub fn store(&self, dir: &Path, name: &str) -> TestStore {
        match self {
            Backend::Sled => TestStore {
                location: dir.join(name).display().to_string(),
                database: None,
            },
            Backend::Postgres(server) => {
                let database = Database::create(server);
                TestStore {
                    location: database.url.clone(),
                    database: Some(database),
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Backend::Postgres(_))
    }
}

/// A store of a test; a PostgreSQL database is dropped with it.
pub struct TestStore {
    /// What `--store` takes: the folder or the URL.
    pub location: String,
    database: Option<Database>,
}

impl TestStore {
    pub fn location(&self) -> StoreLocation {
        StoreLocation::parse(&self.location, Path::new("")).expect("store location")
    }

    /// Opens the store as the server does.
    pub fn open(&self) -> Arc<dyn Store> {
        padvinder::services::open_store(&self.location()).expect("open store")
    }

    /// Restores a backup into this store.
    pub fn restore(
        &self,
        backup: &mut dyn std::io::BufRead,
    ) -> Result<BackupSummary, RestoreError> {
        match self.location() {
            StoreLocation::Dir(dir) => padvinder::store::restore(&dir, backup),
            StoreLocation::Postgres(url) => padvinder::store::restore_postgres(&url, backup),
        }
    }
}

impl TestStore {
    /// Ends every connection to this test's database, as a database restart or failover does.
    pub fn close_connections(&self) {
        let database = self.database.as_ref().expect("a PostgreSQL store");
        admin(
            &database.server,
            &format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = '{}' AND pid <> pg_backend_pid()",
                database.name
            ),
        );
    }
}

impl TestStore {
    /// Lets new connections to this test's database in, or turns them away (and ends the open
    /// ones), as a database that is down does.
    pub fn allow_connections(&self, allow: bool) {
        let database = self.database.as_ref().expect("a PostgreSQL store");
        admin(
            &database.server,
            &format!(
                "ALTER DATABASE {} WITH ALLOW_CONNECTIONS {allow}",
                database.name
            ),
        );
        if !allow {
            self.close_connections();
        }
    }
}

/// A database of one test on the PostgreSQL server.
struct Database {
    server: String,
    name: String,
    url: String,
}

/// `url` with its database replaced by `database` (query parameters kept).
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let start = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[start..].find('/').map_or(base.len(), |i| start + i);
    format!("{}/{database}{query}", &base[..host_end])
}

/// Runs SQL on the server's admin database.
fn admin(server: &str, sql: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(server, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("PADVINDER_TEST_POSTGRES: cannot connect: {e}"));
        let driver = tokio::spawn(connection);
        client
            .batch_execute(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        drop(client);
        let _ = driver.await;
    });
}

impl Database {
    fn create(server: &str) -> Database {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "padvinder_test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        admin(server, &format!("CREATE DATABASE {name}"));
        Database {
            server: server.to_owned(),
            url: with_database(server, &name),
            name,
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        // FORCE: a server the test killed may have left a connection behind.
        admin(
            &self.server,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}
