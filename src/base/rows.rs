//! The rows of a CSV file with a header, each with its line, for the reference-data readers
//! (geo, contacts, import); each maps [`RowError`] to its own error.

use serde::de::DeserializeOwned;

/// A CSV row that could not be read or did not fit its type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct RowError {
    /// The file's name as given.
    pub file: String,
    /// The line in the file (the header is line 1).
    pub line: u64,
    /// The CSV reader's words.
    pub message: String,
}

/// Every row of the CSV text `bytes` (read from `file`) as a `T`, with its line; blank lines are
/// skipped. The first row that cannot be read or deserialised is the error.
pub fn csv_rows<T: DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<Vec<(u64, T)>, RowError> {
    let error = |line: u64, e: csv::Error| RowError {
        file: file.to_owned(),
        line,
        message: e.to_string(),
    };
    // The line from the byte offset: the reader's own line count leaves out blank lines, and a
    // record's offset is where the blank lines before it begin.
    let mut counted = (0usize, 1u64);
    let mut line_at = |position: Option<&csv::Position>| {
        let byte = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let mut byte = byte.clamp(counted.0, bytes.len());
        while matches!(bytes.get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        counted.1 += bytes[counted.0..byte]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        counted.0 = byte;
        counted.1
    };
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().map_err(|e| error(1, e))?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| error(line_at(e.position()), e))?;
        let line = line_at(record.position());
        let row = record
            .deserialize(Some(&headers))
            .map_err(|e| error(line, e))?;
        rows.push((line, row));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Row {
        code: u16,
        name: String,
    }

    #[test]
    fn rows_come_with_their_line_and_a_bad_one_is_named() {
        let rows = csv_rows::<Row>("a.csv", b"code,name\n1,een\n\n2,twee\n").expect("rows");
        assert_eq!(
            rows,
            [
                (
                    2,
                    Row {
                        code: 1,
                        name: "een".into()
                    }
                ),
                (
                    4,
                    Row {
                        code: 2,
                        name: "twee".into()
                    }
                )
            ]
        );
        let e = csv_rows::<Row>("a.csv", b"code,name\n1,een\nx,twee\n").expect_err("bad");
        assert_eq!((e.file.as_str(), e.line), ("a.csv", 3), "{e}");
        assert!(e.to_string().starts_with("a.csv:3: "), "{e}");
        let e = csv_rows::<Row>("a.csv", b"code,name\n1\n").expect_err("short");
        assert_eq!(e.line, 2, "{e}");
    }
}
