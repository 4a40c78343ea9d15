//! Reading `occupations_nl.csv` into occupations, with errors that name the file and line.

use std::collections::HashMap;

use super::{Occupation, ResolveError};

/// One parsed row: the displayable occupation plus its search-only hidden labels, and the job
/// names padvinder's catalogue gives it (not ESCO's: they match as [`super::MatchKind::JobName`]).
pub(super) struct Row {
    pub occupation: Occupation,
    pub hidden_labels: Vec<String>,
    pub job_names: Vec<String>,
}

/// Columns every file must have; `hidden_labels_nl` is optional (the README allows dropping it).
const REQUIRED: [&str; 5] = [
    "esco_uri",
    "isco_code",
    "preferred_label_nl",
    "alt_labels_nl",
    "description_nl",
];
const HIDDEN: &str = "hidden_labels_nl";

/// Reads and checks all rows; the first problem found is returned with its line.
pub(super) fn read_rows<R: std::io::Read>(r: R, name: &str) -> Result<Vec<Row>, ResolveError> {
    let (reader, names) = open_csv(r, name)?;
    let [uri_at, isco_at, label_at, alt_at, description_at] = columns(&names, REQUIRED, name)?;
    let hidden_at = names.iter().position(|n| n == HIDDEN);
    let mut rows = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    each_row(reader, name, names.len(), |line, record| {
        let problem = |problem: String| row_problem(name, line, problem);
        let field = |at: usize| record.get(at).unwrap_or("").trim();

        let esco_uri = field(uri_at);
        if esco_uri.is_empty() {
            return Err(problem("esco_uri is empty".to_owned()));
        }
        let isco = field(isco_at);
        if isco.len() != 4 || !isco.bytes().all(|b| b.is_ascii_digit()) {
            return Err(problem(format!(
                "isco_code must be 4 digits, found {isco:?}"
            )));
        }
        let label = field(label_at);
        if label.is_empty() {
            return Err(problem("preferred_label_nl is empty".to_owned()));
        }
        if let Some(earlier) = first_line.insert(esco_uri.to_owned(), line) {
            return Err(problem(format!(
                "esco_uri {esco_uri} was already used on line {earlier}"
            )));
        }
        rows.push(Row {
            occupation: Occupation {
                esco_uri: esco_uri.to_owned(),
                isco: isco.to_owned(),
                label: label.to_owned(),
                alt_labels: split_list(field(alt_at)),
                description: field(description_at).to_owned(),
            },
            hidden_labels: hidden_at
                .map(|at| split_list(field(at)))
                .unwrap_or_default(),
            job_names: Vec::new(),
        });
        Ok(())
    })?;
    if rows.is_empty() {
        return Err(ResolveError::Empty {
            file: name.to_owned(),
        });
    }
    Ok(rows)
}

/// Opens a CSV file: the reader and the trimmed header names.
fn open_csv<R: std::io::Read>(
    r: R,
    name: &str,
) -> Result<(csv::Reader<R>, Vec<String>), ResolveError> {
    // Flexible so that a short or long row reaches our own check, which names the line and the
    // counts instead of the reader's generic message. Records end at "\n" only: with the default
    // CR-or-LF terminator the reader counts lines one short in CRLF files; the "\r" left at the
    // end of the last field is trimmed with the other whitespace.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(r);
    let header = reader.headers().map_err(|source| ResolveError::Csv {
        file: name.to_owned(),
        line: 1,
        source,
    })?;
    let names = header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    Ok((reader, names))
}

/// The positions of the `wanted` columns in the header.
fn columns<const N: usize>(
    names: &[String],
    wanted: [&'static str; N],
    name: &str,
) -> Result<[usize; N], ResolveError> {
    let mut at = [0usize; N];
    for (slot, wanted) in at.iter_mut().zip(wanted) {
        *slot =
            names
                .iter()
                .position(|n| n == wanted)
                .ok_or_else(|| ResolveError::MissingColumn {
                    file: name.to_owned(),
                    column: wanted,
                })?;
    }
    Ok(at)
}

/// Calls `row` with the line and fields of every non-blank record of `width` columns; a
/// record the reader cannot read or of another width is an error naming its line.
fn each_row<R: std::io::Read>(
    mut reader: csv::Reader<R>,
    name: &str,
    width: usize,
    mut row: impl FnMut(u64, &csv::StringRecord) -> Result<(), ResolveError>,
) -> Result<(), ResolveError> {
    for (i, result) in reader.records().enumerate() {
        // Fallback line if the reader has no position: header is line 1, rows have no breaks.
        let fallback = i as u64 + 2;
        let record = result.map_err(|source| ResolveError::Csv {
            file: name.to_owned(),
            line: source.position().map_or(fallback, |p| p.line()),
            source,
        })?;
        let line = record.position().map_or(fallback, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // a blank line
        }
        if record.len() != width {
            return Err(row_problem(
                name,
                line,
                format!(
                    "expected {width} columns as in the header, found {}",
                    record.len()
                ),
            ));
        }
        row(line, &record)?;
    }
    Ok(())
}

fn row_problem(name: &str, line: u64, problem: String) -> ResolveError {
    ResolveError::Row {
        file: name.to_owned(),
        line,
        problem,
    }
}

/// One row of a label file in another language (`occupations_en.csv`, …).
pub(super) struct ForeignRow {
    /// Position of the occupation in the Dutch file.
    pub occupation: u32,
    pub label: String,
    pub alt_labels: Vec<String>,
    pub hidden_labels: Vec<String>,
}

/// Columns of a label file in another language; `hidden_labels` may be missing (Spanish).
const FOREIGN_REQUIRED: [&str; 3] = ["esco_uri", "preferred_label", "alt_labels"];

/// Reads a label file in another language. Every URI must be one of `known` (the Dutch file's,
/// with their positions) and appear once; rows come back in the Dutch file's order.
pub(super) fn read_foreign<R: std::io::Read>(
    r: R,
    name: &str,
    known: &HashMap<String, usize>,
) -> Result<Vec<ForeignRow>, ResolveError> {
    let (reader, names) = open_csv(r, name)?;
    let [uri_at, label_at, alt_at] = columns(&names, FOREIGN_REQUIRED, name)?;
    let hidden_at = names.iter().position(|n| n == "hidden_labels");
    let mut rows = Vec::new();
    let mut first_line: HashMap<usize, u64> = HashMap::new();
    each_row(reader, name, names.len(), |line, record| {
        let problem = |problem: String| row_problem(name, line, problem);
        let field = |at: usize| record.get(at).unwrap_or("").trim();
        let uri = field(uri_at);
        let Some(&occupation) = known.get(uri) else {
            return Err(problem(format!(
                "esco_uri {uri:?} is not an occupation of occupations_nl.csv"
            )));
        };
        if let Some(earlier) = first_line.insert(occupation, line) {
            return Err(problem(format!(
                "esco_uri {uri} was already used on line {earlier}"
            )));
        }
        let label = field(label_at);
        if label.is_empty() {
            return Err(problem("preferred_label is empty".to_owned()));
        }
        rows.push(ForeignRow {
            occupation: occupation as u32,
            label: label.to_owned(),
            alt_labels: split_list(field(alt_at)),
            hidden_labels: hidden_at
                .map(|at| split_list(field(at)))
                .unwrap_or_default(),
        });
        Ok(())
    })?;
    rows.sort_by_key(|r| r.occupation);
    Ok(rows)
}

/// Splits a `" | "`-joined label list; no label contains a bar (see the data README).
fn split_list(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
