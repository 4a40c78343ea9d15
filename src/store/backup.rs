//! The backup file: JSON lines, independent of the backend. A head line, one line per record
//! (`{"tree","key","value"}` with the stored record as JSON) and an end line with the count, so a
//! cut-off file is refused rather than restored in part.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::StoreError;
use super::TREES;
use super::records::{AuditEntry, Client, Org, Plan, PlanOwner, Session, Share, User, decode};

/// The backup format's version, in its head line.
const FORMAT: u32 = 1;

/// How many records a backup or restore held, per tree.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct BackupSummary {
    pub records: BTreeMap<String, usize>,
}

impl BackupSummary {
    pub(super) fn count(&mut self, tree: &str) {
        *self.records.entry(tree.to_owned()).or_default() += 1;
    }

    /// Records in all trees.
    pub fn total(&self) -> usize {
        self.records.values().sum()
    }
}

impl std::fmt::Display for BackupSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .records
            .iter()
            .map(|(tree, n)| format!("{n} {tree}"))
            .collect();
        write!(f, "{} records ({})", self.total(), parts.join(", "))
    }
}

/// A backup could not be restored.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("backup line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("the backup ends before its end line: it was cut off; nothing was restored")]
    Truncated,
    #[error(
        "the store {dir} already holds data; restore into an empty or new folder or database \
         (--store)"
    )]
    NotEmpty { dir: String },
    #[error(transparent)]
    Store(StoreError),
    #[error("the restored store has problems: {}", .0.join("; "))]
    Check(Vec<String>),
}

#[derive(Serialize, Deserialize)]
struct Head {
    padvinder_store_backup: u32,
}

#[derive(Serialize)]
struct LineOut<'a> {
    tree: &'a str,
    key: &'a str,
    value: &'a RawValue,
}

#[derive(Deserialize)]
struct LineIn {
    tree: String,
    key: String,
    value: Box<RawValue>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct End {
    end: usize,
}

/// Writes a backup line by line: the head line at the start, one line per record, the end line
/// with the count at [`Writer::finish`].
pub(super) struct Writer<'a> {
    out: &'a mut dyn Write,
    summary: BackupSummary,
}

impl<'a> Writer<'a> {
    /// Writes the head line.
    pub(super) fn start(out: &'a mut dyn Write) -> Result<Writer<'a>, String> {
        let mut writer = Writer {
            out,
            summary: BackupSummary::default(),
        };
        writer.line(json(&Head {
            padvinder_store_backup: FORMAT,
        }))?;
        Ok(writer)
    }

    fn line(&mut self, json: Vec<u8>) -> Result<(), String> {
        self.out.write_all(&json).map_err(|e| e.to_string())?;
        self.out.write_all(b"\n").map_err(|e| e.to_string())
    }

    /// Writes one stored record of `tree`.
    pub(super) fn record(&mut self, tree: &str, key: &[u8], bytes: &[u8]) -> Result<(), String> {
        let key = std::str::from_utf8(key).map_err(|e| format!("{tree}: key {e}"))?;
        let value: &RawValue = serde_json::from_slice(bytes)
            .map_err(|e| format!("{tree}/{key}: stored record is not JSON: {e}"))?;
        self.line(json(&LineOut { tree, key, value }))?;
        self.summary.count(tree);
        Ok(())
    }

    /// Writes the end line and flushes.
    pub(super) fn finish(mut self) -> Result<BackupSummary, String> {
        self.line(json(&End {
            end: self.summary.total(),
        }))?;
        self.out.flush().map_err(|e| e.to_string())?;
        Ok(self.summary)
    }
}

/// Reads a whole backup, checking every record against its tree's record type; nothing is
/// returned unless the file is complete and every record reads.
pub(super) fn read(
    input: &mut dyn BufRead,
) -> Result<Vec<(String, String, Vec<u8>)>, RestoreError> {
    let mut records = Vec::new();
    let mut lines = input.lines().enumerate();
    let bad = |line: usize, message: String| RestoreError::Line {
        line: line + 1,
        message,
    };
    match lines.next() {
        Some((n, Ok(text))) => match serde_json::from_str::<Head>(&text) {
            Ok(head) if head.padvinder_store_backup == FORMAT => {}
            Ok(head) => {
                return Err(bad(
                    n,
                    format!(
                        "backup format {} is not known here",
                        head.padvinder_store_backup
                    ),
                ));
            }
            Err(_) => return Err(bad(n, "not a padvinder store backup".to_owned())),
        },
        Some((n, Err(e))) => return Err(bad(n, e.to_string())),
        None => return Err(RestoreError::Truncated),
    }
    for (n, text) in lines {
        let text = text.map_err(|e| bad(n, e.to_string()))?;
        if let Ok(end) = serde_json::from_str::<End>(&text) {
            if end.end != records.len() {
                return Err(bad(
                    n,
                    format!(
                        "the end line counts {} records, the file has {}",
                        end.end,
                        records.len()
                    ),
                ));
            }
            return Ok(records);
        }
        let line: LineIn = serde_json::from_str(&text).map_err(|e| bad(n, e.to_string()))?;
        let bytes = line.value.get().as_bytes();
        let checked = match line.tree.as_str() {
            "orgs" => decode::<Org>(bytes).map(drop),
            "users" => decode::<User>(bytes).map(drop),
            "sessions" => decode::<Session>(bytes).map(drop),
            "clients" => decode::<Client>(bytes).map(drop),
            "audit" => decode::<AuditEntry>(bytes).map(drop),
            "plans" => decode::<Plan>(bytes).map(drop),
            "plan_ids" => decode::<PlanOwner>(bytes).map(drop),
            "shares" => decode::<Share>(bytes).map(drop),
            other => Err(format!(
                "unknown tree \"{other}\" (known: {})",
                TREES.join(", ")
            )),
        };
        checked.map_err(|m| bad(n, format!("{}/{}: {m}", line.tree, line.key)))?;
        records.push((line.tree, line.key, bytes.to_vec()));
    }
    Err(RestoreError::Truncated)
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    // Our line shapes hold only strings, numbers and JSON already checked: this cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}
