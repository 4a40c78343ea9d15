//! The seeded query generator of the side-by-side harness (issue 15), shared by
//! `cargo bench --bench peer` and the recall test (`tests/search_recall.rs`).
//!
//! Queries are made from the words of the catalogue's own records, as people type them: a whole
//! word, a word with one typo, a half-typed word (from a title field or from any other field:
//! descriptions, tasks, skills, ESCO labels) and 2–3 words of one record. Each query remembers
//! the record its words came from (the intended record) when at most [`FINDABLE`] records hold
//! those words, so "is the intended record in the top 10" is a fair question to ask any engine.
//! The same seed gives the same queries.

use std::collections::{BTreeMap, BTreeSet};

use padvinder::catalog::{Catalogue, DocKind};
use padvinder::resolve::Occupations;
use padvinder::text;

/// A query's words are "findable" when at most this many records hold them: a perfect engine
/// can then put the intended record in a top 10.
pub const FINDABLE: usize = 10;

/// The text of one record, title fields apart from the others.
pub struct Record {
    pub kind: DocKind,
    pub id: String,
    /// Title, alternative titles, keywords.
    pub titles: Vec<String>,
    /// ESCO labels, tasks, skills, description, sector.
    pub others: Vec<String>,
}

impl Record {
    /// `kind:id`, as the runner compares hits.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.id)
    }
}

/// The searchable text of every record, as the index reads it.
pub fn records(cat: &Catalogue, occupations: &Occupations) -> Vec<Record> {
    let mut out = Vec::new();
    for f in cat.functions() {
        let mut titles = vec![f.title.clone()];
        titles.extend(f.alt_titles.iter().cloned());
        let mut others = Vec::new();
        if let Some(o) = f.esco_uri.as_deref().and_then(|uri| occupations.get(uri)) {
            others.push(o.label.clone());
            others.extend(o.alt_labels.iter().cloned());
        }
        others.extend(f.tasks.iter().cloned());
        others.extend(f.skills.iter().cloned());
        others.push(f.description.clone());
        out.push(Record {
            kind: DocKind::Function,
            id: f.id.clone(),
            titles,
            others,
        });
    }
    for c in cat.courses() {
        let mut titles = vec![c.title.clone()];
        titles.extend(c.keywords.iter().cloned());
        out.push(Record {
            kind: DocKind::Course,
            id: c.id.clone(),
            titles,
            others: vec![c.description.clone(), c.sector.clone()],
        });
    }
    for p in cat.paths() {
        out.push(Record {
            kind: DocKind::Path,
            id: p.id.clone(),
            titles: vec![p.name.clone()],
            others: vec![p.description.clone(), p.sector.clone()],
        });
    }
    out
}

/// What a generated query tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum QueryKind {
    /// A whole word of a record.
    Word,
    /// A word of five letters or more with one typo (a letter dropped, doubled, swapped with the
    /// next or replaced).
    Typo,
    /// The first letters of a word from a title, alternative title or keyword.
    HalfTypedTitle,
    /// The first letters of a word that is in none of the record's title fields.
    HalfTypedOther,
    /// Two or three words of one record.
    Combination,
}

impl QueryKind {
    pub fn label(self) -> &'static str {
        match self {
            QueryKind::Word => "whole word",
            QueryKind::Typo => "typo",
            QueryKind::HalfTypedTitle => "half-typed, title field",
            QueryKind::HalfTypedOther => "half-typed, other field",
            QueryKind::Combination => "2-3 words",
        }
    }
}

/// One generated query.
#[derive(Debug, Clone)]
pub struct Query {
    pub text: String,
    pub kind: QueryKind,
    /// `kind:id` of the record the words came from, when at most [`FINDABLE`] records hold them.
    pub intended: Option<String>,
}

/// splitmix64: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A word worth searching for: five letters or more, letters only, not a stop word.
fn usable(word: &str) -> bool {
    word.chars().count() >= 5 && word.chars().all(char::is_alphabetic) && !text::is_stop_word(word)
}

fn words_of(texts: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    texts
        .iter()
        .flat_map(|t| text::words(t))
        .filter(|w| usable(w) && seen.insert(w.clone()))
        .collect()
}

/// The records' words with the records that hold each, for "how many records hold this".
struct Holders {
    by_word: BTreeMap<String, BTreeSet<usize>>,
}

impl Holders {
    fn new(records: &[Record]) -> Holders {
        let mut by_word: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (i, r) in records.iter().enumerate() {
            for t in r.titles.iter().chain(&r.others) {
                for w in text::words(t) {
                    by_word.entry(w).or_default().insert(i);
                }
            }
        }
        Holders { by_word }
    }

    /// Records with a word that starts with `prefix`.
    fn with_prefix(&self, prefix: &str) -> BTreeSet<usize> {
        self.by_word
            .range(prefix.to_owned()..)
            .take_while(|(w, _)| w.starts_with(prefix))
            .flat_map(|(_, r)| r.iter().copied())
            .collect()
    }

    /// Records that hold every one of `words`.
    fn with_all(&self, words: &[&str]) -> BTreeSet<usize> {
        let mut sets = words
            .iter()
            .map(|w| self.by_word.get(*w).cloned().unwrap_or_default());
        let first = sets.next().unwrap_or_default();
        sets.fold(first, |acc, s| acc.intersection(&s).copied().collect())
    }
}

/// One typo in `word`: drop, double, swap with the next, or replace a letter (never the first,
/// which people rarely get wrong and which the typo search keeps).
fn typo(word: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let i = 1 + rng.below(chars.len() - 1);
    match rng.below(4) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(i, chars[i]),
        2 if i + 1 < chars.len() && chars[i] != chars[i + 1] => chars.swap(i, i + 1),
        _ => {
            const LETTERS: &[u8] = b"abcdeghiklmnoprstuvw";
            let mut c = LETTERS[rng.below(LETTERS.len())] as char;
            if c == chars[i] {
                c = if c == 'a' { 'e' } else { 'a' };
            }
            chars[i] = c;
        }
    }
    chars.into_iter().collect()
}

/// The shortest prefix of `word` that a person would type (at least 4 letters and half the word,
/// never the whole word) and that at most [`FINDABLE`] records share; `None` if there is none.
fn half_typed(word: &str, holders: &Holders) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let start = 4.max(chars.len().div_ceil(2));
    (start..chars.len())
        .map(|n| chars[..n].iter().collect::<String>())
        .find(|p| holders.with_prefix(p).len() <= FINDABLE)
}

/// `n` queries from the records, the same for the same seed. The mix: a quarter whole words, a
/// quarter typos, a tenth half-typed title words, a quarter half-typed words from other fields,
/// the rest 2–3 word combinations.
pub fn generate(records: &[Record], seed: u64, n: usize) -> Vec<Query> {
    let holders = Holders::new(records);
    let titles: Vec<Vec<String>> = records.iter().map(|r| words_of(&r.titles)).collect();
    let others: Vec<Vec<String>> = records
        .iter()
        .zip(&titles)
        .map(|(r, t)| {
            words_of(&r.others)
                .into_iter()
                .filter(|w| !t.contains(w))
                .collect()
        })
        .collect();
    let intended = |i: usize, holding: usize| (holding <= FINDABLE).then(|| records[i].key());
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(n);
    // Bounded: a record without usable words is skipped, and a catalogue without any gives none.
    let mut attempts = 0;
    while out.len() < n && attempts < n * 50 {
        attempts += 1;
        let i = rng.below(records.len());
        let all: Vec<&String> = titles[i].iter().chain(&others[i]).collect();
        let pick = |list: &[&String], rng: &mut Rng| list[rng.below(list.len())].clone();
        let roll = rng.below(100);
        let query = if roll < 50 {
            if all.is_empty() {
                continue;
            }
            let w = pick(&all, &mut rng);
            let holding = holders.with_all(&[&w]).len();
            let (kind, text) = if roll < 25 {
                (QueryKind::Word, w)
            } else {
                (QueryKind::Typo, typo(&w, &mut rng))
            };
            Query {
                kind,
                intended: intended(i, holding),
                text,
            }
        } else if roll < 85 {
            let (list, kind) = if roll < 60 {
                (&titles[i], QueryKind::HalfTypedTitle)
            } else {
                (&others[i], QueryKind::HalfTypedOther)
            };
            if list.is_empty() {
                continue;
            }
            let w = &list[rng.below(list.len())];
            let Some(prefix) = half_typed(w, &holders) else {
                continue;
            };
            Query {
                kind,
                intended: Some(records[i].key()),
                text: prefix,
            }
        } else {
            if all.len() < 2 {
                continue;
            }
            let count = (2 + rng.below(2)).min(all.len());
            let mut chosen: Vec<&String> = Vec::new();
            while chosen.len() < count {
                let w = all[rng.below(all.len())];
                if !chosen.contains(&w) {
                    chosen.push(w);
                }
            }
            let words: Vec<&str> = chosen.iter().map(|w| w.as_str()).collect();
            let holding = holders.with_all(&words).len();
            Query {
                kind: QueryKind::Combination,
                intended: intended(i, holding),
                text: words.join(" "),
            }
        };
        out.push(query);
    }
    out
}

/// The share of zero-hit queries and of queries whose intended record is in the top 10, per
/// kind and overall.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub queries: usize,
    pub zero_hits: usize,
    pub with_intended: usize,
    pub intended_in_top10: usize,
}

impl Tally {
    pub fn add(&mut self, query: &Query, hits: &[String]) {
        self.queries += 1;
        if hits.is_empty() {
            self.zero_hits += 1;
        }
        if let Some(key) = &query.intended {
            self.with_intended += 1;
            if hits.iter().take(10).any(|h| h == key) {
                self.intended_in_top10 += 1;
            }
        }
    }

    pub fn zero_hit_share(&self) -> f64 {
        self.zero_hits as f64 / self.queries.max(1) as f64
    }

    pub fn top10_share(&self) -> f64 {
        self.intended_in_top10 as f64 / self.with_intended.max(1) as f64
    }

    pub fn line(&self, label: &str) -> String {
        format!(
            "{label:<26} {:>5} queries, zero hits {:>4} ({:>5.1} %), intended in top 10 {:>4}/{:<4} ({:>5.1} %)",
            self.queries,
            self.zero_hits,
            100.0 * self.zero_hit_share(),
            self.intended_in_top10,
            self.with_intended,
            100.0 * self.top10_share()
        )
    }
}

/// Tallies per kind and overall.
pub fn tally(results: &[(Query, Vec<String>)]) -> (BTreeMap<QueryKind, Tally>, Tally) {
    let mut by_kind: BTreeMap<QueryKind, Tally> = BTreeMap::new();
    let mut all = Tally::default();
    for (q, hits) in results {
        by_kind.entry(q.kind).or_default().add(q, hits);
        all.add(q, hits);
    }
    (by_kind, all)
}
