//! Synonym groups (`paths/synonyms.toml`) applied to a text: shared by the search index and
//! matching, so both expand a text the same way.

use crate::text;

/// Stems of every member of each synonym group that `text` mentions, so that a search for any
/// member finds the text. Single-word members also match compound parts ("elektromonteur").
pub fn synonym_stems(body: &str, synonyms: &[Vec<String>]) -> Vec<String> {
    let words = text::words(body);
    let parts: Vec<String> = words.iter().flat_map(|w| text::split_compound(w)).collect();
    let mut out = Vec::new();
    for group in synonyms {
        let mentioned = group.iter().any(|member| {
            let member_words = text::words(member);
            match member_words.as_slice() {
                [] => false,
                [one] => words.contains(one) || parts.contains(one),
                many => words.windows(many.len()).any(|w| w == many),
            }
        });
        if mentioned {
            for member in group {
                out.extend(text::analyse(member));
            }
        }
    }
    out
}
