//! Reading `paths/` into a [`Catalogue`], collecting every problem with file and line.
//!
//! Each file is first parsed whole (a syntax error is reported once and the file skipped), then
//! cut into its records (`[[course]]`, `[path]`, …) and each record parsed on its own, so one bad
//! record does not hide the problems of the next.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::Date;
use toml::Spanned;

use super::Catalogue;
use super::types::*;
use crate::geo::Geo;
use crate::layout::{DataLayout, OFFERINGS_FOLDER};

/// One problem in the catalogue: where, and what is wrong in plain words.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Problem {
    /// Path relative to the catalogue folder's parent, e.g. `paths/courses/ict.toml`.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// Loads and validates the catalogue in `root` (the `paths/` folder), with the geo reference data
/// from `root/reference/geo`. Returns the catalogue of valid records and every problem found.
pub fn load(root: &Path) -> (Catalogue, Vec<Problem>) {
    let layout = DataLayout::new(root);
    let geo_dir = layout.geo_dir();
    match Geo::load(&layout) {
        Ok(geo) => load_with_geo(root, &geo),
        Err(e) => {
            let (catalogue, mut problems) = load_with_geo(root, &Geo::default());
            problems.insert(
                0,
                Problem {
                    file: display_name(root, &geo_dir),
                    line: 0,
                    message: format!("reference data cannot be read: {e}"),
                },
            );
            (catalogue, problems)
        }
    }
}

/// Like [`load`], with the geo data given (so tests and the server load it once).
pub fn load_with_geo(root: &Path, geo: &Geo) -> (Catalogue, Vec<Problem>) {
    let mut loader = Loader {
        root: root.to_owned(),
        geo,
        problems: Vec::new(),
        hasher: Sha256::new(),
        paths: Vec::new(),
        transition_origins: Vec::new(),
        refs: Vec::new(),
        unreadable: HashSet::new(),
        functions: Vec::new(),
        courses: Vec::new(),
        providers: Vec::new(),
        offerings: Vec::new(),
        seen: HashMap::new(),
    };
    loader.read_kind("providers.toml", Kind::Providers);
    let synonyms = loader.read_synonyms();
    loader.read_folder("courses", Kind::Courses);
    loader.read_folder("paths", Kind::Paths);
    // Offerings are optional: a catalogue without the folder has only `providers` links.
    if root.join(OFFERINGS_FOLDER).is_dir() {
        loader.read_folder(OFFERINGS_FOLDER, Kind::Offerings);
    }
    loader.check_references();
    loader.check_function_levels();
    loader.finish(synonyms)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Providers,
    Courses,
    Paths,
    Offerings,
}

/// Where a record was defined, for "duplicate id" messages and later checks.
#[derive(Clone)]
struct Origin {
    file: String,
    line: usize,
}

struct Loader<'g> {
    root: PathBuf,
    geo: &'g Geo,
    problems: Vec<Problem>,
    hasher: Sha256,
    paths: Vec<(DevelopmentPath, Origin)>,
    /// Transitions with where they stand, per path index, for the cycle check.
    transition_origins: Vec<(usize, Origin)>,
    /// References to check once everything is read.
    refs: Vec<Reference>,
    /// Kinds of which some file could not be parsed at all: references to them are not checked.
    unreadable: HashSet<&'static str>,
    functions: Vec<(Function, Origin)>,
    courses: Vec<(Course, Origin)>,
    providers: Vec<(Provider, Origin)>,
    offerings: Vec<(Offering, Origin)>,
    /// (kind, id) → where first defined.
    seen: HashMap<(&'static str, String), Origin>,
}

/// An id named somewhere that must exist among the records of `kind`.
struct Reference {
    kind: &'static str,
    id: String,
    origin: Origin,
}

/// A file's text with its line starts, to turn byte offsets into line numbers.
struct Source {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

impl Source {
    fn new(name: String, text: String) -> Source {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            name,
            text,
            line_starts,
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// A record cut from a file: its section name, text and byte offset in the file.
struct Chunk<'a> {
    section: String,
    text: &'a str,
    offset: usize,
}

/// Cuts a TOML file at its top-level table headers. Dotted headers (`[course.slim]`) stay with
/// the record they belong to.
fn chunks(text: &str) -> Vec<Chunk<'_>> {
    let mut starts: Vec<(usize, String)> = Vec::new();
    let mut offset = 0;
    let mut in_multiline = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let quotes = trimmed.matches("\"\"\"").count() + trimmed.matches("'''").count();
        if !in_multiline
            && let Some(name) = header_name(trimmed)
            && !name.contains('.')
        {
            starts.push((offset, name));
        }
        if quotes % 2 == 1 {
            in_multiline = !in_multiline;
        }
        offset += line.len();
    }
    let mut out = Vec::new();
    for (i, (start, section)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |(s, _)| *s);
        out.push(Chunk {
            section: section.clone(),
            text: &text[*start..end],
            offset: *start,
        });
    }
    out
}

fn header_name(line: &str) -> Option<String> {
    let line = line.split('#').next()?.trim();
    let inner = line
        .strip_prefix("[[")
        .and_then(|l| l.strip_suffix("]]"))
        .or_else(|| line.strip_prefix('[').and_then(|l| l.strip_suffix(']')))?;
    Some(inner.trim().to_owned())
}

// ---- raw file structures -------------------------------------------------------------------

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvider {
    id: S<String>,
    name: String,
    #[serde(default)]
    locations: Vec<RawLocation>,
    sources: Option<S<Vec<String>>>,
    checked: Option<S<toml::value::Datetime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocation {
    name: String,
    municipality: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffering {
    course: S<String>,
    provider: S<String>,
    route: S<String>,
    location: Option<S<RawOfferingLocation>>,
    website: Option<S<String>>,
    sources: Option<S<Vec<String>>>,
    checked: Option<S<toml::value::Datetime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOfferingLocation {
    name: String,
    municipality: String,
    postcode: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfferingChunk {
    offering: Vec<RawOffering>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    id: S<String>,
    title: String,
    kind: S<String>,
    crebo: Option<S<String>>,
    code: Option<String>,
    nlqf_level: Option<S<toml::Value>>,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    routes: Vec<S<String>>,
    duration_weeks: Option<S<toml::Value>>,
    study_hours_per_week: Option<S<i64>>,
    cost_eur: Option<S<toml::Value>>,
    cost_note: Option<String>,
    dutch_level: Option<S<String>>,
    work_and_learn: Option<S<toml::Value>>,
    #[serde(default)]
    start_moments: Vec<String>,
    #[serde(default)]
    providers: Vec<S<String>>,
    #[serde(default)]
    keywords: Vec<String>,
    slim: Option<S<RawSlim>>,
    sources: Option<S<Vec<String>>>,
    checked: Option<S<toml::value::Datetime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlim {
    subsidiable_from: Option<toml::value::Datetime>,
    rate_pct: Option<i64>,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPath {
    id: S<String>,
    name: String,
    sector: String,
    #[serde(default)]
    owners: Vec<String>,
    #[serde(default)]
    description: String,
    status: S<String>,
    recognised_on: Option<S<toml::value::Datetime>>,
    #[serde(default)]
    status_sources: Vec<String>,
    sources: Option<S<Vec<String>>>,
    checked: Option<S<toml::value::Datetime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFunction {
    id: S<String>,
    title: String,
    #[serde(default)]
    alt_titles: Vec<String>,
    isco: Option<S<String>>,
    esco_uri: Option<String>,
    nlqf_level: Option<S<toml::Value>>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    tasks: Vec<String>,
    #[serde(default)]
    skills: Vec<String>,
    hours_per_week: Option<S<RawHours>>,
    physical_load: Option<S<String>>,
    driving_licence: Option<String>,
    dutch_level: Option<S<String>>,
    demand: Option<S<RawDemand>>,
    sources: Option<S<Vec<String>>>,
    checked: Option<S<toml::value::Datetime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    min: i64,
    max: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDemand {
    indicator: String,
    value: Option<f64>,
    region: String,
    #[serde(default)]
    sources: Vec<String>,
    checked: Option<toml::value::Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransition {
    kind: S<String>,
    from: Option<S<String>>,
    to: S<String>,
    membership: S<String>,
    steps: Option<S<Vec<S<RawStep>>>>,
    sources: Option<S<Vec<String>>>,
    checked: Option<S<toml::value::Datetime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    all_of: Option<Vec<S<String>>>,
    one_of: Option<Vec<S<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymFile {
    #[serde(default)]
    group: Vec<SynonymGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymGroup {
    words: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderChunk {
    provider: Vec<RawProvider>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseChunk {
    course: Vec<RawCourse>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PathChunk {
    path: RawPath,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FunctionChunk {
    function: Vec<RawFunction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransitionChunk {
    transition: Vec<RawTransition>,
}

// ---- reading -------------------------------------------------------------------------------

/// Builds a [`Step`] from its course ids (all-of or one-of).
type MakeStep = fn(Vec<String>) -> Step;

/// A problem collector bound to one file.
struct Ctx<'s> {
    src: &'s Source,
    offset: usize,
    problems: Vec<Problem>,
}

impl Ctx<'_> {
    fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.src.name.clone(),
            line: self.src.line_of(self.offset + span.start),
            message: message.into(),
        });
    }

    fn origin(&self, span: Range<usize>) -> Origin {
        Origin {
            file: self.src.name.clone(),
            line: self.src.line_of(self.offset + span.start),
        }
    }
}

impl Loader<'_> {
    fn read_folder(&mut self, folder: &str, kind: Kind) {
        let dir = self.root.join(folder);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.problems.push(Problem {
                    file: display_name(&self.root, &dir),
                    line: 0,
                    message: format!("folder cannot be read: {e}"),
                });
                return;
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for file in files {
            let relative = file.strip_prefix(&self.root).unwrap_or(&file).to_owned();
            self.read_kind(&relative.to_string_lossy(), kind);
        }
    }

    fn read_kind(&mut self, relative: &str, kind: Kind) {
        let full = self.root.join(relative);
        let name = display_name(&self.root, &full);
        let bytes = match std::fs::read(&full) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.problems.push(Problem {
                    file: name,
                    line: 0,
                    message: format!("file cannot be read: {e}"),
                });
                return;
            }
        };
        self.hasher.update(relative.as_bytes());
        self.hasher.update([0]);
        self.hasher.update(&bytes);
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                self.problems.push(Problem {
                    file: name,
                    line: 0,
                    message: "file is not UTF-8 text".into(),
                });
                return;
            }
        };
        let src = Source::new(name, text);
        if let Err(e) = toml::from_str::<toml::Table>(&src.text) {
            // Ids from this file are unknown now; references to them are not checked.
            self.unreadable.extend(match kind {
                Kind::Providers => &["provider"][..],
                Kind::Courses => &["course"][..],
                Kind::Paths => &["path", "function"][..],
                Kind::Offerings => &["provider"][..],
            });
            let line = e.span().map_or(0, |s| src.line_of(s.start));
            self.problems.push(Problem {
                file: src.name.clone(),
                line,
                message: format!("not valid TOML: {}", e.message()),
            });
            return;
        }
        let mut path_in_file: Option<usize> = None;
        for chunk in chunks(&src.text) {
            let mut ctx = Ctx {
                src: &src,
                offset: chunk.offset,
                problems: Vec::new(),
            };
            match (kind, chunk.section.as_str()) {
                (Kind::Offerings, "offering") => {
                    if let Some(rec) = parse::<OfferingChunk>(&mut ctx, chunk.text) {
                        rec.offering
                            .into_iter()
                            .for_each(|raw| self.add_offering(&mut ctx, raw));
                    }
                }
                (Kind::Providers | Kind::Offerings, "provider") => {
                    match parse::<ProviderChunk>(&mut ctx, chunk.text) {
                        Some(rec) => rec
                            .provider
                            .into_iter()
                            .for_each(|raw| self.add_provider(&mut ctx, raw)),
                        None => self.claim_leniently("provider", chunk.text, &ctx),
                    }
                }
                (Kind::Courses, "course") => match parse::<CourseChunk>(&mut ctx, chunk.text) {
                    Some(rec) => rec
                        .course
                        .into_iter()
                        .for_each(|raw| self.add_course(&mut ctx, raw)),
                    None => self.claim_leniently("course", chunk.text, &ctx),
                },
                (Kind::Paths, "path") => {
                    if path_in_file.is_some() {
                        ctx.at(
                            0..0,
                            "a path file holds one [path]; start a new file for another path",
                        );
                    } else if let Some(rec) = parse::<PathChunk>(&mut ctx, chunk.text) {
                        path_in_file = self.add_path(&mut ctx, rec.path);
                    }
                }
                (Kind::Paths, "function" | "transition") if path_in_file.is_none() => {
                    ctx.at(
                        0..0,
                        format!("[[{}]] comes before the file's [path]", chunk.section),
                    );
                }
                (Kind::Paths, "function") => {
                    match (parse::<FunctionChunk>(&mut ctx, chunk.text), path_in_file) {
                        (Some(rec), Some(p)) => rec
                            .function
                            .into_iter()
                            .for_each(|raw| self.add_function(&mut ctx, raw, p)),
                        _ => self.claim_leniently("function", chunk.text, &ctx),
                    }
                }
                (Kind::Paths, "transition") => {
                    if let (Some(rec), Some(p)) =
                        (parse::<TransitionChunk>(&mut ctx, chunk.text), path_in_file)
                    {
                        for raw in rec.transition {
                            self.add_transition(&mut ctx, raw, p);
                        }
                    }
                }
                (_, section) => {
                    let expected = match kind {
                        Kind::Providers => "[[provider]]",
                        Kind::Courses => "[[course]]",
                        Kind::Paths => "[path], [[function]] or [[transition]]",
                        Kind::Offerings => "[[offering]] or [[provider]]",
                    };
                    ctx.at(
                        0..0,
                        format!("unknown section [{section}]: this file holds {expected}"),
                    );
                }
            }
            self.problems.append(&mut ctx.problems);
        }
        if kind == Kind::Paths && path_in_file.is_none() {
            self.problems.push(Problem {
                file: src.name.clone(),
                line: 0,
                message:
                    "no [path] section: each file in paths/paths/ describes one development path"
                        .into(),
            });
        }
    }

    /// Registers an id for a kind; reports a duplicate. Returns false when the id is unusable.
    fn claim_id(&mut self, ctx: &mut Ctx, kind: &'static str, id: &S<String>) -> bool {
        let value = id.get_ref();
        if !valid_id(value) {
            ctx.at(
                id.span(),
                format!(
                    "{kind} id \"{value}\" may only hold a-z, 0-9 and '-' (and must not be empty)"
                ),
            );
            return false;
        }
        let origin = ctx.origin(id.span());
        match self.seen.get(&(kind, value.clone())) {
            Some(first) => {
                ctx.at(
                    id.span(),
                    format!(
                        "duplicate {kind} id \"{value}\" (first defined at {}:{})",
                        first.file, first.line
                    ),
                );
                false
            }
            None => {
                self.seen.insert((kind, value.clone()), origin);
                true
            }
        }
    }

    /// Claims the id of a record that failed to parse (see [`lenient_id`]).
    fn claim_leniently(&mut self, kind: &'static str, text: &str, ctx: &Ctx) {
        if let Some(id) = lenient_id(text) {
            let origin = ctx.origin(0..0);
            self.seen.entry((kind, id)).or_insert(origin);
        }
    }

    fn add_provider(&mut self, ctx: &mut Ctx, raw: RawProvider) {
        let ok = self.claim_id(ctx, "provider", &raw.id);
        let provenance = provenance(ctx, &raw.id, raw.sources.as_ref(), raw.checked.as_ref());
        let mut locations = Vec::new();
        for loc in raw.locations {
            let code = loc.municipality.get_ref();
            if self.geo.municipality(code).is_none() {
                ctx.at(
                    loc.municipality.span(),
                    format!("unknown municipality code \"{code}\" (expected a CBS code like GM0363 from reference/geo/municipalities.csv)"),
                );
                continue;
            }
            locations.push(Location {
                name: loc.name,
                municipality: code.clone(),
            });
        }
        if let (true, Some(provenance)) = (ok, provenance) {
            let origin = ctx.origin(raw.id.span());
            self.providers.push((
                Provider {
                    id: raw.id.into_inner(),
                    name: raw.name,
                    locations,
                    provenance,
                },
                origin,
            ));
        }
    }

    fn add_offering(&mut self, ctx: &mut Ctx, raw: RawOffering) {
        let before = ctx.problems.len();
        let what = S::new(
            raw.course.span(),
            format!(
                "offering of {} by {}",
                raw.course.get_ref(),
                raw.provider.get_ref()
            ),
        );
        let provenance = provenance(ctx, &what, raw.sources.as_ref(), raw.checked.as_ref());
        let route = match raw.route.get_ref().as_str() {
            "unknown" => Known::Unknown,
            r => match LearningRoute::parse(r) {
                Ok(route) => Known::Known(route),
                Err(e) => {
                    ctx.at(raw.route.span(), format!("{e}, or \"unknown\""));
                    Known::Unknown
                }
            },
        };
        let location = raw.location.as_ref().and_then(|l| {
            let span = l.span();
            let l = l.get_ref();
            if self.geo.municipality(&l.municipality).is_none() {
                ctx.at(span, format!("unknown municipality code \"{}\" (expected a CBS code like GM0363 from reference/geo/municipalities.csv)", l.municipality));
                return None;
            }
            let location = OfferingLocation {
                name: l.name.clone(),
                municipality: l.municipality.clone(),
                postcode: l.postcode.clone(),
            };
            if let Some(postcode) = &l.postcode {
                match location.pc4() {
                    None => {
                        ctx.at(span, format!("postcode \"{postcode}\" should start with 4 digits, like \"3526 AB\" or \"3526\""));
                        return None;
                    }
                    Some(pc4) if self.geo.pc4(pc4).is_none() => {
                        ctx.at(span, format!("postcode \"{postcode}\" is not a postcode we know (reference/geo/pc4.csv)"));
                        return None;
                    }
                    Some(_) => {}
                }
            }
            Some(location)
        });
        if let Some(w) = &raw.website
            && !(w.get_ref().starts_with("https://") || w.get_ref().starts_with("http://"))
        {
            ctx.at(
                w.span(),
                format!(
                    "website \"{}\" is not a web address (http:// or https://)",
                    w.get_ref()
                ),
            );
        }
        for (kind, id) in [("course", &raw.course), ("provider", &raw.provider)] {
            self.refs.push(Reference {
                kind,
                id: id.get_ref().clone(),
                origin: ctx.origin(id.span()),
            });
        }
        let Some(provenance) = provenance else { return };
        if ctx.problems.len() > before {
            return;
        }
        let origin = ctx.origin(raw.course.span());
        self.offerings.push((
            Offering {
                course_id: raw.course.into_inner(),
                provider_id: raw.provider.into_inner(),
                route,
                location,
                website: raw.website.map(S::into_inner),
                provenance,
            },
            origin,
        ));
    }

    fn add_course(&mut self, ctx: &mut Ctx, raw: RawCourse) {
        let before = ctx.problems.len();
        let ok = self.claim_id(ctx, "course", &raw.id);
        let provenance = provenance(ctx, &raw.id, raw.sources.as_ref(), raw.checked.as_ref());
        let kind = CourseKind::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.kind.get_ref());
        if kind.is_none() {
            ctx.at(
                raw.kind.span(),
                format!(
                    "course kind \"{}\" is not one of {}",
                    raw.kind.get_ref(),
                    CourseKind::ALL.map(|k| k.as_str()).join(", ")
                ),
            );
        }
        let crebo = match (&raw.crebo, kind) {
            (Some(c), Some(CourseKind::MboDiploma)) => match Crebo::parse(c.get_ref()) {
                Ok(c) => Some(c),
                Err(e) => {
                    ctx.at(c.span(), e);
                    None
                }
            },
            (Some(c), Some(_)) => {
                ctx.at(
                    c.span(),
                    "only an mbo_diploma has a crebo; use `code` for certificate codes",
                );
                None
            }
            (None, Some(CourseKind::MboDiploma)) => {
                ctx.at(
                    raw.kind.span(),
                    "an mbo_diploma needs its crebo (5 digits, from a source)",
                );
                None
            }
            _ => None,
        };
        let nlqf_level = level(ctx, &raw.id, raw.nlqf_level.as_ref());
        let duration_weeks = match &raw.duration_weeks {
            None => {
                ctx.at(
                    raw.id.span(),
                    "duration_weeks is missing: give weeks, { min, max }, or \"unknown\"",
                );
                None
            }
            Some(v) => weeks(ctx, v),
        };
        let cost = match &raw.cost_eur {
            None => {
                ctx.at(
                    raw.id.span(),
                    "cost_eur is missing: give the amount in euros, or \"unknown\"",
                );
                None
            }
            Some(v) => cost(ctx, v),
        };
        let mut routes = Vec::new();
        for r in &raw.routes {
            match LearningRoute::parse(r.get_ref()) {
                Ok(route) => routes.push(route),
                Err(e) => ctx.at(r.span(), e),
            }
        }
        let study_hours_per_week = match &raw.study_hours_per_week {
            Some(h) => match u8::try_from(*h.get_ref()) {
                Ok(v @ 0..=60) => Some(v),
                _ => {
                    ctx.at(
                        h.span(),
                        format!(
                            "study_hours_per_week {} is not between 0 and 60",
                            h.get_ref()
                        ),
                    );
                    None
                }
            },
            None => None,
        };
        let dutch_level = cefr(ctx, raw.dutch_level.as_ref());
        let work_and_learn = match &raw.work_and_learn {
            None => {
                ctx.at(
                    raw.id.span(),
                    "work_and_learn is missing: give true, false, or \"unknown\"",
                );
                None
            }
            Some(v) => match v.get_ref() {
                toml::Value::Boolean(b) => Some(Known::Known(*b)),
                toml::Value::String(s) if s == "unknown" => Some(Known::Unknown),
                other => {
                    ctx.at(
                        v.span(),
                        format!("work_and_learn {other} should be true, false or \"unknown\""),
                    );
                    None
                }
            },
        };
        let slim = raw.slim.as_ref().and_then(|s| {
            let span = s.span();
            let s = s.get_ref();
            let rate_pct = match s.rate_pct {
                Some(r) if !(0..=100).contains(&r) => {
                    ctx.at(
                        span.clone(),
                        format!("slim.rate_pct {r} is not a percentage 0-100"),
                    );
                    return None;
                }
                r => r.map(|r| r as u8),
            };
            if s.sources.is_empty() {
                ctx.at(
                    span.clone(),
                    "slim facts need their own sources (the publication that states them)",
                );
                return None;
            }
            let subsidiable_from = match &s.subsidiable_from {
                Some(d) => Some(to_date(d).map_err(|e| ctx.at(span.clone(), e)).ok()?),
                None => None,
            };
            Some(PublishedSlim {
                subsidiable_from,
                rate_pct,
                sources: s.sources.clone(),
            })
        });
        if !ok || ctx.problems.len() > before {
            return;
        }
        let (
            Some(provenance),
            Some(kind),
            Some(nlqf_level),
            Some(duration_weeks),
            Some(cost),
            Some(work_and_learn),
        ) = (
            provenance,
            kind,
            nlqf_level,
            duration_weeks,
            cost,
            work_and_learn,
        )
        else {
            return;
        };
        let origin = ctx.origin(raw.id.span());
        let provider_refs: Vec<(String, Origin)> = raw
            .providers
            .iter()
            .map(|p| (p.get_ref().clone(), ctx.origin(p.span())))
            .collect();
        for (id, origin) in &provider_refs {
            self.refs.push(Reference {
                kind: "provider",
                id: id.clone(),
                origin: origin.clone(),
            });
        }
        self.courses.push((
            Course {
                id: raw.id.into_inner(),
                title: raw.title,
                kind,
                crebo,
                code: raw.code.filter(|c| !c.trim().is_empty()),
                nlqf_level,
                sector: raw.sector,
                description: raw.description,
                routes,
                duration_weeks,
                study_hours_per_week,
                cost,
                cost_note: raw.cost_note,
                dutch_level,
                work_and_learn,
                start_moments: raw.start_moments,
                provider_ids: provider_refs.into_iter().map(|(id, _)| id).collect(),
                keywords: raw.keywords,
                slim,
                provenance,
            },
            origin,
        ));
    }
}

fn parse<T: for<'de> Deserialize<'de>>(ctx: &mut Ctx, text: &str) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            ctx.at(span, e.message().trim().to_owned());
            None
        }
    }
}

/// The `id` of a record that failed to parse, read leniently, so that references to it do not
/// add a second, misleading "unknown id" problem.
fn lenient_id(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let (_, value) = table.into_iter().next()?;
    let record = match value {
        toml::Value::Array(mut items) => items.pop()?,
        other => other,
    };
    record.get("id")?.as_str().map(str::to_owned)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn display_name(root: &Path, path: &Path) -> String {
    let base = root.parent().unwrap_or(root);
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn to_date(d: &toml::value::Datetime) -> Result<Date, String> {
    match (d.date, d.time) {
        (Some(date), None) => {
            let month = time::Month::try_from(date.month)
                .map_err(|_| format!("{d} is not a valid date"))?;
            Date::from_calendar_date(i32::from(date.year), month, date.day)
                .map_err(|_| format!("{d} is not a valid date"))
        }
        _ => Err(format!("{d} should be a plain date like 2026-11-28")),
    }
}

/// Checks sources and checked date of a record.
fn provenance(
    ctx: &mut Ctx,
    id: &S<String>,
    sources: Option<&S<Vec<String>>>,
    checked: Option<&S<toml::value::Datetime>>,
) -> Option<Provenance> {
    let mut ok = true;
    let cleaned: Vec<String> = sources
        .map(|s| s.get_ref().as_slice())
        .unwrap_or_default()
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if cleaned.is_empty() {
        ctx.at(id.span(), format!("\"{}\" has no source: every record names where its facts come from (sources = [\"https://…\"])", id.get_ref()));
        ok = false;
    }
    for s in &cleaned {
        if !(s.starts_with("https://") || s.starts_with("http://")) {
            let span = sources.map_or(id.span(), |s| s.span());
            ctx.at(
                span,
                format!("source \"{s}\" is not a web address (http:// or https://)"),
            );
            ok = false;
        }
    }
    let checked = match checked {
        None => {
            ctx.at(id.span(), format!("\"{}\" has no `checked` date (when the record was last compared with its sources)", id.get_ref()));
            None
        }
        Some(c) => to_date(c.get_ref()).map_err(|e| ctx.at(c.span(), e)).ok(),
    };
    match (ok, checked) {
        (true, Some(checked)) => Some(Provenance {
            sources: cleaned,
            checked,
        }),
        _ => None,
    }
}

fn level(ctx: &mut Ctx, id: &S<String>, v: Option<&S<toml::Value>>) -> Option<Known<NlqfLevel>> {
    let Some(v) = v else {
        ctx.at(id.span(), "nlqf_level is missing: give 1-8, or \"unknown\"");
        return None;
    };
    match v.get_ref() {
        toml::Value::String(s) if s == "unknown" => Some(Known::Unknown),
        toml::Value::Integer(n) => match NlqfLevel::new(*n) {
            Ok(l) => Some(Known::Known(l)),
            Err(e) => {
                ctx.at(v.span(), e);
                None
            }
        },
        other => {
            ctx.at(
                v.span(),
                format!("nlqf_level {other} should be a whole number 1-8 or \"unknown\""),
            );
            None
        }
    }
}

fn weeks(ctx: &mut Ctx, v: &S<toml::Value>) -> Option<Known<Weeks>> {
    let positive = |n: i64| u32::try_from(n).ok().filter(|&w| w > 0);
    let result = match v.get_ref() {
        toml::Value::String(s) if s == "unknown" => return Some(Known::Unknown),
        toml::Value::Integer(n) => positive(*n).and_then(|w| Weeks::new(w, w).ok()),
        toml::Value::Table(t) => match (t.get("min"), t.get("max"), t.len()) {
            (Some(toml::Value::Integer(min)), Some(toml::Value::Integer(max)), 2) => {
                match (positive(*min), positive(*max)) {
                    (Some(min), Some(max)) => Weeks::new(min, max).ok(),
                    _ => None,
                }
            }
            _ => None,
        },
        _ => None,
    };
    if result.is_none() {
        ctx.at(
            v.span(),
            format!(
                "duration_weeks {} should be a positive number of weeks, {{ min = …, max = … }} with min ≤ max, or \"unknown\"",
                v.get_ref()
            ),
        );
    }
    result.map(Known::Known)
}

fn cost(ctx: &mut Ctx, v: &S<toml::Value>) -> Option<Known<Cents>> {
    let euros = match v.get_ref() {
        toml::Value::String(s) if s == "unknown" => return Some(Known::Unknown),
        toml::Value::Integer(n) => Some(*n as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    };
    match euros {
        Some(e) if e.is_finite() && (0.0..=f64::from(Cents::MAX_INPUT_EUROS)).contains(&e) => {
            match Cents::from_euros(e) {
                Ok(c) => Some(Known::Known(c)),
                Err(message) => {
                    ctx.at(v.span(), format!("cost_eur {message}"));
                    None
                }
            }
        }
        Some(e) if e < 0.0 => {
            ctx.at(v.span(), format!("cost_eur {e} is negative"));
            None
        }
        Some(e) if e.is_finite() => {
            ctx.at(
                v.span(),
                format!(
                    "cost_eur {e} is more than the largest amount accepted, {} euros",
                    Cents::MAX_INPUT_EUROS
                ),
            );
            None
        }
        _ => {
            ctx.at(
                v.span(),
                format!(
                    "cost_eur {} should be an amount in euros or \"unknown\"",
                    v.get_ref()
                ),
            );
            None
        }
    }
}

fn cefr(ctx: &mut Ctx, v: Option<&S<String>>) -> Option<CefrLevel> {
    let v = v?;
    CefrLevel::parse(v.get_ref())
        .map_err(|e| ctx.at(v.span(), e))
        .ok()
}

impl Loader<'_> {
    /// Reads `synonyms.toml` (optional): groups of words a searcher uses for the same thing.
    fn read_synonyms(&mut self) -> Vec<Vec<String>> {
        let full = self.root.join("synonyms.toml");
        let Ok(bytes) = std::fs::read(&full) else {
            return Vec::new();
        };
        self.hasher.update(b"synonyms.toml\0");
        self.hasher.update(&bytes);
        let src = Source::new(
            display_name(&self.root, &full),
            String::from_utf8_lossy(&bytes).into_owned(),
        );
        let mut ctx = Ctx {
            src: &src,
            offset: 0,
            problems: Vec::new(),
        };
        let groups = parse::<SynonymFile>(&mut ctx, &src.text)
            .map(|f| f.group)
            .unwrap_or_default();
        let mut out = Vec::new();
        for g in groups {
            let words: Vec<String> = g
                .words
                .get_ref()
                .iter()
                .map(|w| crate::text::words(w).join(" "))
                .filter(|w| !w.is_empty())
                .collect();
            if words.len() < 2 {
                ctx.at(g.words.span(), "a synonym group needs at least two words");
                continue;
            }
            out.push(words);
        }
        self.problems.append(&mut ctx.problems);
        out
    }

    /// Adds a path even when it has problems, so its functions and transitions are still checked.
    fn add_path(&mut self, ctx: &mut Ctx, raw: RawPath) -> Option<usize> {
        self.claim_id(ctx, "path", &raw.id);
        let provenance = provenance(ctx, &raw.id, raw.sources.as_ref(), raw.checked.as_ref());
        let status = match raw.status.get_ref().as_str() {
            "recognised" => {
                let on = match &raw.recognised_on {
                    Some(d) => to_date(d.get_ref()).map_err(|e| ctx.at(d.span(), e)).ok(),
                    None => {
                        ctx.at(
                            raw.status.span(),
                            "a recognised path needs `recognised_on` (the date of recognition)",
                        );
                        None
                    }
                };
                if raw.status_sources.is_empty() {
                    ctx.at(raw.status.span(), "a recognised path needs `status_sources` (where the recognition is published)");
                }
                match on {
                    Some(on) if !raw.status_sources.is_empty() => PathStatus::Recognised {
                        on,
                        sources: raw.status_sources.clone(),
                    },
                    _ => PathStatus::Modelled,
                }
            }
            "announced" => {
                if raw.status_sources.is_empty() {
                    ctx.at(
                        raw.status.span(),
                        "an announced path needs `status_sources` (where government named it)",
                    );
                }
                PathStatus::Announced {
                    sources: raw.status_sources.clone(),
                }
            }
            "modelled" => PathStatus::Modelled,
            other => {
                ctx.at(
                    raw.status.span(),
                    format!(
                        "path status \"{other}\" is not one of recognised, announced, modelled"
                    ),
                );
                PathStatus::Modelled
            }
        };
        if raw.recognised_on.is_some()
            && !matches!(status, PathStatus::Recognised { .. })
            && let Some(d) = &raw.recognised_on
            && raw.status.get_ref() != "recognised"
        {
            ctx.at(
                d.span(),
                "recognised_on is only for a path with status = \"recognised\"",
            );
        }
        let origin = ctx.origin(raw.id.span());
        let provenance = provenance.unwrap_or(Provenance {
            sources: Vec::new(),
            checked: Date::MIN,
        });
        self.paths.push((
            DevelopmentPath {
                id: raw.id.into_inner(),
                name: raw.name,
                sector: raw.sector,
                owners: raw.owners,
                description: raw.description,
                status,
                function_ids: Vec::new(),
                transitions: Vec::new(),
                provenance,
            },
            origin,
        ));
        Some(self.paths.len() - 1)
    }

    fn add_function(&mut self, ctx: &mut Ctx, raw: RawFunction, path: usize) {
        let before = ctx.problems.len();
        let ok = self.claim_id(ctx, "function", &raw.id);
        let provenance = provenance(ctx, &raw.id, raw.sources.as_ref(), raw.checked.as_ref());
        let isco = raw.isco.as_ref().and_then(|i| {
            Isco::parse(i.get_ref())
                .map_err(|e| ctx.at(i.span(), e))
                .ok()
        });
        let nlqf_level = level(ctx, &raw.id, raw.nlqf_level.as_ref());
        let hours_per_week = raw.hours_per_week.as_ref().and_then(|h| {
            let r = h.get_ref();
            let range = match (u8::try_from(r.min), u8::try_from(r.max)) {
                (Ok(min), Ok(max)) => HoursRange::new(min, max),
                _ => Err(format!(
                    "hours_per_week {}-{} should be 1-{} with min ≤ max",
                    r.min,
                    r.max,
                    HoursRange::MAX_HOURS
                )),
            };
            range.map_err(|message| ctx.at(h.span(), message)).ok()
        });
        let physical_load = raw
            .physical_load
            .as_ref()
            .and_then(|p| match p.get_ref().as_str() {
                "low" => Some(PhysicalLoad::Low),
                "medium" => Some(PhysicalLoad::Medium),
                "high" => Some(PhysicalLoad::High),
                other => {
                    ctx.at(
                        p.span(),
                        format!("physical_load \"{other}\" is not one of low, medium, high"),
                    );
                    None
                }
            });
        let dutch_level = cefr(ctx, raw.dutch_level.as_ref());
        let demand = raw.demand.as_ref().and_then(|d| {
            let span = d.span();
            let d = d.get_ref();
            if d.sources.is_empty() {
                ctx.at(span.clone(), "demand figures need their own sources");
                return None;
            }
            let checked = match &d.checked {
                Some(c) => to_date(c).map_err(|e| ctx.at(span.clone(), e)).ok()?,
                None => {
                    ctx.at(span.clone(), "demand needs a `checked` date");
                    return None;
                }
            };
            Some(Demand {
                indicator: d.indicator.clone(),
                value: d.value,
                region: d.region.clone(),
                provenance: Provenance {
                    sources: d.sources.clone(),
                    checked,
                },
            })
        });
        if !ok || ctx.problems.len() > before {
            return;
        }
        let (Some(provenance), Some(nlqf_level)) = (provenance, nlqf_level) else {
            return;
        };
        let origin = ctx.origin(raw.id.span());
        let (dev_path, _) = &mut self.paths[path];
        dev_path.function_ids.push(raw.id.get_ref().clone());
        self.functions.push((
            Function {
                id: raw.id.into_inner(),
                path_id: dev_path.id.clone(),
                title: raw.title,
                alt_titles: raw.alt_titles,
                isco,
                esco_uri: raw.esco_uri,
                nlqf_level,
                description: raw.description,
                tasks: raw.tasks,
                skills: raw.skills,
                hours_per_week,
                physical_load,
                driving_licence: raw.driving_licence,
                dutch_level,
                demand,
                provenance,
            },
            origin,
        ));
    }

    fn add_transition(&mut self, ctx: &mut Ctx, raw: RawTransition, path: usize) {
        let before = ctx.problems.len();
        let provenance = provenance(ctx, &raw.to, raw.sources.as_ref(), raw.checked.as_ref());
        let kind = match raw.kind.get_ref().as_str() {
            "instroom" => Some(TransitionKind::Instroom),
            "doorstroom" => Some(TransitionKind::Doorstroom),
            "overstap" => Some(TransitionKind::Overstap),
            other => {
                ctx.at(
                    raw.kind.span(),
                    format!(
                        "transition kind \"{other}\" is not one of instroom, doorstroom, overstap"
                    ),
                );
                None
            }
        };
        let membership = match raw.membership.get_ref().as_str() {
            "confirmed" => Some(Membership::Confirmed),
            "modelled" => Some(Membership::Modelled),
            other => {
                ctx.at(
                    raw.membership.span(),
                    format!("membership \"{other}\" is not one of confirmed, modelled"),
                );
                None
            }
        };
        match (kind, &raw.from) {
            (Some(TransitionKind::Instroom), Some(f)) => ctx.at(
                f.span(),
                "an instroom transition enters the path from outside: leave out `from`",
            ),
            (Some(TransitionKind::Doorstroom | TransitionKind::Overstap), None) => ctx.at(
                raw.kind.span(),
                format!(
                    "a {} transition needs `from` (the function it starts at)",
                    raw.kind.get_ref()
                ),
            ),
            _ => {}
        }
        let mut steps = Vec::new();
        let raw_steps = raw
            .steps
            .as_ref()
            .map(|s| s.get_ref().as_slice())
            .unwrap_or_default();
        if raw_steps.is_empty() {
            let span = raw.steps.as_ref().map_or(raw.to.span(), |s| s.span());
            ctx.at(
                span,
                "a transition needs at least one step with the course units that qualify",
            );
        }
        for step in raw_steps {
            let (ids, make): (&Vec<S<String>>, MakeStep) =
                match (&step.get_ref().all_of, &step.get_ref().one_of) {
                    (Some(ids), None) => (ids, Step::AllOf),
                    (None, Some(ids)) => (ids, Step::OneOf),
                    _ => {
                        ctx.at(
                            step.span(),
                            "a step is either { all_of = [...] } or { one_of = [...] }",
                        );
                        continue;
                    }
                };
            if ids.is_empty() {
                ctx.at(step.span(), "a step needs at least one course id");
                continue;
            }
            for id in ids {
                self.refs.push(Reference {
                    kind: "course",
                    id: id.get_ref().clone(),
                    origin: ctx.origin(id.span()),
                });
            }
            steps.push(make(ids.iter().map(|i| i.get_ref().clone()).collect()));
        }
        for end in raw.from.iter().chain(std::iter::once(&raw.to)) {
            self.refs.push(Reference {
                kind: "function",
                id: end.get_ref().clone(),
                origin: ctx.origin(end.span()),
            });
        }
        if ctx.problems.len() > before {
            return;
        }
        let (Some(kind), Some(membership), Some(provenance)) = (kind, membership, provenance)
        else {
            return;
        };
        let origin = ctx.origin(raw.to.span());
        self.transition_origins.push((path, origin));
        self.paths[path].0.transitions.push(Transition {
            kind,
            from: raw.from.map(S::into_inner),
            to: raw.to.into_inner(),
            membership,
            steps,
            provenance,
        });
    }

    fn check_references(&mut self) {
        let refs = std::mem::take(&mut self.refs);
        for r in &refs {
            if self.unreadable.contains(r.kind) {
                continue;
            }
            if !self.seen.contains_key(&(r.kind, r.id.clone())) {
                let hint = match r.kind {
                    "provider" => "paths/providers.toml or paths/offerings/",
                    "course" => "paths/courses/",
                    _ => "the [[function]] sections of paths/paths/",
                };
                self.problems.push(Problem {
                    file: r.origin.file.clone(),
                    line: r.origin.line,
                    message: format!("unknown {} \"{}\": no such id in {hint}", r.kind, r.id),
                });
            }
        }
        // A transition stays in its path unless it is an overstap.
        let function_path: HashMap<&str, &str> = self
            .functions
            .iter()
            .map(|(f, _)| (f.id.as_str(), f.path_id.as_str()))
            .collect();
        let mut transition_iter = self.transition_origins.iter();
        let mut problems = Vec::new();
        for (path, _) in &self.paths {
            for t in &path.transitions {
                let Some((_, origin)) = transition_iter.next() else {
                    break;
                };
                if t.kind == TransitionKind::Overstap {
                    continue;
                }
                for end in t.from.iter().chain(std::iter::once(&t.to)) {
                    if let Some(&other) = function_path.get(end.as_str())
                        && other != path.id
                    {
                        problems.push(Problem {
                                file: origin.file.clone(),
                                line: origin.line,
                                message: format!(
                                    "function \"{end}\" belongs to path \"{other}\": only an overstap may cross to another path"
                                ),
                            });
                    }
                }
            }
            if let Some(cycle) = find_cycle(path) {
                let (_, origin) = self
                    .paths
                    .iter()
                    .find(|(p, _)| p.id == path.id)
                    .map(|(_, o)| ((), o.clone()))
                    .unwrap_or((
                        (),
                        Origin {
                            file: String::new(),
                            line: 0,
                        },
                    ));
                problems.push(Problem {
                    file: origin.file,
                    line: origin.line,
                    message: format!("path \"{}\" has a cycle: {}", path.id, cycle.join(" → ")),
                });
            }
        }
        self.problems.extend(problems);
    }

    /// A function named after an mbo qualification (a course of kind `mbo_diploma` with the same
    /// title, in a transition into the function) has that qualification's level: an mbo
    /// qualification describes one occupation, and its level is the level of the work. The two
    /// records are written apart, so a level sourced later for the course used to leave the
    /// function at "unknown" (issue 10: `eerste-monteur-service-en-onderhoud-elektrotechniek`
    /// against course 25304). A function may know a level its course does not (sourced from a
    /// predecessor qualification of the same name); it may not lack or contradict the course's.
    fn check_function_levels(&mut self) {
        let courses: HashMap<&str, &Course> = self
            .courses
            .iter()
            .map(|(c, _)| (c.id.as_str(), c))
            .collect();
        let mut named_after: HashMap<&str, Vec<&Course>> = HashMap::new();
        for (path, _) in &self.paths {
            for t in &path.transitions {
                for id in t.course_ids() {
                    if let Some(&c) = courses.get(id)
                        && c.kind == CourseKind::MboDiploma
                    {
                        named_after.entry(t.to.as_str()).or_default().push(c);
                    }
                }
            }
        }
        let mut problems = Vec::new();
        for (f, origin) in &self.functions {
            let title = crate::text::fold(&f.title);
            let Some(list) = named_after.get(f.id.as_str()) else {
                continue;
            };
            let mut seen = HashSet::new();
            for c in list {
                if crate::text::fold(&c.title) != title || !seen.insert(c.id.as_str()) {
                    continue;
                }
                let Known::Known(level) = c.nlqf_level else {
                    continue;
                };
                let message = match f.nlqf_level {
                    Known::Known(own) if own == level => continue,
                    Known::Known(own) => format!(
                        "function \"{}\" has nlqf_level {own}, but course \"{}\" of the same name has level {level}: one of them is wrong",
                        f.id, c.id
                    ),
                    Known::Unknown => format!(
                        "function \"{}\" has nlqf_level \"unknown\", but course \"{}\" of the same name has level {level}: set the function's level to {level} and add the course's level source to its sources",
                        f.id, c.id
                    ),
                };
                problems.push(Problem {
                    file: origin.file.clone(),
                    line: origin.line,
                    message,
                });
            }
        }
        self.problems.extend(problems);
    }

    fn finish(self, synonyms: Vec<Vec<String>>) -> (Catalogue, Vec<Problem>) {
        let hash = format!("{:x}", self.hasher.finalize());
        let mut problems = self.problems;
        problems.sort();
        problems.dedup();
        let provider_ids: HashSet<&str> =
            self.providers.iter().map(|(p, _)| p.id.as_str()).collect();
        let offerings: Vec<Offering> = self
            .offerings
            .into_iter()
            .map(|(o, _)| o)
            .filter(|o| provider_ids.contains(o.provider_id.as_str()))
            .collect();
        let mut courses: Vec<Course> = self.courses.into_iter().map(|(c, _)| c).collect();
        // An offering names its provider: the course lists it like a `providers` entry.
        for c in &mut courses {
            for o in offerings.iter().filter(|o| o.course_id == c.id) {
                if !c.provider_ids.contains(&o.provider_id) {
                    c.provider_ids.push(o.provider_id.clone());
                }
            }
        }
        let catalogue = Catalogue::new(
            self.paths.into_iter().map(|(p, _)| p).collect(),
            self.functions.into_iter().map(|(f, _)| f).collect(),
            courses,
            self.providers.into_iter().map(|(p, _)| p).collect(),
            offerings,
            synonyms,
            hash,
        );
        (catalogue, problems)
    }
}

/// A cycle among the transitions inside one path (overstap edges to other paths are ignored),
/// as the list of function ids around it.
fn find_cycle(path: &DevelopmentPath) -> Option<Vec<String>> {
    let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
    for t in &path.transitions {
        if let Some(from) = &t.from {
            edges.entry(from.as_str()).or_default().push(t.to.as_str());
        }
    }
    let mut nodes: Vec<&str> = edges.keys().copied().collect();
    nodes.sort();
    let mut done: HashSet<&str> = HashSet::new();
    for start in nodes {
        let mut stack: Vec<&str> = Vec::new();
        if let Some(cycle) = dfs(start, &edges, &mut stack, &mut done) {
            return Some(cycle);
        }
    }
    None
}

fn dfs<'a>(
    node: &'a str,
    edges: &HashMap<&'a str, Vec<&'a str>>,
    stack: &mut Vec<&'a str>,
    done: &mut HashSet<&'a str>,
) -> Option<Vec<String>> {
    if let Some(pos) = stack.iter().position(|n| *n == node) {
        let mut cycle: Vec<String> = stack[pos..].iter().map(|s| (*s).to_owned()).collect();
        cycle.push(node.to_owned());
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    stack.push(node);
    for next in edges.get(node).into_iter().flatten() {
        if let Some(cycle) = dfs(next, edges, stack, done) {
            return Some(cycle);
        }
    }
    stack.pop();
    done.insert(node);
    None
}
