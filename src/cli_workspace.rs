//! `padvinder users …` and `padvinder store …`: the operator's commands on the workspace store.
//! Each opens the store itself, or, when a running server has it open, sends the same command
//! over the server's control socket (`padvinder::workspace::control`).

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use padvinder::config::{Config, StoreLocation};
use padvinder::store::{BackupSummary, Email, OrgId, PgStore, RestoreError, Role, StoreError};
use padvinder::workspace::Workspace;
use padvinder::workspace::control::{self, Command, Outcome};
use sha2::Digest;

/// `padvinder users …`
#[derive(Subcommand)]
pub enum UsersCommand {
    /// Add a user; reads the password (12 to 256 characters) from standard input. Creates the
    /// organisation when it is new.
    Add {
        /// The organisation's id: lowercase letters, digits and hyphens (gemeente-utrecht).
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        /// The user's name as colleagues know it.
        #[arg(long)]
        name: String,
        /// counsellor (default) or admin.
        #[arg(long, default_value = "counsellor")]
        role: String,
        /// The organisation's name as its counsellors see it ("Gemeente Utrecht"), 1 to 100
        /// characters; sets it for a new organisation or renames an existing one. Without it
        /// the workspace shows the organisation's id.
        #[arg(long, value_name = "NAME")]
        org_name: Option<String>,
    },
    /// List the users of one organisation, or of all.
    List {
        #[arg(long)]
        org: Option<String>,
    },
    /// Remove a user; their sessions end at once.
    Remove {
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
    },
    /// Give a user another role; their sessions have it at their next request. Unlike an
    /// admin on the organisation page, the operator may make the last admin a counsellor.
    Role {
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        /// counsellor or admin.
        #[arg(long)]
        role: String,
    },
}

/// `padvinder store …`
#[derive(Subcommand)]
pub enum StoreCommand {
    /// Write a consistent snapshot of the store to FILE (also while a server runs).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a backup into an empty or new store folder (not while a server has it open).
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Read every record and report problems and records of older schema versions; changes
    /// nothing.
    Check,
    /// Erase clients without activity for `retention_months` (the server does this daily).
    Sweep {
        /// Sweep as of this day (YYYY-MM-DD); default today.
        #[arg(long)]
        today: Option<String>,
    },
    /// Run the PostgreSQL store's schema migrations that have not run yet (`serve` also runs
    /// them when it starts); a sled store needs none.
    Migrate,
    /// Copy a whole store into an empty one, e.g. a sled folder into PostgreSQL, and verify the
    /// copy by its record counts and a SHA-256 of both stores' backups. Not while a server has
    /// the source folder open.
    Copy {
        /// The store to copy: a folder or a postgres:// URL.
        #[arg(long, value_name = "FOLDER|URL")]
        from: String,
        /// The empty store to copy into: a folder or a postgres:// URL.
        #[arg(long, value_name = "FOLDER|URL")]
        to: String,
    },
}

fn flag<T>(flag: &str, parsed: Result<T, String>) -> Result<T, String> {
    parsed.map_err(|e| format!("--{flag}: {e}"))
}

/// The `--role` flag: counsellor or admin.
fn role_flag(role: &str) -> Result<Role, String> {
    flag(
        "role",
        role.parse::<Role>()
            .map_err(|_| format!("\"{role}\" is not a role: counsellor or admin")),
    )
}

/// Reads the password: one line of standard input, without its line end.
fn read_password() -> Result<String, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("password (12 to 256 characters): ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .take(4096)
        .read_line(&mut line)
        .map_err(|e| format!("standard input: {e}"))?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        return Err(
            "give the password on standard input, e.g. `padvinder users add … < file`".into(),
        );
    }
    Ok(password)
}

pub fn users(config: &Config, command: UsersCommand) -> Result<ExitCode, String> {
    let command = match command {
        UsersCommand::Add {
            org,
            email,
            name,
            role,
            org_name,
        } => {
            let org = flag("org", OrgId::parse(&org))?;
            let email = flag("email", Email::parse(&email))?;
            let role = role_flag(&role)?;
            Command::UsersAdd {
                org,
                email,
                name,
                role,
                password: read_password()?,
                org_name,
            }
        }
        UsersCommand::List { org } => Command::UsersList {
            org: org.map(|o| flag("org", OrgId::parse(&o))).transpose()?,
        },
        UsersCommand::Remove { org, email } => Command::UsersRemove {
            org: flag("org", OrgId::parse(&org))?,
            email: flag("email", Email::parse(&email))?,
        },
        UsersCommand::Role { org, email, role } => Command::UsersRole {
            org: flag("org", OrgId::parse(&org))?,
            email: flag("email", Email::parse(&email))?,
            role: role_flag(&role)?,
        },
    };
    run(config, command)
}

pub fn store(config: &Config, command: StoreCommand) -> Result<ExitCode, String> {
    let command = match command {
        StoreCommand::Backup { out } => Command::Backup {
            out: absolute(&out)?,
        },
        StoreCommand::Restore { file } => return restore(config, &file),
        StoreCommand::Migrate => return migrate(&config.workspace.store),
        StoreCommand::Copy { from, to } => return copy(&from, &to),
        StoreCommand::Check => Command::Check,
        StoreCommand::Sweep { today } => Command::Sweep {
            today: match today {
                Some(d) => time::Date::parse(
                    &d,
                    time::macros::format_description!("[year]-[month]-[day]"),
                )
                .map_err(|_| format!("--today \"{d}\" is not a date like 2026-11-28"))?,
                None => time::OffsetDateTime::now_utc().date(),
            },
        },
    };
    run(config, command)
}

/// The server may run in another folder: it gets the backup's absolute path.
fn absolute(out: &Path) -> Result<PathBuf, String> {
    std::path::absolute(out).map_err(|e| format!("--out {}: {e}", out.display()))
}

/// Runs a command on the store, or through the server that has its sled folder open.
fn run(config: &Config, command: Command) -> Result<ExitCode, String> {
    let location = &config.workspace.store;
    let outcome = match padvinder::services::open_store(location) {
        Ok(store) => {
            let ws = Workspace::new(store, config.workspace.retention_months);
            control::run(&ws, command, time::OffsetDateTime::now_utc())
        }
        Err(StoreError::Locked { .. }) => match location.dir() {
            Some(dir) => via_server(dir, &command)?,
            None => return Err(format!("the store {location} is locked")),
        },
        Err(e) => return Err(e.to_string()),
    };
    if outcome.ok {
        println!("{}", outcome.text);
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("padvinder: {}", outcome.text);
        Ok(ExitCode::from(1))
    }
}

#[cfg(unix)]
fn via_server(dir: &Path, command: &Command) -> Result<Outcome, String> {
    control::send(dir, command)
}

#[cfg(not(unix))]
fn via_server(dir: &Path, _: &Command) -> Result<Outcome, String> {
    Err(StoreError::Locked {
        dir: dir.display().to_string(),
    }
    .to_string())
}

fn restore(config: &Config, file: &Path) -> Result<ExitCode, String> {
    let input = std::fs::File::open(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut reader = std::io::BufReader::new(input);
    let summary = restore_into(&config.workspace.store, &mut reader)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    println!("restored {} into {}", summary, config.workspace.store);
    Ok(ExitCode::SUCCESS)
}

fn restore_into(
    location: &StoreLocation,
    input: &mut dyn BufRead,
) -> Result<BackupSummary, RestoreError> {
    match location {
        StoreLocation::Dir(dir) => padvinder::store::restore(dir, input),
        StoreLocation::Postgres(url) => padvinder::store::restore_postgres(url, input),
    }
}

fn migrate(location: &StoreLocation) -> Result<ExitCode, String> {
    let StoreLocation::Postgres(url) = location else {
        println!("{location} is a sled store: it has no schema to migrate");
        return Ok(ExitCode::SUCCESS);
    };
    let store = PgStore::connect(url).map_err(|e| e.to_string())?;
    let applied = store.migrate().map_err(|e| e.to_string())?;
    let version = store.schema_version().map_err(|e| e.to_string())?;
    let known = padvinder::store::MIGRATIONS.len();
    if applied.is_empty() {
        println!("{location}: up to date (schema version {version})");
    } else {
        println!(
            "{location}: applied {}; schema version {version}",
            applied.join(", ")
        );
    }
    if usize::try_from(version).is_ok_and(|v| v > known) {
        println!(
            "note: a newer padvinder migrated this database (this one knows up to version \
             {known}); it still runs on it"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A backup of the whole store at `location`, in memory.
fn backup_of(store: &dyn padvinder::store::Store) -> Result<(Vec<u8>, BackupSummary), String> {
    let mut bytes = Vec::new();
    let summary = store.backup(&mut bytes).map_err(|e| e.to_string())?;
    Ok((bytes, summary))
}

fn copy(from: &str, to: &str) -> Result<ExitCode, String> {
    let here = Path::new("");
    let from = StoreLocation::parse(from, here).map_err(|e| format!("--from: {e}"))?;
    let to = StoreLocation::parse(to, here).map_err(|e| format!("--to: {e}"))?;
    if from == to {
        return Err("--from and --to name the same store".to_owned());
    }
    let source = padvinder::services::open_store(&from).map_err(|e| format!("--from: {e}"))?;
    let (bytes, summary) = backup_of(source.as_ref())?;
    drop(source);
    restore_into(&to, &mut bytes.as_slice()).map_err(|e| format!("--to: {e}"))?;
    let target = padvinder::services::open_store(&to).map_err(|e| format!("--to: {e}"))?;
    let (copied, copied_summary) = backup_of(target.as_ref())?;
    let digest = |b: &[u8]| padvinder::store::records::hex(&sha2::Sha256::digest(b));
    let (want, got) = (digest(&bytes), digest(&copied));
    if summary != copied_summary || want != got {
        eprintln!(
            "padvinder: the copy differs from the source: {summary} (SHA-256 {want}) were \
             copied, {to} holds {copied_summary} (SHA-256 {got})"
        );
        return Ok(ExitCode::from(1));
    }
    println!("copied {summary} from {from} to {to}");
    println!("verified: the same counts, and both stores' backups have SHA-256 {want}");
    Ok(ExitCode::SUCCESS)
}
