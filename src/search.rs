//! Search over functions, courses and paths: typo tolerance, prefix on the last word, filters,
//! facet counts and highlighted snippets.
//!
//! User text never reaches tantivy's `QueryParser`: the query is cut into words by
//! [`crate::text`] and a query is built per word, so quotes, colons, "NOT" or "*" are just text.
//!
//! Ranking, per word: BM25 on stems in six fields, weighted title > alternative titles >
//! keywords > ESCO labels > tasks and skills > description; a completion of the half-typed last
//! word counts half, a typo correction a third, so exact > prefix > typo in the same field.
//! Typos and completions come from the words of every field (the index's [`Vocabulary`]). Every
//! word must match; when that finds nothing, words are left out until something is found, and
//! the answer says so (`relaxed`, `used_words`); when nothing at all is found it offers
//! `suggestions`.

use crate::base::cancel;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

use crate::catalog::{Catalogue, DocKind, LearningRoute};
pub use crate::facets::Facets;
use crate::geo::Geo;
use crate::index::{Fields, SearchIndex, Tier, Vocabulary, within_edits};
use crate::text;

/// A clause of a boolean query.
type Clause = (Occur, Box<dyn Query>);
/// The top hits, and the count of all matching documents in all and per facet group.
type Found = (Vec<(Score, tantivy::DocAddress)>, GroupCounts);

/// Most characters in a query: longer text is refused before it is analysed, so the work of one
/// search is bounded (a 64 kB paste is a 422, not seconds of CPU).
pub const MAX_QUERY_CHARS: usize = 500;
/// Most words in a query, not counting stop words: each word becomes several term, typo and
/// prefix queries, so more are refused rather than searched.
pub const MAX_QUERY_WORDS: usize = 10;
/// Words longer than this are not typo-matched (the automaton would be large and pointless).
const MAX_FUZZY_LEN: usize = 30;
/// Highest `limit` a caller may ask for.
pub const MAX_LIMIT: usize = 100;
/// Highest `offset`: deeper pages are not useful to a person, and tantivy keeps offset + limit
/// hits in memory (a huge offset would overflow or exhaust it).
pub const MAX_OFFSET: usize = 10_000;

/// A search as a person or a client asks it.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub kind: Option<DocKind>,
    pub sector: Option<String>,
    pub level: Option<u8>,
    pub route: Option<LearningRoute>,
    /// A labour-market region: code (`AM01`) or name (`Groningen`).
    pub region: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// One result.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Hit {
    pub kind: DocKind,
    pub id: String,
    pub title: String,
    pub score: f32,
    /// HTML-escaped text with matched words in `<mark>…</mark>`.
    pub snippet: String,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SearchResult {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// True when no record holds every word, so the hits were found with fewer words: those in
    /// `used_words` ("we searched for …").
    pub relaxed: bool,
    /// The words the hits were found with, as typed (stop words left out); all the query's words
    /// unless `relaxed`.
    pub used_words: Vec<String>,
    /// When nothing is found: up to five queries like the one typed that padvinder knows words
    /// for ("did you mean …"), likeliest first; otherwise empty.
    pub suggestions: Vec<String>,
    /// The stems the hits were found with, one per word of `used_words`: the word's own stem
    /// when the index holds it, else the typo correction it was read as. Not in the answer:
    /// for counting (a job centre's insight) without analysing the typed words again.
    #[serde(skip)]
    #[schemars(skip)]
    pub matched_stems: Vec<String>,
}

/// A search could not be run; `field` names the request field at fault.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{field}: {message}")]
    BadRequest {
        field: &'static str,
        message: String,
    },
    /// The query asks for more work than one search may do; the message names the limit.
    #[error("{field}: {message}")]
    OverLimit {
        field: &'static str,
        message: String,
    },
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// Reads a kind filter: `function`, `course` or `path`. The error names the field `kind`.
pub fn parse_kind(text: &str) -> Result<DocKind, SearchError> {
    DocKind::parse(text).ok_or_else(|| SearchError::BadRequest {
        field: "kind",
        message: format!("\"{text}\" is not one of function, course, path"),
    })
}

/// Reads a learning-route filter (`BBL`, `BOL`, …). The error names the field `route`.
pub fn parse_route(text: &str) -> Result<LearningRoute, SearchError> {
    LearningRoute::parse(text).map_err(|message| SearchError::BadRequest {
        field: "route",
        message,
    })
}

/// The words of a query with what we derive from each.
struct QueryWord {
    folded: String,
    stem: String,
    parts: Vec<String>,
    /// Indexed words one or two typos away, with their stems and tiers.
    typo_stems: Vec<(String, String, Tier)>,
    /// Stems of the parts of a misspelt compound ("instalatiemonteur" → installatie, monteur).
    typo_parts: Vec<String>,
    /// For the last word, as typed so far: indexed words that start with it, with their stems
    /// and tiers, one per stem.
    completions: Vec<(String, String, Tier)>,
}

/// How many typos a word of this many letters may have (as Meilisearch: none under 5 letters,
/// one for 5–8, two from 9).
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// At most this many completions of a half-typed last word are searched (title words first,
/// then shortest first; one per stem).
const MAX_COMPLETIONS: usize = 16;

/// At most this many typo corrections are tried per word.
const MAX_CORRECTIONS: usize = 4;

/// Indexed words near a misspelt word, as stems. A word that is indexed as typed somewhere is
/// only corrected to title words ("laser" still finds "lasser", ranked below); an unknown word
/// to the nearest words of any field, title words first.
fn corrections(vocabulary: &Vocabulary, word: &str) -> Vec<(String, String, Tier)> {
    let budget = typo_budget(word) as usize;
    if budget == 0 || word.chars().count() > MAX_FUZZY_LEN {
        return Vec::new();
    }
    let tier = if vocabulary.get(word).is_some() {
        Tier::Title
    } else {
        Tier::Other
    };
    // Only the nearest words: one typo beats two, as people expect.
    let near = vocabulary.near(word, budget, tier, MAX_CORRECTIONS);
    let nearest = near.first().map_or(0, |(d, _, _)| *d);
    near.into_iter()
        .filter(|(d, _, _)| *d == nearest)
        .map(|(_, w, t)| (w.to_owned(), text::stem(w), t))
        .collect()
}

/// Indexed words that complete a half-typed word, one per stem and none with a stem the word
/// or its corrections already search.
fn completions(
    vocabulary: &Vocabulary,
    word: &str,
    stem: &str,
    typos: &[(String, String, Tier)],
) -> Vec<(String, String, Tier)> {
    if !(2..=MAX_FUZZY_LEN).contains(&word.chars().count()) {
        return Vec::new();
    }
    let mut seen: Vec<&str> = vec![stem];
    seen.extend(typos.iter().map(|(_, s, _)| s.as_str()));
    let mut out: Vec<(String, String, Tier)> = Vec::new();
    for (completion, tier) in vocabulary.completions(word, MAX_COMPLETIONS * 2) {
        let s = text::stem(completion);
        if seen.contains(&s.as_str()) || out.iter().any(|(_, o, _)| *o == s) {
            continue;
        }
        out.push((completion.to_owned(), s, tier));
        if out.len() == MAX_COMPLETIONS {
            break;
        }
    }
    out
}

/// Splits a word that is not indexed into two parts that are indexed in titles, allowing typos
/// in either part by its own budget. Returns the stems of the parts, or nothing.
fn typo_compound(vocabulary: &Vocabulary, word: &str) -> Vec<String> {
    if vocabulary.contains(word) || word.chars().count() < 8 || word.len() > MAX_FUZZY_LEN {
        return Vec::new();
    }
    let fix = |part: &str| -> Option<String> {
        if vocabulary.contains(part) {
            return Some(part.to_owned());
        }
        let budget = typo_budget(part) as usize;
        (budget > 0)
            .then(|| vocabulary.near(part, budget, Tier::Title, 1))
            .and_then(|near| near.first().map(|(_, w, _)| (*w).to_owned()))
    };
    let cuts: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(3).collect();
    for &cut in &cuts {
        let (left, right) = word.split_at(cut);
        if right.chars().count() < 3 {
            break;
        }
        // One side must be right as typed, so a word is not split into two guesses.
        if !(vocabulary.contains(left) || vocabulary.contains(right)) {
            continue;
        }
        if let (Some(l), Some(r)) = (fix(left), fix(right)) {
            return vec![text::stem(&l), text::stem(&r)];
        }
    }
    Vec::new()
}

/// The words of a query that are searched: its words but stop words (all of them when it has
/// only stop words). [`SearchError::OverLimit`] naming `q` when the text is over
/// [`MAX_QUERY_CHARS`] or these words are more than [`MAX_QUERY_WORDS`]; no other error. The
/// suggest route holds its text to the same limits.
pub fn searched_words(query: &str) -> Result<Vec<String>, SearchError> {
    // Counting characters is linear and stops at the limit; nothing else has looked at the text.
    if query.chars().nth(MAX_QUERY_CHARS).is_some() {
        return Err(SearchError::OverLimit {
            field: "q",
            message: format!("the query is longer than {MAX_QUERY_CHARS} characters"),
        });
    }
    let mut words = text::words(query);
    // A query of only stop words ("de", "het") still searches for them.
    if words.iter().any(|w| !text::is_stop_word(w)) {
        words.retain(|w| !text::is_stop_word(w));
    }
    if words.len() > MAX_QUERY_WORDS {
        return Err(SearchError::OverLimit {
            field: "q",
            message: format!(
                "the query has {} words; at most {MAX_QUERY_WORDS} are searched (not counting words like \"de\" or \"in\")",
                words.len()
            ),
        });
    }
    Ok(words)
}

fn query_words(query: &str, vocabulary: &Vocabulary) -> Result<Vec<QueryWord>, SearchError> {
    let chosen = searched_words(query)?;
    let last = chosen.len().saturating_sub(1);
    Ok(chosen
        .iter()
        .enumerate()
        // A request that gave up stops here; what is returned then is never read.
        .take_while(|_| !cancel::requested())
        .map(|(i, w)| {
            let parts: Vec<String> = text::split_compound(w)
                .iter()
                .map(|p| text::stem(p))
                .collect();
            let stem = text::stem(w);
            let mut typo_stems = corrections(vocabulary, w);
            let typo_parts = if parts.is_empty() && typo_stems.is_empty() {
                typo_compound(vocabulary, w)
            } else {
                Vec::new()
            };
            // Search-as-you-type: the last word may be half-typed.
            let completions = if i == last {
                completions(vocabulary, w, &stem, &typo_stems)
            } else {
                Vec::new()
            };
            // A half-typed word that indexed words start with is not read as a shorter word
            // with a letter too many ("warmten" is "warmtenetten" being typed, not "warmte"):
            // a completion has no typo, and no typo outranks it from a better field.
            if !completions.is_empty() {
                typo_stems.retain(|(correction, _, _)| !w.starts_with(correction.as_str()));
            }
            QueryWord {
                folded: w.clone(),
                stem,
                parts,
                typo_stems,
                typo_parts,
                completions,
            }
        })
        .collect())
}

fn term_query(field: Field, value: &str, boost: f32) -> Box<dyn Query> {
    let q = TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(q), boost))
}

/// The stemmed fields with their weights, best first: title > alternative titles > keywords >
/// ESCO labels > tasks and skills > description. The tier says which words can be in them.
fn stem_fields(f: &Fields) -> [(Field, f32, Tier); 6] {
    [
        (f.title, 3.0, Tier::Title),
        (f.alt_titles, 2.4, Tier::Title),
        (f.keywords, 2.1, Tier::Title),
        (f.aliases, 1.5, Tier::Other),
        (f.tasks, 1.2, Tier::Other),
        (f.body, 1.0, Tier::Other),
    ]
}

/// The query for one word: stems in every field, compound parts, typos, completions.
fn word_query(index: &SearchIndex, word: &QueryWord) -> Box<dyn Query> {
    let f = &index.fields;
    let mut should: Vec<Clause> = word_clauses(index, &word.folded, &word.stem, 1.0, Tier::Title);
    if !word.parts.is_empty() {
        // "instalatiemonteur" may fail as a whole but its parts still find "installatie monteur".
        should.push((Occur::Should, parts_query(f, &word.parts, 1.0)));
    }
    // Typo matches score like real matches at a third of the weight: ranked among themselves
    // by relevance, always below the same document matched without a typo.
    for (folded, stem, tier) in &word.typo_stems {
        should.extend(word_clauses(index, folded, stem, TYPO_WEIGHT, *tier));
    }
    if !word.typo_parts.is_empty() {
        should.push((Occur::Should, parts_query(f, &word.typo_parts, 0.5)));
    }
    // Completions of a half-typed word: between an exact match and a typo.
    for (folded, stem, tier) in &word.completions {
        should.extend(word_clauses(index, folded, stem, PREFIX_WEIGHT, *tier));
    }
    Box::new(BooleanQuery::new(should))
}

/// Every part in one title field (title, alternative title or keyword).
fn parts_query(f: &Fields, parts: &[String], weight: f32) -> Box<dyn Query> {
    let per_field: Vec<Clause> = stem_fields(f)
        .into_iter()
        .filter(|(_, _, tier)| *tier == Tier::Title)
        .map(|(field, boost, _)| {
            let all: Vec<Clause> = parts
                .iter()
                .map(|p| (Occur::Must, term_query(field, p, weight * boost / 3.0)))
                .collect();
            (
                Occur::Should,
                Box::new(BooleanQuery::new(all)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(per_field))
}

/// How much a typo match counts against the same match without a typo.
const TYPO_WEIGHT: f32 = 1.0 / 3.0;
/// How much a completion of a half-typed word counts against the whole word: more than a typo.
const PREFIX_WEIGHT: f32 = 0.5;

/// The clauses for one word: its stem in each field that can hold it (a word of the `Other`
/// tier is in no title field), the word as typed in titles.
fn word_clauses(
    index: &SearchIndex,
    folded: &str,
    stem: &str,
    weight: f32,
    tier: Tier,
) -> Vec<Clause> {
    let f = &index.fields;
    let mut clauses: Vec<Clause> = stem_fields(f)
        .into_iter()
        .filter(|(_, _, field_tier)| *field_tier >= tier)
        .map(|(field, boost, _)| (Occur::Should, term_query(field, stem, boost * weight)))
        .collect();
    if tier == Tier::Title {
        clauses.push((Occur::Should, term_query(f.words, folded, 0.5 * weight)));
    }
    clauses
}

/// The query for the words: every word (or any, when `all_must` is false) and the whole-title
/// bonus.
fn text_query(index: &SearchIndex, words: &[&QueryWord], all_must: bool) -> Box<dyn Query> {
    let f = &index.fields;
    let occur = if all_must { Occur::Must } else { Occur::Should };
    let mut clauses: Vec<Clause> = words
        .iter()
        .map(|w| (occur, word_query(index, w)))
        .collect();
    let whole: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
    clauses.push((
        Occur::Should,
        term_query(f.title_exact, &whole.join(" "), 10.0),
    ));
    // A one-word query with a typo still gets the exact-title bonus of its correction.
    if let [word] = words {
        for (folded, _, tier) in &word.typo_stems {
            if *tier == Tier::Title {
                clauses.push((
                    Occur::Should,
                    term_query(f.title_exact, folded, 10.0 * TYPO_WEIGHT),
                ));
            }
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

fn resolve_region(geo: &Geo, region: &str) -> Result<String, SearchError> {
    let wanted = text::fold(region.trim());
    geo.regions()
        .into_iter()
        .find(|(code, name)| text::fold(code) == wanted || text::fold(name) == wanted)
        .map(|(code, _)| code)
        .ok_or_else(|| SearchError::BadRequest {
            field: "region",
            message: format!(
                "unknown labour-market region \"{region}\" (use a code like AM01 or a name like Groningen)"
            ),
        })
}

fn filter_clauses(
    index: &SearchIndex,
    geo: &Geo,
    req: &SearchRequest,
) -> Result<Vec<Clause>, SearchError> {
    let f = &index.fields;
    let mut out: Vec<Clause> = Vec::new();
    let mut must = |field: Field, value: &str| {
        out.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            )),
        ));
    };
    if let Some(kind) = req.kind {
        must(f.kind, kind.as_str());
    }
    if let Some(sector) = &req.sector {
        must(f.sector, &text::fold(sector.trim()));
    }
    if let Some(level) = req.level {
        if !(1..=8).contains(&level) {
            return Err(SearchError::BadRequest {
                field: "level",
                message: format!("level {level} is out of range (NLQF 1 to 8)"),
            });
        }
        must(f.level, &level.to_string());
    }
    if let Some(route) = req.route {
        must(f.route, route.as_str());
    }
    if let Some(region) = &req.region {
        must(f.region, &resolve_region(geo, region)?);
    }
    Ok(out)
}

/// Runs a search. Any query text within [`MAX_QUERY_CHARS`] and [`MAX_QUERY_WORDS`] is
/// accepted; otherwise only filter values can be refused.
///
/// Every word must match. When that finds nothing, words are left out until something is found
/// (`relaxed`): first the words that find nothing on their own, then the one that finds the most
/// records (the least informative). When no word finds anything, `suggestions` offers indexed
/// words like the ones typed.
pub fn search(
    index: &SearchIndex,
    cat: &Catalogue,
    geo: &Geo,
    req: &SearchRequest,
) -> Result<SearchResult, SearchError> {
    if req.limit > MAX_LIMIT {
        return Err(SearchError::BadRequest {
            field: "limit",
            message: format!("limit {} is more than {MAX_LIMIT}", req.limit),
        });
    }
    if req.offset > MAX_OFFSET {
        return Err(SearchError::BadRequest {
            field: "offset",
            message: format!("offset {} is more than {MAX_OFFSET}", req.offset),
        });
    }
    let words = query_words(&req.query, &index.vocabulary)?;
    let filters = filter_clauses(index, geo, req)?;
    if words.is_empty() && !req.query.trim().is_empty() {
        // Text with no word in it ("*", "🔧", "--") asks for nothing; it must not list everything.
        return Ok(SearchResult {
            total: 0,
            hits: Vec::new(),
            facets: Facets::default(),
            relaxed: false,
            used_words: Vec::new(),
            suggestions: Vec::new(),
            matched_stems: Vec::new(),
        });
    }
    let searcher = index.reader.searcher();
    let filtered = |text: Option<Box<dyn Query>>| -> BooleanQuery {
        let mut clauses: Vec<Clause> = filters.iter().map(|(o, q)| (*o, q.box_clone())).collect();
        clauses.push((Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery))));
        BooleanQuery::new(clauses)
    };
    let run = |text: Option<Box<dyn Query>>| -> tantivy::Result<Found> {
        let top = TopDocs::with_limit(req.limit.max(1))
            .and_offset(req.offset)
            .order_by_score();
        let groups = GroupCollector {
            doc_groups: &index.doc_groups,
            groups: index.facets.group_count(),
        };
        searcher.search(&filtered(text), &(top, groups))
    };
    let mut used: Vec<&QueryWord> = words.iter().collect();
    let (mut top, mut counts) = if words.is_empty() {
        run(None)?
    } else {
        run(Some(text_query(index, &used, true)))?
    };
    let mut relaxed = false;
    if counts.0 == 0 && words.len() > 1 {
        // No dead ends: leave words out, least informative first, until something is found.
        let mut found: Vec<(usize, &QueryWord)> = Vec::with_capacity(words.len());
        for w in words.iter().take_while(|_| !cancel::requested()) {
            let n = searcher.search(&filtered(Some(word_query(index, w))), &Count)?;
            if n > 0 {
                found.push((n, w));
            }
        }
        relaxed = true;
        used = found.iter().map(|(_, w)| *w).collect();
        // A request that gave up stops at the next round; what is returned then is never read.
        while !used.is_empty() && !cancel::requested() {
            (top, counts) = run(Some(text_query(index, &used, true)))?;
            if counts.0 > 0 {
                break;
            }
            let commonest = found
                .iter()
                .filter(|(_, w)| used.iter().any(|u| std::ptr::eq(*u, *w)))
                .max_by_key(|(n, _)| *n)
                .map(|(_, w)| *w);
            used.retain(|u| !commonest.is_some_and(|c| std::ptr::eq(*u, c)));
        }
    }
    let (total, per_group) = counts;
    if total == 0 {
        // Nothing found: the answer names every word that was searched.
        used = words.iter().collect();
    }
    if req.limit == 0 {
        top.clear();
    }
    let mut hits = Vec::with_capacity(top.len());
    let mut matcher = WordMatcher::new(&used);
    for (score, address) in top {
        let reader = searcher.segment_reader(address.segment_ord);
        let column: Column<u64> = reader.fast_fields().u64("key")?;
        let Some((kind, ord)) = column.first(address.doc_id).and_then(DocKind::from_key) else {
            continue;
        };
        if let Some(hit) = make_hit(cat, kind, ord, score, &mut matcher) {
            hits.push(hit);
        }
    }
    let suggestions = if total == 0 && !words.is_empty() {
        suggestions(&index.vocabulary, &words)
    } else {
        Vec::new()
    };
    Ok(SearchResult {
        total,
        hits,
        facets: index.facets.count_groups(&per_group),
        relaxed: relaxed && total > 0,
        used_words: as_typed(&req.query, &used),
        suggestions,
        matched_stems: if total == 0 {
            Vec::new()
        } else {
            used.iter().filter_map(|w| matched_stem(index, w)).collect()
        },
    })
}

/// Most "did you mean" suggestions in an answer.
pub const MAX_SUGGESTIONS: usize = 5;

/// Indexed words like the words of a query that found nothing: for more than one word first the
/// query with each word replaced by its likeliest word, then single words.
fn suggestions(vocabulary: &Vocabulary, words: &[QueryWord]) -> Vec<String> {
    // Bounded: a few words, each compared with the words of about its length.
    let per_word: Vec<Vec<&str>> = words
        .iter()
        .take(3)
        .map(|w| {
            if w.folded.chars().count() > MAX_FUZZY_LEN {
                return Vec::new();
            }
            let edits = typo_budget(&w.folded) as usize + 1;
            vocabulary.like(&w.folded, edits, MAX_SUGGESTIONS)
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    if per_word.len() > 1 {
        let combined: Vec<&str> = per_word.iter().filter_map(|c| c.first().copied()).collect();
        if combined.len() > 1 {
            out.push(combined.join(" "));
        }
    }
    let deepest = per_word.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..deepest {
        for candidates in &per_word {
            if let Some(c) = candidates.get(i)
                && !out.iter().any(|o| o == c)
            {
                out.push((*c).to_owned());
            }
        }
    }
    out.truncate(MAX_SUGGESTIONS);
    out
}

/// The stem a word found its hits with: its own when the index holds it, else its closest typo
/// correction's (the first, as `query_words` orders them); `None` for a word found only as a
/// prefix or by its parts.
fn matched_stem(index: &SearchIndex, w: &QueryWord) -> Option<String> {
    if index.vocabulary.get(&w.stem).is_some() {
        return Some(w.stem.clone());
    }
    w.typo_stems.first().map(|(_, stem, _)| stem.clone())
}

/// The words as the person typed them (case and accents kept), in query order.
fn as_typed(query: &str, words: &[&QueryWord]) -> Vec<String> {
    let mut typed: Vec<(String, &str)> = Vec::new();
    for (s, e) in text::word_spans(query) {
        let original = &query[s..e];
        if let [folded] = text::words(original).as_slice() {
            typed.push((folded.clone(), original));
        }
    }
    words
        .iter()
        .map(|w| {
            typed
                .iter()
                .find(|(folded, _)| *folded == w.folded)
                .map_or_else(|| w.folded.clone(), |(_, original)| (*original).to_owned())
        })
        .collect()
}

fn make_hit(
    cat: &Catalogue,
    kind: DocKind,
    ord: usize,
    score: f32,
    matcher: &mut WordMatcher,
) -> Option<Hit> {
    let (id, title, texts): (&str, &str, Vec<&str>) = match kind {
        DocKind::Function => {
            let f = cat.functions().get(ord)?;
            let mut texts: Vec<&str> = vec![&f.title];
            texts.extend(f.alt_titles.iter().map(String::as_str));
            texts.push(&f.description);
            texts.extend(f.tasks.iter().map(String::as_str));
            texts.extend(f.skills.iter().map(String::as_str));
            (&f.id, &f.title, texts)
        }
        DocKind::Course => {
            let c = cat.courses().get(ord)?;
            let mut texts: Vec<&str> = vec![&c.title];
            texts.extend(c.keywords.iter().map(String::as_str));
            texts.push(&c.description);
            (&c.id, &c.title, texts)
        }
        DocKind::Path => {
            let p = cat.paths().get(ord)?;
            (&p.id, &p.name, vec![&p.name, &p.description])
        }
    };
    Some(Hit {
        kind,
        id: id.to_owned(),
        title: title.to_owned(),
        score,
        snippet: snippet(&texts, matcher),
    })
}

/// Tells which words of a text match the query words, remembering each word it has judged: the
/// hits of one answer share most of their words.
struct WordMatcher<'q> {
    words: &'q [&'q QueryWord],
    seen: HashMap<String, bool>,
}

impl<'q> WordMatcher<'q> {
    fn new(words: &'q [&'q QueryWord]) -> WordMatcher<'q> {
        WordMatcher {
            words,
            seen: HashMap::new(),
        }
    }

    /// [`word_matches`], once per distinct word.
    fn matches(&mut self, word: &str) -> bool {
        if let Some(&known) = self.seen.get(word) {
            return known;
        }
        let found = word_matches(word, self.words);
        self.seen.insert(word.to_owned(), found);
        found
    }
}

/// True when a word of a text matches a query word: same stem, a shared compound part, a typo
/// within the budget, or (for a word with completions, the last) a prefix.
fn word_matches(word: &str, words: &[&QueryWord]) -> bool {
    let folded = text::fold(word);
    // The cheap tests first; the answer is the same in any order.
    if words.iter().any(|q| {
        (!q.completions.is_empty() && folded.starts_with(&q.folded)) || {
            let budget = typo_budget(&q.folded) as usize;
            budget > 0
                && folded.len() <= MAX_FUZZY_LEN + 2
                && within_edits(&folded, &q.folded, budget).is_some()
        }
    }) {
        return true;
    }
    let stem = text::stem(&folded);
    if words
        .iter()
        .any(|q| stem == q.stem || q.parts.contains(&stem))
    {
        return true;
    }
    let parts: Vec<String> = text::split_compound(&folded)
        .iter()
        .map(|p| text::stem(p))
        .collect();
    words.iter().any(|q| parts.contains(&q.stem))
}

/// Picks the first text with a match (title first) and marks the matched words. Long texts are
/// cut to a window around the first match; the words after the window are not judged.
fn snippet(texts: &[&str], matcher: &mut WordMatcher) -> String {
    const WINDOW: usize = 160;
    for t in texts {
        let words = text::word_spans(t);
        let Some(at) = words.iter().position(|&(s, e)| matcher.matches(&t[s..e])) else {
            continue;
        };
        let first = words[at].0;
        let start = if t.len() <= WINDOW || first < WINDOW / 3 {
            0
        } else {
            floor_char(t, first - WINDOW / 3)
        };
        let end = floor_char(t, (start + WINDOW).min(t.len()));
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        let mut pos = start;
        let shown = words[at..].iter().take_while(|&&(_, e)| e <= end);
        for &(s, e) in shown.filter(|&&(s, e)| matcher.matches(&t[s..e])) {
            out.push_str(&escape(&t[pos..s]));
            out.push_str("<mark>");
            out.push_str(&escape(&t[s..e]));
            out.push_str("</mark>");
            pos = e;
        }
        out.push_str(&escape(&t[pos..end]));
        if end < t.len() {
            out.push('…');
        }
        return out;
    }
    let first = texts.first().copied().unwrap_or_default();
    escape(&first[..floor_char(first, first.len().min(WINDOW))])
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Escapes text for HTML, so a snippet can be shown as markup with only our `<mark>` tags.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Counts the matching documents, in all and per facet group ([`SearchIndex::doc_groups`]):
/// the total and the facet counts without a list of every hit.
struct GroupCollector<'a> {
    doc_groups: &'a [Arc<[u32]>],
    groups: usize,
}

/// What [`GroupCollector`] finds: the number of matching documents and their count per group.
type GroupCounts = (usize, Vec<u32>);

struct GroupSegmentCollector {
    doc_groups: Arc<[u32]>,
    total: usize,
    per_group: Vec<u32>,
}

impl Collector for GroupCollector<'_> {
    type Fruit = GroupCounts;
    type Child = GroupSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(GroupSegmentCollector {
            doc_groups: self
                .doc_groups
                .get(segment as usize)
                .cloned()
                .unwrap_or_else(|| Arc::from([])),
            total: 0,
            per_group: vec![0; self.groups],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<GroupCounts>) -> tantivy::Result<GroupCounts> {
        let mut total = 0;
        let mut per_group = vec![0; self.groups];
        for (n, counts) in fruits {
            total += n;
            for (sum, c) in per_group.iter_mut().zip(counts) {
                *sum += c;
            }
        }
        Ok((total, per_group))
    }
}

impl SegmentCollector for GroupSegmentCollector {
    type Fruit = GroupCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.total += 1;
        if let Some(&group) = self.doc_groups.get(doc as usize)
            && let Some(n) = self.per_group.get_mut(group as usize)
        {
            *n += 1;
        }
    }

    fn harvest(self) -> GroupCounts {
        (self.total, self.per_group)
    }
}
