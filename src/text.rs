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

use rustc_hash::FxHashSet;

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
        split_fewest_parts(word, &self.compound_parts, self.max_part_len)
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

/// Most parts a compound is split into.
pub const MAX_COMPOUND_PARTS: usize = 4;

/// Linking letters allowed between two parts, in the order they are tried.
const LINKS: [&str; 3] = ["s", "e", "en"];

/// The split of `word` into at least two listed parts with the fewest parts (at most
/// [`MAX_COMPOUND_PARTS`]); among those, the one with the longest first part, then no link
/// before "s", "e", "en", then the same for the rest. Empty when there is none.
///
/// Dynamic programming from the end of the word: each position looks at heads of at most
/// `max_part_len` bytes, so the work is linear in the word's length, and a word longer than the
/// longest possible split is refused before any lookup (a 64 kB query word costs nothing).
fn split_fewest_parts(word: &str, parts: &FxHashSet<String>, max_part_len: usize) -> Vec<String> {
    let longest_split =
        MAX_COMPOUND_PARTS * max_part_len + (MAX_COMPOUND_PARTS - 1) * LINKS_MAX_LEN;
    if word.len() < 6 || word.len() > longest_split {
        return Vec::new();
    }
    let n = word.len();
    // best[pos]: (parts, head end, next position) of the best split of word[pos..].
    let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; n + 1];
    for pos in (0..n).rev() {
        if !word.is_char_boundary(pos) {
            continue;
        }
        let mut chosen: Option<(usize, usize, usize)> = None;
        // Longest head first; among equal counts the first choice in this order wins.
        for end in (pos + 2..=n.min(pos + max_part_len)).rev() {
            if !word.is_char_boundary(end) || !lookup(parts, &word[pos..end]) {
                continue;
            }
            let links = LINKS
                .iter()
                .filter(|link| word[end..].starts_with(*link) && end + link.len() < n)
                .map(|link| end + link.len());
            for next in std::iter::once(end).chain(links) {
                // The whole word as one part is not a split.
                if pos == 0 && next == n {
                    continue;
                }
                let count = if next == n {
                    Some(1)
                } else {
                    best[next].map(|(c, _, _)| c + 1)
                };
                if let Some(count) = count
                    && chosen.is_none_or(|(c, _, _)| count < c)
                {
                    chosen = Some((count, end, next));
                }
            }
        }
        best[pos] = chosen;
    }
    let Some((count, _, _)) = best[0] else {
        return Vec::new();
    };
    if count > MAX_COMPOUND_PARTS {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(count);
    let mut pos = 0;
    while let Some((_, end, next)) = best.get(pos).copied().flatten() {
        out.push(word[pos..end].to_owned());
        if next == n {
            break;
        }
        pos = next;
    }
    out
}

/// Longest linking letters in [`LINKS`].
const LINKS_MAX_LEN: usize = 2;

/// One lookup of a compound part; counted in tests so they can pin the work per word.
fn lookup(parts: &FxHashSet<String>, head: &str) -> bool {
    #[cfg(test)]
    tests::LOOKUPS.with(|n| n.set(n.get() + 1));
    parts.contains(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Compound part lookups made on this thread.
        pub(super) static LOOKUPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn lookups_for(word: &str) -> usize {
        LOOKUPS.with(|n| n.set(0));
        let _ = split_compound(word);
        LOOKUPS.with(std::cell::Cell::get)
    }

    #[test]
    fn compound_splitting_is_bounded_by_word_length() {
        // Regression: a 64 kB query word ("zonnepanelen" repeated) took 4 s of CPU, because
        // every prefix was explored. Now a word too long to be a compound costs no lookup at
        // all, and the longest word that could be one costs at most max_part_len per position.
        let long = "zonnepanelen".repeat(64 * 1024 / 12);
        assert_eq!(lookups_for(&long), 0);
        assert!(split_compound(&long).is_empty());

        let max = tables().max_part_len;
        let longest = "zonnepanelen".repeat(5);
        assert!(longest.len() <= MAX_COMPOUND_PARTS * max + 6);
        assert!(lookups_for(&longest) <= longest.len() * max);
        assert!(
            lookups_for(&longest) > 0,
            "the test word must reach the search"
        );
    }

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
