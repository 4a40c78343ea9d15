//! Occupation resolver: a person's own words for their current job → ranked ESCO occupations
//! with their ISCO-08 code.
//!
//! [`Occupations::load`] reads `reference/esco/occupations_nl.csv` once and builds lookup tables
//! (`index.rs`); [`Occupations::resolve`] then answers from those tables alone (`search.rs`): no
//! I/O, no panics on any input, at most the first 512 bytes and 24 words of a text are read. Word
//! analysis (folding, stemming, compound parts) is [`crate::text`], shared with the search index.
//!
//! Tiers, strongest first; each owns a score band below the previous one, so a stronger tier
//! always outranks a weaker one (see [`MatchKind`]). Ties go by label, then URI.
//!
//! 1. the preferred label, after folding case and accents and ignoring spaces, hyphens and
//!    slashes ("Heftruck-Chauffeur", "heftruck chauffeur" → "heftruckchauffeur");
//! 2. an alternative label (synonyms, female forms, Flemish variants such as
//!    "vorklifttruckbestuurder" or "magazijnier");
//! 3. a hidden label (ESCO's search-only misspellings and informal forms);
//!    then, in a band of its own below ([`MatchKind::JobName`]), a one-word job name padvinder's
//!    catalogue gives a function of the occupation ("storingsmonteur", "cv-monteur"; see
//!    [`Occupations::from_reader_with_job_names`]);
//! 4. a label within a few typos: Damerau-Levenshtein with Meilisearch's length gates (none under
//!    5 letters, 1 for 5–8, 2 from 9) and the first letter right;
//! 5. the same words in another order or inflection ("installaties elektrische monteur");
//! 6. shared word parts: a compound is split by [`crate::text::split_compound`] or at the
//!    longest label word it ends in, and an unknown word is looked up as the end of a longer
//!    compound, so "installatiemonteur", "cv-monteur", "vorkliftchauffeur" and "zorgmedewerker"
//!    find labels that share their parts; in Polish and Ukrainian (no stemmer) an unknown word
//!    also meets the label words that share its start but for an ending of up to 3 letters
//!    ("водій навантажувача" → "машиніст-оператор навантажувальних машин"). A label scores by
//!    the share of the text it covers and the share of itself the text covers, both weighted by
//!    rarity, so a label's generic words cost less than its specific ones ("لحام", welder, reads
//!    "عامل لحام", welding worker, before "منسق اللحام", welding coordinator);
//! 7. the occupation descriptions, by BM25 over the same analysed words.
//!
//! Within a label tier, a label shared by several occupations scores lower (1, 2/3, 1/2, …).
//! A slash label counts once per side ("barman/barvrouw": "barman" and "barvrouw" are each the
//! preferred label; "leraar/lerares lager onderwijs" gives "leraar lager onderwijs" and "lerares
//! lager onderwijs").
//!
//! # False friends and bare generic words
//!
//! ESCO lists some bare words as alternative or hidden labels of occupations they do not name well:
//! "monteur" is an alternative label of the film editor (Flemish) and of a forestry machinery
//! mechanic, and a hidden label of the installation engineer; "onderhoudsmonteur" is a hidden label
//! of the maintenance engineer (ISCO 2141). Taken as exact labels they would put a film editor on
//! top for "monteur". The fix asks how the *other* occupations use the word, so it needs no
//! hand-made word list and works for every one-word alternative or hidden label:
//!
//! - **borrowed**: at least 3 other occupations use the word in their preferred label (as a word
//!   or as the end of a compound) and fewer than 10% of those are in this occupation's ISCO major
//!   group. "monteur" is used by 72 preferred labels, 64 of them in group 7 and none in group 2,
//!   so it is a false friend for the film editor and the installation engineer;
//!   "onderhoudsmonteur" is used by craft and technician labels only, not by engineers. About 50
//!   labels are borrowed, e.g. "dierenarts" under an insemination technician, "lasser" under a
//!   welding inspector.
//! - **generic**: at least 20 other occupations use the word in their preferred label
//!   ("monteur", "medewerker", "operator", "manager", "ingenieur"): it names a family of
//!   occupations, not this one. So does an ESCO alternative or hidden label that at least 8
//!   other preferred labels use while this occupation's own does not: "onderhoudstechnicus" is
//!   an alternative label of the fire-protection technician alone and heads 10 preferred labels
//!   ("onderhoudstechnicus riolering", "onderhoudstechnicus sporen", …). Such a word leaves room
//!   for the catalogue's job names: its functions with the title "onderhoudstechnicus" come
//!   first. (A catalogue job name is chosen with a source and never judged a family word.)
//!
//! Such labels give no label-tier or typo match (and the text that equals one is not read as a
//! typo of another label: "vertegenwoordiger" is no misspelt "vertegenwoordigster"); they only count in the word-part tier, weighted
//! 0.4 (borrowed) or 0.8 (generic). Word-part and full-text matches are also weighted by the
//! text's field: the ISCO major groups of the occupations whose preferred labels use its words.
//! A bare "monteur" therefore ranks craft occupations (groups 7 and 8) first, the forestry
//! mechanic that ESCO labels "monteur" on top, and the film editor out of the top 10.

mod heads;
mod index;
mod lang;
mod load;
mod search;

use std::collections::HashMap;
use std::path::Path;

use index::Index;
pub use lang::{FOREIGN, Language};

/// All ESCO occupations with the lookup tables used to resolve job titles; immutable once loaded.
pub struct Occupations {
    occupations: Vec<Occupation>,
    by_uri: HashMap<String, usize>,
    /// The Dutch labels first, then one table per other language loaded.
    indexes: Vec<Index>,
}

/// One ESCO occupation as shown to a user (hidden labels are for search only and not kept here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupation {
    /// ESCO concept URI, the stable key.
    pub esco_uri: String,
    /// ISCO-08 unit group, 4 digits with leading zero.
    pub isco: String,
    /// ESCO preferred Dutch label.
    pub label: String,
    /// ESCO alternative Dutch labels, in file order.
    pub alt_labels: Vec<String>,
    /// ESCO Dutch description.
    pub description: String,
}

/// One resolved occupation with how strongly and by which tier it matched.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Candidate {
    /// ESCO concept URI.
    pub esco_uri: String,
    /// ISCO-08 unit group, 4 digits.
    pub isco: String,
    /// ESCO preferred Dutch label.
    pub label: String,
    /// Confidence in 0..=1; every tier has its own band, so scores compare across tiers.
    pub score: f32,
    /// The strongest tier that matched this occupation.
    pub matched_by: MatchKind,
    /// The label in another language that matched ("forklift driver"); none for Dutch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<MatchedLabel>,
}

/// A label in another language than Dutch that a text matched.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct MatchedLabel {
    /// The label as ESCO writes it (one side of a slash label: "зварник").
    pub label: String,
    /// Its language, an ISO 639-1 code ("en", "pl", "uk", "ar", "de", "pt", "es").
    pub lang: &'static str,
}

/// How a candidate matched, strongest first; each kind has a score band below the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The preferred label (score 0.95–1.0).
    ExactLabel,
    /// An alternative label (0.85–0.95).
    AltLabel,
    /// A hidden, search-only label (0.80–0.85).
    HiddenLabel,
    /// A job name padvinder's catalogue gives a function of the occupation, not an ESCO label
    /// (0.75–0.80; see [`Occupations::from_reader_with_job_names`]).
    JobName,
    /// A label within one or two typos (0.60–0.75).
    Typo,
    /// A label with the same words in another order or form (0.50–0.60).
    WordOrder,
    /// Labels sharing word parts or compound parts (0.30–0.50).
    WordPart,
    /// Words of the occupation description (0.00–0.30).
    FullText,
}

impl MatchKind {
    /// The score band `(low, high)` of this tier; a quality in 0..=1 maps linearly into it.
    fn band(self) -> (f32, f32) {
        // The upper ends stay just below the next band so a tier never ties with a stronger one.
        match self {
            MatchKind::ExactLabel => (0.95, 1.0),
            MatchKind::AltLabel => (0.85, 0.949),
            MatchKind::HiddenLabel => (0.80, 0.849),
            MatchKind::JobName => (0.75, 0.799),
            MatchKind::Typo => (0.60, 0.749),
            MatchKind::WordOrder => (0.50, 0.599),
            MatchKind::WordPart => (0.30, 0.499),
            MatchKind::FullText => (0.0, 0.299),
        }
    }

    /// The score of a match of this kind with `quality` in 0..=1.
    fn score(self, quality: f32) -> f32 {
        let (low, high) = self.band();
        low + (high - low) * quality.clamp(0.0, 1.0)
    }
}

/// Why the occupations file could not be loaded; names the file and, for a bad row, the line.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// The file could not be opened.
    #[error("cannot open the occupations file {file}")]
    Open {
        /// The file as given.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The header lacks a required column.
    #[error("{file}, line 1: the header has no column `{column}`")]
    MissingColumn {
        /// The file as given.
        file: String,
        /// The missing column name.
        column: &'static str,
    },
    /// The CSV reader failed (bad UTF-8, I/O error) at a line.
    #[error("{file}, line {line}: the row cannot be read as CSV")]
    Csv {
        /// The file as given.
        file: String,
        /// 1-based line number where the row starts.
        line: u64,
        /// The reader's error.
        #[source]
        source: csv::Error,
    },
    /// A row is readable but wrong: wrong number of columns, empty or malformed field, duplicate.
    #[error("{file}, line {line}: {problem}")]
    Row {
        /// The file as given.
        file: String,
        /// 1-based line number of the row.
        line: u64,
        /// What is wrong, in plain words.
        problem: String,
    },
    /// The file has a header but no occupations.
    #[error("{file}: the file holds no occupations")]
    Empty {
        /// The file as given.
        file: String,
    },
}

/// A job name as one folded word: "storingsmonteur", or a hyphenated compound written without
/// spaces ("cv-monteur" → "cvmonteur"); None for a name of several words ("monteur service").
fn one_word(job: &str) -> Option<String> {
    let words = crate::text::words(job);
    let one = words.len() == 1 || (words.len() > 1 && !job.trim().contains(char::is_whitespace));
    one.then(|| words.concat())
}

/// Adds each one-word job name to its occupation's job names, once ([`MatchKind::JobName`]),
/// unless the occupation already has it as a label, or it is the preferred or (not demoted)
/// alternative label of another occupation: a catalogue name never takes another occupation's exact label
/// ("monteur" of the car mechanic's function is ESCO's label of the film editor and the forestry
/// mechanic; resolving it stays ESCO's business).
fn add_job_names(rows: &mut [load::Row], job_names: &[(String, String)]) {
    if job_names.is_empty() {
        return;
    }
    let at: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.occupation.esco_uri.as_str(), i))
        .collect();
    // Folded preferred and alternative labels (each side of a slash label) → their occupations;
    // a one-word alternative label that gives no label match (a false friend or a family word:
    // "onderhoudstechnicus" of the fire-protection technician) takes nothing from the catalogue.
    let usage = index::Usage::of(rows);
    let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let labels = std::iter::once((&row.occupation.label, index::LabelKind::Preferred)).chain(
            row.occupation
                .alt_labels
                .iter()
                .map(|l| (l, index::LabelKind::Alt)),
        );
        for (label, kind) in labels {
            for variant in index::label_variants(label) {
                let words = crate::text::words(&variant);
                if kind == index::LabelKind::Alt
                    && words.len() == 1
                    && usage.demoted(&words[0], i as u32, kind)
                {
                    continue;
                }
                exact.entry(words.concat()).or_default().push(i);
            }
        }
    }
    let mut added: Vec<(usize, String, String)> = job_names
        .iter()
        .filter_map(|(uri, job)| {
            let folded = one_word(job)?;
            Some((*at.get(uri.as_str())?, folded, job.trim().to_owned()))
        })
        .collect();
    added.sort();
    added.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    for (i, folded, job) in added {
        let others = exact
            .get(&folded)
            .is_some_and(|owners| owners.iter().any(|&o| o != i));
        if others {
            continue;
        }
        let row = &mut rows[i];
        let known = std::iter::once(&row.occupation.label)
            .chain(&row.occupation.alt_labels)
            .chain(&row.hidden_labels)
            .any(|l| crate::text::words(l).concat() == folded);
        if !known {
            row.job_names.push(job);
        }
    }
}

impl Occupations {
    /// Loads the occupations CSV (`reference/esco/occupations_nl.csv`) and builds the lookup tables.
    pub fn load(csv_path: &Path) -> Result<Occupations, ResolveError> {
        let name = csv_path.display().to_string();
        let file = std::fs::File::open(csv_path).map_err(|source| ResolveError::Open {
            file: name.clone(),
            source,
        })?;
        Self::from_reader(std::io::BufReader::new(file), &name)
    }

    /// Reads occupations CSV from any reader; `name` is used in error messages.
    pub fn from_reader<R: std::io::Read>(r: R, name: &str) -> Result<Occupations, ResolveError> {
        Self::from_reader_with_job_names(r, name, &[])
    }

    /// [`Occupations::from_reader`] plus job names that padvinder's catalogue gives the
    /// functions of an occupation, as (ESCO URI, name). A name that is one word after folding
    /// ("storingsmonteur", "servicemonteur", also hyphenated: "cv-monteur") is a job name of that
    /// occupation, matched as [`MatchKind::JobName`] (its receipt says the catalogue, not ESCO),
    /// in a band just below ESCO's hidden labels. A name that is another occupation's preferred
    /// or alternative label is left out, so it never takes that occupation's exact label (an
    /// alternative label that gives no label match, a false friend or a family word such as
    /// "onderhoudstechnicus", does not count); so are
    /// longer names and names of URIs the file lacks (checking them is `validate`'s job).
    ///
    /// Why: ESCO knows many Dutch job compounds only inside a longer label that adds a field
    /// ("storingsmonteur rioleringen" of the sewer worker), so the bare compound went to the one
    /// occupation that happens to spell it. The catalogue names the functions people hold under
    /// that word ("storingsmonteur": the electromechanic, the rotating-machines mechanic and the
    /// HVAC technician), each with its source.
    pub fn from_reader_with_job_names<R: std::io::Read>(
        r: R,
        name: &str,
        job_names: &[(String, String)],
    ) -> Result<Occupations, ResolveError> {
        let mut rows = load::read_rows(r, name)?;
        add_job_names(&mut rows, job_names);
        let index = Index::build(&rows);
        let occupations: Vec<Occupation> = rows.into_iter().map(|row| row.occupation).collect();
        let by_uri = occupations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.esco_uri.clone(), i))
            .collect();
        Ok(Occupations {
            occupations,
            by_uri,
            indexes: vec![index],
        })
    }

    /// Adds the labels of other languages, each a file like `occupations_en.csv` (`esco_uri`,
    /// `preferred_label`, `alt_labels`, optional `hidden_labels`) given as (language, bytes,
    /// name for errors). Every URI must be one of the Dutch file's. The tables are built one
    /// after the other: side by side on threads the peak memory was 270 MB instead of 160 MB
    /// (docs/PERFORMANCE.md).
    pub fn add_languages(
        &mut self,
        files: &[(Language, Vec<u8>, String)],
    ) -> Result<(), ResolveError> {
        for (lang, bytes, name) in files {
            let rows = load::read_foreign(bytes.as_slice(), name, &self.by_uri)?;
            let index = Index::build_foreign(*lang, &rows, self.indexes[0].majors.clone());
            self.indexes.retain(|i| i.lang != *lang);
            self.indexes.push(index);
        }
        Ok(())
    }

    /// The languages whose labels are loaded, Dutch first.
    pub fn languages(&self) -> Vec<Language> {
        self.indexes.iter().map(|i| i.lang).collect()
    }

    /// Ranks occupations for a person's words for their job, in Dutch or any language loaded;
    /// at most `limit`, best first.
    pub fn resolve(&self, text: &str, limit: usize) -> Vec<Candidate> {
        search::resolve(&self.indexes, &self.occupations, text, limit)
    }

    /// ESCO's preferred label of an occupation in a language loaded besides Dutch (`code` as in
    /// [`Language::code`]: "en", "pl", …); of a slash label ("barman/barvrouw") the first side.
    /// None for Dutch (that is [`Occupation::label`]), an unknown URI or a language not loaded.
    pub fn preferred_label(&self, esco_uri: &str, code: &str) -> Option<&str> {
        let at = u32::try_from(*self.by_uri.get(esco_uri)?).ok()?;
        let index = self
            .indexes
            .iter()
            .find(|i| i.lang != Language::Nl && i.lang.code() == code)?;
        index
            .labels
            .iter()
            .find(|l| l.occupation == at && l.kind == index::LabelKind::Preferred)
            .map(|l| &*l.text)
    }

    /// The occupation with this ESCO URI.
    pub fn get(&self, esco_uri: &str) -> Option<&Occupation> {
        self.by_uri.get(esco_uri).map(|&i| &self.occupations[i])
    }

    /// Number of occupations.
    pub fn len(&self) -> usize {
        self.occupations.len()
    }

    /// True when no occupations are loaded (never after a successful load).
    pub fn is_empty(&self) -> bool {
        self.occupations.is_empty()
    }

    /// All occupations in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Occupation> {
        self.occupations.iter()
    }

    /// The labels of the other languages loaded that may be shown (preferred and alternative,
    /// never hidden), language by language: (the occupation, the label as ESCO writes it — one
    /// side of a slash label —, the language code).
    pub fn foreign_labels(&self) -> impl Iterator<Item = (&Occupation, &str, &'static str)> {
        self.indexes
            .iter()
            .filter(|index| index.lang != Language::Nl)
            .flat_map(move |index| {
                index
                    .labels
                    .iter()
                    .filter(|l| l.kind != index::LabelKind::Hidden)
                    .filter_map(move |l| {
                        let occupation = self.occupations.get(l.occupation as usize)?;
                        Some((occupation, &*l.text, index.lang.code()))
                    })
            })
    }
}
