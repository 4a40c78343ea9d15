//! Synonymous heads of Dutch job words (`paths/analysis/head_synonyms.toml`): "heftruckrijder"
//! is a "heftruckchauffeur", "keukenassistent" a "keukenhulp", "afwasser" an "afwashulp". A class
//! of colloquial forms, handled by one table instead of one label at a time.

use std::sync::OnceLock;

use serde::Deserialize;

/// The table as compiled in.
const FILE: &str = include_str!("../../paths/analysis/head_synonyms.toml");
/// At most this many variants of one word.
const MAX_VARIANTS: usize = 8;
/// Letters that must stay in front of a swapped head ("heftruck" in "heftruckrijder").
const MIN_FRONT: usize = 3;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    group: Vec<Group>,
}

/// One group of heads that name the same kind of worker.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    // `name` and `sources` document the file; the tests check they are there.
    #[allow(dead_code)]
    name: String,
    heads: Vec<String>,
    #[allow(dead_code)]
    sources: Vec<String>,
    /// Heads put after the activity of an "-er" agent noun ("afwasser" → "afwashulp").
    #[serde(default)]
    agent_nouns: Vec<String>,
}

/// The table, read on first use. The file is compiled in and checked by `cargo test`
/// (`table_is_well_formed`); should it not parse, no variants are made.
fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| toml::from_str(FILE).unwrap_or(Table { group: Vec::new() }))
}

/// The other spellings of a folded word with its head swapped for a synonym, and, for an "-er"
/// agent noun, its activity with a helper head; at most [`MAX_VARIANTS`], the word itself never.
pub(super) fn variants(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut has_head = false;
    for group in &table().group {
        for head in &group.heads {
            let Some(front) = word.strip_suffix(head.as_str()) else {
                continue;
            };
            if front.chars().count() < MIN_FRONT {
                continue;
            }
            has_head = true;
            for other in group.heads.iter().filter(|o| *o != head) {
                out.push(format!("{front}{other}"));
            }
        }
    }
    if !has_head && let Some(activity) = agent_activity(word) {
        for group in &table().group {
            for head in &group.agent_nouns {
                out.push(format!("{activity}{head}"));
            }
        }
    }
    out.retain(|v| v != word);
    out.dedup();
    out.truncate(MAX_VARIANTS);
    out
}

/// The activity of an "-er" agent noun, only when a doubled consonant marks it ("afwasser" →
/// "afwas"); nothing else is guessed ("schilder" gives none).
fn agent_activity(word: &str) -> Option<String> {
    let front = word.strip_suffix("er")?;
    let chars: Vec<char> = front.chars().collect();
    let n = chars.len();
    if n < MIN_FRONT + 1 {
        return None;
    }
    let (last, before) = (chars[n - 1], chars[n - 2]);
    let vowel = |c: char| "aeiouy".contains(c);
    if last == before && !vowel(last) {
        // "afwass" → "afwas", "bakk" → "bak"
        return Some(chars[..n - 1].iter().collect());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        let table: Table =
            toml::from_str(FILE).unwrap_or_else(|e| panic!("head_synonyms.toml: {e}"));
        assert!(table.group.len() >= 4);
        for g in &table.group {
            assert!(g.heads.len() >= 2, "{}: fewer than 2 heads", g.name);
            assert!(!g.sources.is_empty(), "{}: no sources", g.name);
            for h in g.heads.iter().chain(&g.agent_nouns) {
                assert_eq!(
                    crate::text::words(h),
                    vec![h.clone()],
                    "{h} is not one folded word"
                );
            }
        }
    }

    #[test]
    fn heads_are_swapped_within_their_group() {
        let v = variants("heftruckrijder");
        assert!(v.contains(&"heftruckchauffeur".to_owned()), "{v:?}");
        assert!(v.contains(&"heftruckbestuurder".to_owned()), "{v:?}");
        assert!(variants("keukenassistent").contains(&"keukenhulp".to_owned()));
        assert!(variants("afwasser").contains(&"afwashulp".to_owned()));
        assert!(variants("cncbediener").contains(&"cncoperator".to_owned()));
        // A bare head, a word without one, and a plain "-er" word give nothing.
        assert!(variants("rijder").is_empty());
        assert!(variants("timmerman").is_empty());
        assert!(variants("schilder").is_empty());
    }
}
