//! Dutch text analysis for job words: folding, tokens, stop words, stemming, compound splitting.
//!
//! The search index and the occupation resolver both go through this module, so a word is
//! analysed the same way when it is indexed and when a person types it. tantivy's own Dutch
//! stemmer (0.27) is not used: it mangles job words (ingenieur → innieur). We use the classic
//! Snowball Dutch stemmer with a small table of corrections, pinned by `tests/analysis.rs`.
//!
//! The word tables (stop list, stemmer corrections, compound parts) are data files in
//! `paths/analysis/`, compiled in; see [`tables`]. Their fingerprint is part of what decides
//! whether an index on disk can be reused (`index::analysis_fingerprint`).

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// Lower-cases and removes accents ("Ingenieur Ä" → "ingenieur a"); keeps other characters.
pub fn fold(text: &str) -> String {
    // Most text is plain ASCII: lower-casing is all folding does there, and much cheaper.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for ch in text.nfd() {
        if unicode_normalization::char::is_combining_mark(ch) {
            continue;
        }
        match ch {
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ø' | 'Ø' => out.push('o'),
            'ĳ' | 'Ĳ' => out.push_str("ij"),
            _ => out.extend(ch.to_lowercase()),
        }
    }
    out
}

/// Splits folded text into words: runs of letters and digits. Everything else separates words,
/// so "cv-monteur" gives "cv" and "monteur", and "ICT/IT" gives "ict" and "it".
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Byte ranges of the words in `text` (unfolded), in order; used to highlight the original text.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, ch) in text.char_indices() {
        match (ch.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

pub mod tables;

pub use tables::{TableError, Tables};

/// The analysis tables of this build (`paths/analysis/`, compiled in), read on first use.
pub fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(Tables::embedded)
}

/// True when `word` (folded) is a stop word (`paths/analysis/stop_words.toml`).
pub fn is_stop_word(word: &str) -> bool {
    tables().is_stop_word(word)
}

/// Stems one folded Dutch word. Words of up to 4 letters and words with digits are kept as is.
pub fn stem(word: &str) -> String {
    tables().stem(word)
}

/// Splits a folded compound into known parts ("warmtepompmonteur" → ["warmtepomp", "monteur"]).
/// Returns an empty list when the word is not a compound of known parts.
pub fn split_compound(word: &str) -> Vec<String> {
    tables().split_compound(word)
}

/// The analysed terms of a text for the full-text field: each non-stop word stemmed, plus the
/// stems of its compound parts. Order follows the text.
pub fn analyse(text: &str) -> Vec<String> {
    tables().analyse(text)
}

/// Words run through the analysis, besides the table words, when the fingerprint is taken: they
/// show changes in the Snowball stemmer and in the rules around it.
const PROBE: &[&str] = &[
    "ingenieur",
    "begeleiding",
    "monteurs",
    "vrachtwagens",
    "ontwikkelaars",
    "onderhoudsmonteur",
    "storingsmonteurs",
    "zonnepaneelmonteur",
    "elektriciens",
    "hygiëne",
    "cv-monteur",
    "ict/it",
    "niveau 4",
];

impl Tables {
    /// True when `word` (folded) is a stop word.
    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words.contains(word)
    }

    /// [`stem`] with these tables.
    pub fn stem(&self, word: &str) -> String {
        static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
        if let Some(to) = self.stem_corrections.get(word) {
            return to.clone();
        }
        if word.chars().count() <= 4 || word.chars().any(|c| c.is_ascii_digit()) {
            return word.to_owned();
        }
        let stemmer =
            STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Dutch));
        let mut stemmed = stemmer.stem(word).into_owned();
        // Snowball only drops a plural "-s" ("vrachtwagens" → "vrachtwagen") while the singular
        // loses "-en" ("vrachtwagen" → "vrachtwag"): stem the singular so both meet.
        if let Some(singular) = word.strip_suffix('s')
            && stemmed == singular
        {
            stemmed = stemmer.stem(singular).into_owned();
        }
        // Snowball turns "-aar" into "-ar" (ontwikkelaar → ontwikkelar); keep the job suffix whole
        // so the stem still reads as the job word.
        if stemmed.ends_with("ar") && !stemmed.ends_with("aar") {
            let restored = format!("{}aar", &stemmed[..stemmed.len() - 2]);
            if word.starts_with(&restored) {
                return restored;
            }
        }
        stemmed
    }

    /// [`split_compound`] with these tables: a word is split only into listed parts (plus a
    /// linking "s", "e" or "en"), so a word like "monteur" is never cut into nonsense.
    pub fn split_compound(&self, word: &str) -> Vec<String> {
        let mut best = Vec::new();
        if word.len() >= 6 {
            split_into(word, &self.compound_parts, &mut Vec::new(), &mut best);
        }
        if best.len() < 2 { Vec::new() } else { best }
    }

    /// [`analyse`] with these tables.
    pub fn analyse(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for word in words(text) {
            if self.is_stop_word(&word) {
                continue;
            }
            out.push(self.stem(&word));
            for part in self.split_compound(&word) {
                out.push(self.stem(&part));
            }
        }
        out
    }
}

/// Depth-first search for the split with the fewest, longest parts.
fn split_into<'a>(
    rest: &'a str,
    parts: &rustc_hash::FxHashSet<String>,
    current: &mut Vec<&'a str>,
    best: &mut Vec<String>,
) {
    if rest.is_empty() {
        if current.len() >= 2 && (best.is_empty() || current.len() < best.len()) {
            *best = current.iter().map(|s| (*s).to_owned()).collect();
        }
        return;
    }
    if current.len() >= 4 {
        return;
    }
    // Longest prefix first, so the first full split found tends to be the best one.
    let boundaries: Vec<usize> = rest.char_indices().map(|(i, _)| i).skip(1).collect();
    for &end in boundaries.iter().chain(std::iter::once(&rest.len())).rev() {
        let head = &rest[..end];
        if head.len() < 2 || !parts.contains(head) {
            continue;
        }
        current.push(head);
        split_into(&rest[end..], parts, current, best);
        // A linking "s" or "e" between parts: "onderhoudsmonteur", "storingsmonteur".
        for link in ["s", "e", "en"] {
            if let Some(after) = rest[end..].strip_prefix(link)
                && !after.is_empty()
            {
                split_into(after, parts, current, best);
            }
        }
        current.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("Hygiëne Ingenieur"), "hygiene ingenieur");
    }

    #[test]
    fn words_split_on_punctuation() {
        assert_eq!(
            words("CV-monteur, ICT/IT"),
            vec!["cv", "monteur", "ict", "it"]
        );
    }

    #[test]
    fn compound_parts() {
        assert_eq!(
            split_compound("installatiemonteur"),
            vec!["installatie", "monteur"]
        );
        assert_eq!(
            split_compound("warmtepompmonteur"),
            vec!["warmtepomp", "monteur"]
        );
        assert_eq!(
            split_compound("onderhoudsmonteur"),
            vec!["onderhoud", "monteur"]
        );
        assert!(split_compound("monteur").is_empty());
        assert!(split_compound("kapper").is_empty());
    }
}
