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
use crate::resolve::{Candidate, MatchKind, MatchedLabel, Occupations};
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
    /// Dutch before other languages, preferred before alternative labels, then shorter
    /// (likelier) labels first.
    labels: Vec<Label>,
    /// (ESCO URI, Dutch preferred label, ISCO) per occupation, which labels point to.
    occupations: Vec<(String, String, String)>,
}

/// One occupation label, folded for prefix matching.
struct Label {
    folded: String,
    /// Not Dutch: the label and its language, shown next to the Dutch name.
    foreign: Option<(Box<str>, &'static str)>,
    alternative: bool,
    occupation: u32,
}

/// A completion: (ESCO URI, Dutch label, ISCO, the foreign label that was completed).
type Completion = (String, String, String, Option<MatchedLabel>);

impl Suggester {
    /// Folds every preferred and alternative label of the occupations, Dutch and the other
    /// languages loaded ("forkl" completes the English "forklift operator").
    pub fn new(occupations: &Occupations) -> Suggester {
        let mut labels = Vec::new();
        let mut shown = Vec::new();
        let mut at = std::collections::HashMap::new();
        for (i, o) in occupations.iter().enumerate() {
            let i = i as u32;
            at.insert(o.esco_uri.as_str(), i);
            shown.push((o.esco_uri.clone(), o.label.clone(), o.isco.clone()));
            let entry = |text: &str, alternative| Label {
                folded: text::words(text).join(" "),
                foreign: None,
                alternative,
                occupation: i,
            };
            labels.push(entry(&o.label, false));
            labels.extend(o.alt_labels.iter().map(|a| entry(a, true)));
        }
        for (o, text, lang) in occupations.foreign_labels() {
            let Some(&occupation) = at.get(o.esco_uri.as_str()) else {
                continue;
            };
            let folded = text::words(text).join(" ");
            // Preferred and alternative labels are not told apart here: shorter ones go first.
            labels.push(Label {
                folded,
                foreign: Some((text.into(), lang)),
                alternative: true,
                occupation,
            });
        }
        labels.sort_by(|a, b| {
            (
                a.foreign.is_some(),
                a.alternative,
                a.folded.len(),
                &a.folded,
            )
                .cmp(&(
                    b.foreign.is_some(),
                    b.alternative,
                    b.folded.len(),
                    &b.folded,
                ))
        });
        Suggester {
            labels,
            occupations: shown,
        }
    }

    /// Suggestions for the text typed so far: occupations first ([`Suggester::occupations`]; no
    /// repeats), then functions. Fewer than 2 characters give none.
    pub fn suggest(&self, sources: &Sources, typed: &str) -> Vec<Suggestion> {
        if typed.trim().chars().count() < 2 {
            return Vec::new();
        }
        let mut out = self.occupations(sources.occupations, typed);
        // A request that gave up stops here; what is returned then is never read.
        if !cancel::requested() {
            out.extend(functions(sources, typed));
        }
        out
    }

    /// The occupation suggestions for the text typed so far: at most 5; first the resolver's
    /// candidates that what was typed already names, then completions of labels in any language,
    /// then the other candidates; none below 2 characters.
    pub fn occupations(&self, occupations: &Occupations, typed: &str) -> Vec<Suggestion> {
        if typed.trim().chars().count() < 2 {
            return Vec::new();
        }
        let resolved = occupations.resolve(typed, PER_KIND);
        let completed = self.completions(typed, PER_KIND);
        // What was typed may already name a job (a label, in any tier down to word order):
        // those occupations come before completions of longer labels, or "storingsmonteur"
        // would offer the sewer worker of "storingsmonteur rioleringen" first (issue 9). A typo
        // reading does not name one while longer labels start with what was typed: "bakkeri" is
        // bakkerijmedewerker on its way, not bakker with a letter too many (as in search).
        let still_typing = !completed.is_empty();
        let names = |c: &Candidate| {
            c.matched_by <= MatchKind::WordOrder
                && !(c.matched_by == MatchKind::Typo && still_typing)
        };
        let how = |uri: &str| -> (Option<MatchedLabel>, bool) {
            resolved
                .iter()
                .find(|c| c.esco_uri == uri)
                .map_or((None, false), |c| (c.matched.clone(), names(c)))
        };
        let (naming, rest): (Vec<_>, Vec<_>) = resolved.iter().partition(|c| names(c));
        let candidate = |c: &Candidate| (c.esco_uri.clone(), c.label.clone(), c.isco.clone(), None);
        let (naming, rest) = (
            naming.into_iter().map(candidate),
            rest.into_iter().map(candidate),
        );
        let mut seen = HashSet::new();
        naming
            .into_iter()
            .chain(completed)
            .chain(rest)
            .filter(|(uri, _, _, _)| seen.insert(uri.clone()))
            .take(PER_KIND)
            .map(|(id, label, isco, completed)| {
                let (matched, names_occupation) = how(&id);
                Suggestion {
                    kind: SuggestionKind::Occupation,
                    id,
                    label,
                    isco: Some(isco),
                    matched: matched.or(completed),
                    names_occupation,
                }
            })
            .collect()
    }

    /// Occupations whose preferred or alternative label (Dutch first, then other languages)
    /// starts with the folded text: preferred labels first, then shorter labels.
    fn completions(&self, typed: &str, limit: usize) -> Vec<Completion> {
        let typed = text::words(typed).join(" ");
        if typed.chars().count() < 3 {
            return Vec::new();
        }
        self.labels
            .iter()
            .filter(|l| l.folded.starts_with(&typed))
            .take(limit * 3)
            .filter_map(|l| {
                let (uri, label, isco) = self.occupations.get(l.occupation as usize)?;
                let matched = l.foreign.as_ref().map(|(text, lang)| MatchedLabel {
                    label: text.to_string(),
                    lang,
                });
                Some((uri.clone(), label.clone(), isco.clone(), matched))
            })
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
