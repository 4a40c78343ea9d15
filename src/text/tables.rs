//! The Dutch word tables of the analysis (`paths/analysis/*.toml`): reading, checking, and the
//! fingerprint that decides whether an index was built with the same analysis.
//!
//! The files are compiled into the binary with `include_str!`, so the analysis of a build never
//! depends on the folder it runs in, and the free functions of [`crate::text`] need no setup.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

/// Name of the stop list file, relative to the catalogue folder.
pub const STOP_WORDS_FILE: &str = "analysis/stop_words.toml";
/// Name of the stemmer corrections file, relative to the catalogue folder.
pub const STEM_CORRECTIONS_FILE: &str = "analysis/stem_corrections.toml";
/// Name of the compound parts file, relative to the catalogue folder.
pub const COMPOUND_PARTS_FILE: &str = "analysis/compound_parts.toml";

/// The table files this build was compiled with: (name, text).
pub const EMBEDDED: [(&str, &str); 3] = [
    (
        STOP_WORDS_FILE,
        include_str!("../../paths/analysis/stop_words.toml"),
    ),
    (
        STEM_CORRECTIONS_FILE,
        include_str!("../../paths/analysis/stem_corrections.toml"),
    ),
    (
        COMPOUND_PARTS_FILE,
        include_str!("../../paths/analysis/compound_parts.toml"),
    ),
];

/// A table file is wrong: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct TableError {
    /// The file, as `analysis/<name>.toml` (compiled in) or the path it was read from.
    pub file: String,
    /// 1-based line; 0 when the file as a whole is wrong (cannot be read).
    pub line: usize,
    pub message: String,
}

/// The analysis word tables, checked.
#[derive(Debug)]
pub struct Tables {
    // Fx hashing: looked up for every word analysed, keys are trusted compiled-in words.
    pub(super) stop_words: FxHashSet<String>,
    pub(super) stem_corrections: FxHashMap<String, String>,
    pub(super) compound_parts: FxHashSet<String>,
    /// Length in bytes of the longest compound part: no head longer than this is looked up.
    pub(super) max_part_len: usize,
    /// SHA-256 of the files' bytes, in hex.
    bytes_hash: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StopFile {
    words: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorrectionFile {
    corrections: HashMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartsFile {
    parts: Vec<Spanned<String>>,
}

/// One file being read, for messages with a line.
struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> TableError {
        let line = self.text[..span.start.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        TableError {
            file: self.name.to_owned(),
            line,
            message: message.into(),
        }
    }

    fn parse<T: for<'de> Deserialize<'de>>(&self) -> Result<T, TableError> {
        toml::from_str(self.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            self.error(span, e.message().trim().to_owned())
        })
    }

    /// A table word must be written as the analysis sees it: folded, one word.
    fn check_word(&self, word: &Spanned<String>, what: &str) -> Result<(), TableError> {
        let w = word.get_ref();
        if w.is_empty() {
            return Err(self.error(word.span(), format!("empty {what}")));
        }
        if !w.chars().all(char::is_alphanumeric) || super::fold(w) != *w {
            return Err(self.error(
                word.span(),
                format!(
                    "{what} \"{w}\" must be one folded word (lower case, no accents, letters and digits only), e.g. \"{}\"",
                    super::words(w).join("")
                ),
            ));
        }
        Ok(())
    }

    /// Checked, distinct words of a list.
    fn word_set(
        &self,
        words: &[Spanned<String>],
        what: &str,
    ) -> Result<FxHashSet<String>, TableError> {
        let mut set = FxHashSet::default();
        for word in words {
            self.check_word(word, what)?;
            if !set.insert(word.get_ref().clone()) {
                return Err(self.error(
                    word.span(),
                    format!("{what} \"{}\" is listed twice", word.get_ref()),
                ));
            }
        }
        Ok(set)
    }
}

impl Tables {
    /// The tables compiled into this build.
    ///
    /// # Panics
    /// When a compiled-in table file is wrong; the message names the file and line. The unit test
    /// `embedded_tables_load` fails first, so a build with bad tables does not pass `cargo test`.
    pub fn embedded() -> Tables {
        let [stop, corrections, parts] = EMBEDDED;
        Tables::parse(stop, corrections, parts)
            .unwrap_or_else(|e| panic!("compiled-in analysis table paths/{e}"))
    }

    /// Reads the tables from the `analysis/` files under a catalogue folder (e.g. `paths/`).
    pub fn read(root: &Path) -> Result<Tables, TableError> {
        let read = |name: &str| {
            let path = root.join(name);
            let file = path.display().to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok((file, text)),
                Err(e) => Err(TableError {
                    file,
                    line: 0,
                    message: format!("cannot be read: {e}"),
                }),
            }
        };
        let (stop, corrections, parts) = (
            read(STOP_WORDS_FILE)?,
            read(STEM_CORRECTIONS_FILE)?,
            read(COMPOUND_PARTS_FILE)?,
        );
        Tables::parse(
            (&stop.0, &stop.1),
            (&corrections.0, &corrections.1),
            (&parts.0, &parts.1),
        )
    }

    /// Parses and checks the three table files, each given as (name for messages, text).
    pub fn parse(
        stop_words: (&str, &str),
        stem_corrections: (&str, &str),
        compound_parts: (&str, &str),
    ) -> Result<Tables, TableError> {
        let mut hasher = Sha256::new();
        // Only the bytes count, not where they were read from.
        for (_, text) in [stop_words, stem_corrections, compound_parts] {
            hasher.update(text.len().to_le_bytes());
            hasher.update(text.as_bytes());
            hasher.update([0]);
        }

        let src = Source {
            name: stop_words.0,
            text: stop_words.1,
        };
        let stop_words = src.word_set(&src.parse::<StopFile>()?.words, "stop word")?;

        let src = Source {
            name: stem_corrections.0,
            text: stem_corrections.1,
        };
        let mut corrections = FxHashMap::default();
        for (word, stem) in src.parse::<CorrectionFile>()?.corrections {
            src.check_word(&word, "corrected word")?;
            src.check_word(&stem, "stem")?;
            corrections.insert(word.into_inner(), stem.into_inner());
        }

        let src = Source {
            name: compound_parts.0,
            text: compound_parts.1,
        };
        let parts = src.parse::<PartsFile>()?.parts;
        let compound_parts = src.word_set(&parts, "compound part")?;
        if let Some(short) = parts.iter().find(|p| p.get_ref().len() < 2) {
            return Err(src.error(
                short.span(),
                format!(
                    "compound part \"{}\" is too short (at least two letters)",
                    short.get_ref()
                ),
            ));
        }

        let max_part_len = compound_parts.iter().map(String::len).max().unwrap_or(0);
        Ok(Tables {
            stop_words,
            stem_corrections: corrections,
            compound_parts,
            max_part_len,
            bytes_hash: format!("{:x}", hasher.finalize()),
        })
    }

    /// A fingerprint of the analysis these tables give: the hash of the table files' bytes and of
    /// what the analysis makes of every table word (so a change in the stemming or splitting code
    /// shows too). Two builds with the same fingerprint analyse text the same way.
    pub fn fingerprint(&self) -> String {
        let mut probe: Vec<&str> = self
            .stop_words
            .iter()
            .chain(self.stem_corrections.keys())
            .chain(&self.compound_parts)
            .map(String::as_str)
            .collect();
        probe.sort_unstable();
        let mut hasher = Sha256::new();
        hasher.update(self.bytes_hash.as_bytes());
        for word in probe.iter().chain(super::PROBE) {
            hasher.update(word.as_bytes());
            hasher.update([b'=']);
            hasher.update(self.analyse(word).join(" ").as_bytes());
            hasher.update([b'\n']);
        }
        format!("{:x}", hasher.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_load() {
        let [stop, corrections, parts] = EMBEDDED;
        if let Err(e) = Tables::parse(stop, corrections, parts) {
            panic!("paths/{e}");
        }
    }
}
