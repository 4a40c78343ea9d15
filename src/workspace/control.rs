//! The operator's commands on the store (`padvinder users …`, `padvinder store backup|check|
//! sweep`), run the same way whether the command opened the store itself or a running server
//! runs them for it. sled lets one process open a store; while a server has it, the command
//! sends a [`Command`] over the server's control socket (`control.sock` in the store folder,
//! readable by the store's owner only) and prints the server's [`Outcome`].

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::{NewUser, Workspace, WorkspaceError};
use crate::messages::Lang;
use crate::store::{Email, OrgId, Role};

/// The control socket's file name in the store folder.
pub const SOCKET: &str = "control.sock";

/// One operator command.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    UsersAdd {
        org: OrgId,
        email: Email,
        name: String,
        role: Role,
        password: String,
        /// The organisation's display name to set (`--org-name`), new organisation or not.
        #[serde(default)]
        org_name: Option<String>,
    },
    UsersList {
        org: Option<OrgId>,
    },
    UsersRemove {
        org: OrgId,
        email: Email,
    },
    /// Gives a user another role.
    UsersRole {
        org: OrgId,
        email: Email,
        role: Role,
    },
    /// Writes a consistent snapshot to `out` (an absolute path).
    Backup {
        out: PathBuf,
    },
    Check,
    /// The retention sweep as of `today`.
    Sweep {
        today: Date,
    },
}

/// What a command printed and whether it succeeded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Outcome {
    pub ok: bool,
    pub text: String,
}

impl Outcome {
    fn ok(text: String) -> Outcome {
        Outcome { ok: true, text }
    }

    fn failed(text: String) -> Outcome {
        Outcome { ok: false, text }
    }
}

fn refused(e: &WorkspaceError) -> Outcome {
    let mut text = e.text(Lang::En);
    if let WorkspaceError::Store(inner) = e {
        text = inner.to_string();
    }
    Outcome::failed(text)
}

/// Runs a command against the workspace. Blocking.
pub fn run(ws: &Workspace, command: Command, now: OffsetDateTime) -> Outcome {
    match command {
        Command::UsersAdd {
            org,
            email,
            name,
            role,
            password,
            org_name,
        } => {
            // A bad name is refused before anything is written.
            if let Some(Err(problem)) = org_name
                .as_deref()
                .map(|n| super::accounts::name_field("org-name", n, super::MAX_ORG_NAME))
            {
                return refused(&WorkspaceError::Fields(vec![problem]));
            }
            let new = NewUser {
                org,
                email,
                name,
                role,
            };
            let (user, created) = match ws.add_user(&new, &password, None, now) {
                Ok(added) => added,
                Err(e) => return refused(&e),
            };
            let named = match org_name.as_deref().map(|n| ws.name_org(&user.org, n)) {
                None => String::new(),
                Some(Ok(n)) => format!(", named \"{n}\""),
                Some(Err(e)) => return refused(&e),
            };
            Outcome::ok(format!(
                "added {} ({}) as {} of {}{}{named}",
                user.email,
                user.name,
                <&str>::from(user.role),
                user.org,
                if created { " (new organisation)" } else { "" }
            ))
        }
        Command::UsersList { org } => match ws.users(org.as_ref()) {
            Ok(users) if users.is_empty() => Outcome::ok("no users".to_owned()),
            Ok(users) => Outcome::ok(
                users
                    .iter()
                    .map(|u| {
                        format!(
                            "{:<24} {:<10} {:<32} {}",
                            u.org,
                            <&str>::from(u.role),
                            u.email,
                            u.name
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Err(e) => refused(&e),
        },
        Command::UsersRemove { org, email } => match ws.remove_user(&org, &email, None, now) {
            Ok(()) => Outcome::ok(format!(
                "removed {email} from {org}; their sessions have ended"
            )),
            Err(e) => refused(&e),
        },
        Command::UsersRole { org, email, role } => {
            let role_name = <&str>::from(role);
            match ws.set_user_role(&org, &email, role, None, now) {
                Ok(true) => Outcome::ok(format!("{email} of {org} is {role_name} now")),
                Ok(false) => Outcome::ok(format!(
                    "{email} of {org} was {role_name} already; nothing changed"
                )),
                Err(e) => refused(&e),
            }
        }
        Command::Backup { out } => match backup(ws, &out) {
            Ok(text) => Outcome::ok(text),
            Err(text) => Outcome::failed(text),
        },
        Command::Check => match ws.store().check() {
            Ok(report) => {
                let mut lines: Vec<String> = report
                    .records
                    .iter()
                    .map(|(tree, n)| format!("{tree}: {n} records"))
                    .collect();
                lines.extend(report.outdated.iter().map(|o| format!("outdated: {o}")));
                lines.extend(report.problems.iter().map(|p| format!("problem: {p}")));
                lines.push(if report.is_ok() {
                    "ok: every record reads; nothing was changed".to_owned()
                } else {
                    format!(
                        "{} problem(s); nothing was changed (restore a backup to repair)",
                        report.problems.len()
                    )
                });
                Outcome {
                    ok: report.is_ok(),
                    text: lines.join("\n"),
                }
            }
            Err(e) => Outcome::failed(e.to_string()),
        },
        Command::Sweep { today } => match ws.sweep(today, now) {
            Ok(erased) => Outcome::ok(format!(
                "retention {} months as of {today}: erased {} client(s){}",
                ws.retention_months(),
                erased.len(),
                erased
                    .iter()
                    .map(|(org, id)| format!("\n  {org} {id}"))
                    .collect::<String>()
            )),
            Err(e) => refused(&e),
        },
    }
}

/// Writes the backup next to `out` and renames it into place, so `out` is whole or absent.
fn backup(ws: &Workspace, out: &std::path::Path) -> Result<String, String> {
    let shown = out.display();
    let tmp = out.with_extension("partial");
    let file = std::fs::File::create(&tmp).map_err(|e| format!("{shown}: cannot write: {e}"))?;
    let mut writer = std::io::BufWriter::new(file);
    let summary = ws.store().backup(&mut writer).map_err(|e| e.to_string())?;
    let file = writer
        .into_inner()
        .map_err(|e| format!("{shown}: cannot write: {e}"))?;
    file.sync_all()
        .map_err(|e| format!("{shown}: cannot write: {e}"))?;
    std::fs::rename(&tmp, out).map_err(|e| format!("{shown}: cannot write: {e}"))?;
    Ok(format!("backup written to {shown}: {summary}"))
}

/// Sends a command to the server that has the store open, over its control socket.
#[cfg(unix)]
pub fn send(store_dir: &std::path::Path, command: &Command) -> Result<Outcome, String> {
    use std::io::{BufRead, BufReader, Write};
    let path = store_dir.join(SOCKET);
    let mut stream = std::os::unix::net::UnixStream::connect(&path).map_err(|e| {
        format!(
            "the store {} is in use, but its server does not answer on {}: {e}",
            store_dir.display(),
            path.display()
        )
    })?;
    let mut line = serde_json::to_vec(command).map_err(|e| e.to_string())?;
    line.push(b'\n');
    stream.write_all(&line).map_err(|e| e.to_string())?;
    let mut answer = String::new();
    BufReader::new(stream)
        .read_line(&mut answer)
        .map_err(|e| e.to_string())?;
    serde_json::from_str(&answer).map_err(|e| format!("the server answered badly: {e}"))
}
