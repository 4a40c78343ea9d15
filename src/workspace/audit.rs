//! The organisation's audit log as its admins read it (`GET /api/v1/audit`): the stored entries,
//! every one of them, with repeats folded into one line and each client named.
//!
//! The log in the store is append-only and holds one entry per event (who viewed or changed
//! what is an audit requirement, so no event is dropped or rewritten). Reading it, entries of the
//! same user doing the same thing to the same client, plan or user, each within
//! [`FOLD_GAP`] of the next, become one [`AuditLine`] that says how many there were and between
//! which times: a counsellor filling in the wizard (one `change_client` per step) or opening a
//! plan five times reads as one line. A client is named by its current display name, read from
//! the store when the page is asked for (the log itself keeps only the id); an erased client
//! has no name, only its id.

use std::collections::HashMap;

use serde::Serialize;
use time::OffsetDateTime;

use super::{Workspace, WorkspaceError};
use crate::store::{AuditAction, AuditEntry, ClientId, Email, PlanId, Role, Session};

/// Repeats of one event at most this far apart are folded into one line.
pub const FOLD_GAP: time::Duration = time::Duration::minutes(15);

/// One line of the audit log: one entry, or several of the same user doing the same thing to
/// the same subject, each within 15 minutes of the next.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AuditLine {
    /// The sequence number of the newest entry of the line.
    pub seq: u64,
    /// How many entries the line stands for (1 or more).
    #[schemars(range(min = 1))]
    pub count: u32,
    /// The time of the oldest entry of the line (`at` is the newest's).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub first_at: OffsetDateTime,
    /// The client's display name now, when the entry names a client that still exists; `null`
    /// for an erased client (the log keeps only its id).
    pub client_name: Option<String>,
    #[serde(flatten)]
    pub entry: AuditEntry,
}

/// A page of the audit log: its lines, newest first, and the sequence number of the oldest
/// entry read (where the next page starts), when the page was full.
#[derive(Debug, Clone)]
pub struct AuditLines {
    pub lines: Vec<AuditLine>,
    pub next_before: Option<u64>,
}

type Subject = (
    Option<Email>,
    AuditAction,
    Option<ClientId>,
    Option<PlanId>,
    Option<Email>,
);

/// Folds stored entries (newest first) into lines (newest first): an entry joins the line of
/// the same actor, action and subject whose oldest entry is at most [`FOLD_GAP`] later.
pub fn fold(entries: Vec<(u64, AuditEntry)>) -> Vec<AuditLine> {
    let mut lines: Vec<AuditLine> = Vec::new();
    let mut open: HashMap<Subject, usize> = HashMap::new();
    for (seq, entry) in entries {
        let subject = (
            entry.actor.clone(),
            entry.action,
            entry.client.clone(),
            entry.plan.clone(),
            entry.user.clone(),
        );
        if let Some(&i) = open.get(&subject) {
            let line = &mut lines[i];
            if line.first_at - entry.at <= FOLD_GAP {
                line.count = line.count.saturating_add(1);
                line.first_at = line.first_at.min(entry.at);
                continue;
            }
        }
        open.insert(subject, lines.len());
        lines.push(AuditLine {
            seq,
            count: 1,
            first_at: entry.at,
            client_name: None,
            entry,
        });
    }
    lines
}

/// Folds one client's entries (oldest first, as an export holds them) into lines that read
/// from the oldest: by the time of each line's first entry. Each names the client `name`; a
/// line's `seq` is the index of its newest entry in `entries`.
pub fn fold_oldest_first(entries: &[AuditEntry], name: &str) -> Vec<AuditLine> {
    let newest_first = entries
        .iter()
        .cloned()
        .enumerate()
        .rev()
        .map(|(i, e)| (u64::try_from(i).unwrap_or(u64::MAX), e))
        .collect();
    let mut lines = fold(newest_first);
    lines.sort_by_key(|l| (l.first_at, l.seq));
    for line in &mut lines {
        line.client_name = Some(name.to_owned());
    }
    lines
}

impl Workspace {
    /// The organisation's audit log, newest first, folded into lines, with each client's
    /// current name; admins only. `limit` counts stored entries (a line stands for one or
    /// more), `before` is the `next_before` of the previous page. A page is folded on its own,
    /// so a run of repeats can end one page and go on in a line of the next: cutting pages
    /// where no run goes on would need a 15-minute gap in the log, which a busy organisation
    /// may not have for days, so a page could not be bounded.
    pub fn audit_log(
        &self,
        session: &Session,
        before: Option<u64>,
        limit: usize,
    ) -> Result<AuditLines, WorkspaceError> {
        if session.role != Role::Admin {
            return Err(WorkspaceError::AdminOnly);
        }
        let entries = self.store.audit(&session.org, before, limit)?;
        let next_before = (entries.len() == limit)
            .then(|| entries.last().map(|(seq, _)| *seq))
            .flatten();
        let mut lines = fold(entries);
        if lines.iter().any(|l| l.entry.client.is_some()) {
            // The organisation's clients (bounded by MAX_CLIENTS_PER_ORG), read once a page.
            let names: HashMap<ClientId, String> = self
                .store
                .clients(&session.org)?
                .into_iter()
                .map(|c| (c.id, c.display_name))
                .collect();
            for line in &mut lines {
                line.client_name = line
                    .entry
                    .client
                    .as_ref()
                    .and_then(|id| names.get(id).cloned());
            }
        }
        Ok(AuditLines { lines, next_before })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + time::Duration::minutes(minute)
    }

    fn entry(minute: i64, actor: &str, action: AuditAction, client: Option<&str>) -> AuditEntry {
        AuditEntry {
            at: at(minute),
            actor: Some(Email::parse(actor).expect("email")),
            action,
            client: client.map(|c| ClientId::parse(c).expect("client id")),
            user: None,
            plan: None,
        }
    }

    const A: &str = "0123456789abcdef0123456789abcdef";
    const B: &str = "fedcba9876543210fedcba9876543210";

    #[test]
    fn repeats_fold_into_one_line_that_counts_every_entry() {
        use AuditAction::{ChangeClient, ViewClient};
        // Newest first, as the store answers: five wizard steps with views between them, by
        // one user on one client; one change by another user; one change on another client.
        let stored = vec![
            (10, entry(40, "ann@a.nl", ChangeClient, Some(A))),
            (9, entry(39, "bob@a.nl", ChangeClient, Some(A))),
            (8, entry(38, "ann@a.nl", ViewClient, Some(A))),
            (7, entry(35, "ann@a.nl", ChangeClient, Some(A))),
            (6, entry(30, "ann@a.nl", ChangeClient, Some(B))),
            (5, entry(25, "ann@a.nl", ChangeClient, Some(A))),
            (4, entry(24, "ann@a.nl", ViewClient, Some(A))),
            (3, entry(20, "ann@a.nl", ChangeClient, Some(A))),
            // More than FOLD_GAP before the next: a line of its own.
            (2, entry(2, "ann@a.nl", ChangeClient, Some(A))),
        ];
        let lines = fold(stored);
        let shown: Vec<(u64, u32, i64)> = lines
            .iter()
            .map(|l| (l.seq, l.count, (l.first_at - at(0)).whole_minutes()))
            .collect();
        assert_eq!(
            shown,
            [(10, 4, 20), (9, 1, 39), (8, 2, 24), (6, 1, 30), (2, 1, 2)]
        );
        let total: u32 = lines.iter().map(|l| l.count).sum();
        assert_eq!(total, 9, "every stored entry is counted in a line");
    }

    #[test]
    fn an_export_reads_from_its_oldest_line_and_points_each_at_its_newest_entry() {
        use AuditAction::{ChangeClient, ExportClient, ViewClient};
        // Oldest first, as an export holds one client's entries.
        let held = vec![
            entry(0, "ann@a.nl", ChangeClient, Some(A)),
            entry(1, "ann@a.nl", ChangeClient, Some(A)),
            entry(2, "ann@a.nl", ViewClient, Some(A)),
            entry(3, "ann@a.nl", ChangeClient, Some(A)),
            entry(30, "ann@a.nl", ChangeClient, Some(A)),
            entry(31, "ann@a.nl", ExportClient, Some(A)),
        ];
        let lines = fold_oldest_first(&held, "K.P.");
        let shown: Vec<(u64, u32, i64, AuditAction)> = lines
            .iter()
            .map(|l| {
                (
                    l.seq,
                    l.count,
                    (l.first_at - at(0)).whole_minutes(),
                    l.entry.action,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (3, 3, 0, ChangeClient),
                (2, 1, 2, ViewClient),
                (4, 1, 30, ChangeClient),
                (5, 1, 31, ExportClient),
            ]
        );
        assert!(
            lines
                .iter()
                .all(|l| l.client_name.as_deref() == Some("K.P."))
        );
    }
}
