//! Typeahead suggestions for "what work do you do now": ESCO occupations (label completions,
//! then what the resolver makes of the words) and functions of the catalogue (prefix search).

use crate::base::cancel;
use std::collections::HashSet;

use schemars::JsonSchema;
use serde::Serialize;

use crate::catalog::Catalogue;
use crate::catalog::DocKind;
use crate::geo::Geo;
use crate::index::SearchIndex;
use crate::resolve::{MatchKind, MatchedLabel, Occupations};
use crate::search::{self, SearchRequest};
use crate::text;

/// At most this many occupations, then at most this many functions.
const PER_KIND: usize = 5;

/// One typeahead suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// An ESCO occupation URI, or a function id of the catalogue.
    pub id: String,
    /// The Dutch label to show.
    pub label: String,
    /// The 4-digit ISCO-08 code, when known.
    pub isco: Option<String>,
    /// For an occupation found by one of its labels in another language, that label and its
    /// language: shown next to the Dutch label ("heftruckchauffeur — forklift driver").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<MatchedLabel>,
    /// True when the words name this occupation: one of its labels in any language, also with a
    /// typo or in another word order; false when they only share words with it (or, for a
    /// function, always).
    pub names_occupation: bool,
}

/// Where a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// An ESCO occupation (what a person does now).
    Occupation,
    /// A function (job) in a development path.
    Function,
}

/// What suggestions are drawn from.
pub struct Sources<'a> {
    pub index: &'a SearchIndex,
    pub catalogue: &'a Catalogue,
    pub geo: &'a Geo,
    pub occupations: &'a Occupations,
}

/// The occupation labels folded for prefix matching, built once per loaded catalogue.
pub struct Suggester {
    /// Preferred labels first, then shorter (likelier) labels first.
    labels: Vec<Label>,
}

/// One occupation label, folded for prefix matching.
struct Label {
    folded: String,
    alternative: bool,
    esco_uri: String,
    label: String,
    isco: String,
}

impl Suggester {
    /// Folds every preferred and alternative label of the occupations.
    pub fn new(occupations: &Occupations) -> Suggester {
        let mut labels = Vec::new();
        for o in occupations.iter() {
            let entry = |text: &str, alternative| Label {
                folded: text::words(text).join(" "),
                alternative,
                esco_uri: o.esco_uri.clone(),
                label: o.label.clone(),
                isco: o.isco.clone(),
            };
            labels.push(entry(&o.label, false));
            labels.extend(o.alt_labels.iter().map(|a| entry(a, true)));
        }
        labels.sort_by(|a, b| {
            (a.alternative, a.folded.len(), &a.folded).cmp(&(
                b.alternative,
                b.folded.len(),
                &b.folded,
            ))
        });
        Suggester { labels }
    }

    /// Suggestions for the text typed so far: occupations first (labels that start with what
    /// was typed, as the person is still typing; then the resolver's candidates; no repeats),
    /// then functions. Fewer than 2 characters give none.
    pub fn suggest(&self, sources: &Sources, typed: &str) -> Vec<Suggestion> {
        if typed.trim().chars().count() < 2 {
            return Vec::new();
        }
        let resolved = sources.occupations.resolve(typed, PER_KIND);
        let how = |uri: &str| -> (Option<MatchedLabel>, bool) {
            resolved
                .iter()
                .find(|c| c.esco_uri == uri)
                .map_or((None, false), |c| {
                    (c.matched.clone(), c.matched_by <= MatchKind::WordOrder)
                })
        };
        let completed = self.completions(typed, PER_KIND);
        let resolved_ids = resolved
            .iter()
            .map(|c| (c.esco_uri.clone(), c.label.clone(), c.isco.clone()));
        let mut seen = HashSet::new();
        let mut out: Vec<Suggestion> = completed
            .into_iter()
            .chain(resolved_ids)
            .filter(|(uri, _, _)| seen.insert(uri.clone()))
            .take(PER_KIND)
            .map(|(id, label, isco)| {
                let (matched, names_occupation) = how(&id);
                Suggestion {
                    kind: SuggestionKind::Occupation,
                    id,
                    label,
                    isco: Some(isco),
                    matched,
                    names_occupation,
                }
            })
            .collect();
        // A request that gave up stops here; what is returned then is never read.
        if !cancel::requested() {
            out.extend(functions(sources, typed));
        }
        out
    }

    /// Occupations whose preferred or alternative label starts with the folded text: preferred
    /// labels first, then shorter labels; (uri, preferred label, isco).
    fn completions(&self, typed: &str, limit: usize) -> Vec<(String, String, String)> {
        let typed = text::words(typed).join(" ");
        if typed.chars().count() < 3 {
            return Vec::new();
        }
        self.labels
            .iter()
            .filter(|l| l.folded.starts_with(&typed))
            .take(limit * 3)
            .map(|l| (l.esco_uri.clone(), l.label.clone(), l.isco.clone()))
            .collect()
    }
}

/// Functions found by a prefix search for the typed text.
fn functions(sources: &Sources, typed: &str) -> Vec<Suggestion> {
    let request = SearchRequest {
        query: typed.to_owned(),
        kind: Some(DocKind::Function),
        limit: PER_KIND,
        ..SearchRequest::default()
    };
    // A search error (none is possible without filters) only means no function suggestions.
    let hits = search::search(sources.index, sources.catalogue, sources.geo, &request)
        .map(|found| found.hits)
        .unwrap_or_default();
    hits.into_iter()
        .map(|hit| Suggestion {
            kind: SuggestionKind::Function,
            isco: sources
                .catalogue
                .function(&hit.id)
                .and_then(|f| f.isco.as_ref())
                .map(|i| i.as_str().to_owned()),
            id: hit.id,
            label: hit.title,
            matched: None,
            names_occupation: false,
        })
        .collect()
}
