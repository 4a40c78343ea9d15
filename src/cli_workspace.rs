//! `padvinder users …` and `padvinder store …`: the operator's commands on the workspace store.
//! Each opens the store itself, or, when a running server has it open, sends the same command
//! over the server's control socket (`padvinder::workspace::control`).

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Subcommand;
use padvinder::config::Config;
use padvinder::store::{Email, OrgId, Role, SledStore, StoreError};
use padvinder::workspace::Workspace;
use padvinder::workspace::control::{self, Command, Outcome};

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
}

fn flag<T>(flag: &str, parsed: Result<T, String>) -> Result<T, String> {
    parsed.map_err(|e| format!("--{flag}: {e}"))
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
        } => {
            let org = flag("org", OrgId::parse(&org))?;
            let email = flag("email", Email::parse(&email))?;
            let role = flag(
                "role",
                role.parse::<Role>()
                    .map_err(|_| format!("\"{role}\" is not a role: counsellor or admin")),
            )?;
            Command::UsersAdd {
                org,
                email,
                name,
                role,
                password: read_password()?,
            }
        }
        UsersCommand::List { org } => Command::UsersList {
            org: org.map(|o| flag("org", OrgId::parse(&o))).transpose()?,
        },
        UsersCommand::Remove { org, email } => Command::UsersRemove {
            org: flag("org", OrgId::parse(&org))?,
            email: flag("email", Email::parse(&email))?,
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

/// Runs a command on the store, or through the server that has it open.
fn run(config: &Config, command: Command) -> Result<ExitCode, String> {
    let dir = &config.workspace.store;
    let outcome = match SledStore::open(dir) {
        Ok(store) => {
            let ws = Workspace::new(Arc::new(store), config.workspace.retention_months);
            control::run(&ws, command, time::OffsetDateTime::now_utc())
        }
        Err(StoreError::Locked { .. }) => via_server(dir, &command)?,
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
    let summary = padvinder::store::restore(&config.workspace.store, &mut reader)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    println!(
        "restored {} into {}",
        summary,
        config.workspace.store.display()
    );
    Ok(ExitCode::SUCCESS)
}
