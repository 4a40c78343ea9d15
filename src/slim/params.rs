//! The regulation's parameters (`paths/slim/parameters.toml`): dated values, each with sources.
//!
//! Read in two stages: serde parses the file (syntax, unknown keys, types), then a validator
//! checks what serde cannot (window order, periods, source names) and reports every problem
//! with its line.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::{Date, PrimitiveDateTime};
use toml::Spanned;
use toml::value::Datetime;

use super::{Rate, RateSource, SlimError};
use crate::catalog::{NlqfLevel, Problem};

type S<T> = Spanned<T>;

// The raw file. Some keys (`about`, `wording`, `note`, names, budgets) are for people reading the
// file: they are parsed, so a misspelt key is an error, but no rule reads them.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(rename = "source")]
    sources: Vec<S<RawSource>>,
    regulation: S<RawRegulation>,
    earliest_start: S<RawDateRule>,
    start_after_application: S<RawWeeksRule>,
    completion: S<RawDateRule>,
    participant_costs: S<RawParticipantCosts>,
    eligible_costs: S<RawEligibleCosts>,
    maximum_per_person: S<RawNotFound>,
    allocation: S<RawNotFound>,
    #[serde(rename = "applicant")]
    applicants: Vec<S<RawApplicant>>,
    no_route: S<RawNoRoute>,
    #[serde(rename = "window_period")]
    periods: Vec<S<RawPeriod>>,
    #[serde(rename = "window")]
    windows: Vec<S<RawWindow>>,
    collectives: S<RawCollectives>,
    rate: S<RawRate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    address: String,
    about: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // some keys are for readers only (see above)
struct RawRegulation {
    name_nl: String,
    name_en: String,
    citation: String,
    executed_by: String,
    valid_until: S<Datetime>,
    budget_eur: u64,
    budget_note: String,
    sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // some keys are for readers only (see above)
struct RawDateRule {
    date: S<Datetime>,
    wording: String,
    sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // some keys are for readers only (see above)
struct RawWeeksRule {
    max_weeks: u32,
    wording: String,
    sources: S<Vec<String>>,
    earlier_start: S<RawEarlierStart>,
}

/// Whether the course may start before the application (within its subsidiable period).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // some keys are for readers only (see above)
struct RawEarlierStart {
    allowed: bool,
    wording: String,
    sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // some keys are for readers only (see above)
struct RawParticipantCosts {
    max_eur: f64,
    wording: String,
    sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEligibleCosts {
    nl: Vec<String>,
    en: Vec<String>,
    sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotFound {
    found: bool,
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // some keys are for readers only (see above)
struct RawApplicant {
    who: S<String>,
    valid_from: S<Datetime>,
    note: Option<String>,
    sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // some keys are for readers only (see above)
struct RawNoRoute {
    who: Vec<String>,
    note: String,
    sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    year: i32,
    published: bool,
    note_nl: Option<String>,
    note_en: Option<String>,
    note_until: Option<S<Datetime>>,
    passed_nl: Option<String>,
    passed_en: Option<String>,
    sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    applicants: Vec<String>,
    opens: S<Datetime>,
    closes: S<Datetime>,
    budget_eur: u64,
    sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // some keys are for readers only (see above)
struct RawCollectives {
    valid_from: S<Datetime>,
    budget_eur: u64,
    windows_found: bool,
    note: String,
    sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // some keys are for readers only (see above)
struct RawRate {
    valid_from: S<Datetime>,
    sources: S<Vec<String>>,
    note: String,
    claim: Vec<S<RawClaim>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    source: S<String>,
    nlqf_from: S<i64>,
    nlqf_to: Option<S<i64>>,
    rate_pct: S<u8>,
}

/// An application window: a published period in which an employer can apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Who may apply in it (`employer`, `gastouderbureau`).
    pub applicants: Vec<String>,
    /// Opening moment, Dutch local time.
    pub opens: PrimitiveDateTime,
    /// Closing moment, Dutch local time.
    pub closes: PrimitiveDateTime,
    /// The budget for the window, in euros.
    pub budget_eur: u64,
    /// Where the window is published.
    pub sources: Vec<String>,
}

impl Window {
    /// Whether an application on `day` falls in the window (opening and closing days count).
    pub fn contains(&self, day: Date) -> bool {
        self.opens.date() <= day && day <= self.closes.date()
    }
}

/// A year for which windows are published, or explicitly not published yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowPeriod {
    /// The calendar year.
    pub year: i32,
    /// Whether the year's windows are published (and listed as [`Window`]s).
    pub published: bool,
    /// What is expected but unconfirmed, in Dutch; never a window.
    pub note_nl: Option<String>,
    /// The same in English.
    pub note_en: Option<String>,
    /// The last day the note is an expectation; after it the `passed_*` text is shown instead.
    pub note_until: Option<Date>,
    /// What to say once the expected date has passed, in Dutch.
    pub passed_nl: Option<String>,
    /// The same in English.
    pub passed_en: Option<String>,
    /// The sources that do (or do not yet) publish the windows.
    pub sources: Vec<String>,
}

impl WindowPeriod {
    /// The note as of `today`, (Dutch, English): the expectation until its date, then the text
    /// saying that the date has passed, so that a past expectation is never shown as one.
    pub fn note_on(&self, today: Date) -> (Option<&str>, Option<&str>) {
        match self.note_until {
            Some(until) if today > until => (self.passed_nl.as_deref(), self.passed_en.as_deref()),
            _ => (self.note_nl.as_deref(), self.note_en.as_deref()),
        }
    }
}

/// One source's rate for a band of NLQF levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateClaim {
    /// The source's address.
    pub source: String,
    /// The lowest level of the band.
    pub nlqf_from: u8,
    /// `None` for an open band such as "NLQF 3+".
    pub nlqf_to: Option<u8>,
    /// The rate the source gives for the band.
    pub rate_pct: u8,
}

impl RateClaim {
    fn covers(&self, level: u8) -> bool {
        self.nlqf_from <= level && self.nlqf_to.is_none_or(|to| level <= to)
    }

    fn applies_to(&self) -> String {
        match self.nlqf_to {
            None => format!("NLQF {}+", self.nlqf_from),
            Some(to) if to == self.nlqf_from => format!("NLQF {to}"),
            Some(to) => format!("NLQF {}–{to}", self.nlqf_from),
        }
    }
}

/// A value with the sources that state it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sourced<T> {
    pub value: T,
    pub sources: Vec<String>,
}

/// The SLIM parameters, parsed and validated; see `paths/slim/parameters.toml`.
#[derive(Debug, Clone)]
pub struct Parameters {
    file_name: String,
    version: String,
    executed_by: String,
    regulation_sources: Vec<String>,
    /// The last day of this part of SLIM (it expires the day after).
    pub(crate) regulation_valid_until: Date,
    pub(crate) earliest_start: Sourced<Date>,
    pub(crate) max_weeks_after_application: Sourced<u32>,
    /// Whether a start before the application is allowed (within the subsidiable period).
    pub(crate) earlier_start_allowed: Sourced<bool>,
    pub(crate) last_completion_day: Sourced<Date>,
    pub(crate) participant_max_eur: Sourced<f64>,
    eligible_costs_nl: Vec<String>,
    eligible_costs_en: Vec<String>,
    maximum_per_person_found: bool,
    pub(crate) applicant_sources: Vec<String>,
    pub(crate) no_route: Sourced<Vec<String>>,
    periods: Vec<WindowPeriod>,
    windows: Vec<Window>,
    rate_valid_from: Date,
    rate_sources: Vec<String>,
    rate_claims: Vec<RateClaim>,
}

impl Parameters {
    /// Reads and validates a parameters file; problems name the file and line.
    pub fn load(path: &Path) -> Result<Parameters, SlimError> {
        // Receipts and problems name "slim/parameters.toml", not where the server keeps it.
        let name = match (path.parent().and_then(Path::file_name), path.file_name()) {
            (Some(dir), Some(file)) => {
                format!("{}/{}", dir.to_string_lossy(), file.to_string_lossy())
            }
            _ => path.display().to_string(),
        };
        let text = std::fs::read_to_string(path).map_err(|source| SlimError::Read {
            file: path.display().to_string(),
            source,
        })?;
        Parameters::from_str(&text, &name)
    }

    /// Parses parameters from text; `name` is the file name used in problems and receipts.
    pub fn from_str(text: &str, name: &str) -> Result<Parameters, SlimError> {
        let lines = Lines::new(text);
        let raw: RawFile = toml::from_str(text).map_err(|e| SlimError::Parameters {
            problems: vec![Problem {
                file: name.to_owned(),
                line: e.span().map_or(0, |s| lines.line_of(s.start)),
                message: e.message().to_owned(),
            }],
        })?;
        let mut v = Validator {
            file: name,
            lines: &lines,
            problems: Vec::new(),
            known_sources: HashSet::new(),
        };
        let params = v.validate(raw, name, text);
        match params {
            Some(p) if v.problems.is_empty() => Ok(p),
            _ => Err(SlimError::Parameters {
                problems: v.problems,
            }),
        }
    }

    /// SHA-256 (hex) of the parameters file: the rules version in every receipt.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The file name the parameters were read from.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// Who decides on applications.
    pub fn executed_by(&self) -> &str {
        &self.executed_by
    }

    /// The published application windows, in time order.
    pub fn windows(&self) -> &[Window] {
        &self.windows
    }

    /// The years with windows published, or explicitly not published yet.
    pub fn periods(&self) -> &[WindowPeriod] {
        &self.periods
    }

    /// The sources of the general rates.
    pub fn rate_sources(&self) -> &[String] {
        &self.rate_sources
    }

    /// What the rates per NLQF band rest on, source by source.
    pub fn rate_claims(&self) -> &[RateClaim] {
        &self.rate_claims
    }

    /// The regulation's sources (legal basis first).
    pub fn regulation_sources(&self) -> &[String] {
        &self.regulation_sources
    }

    /// The eligible cost items, in Dutch and English.
    pub fn eligible_costs(&self) -> (&[String], &[String]) {
        (&self.eligible_costs_nl, &self.eligible_costs_en)
    }

    /// Whether a source gives a maximum per person (today: no).
    pub fn maximum_per_person_found(&self) -> bool {
        self.maximum_per_person_found
    }

    /// The first day on or after `today` inside a published window; `None` if none lies ahead.
    ///
    /// Days, not moments: on a window's last day it closes at 17:00, so that day still counts.
    pub fn next_application_date(&self, today: Date) -> Option<Date> {
        self.windows
            .iter()
            .find(|w| w.closes.date() >= today)
            .map(|w| w.opens.date().max(today))
    }

    /// The window period (year) a day falls in, if the parameters name one.
    pub fn period_of(&self, day: Date) -> Option<&WindowPeriod> {
        self.periods.iter().find(|p| p.year == day.year())
    }

    /// The rate for a course: its own published rate wins; else the sources' rates for its level
    /// valid on `on`, exact where all sources agree, a range where they differ or one is silent.
    pub fn rate(&self, level: Option<u8>, course_rate: Option<u8>, on: Date) -> Rate {
        if let Some(pct) = course_rate {
            return Rate::Exact(pct);
        }
        let Some(level) = level else {
            return Rate::Unknown;
        };
        if on < self.rate_valid_from {
            return Rate::Unknown;
        }
        let said: Vec<RateSource> = self
            .rate_sources
            .iter()
            .map(|source| {
                let claim = self
                    .rate_claims
                    .iter()
                    .find(|c| &c.source == source && c.covers(level));
                RateSource {
                    source: source.clone(),
                    rate_pct: claim.map(|c| c.rate_pct),
                    applies_to: claim
                        .map_or_else(|| format!("NLQF {level}"), RateClaim::applies_to),
                }
            })
            .collect();
        let pcts: Vec<u8> = said.iter().filter_map(|s| s.rate_pct).collect();
        let (Some(&min), Some(&max)) = (pcts.iter().min(), pcts.iter().max()) else {
            return Rate::Unknown;
        };
        if min == max && pcts.len() == said.len() {
            Rate::Exact(min)
        } else {
            Rate::Range {
                min,
                max,
                sources: said,
            }
        }
    }
}

/// Byte offsets → 1-based line numbers.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

struct Validator<'a> {
    file: &'a str,
    lines: &'a Lines,
    problems: Vec<Problem>,
    known_sources: HashSet<String>,
}

/// Who may appear as an applicant in the file.
const APPLICANT_KINDS: [&str; 3] = ["employer", "gastouderbureau", "collective"];

impl Validator<'_> {
    fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line: self.lines.line_of(span.start),
            message: message.into(),
        });
    }

    /// Every value names at least one source, and only sources listed under `[[source]]`.
    fn sources(&mut self, sources: &S<Vec<String>>) -> Vec<String> {
        if sources.get_ref().is_empty() {
            self.at(
                sources.span(),
                "`sources` is empty: every value names where it comes from",
            );
        }
        for s in sources.get_ref() {
            if !self.known_sources.contains(s) {
                self.at(
                    sources.span(),
                    format!("source \"{s}\" is not listed under [[source]]"),
                );
            }
        }
        sources.get_ref().clone()
    }

    fn date(&mut self, d: &S<Datetime>) -> Option<Date> {
        match (d.get_ref().date, d.get_ref().time, d.get_ref().offset) {
            (Some(date), None, None) => {
                let made = time::Month::try_from(date.month)
                    .ok()
                    .and_then(|m| Date::from_calendar_date(i32::from(date.year), m, date.day).ok());
                if made.is_none() {
                    self.at(d.span(), format!("{} is not a valid date", d.get_ref()));
                }
                made
            }
            _ => {
                self.at(
                    d.span(),
                    format!("{} should be a plain date like 2025-02-28", d.get_ref()),
                );
                None
            }
        }
    }

    /// A local date and time (Dutch time, no offset), like `2025-03-10T09:00:00`.
    fn moment(&mut self, d: &S<Datetime>) -> Option<PrimitiveDateTime> {
        let dt = d.get_ref();
        let (Some(date), Some(t), None) = (dt.date, dt.time, dt.offset) else {
            self.at(
                d.span(),
                format!("{dt} should be a local date and time like 2025-03-10T09:00:00"),
            );
            return None;
        };
        let made = time::Month::try_from(date.month)
            .ok()
            .and_then(|m| Date::from_calendar_date(i32::from(date.year), m, date.day).ok())
            .and_then(|day| {
                time::Time::from_hms(t.hour, t.minute, t.second)
                    .ok()
                    .map(|time| PrimitiveDateTime::new(day, time))
            });
        if made.is_none() {
            self.at(d.span(), format!("{dt} is not a valid date and time"));
        }
        made
    }

    fn validate(&mut self, raw: RawFile, name: &str, text: &str) -> Option<Parameters> {
        for s in &raw.sources {
            let src = s.get_ref();
            if src.address.trim().is_empty() || src.about.trim().is_empty() {
                self.at(s.span(), "a [[source]] needs an `address` and an `about`");
            }
            if !self.known_sources.insert(src.address.clone()) {
                self.at(
                    s.span(),
                    format!("source \"{}\" is listed twice", src.address),
                );
            }
        }

        let reg = raw.regulation.get_ref();
        let regulation_sources = self.sources(&reg.sources);
        let valid_until = self.date(&reg.valid_until);

        let earliest = raw.earliest_start.get_ref();
        let earliest_start = self.date(&earliest.date);
        let earliest_sources = self.sources(&earliest.sources);

        let weeks = raw.start_after_application.get_ref();
        if weeks.max_weeks == 0 {
            self.at(
                raw.start_after_application.span(),
                "`max_weeks` must be more than 0",
            );
        }
        let weeks_sources = self.sources(&weeks.sources);
        let earlier = weeks.earlier_start.get_ref();
        let earlier_sources = self.sources(&earlier.sources);

        let completion = raw.completion.get_ref();
        let last_day = self.date(&completion.date);
        let completion_sources = self.sources(&completion.sources);
        if let (Some(last), Some(until)) = (last_day, valid_until)
            && last > until
        {
            self.at(
                completion.date.span(),
                "the last completion day lies after the regulation's `valid_until`",
            );
        }

        let costs = raw.participant_costs.get_ref();
        if !(costs.max_eur.is_finite() && costs.max_eur >= 0.0) {
            self.at(raw.participant_costs.span(), "`max_eur` must be 0 or more");
        }
        let costs_sources = self.sources(&costs.sources);

        let eligible = raw.eligible_costs.get_ref();
        if eligible.nl.is_empty() || eligible.nl.len() != eligible.en.len() {
            self.at(
                raw.eligible_costs.span(),
                "`nl` and `en` must list the same eligible cost items",
            );
        }
        self.sources(&eligible.sources);

        for not_found in [&raw.maximum_per_person, &raw.allocation] {
            if not_found.get_ref().note.trim().is_empty() {
                self.at(not_found.span(), "`note` must say what was (not) found");
            }
        }

        let mut applicant_sources = Vec::new();
        for a in &raw.applicants {
            let who = a.get_ref().who.get_ref();
            if !APPLICANT_KINDS.contains(&who.as_str()) {
                self.at(
                    a.get_ref().who.span(),
                    format!(
                        "applicant \"{who}\" is not one of {}",
                        APPLICANT_KINDS.join(", ")
                    ),
                );
            }
            self.date(&a.get_ref().valid_from);
            for s in self.sources(&a.get_ref().sources) {
                if !applicant_sources.contains(&s) {
                    applicant_sources.push(s);
                }
            }
        }
        let no_route = raw.no_route.get_ref();
        let no_route_sources = self.sources(&no_route.sources);

        let collectives = raw.collectives.get_ref();
        self.date(&collectives.valid_from);
        self.sources(&collectives.sources);

        let mut periods: Vec<WindowPeriod> = Vec::new();
        for p in &raw.periods {
            let rp = p.get_ref();
            if periods.iter().any(|q| q.year == rp.year) {
                self.at(
                    p.span(),
                    format!("window period {} is listed twice", rp.year),
                );
            }
            let sources = self.sources(&rp.sources);
            let note_until = rp.note_until.as_ref().and_then(|d| self.date(d));
            if rp.note_until.is_some() && (rp.passed_nl.is_none() || rp.passed_en.is_none()) {
                self.at(
                    p.span(),
                    "a window period with `note_until` needs `passed_nl` and `passed_en` (what to say once the date has passed)",
                );
            }
            periods.push(WindowPeriod {
                year: rp.year,
                published: rp.published,
                note_nl: rp.note_nl.clone(),
                note_en: rp.note_en.clone(),
                note_until,
                passed_nl: rp.passed_nl.clone(),
                passed_en: rp.passed_en.clone(),
                sources,
            });
        }
        periods.sort_by_key(|p| p.year);

        let mut windows: Vec<(Window, Range<usize>)> = Vec::new();
        for w in &raw.windows {
            let rw = w.get_ref();
            let sources = self.sources(&rw.sources);
            for a in &rw.applicants {
                if !APPLICANT_KINDS.contains(&a.as_str()) {
                    self.at(w.span(), format!("window applicant \"{a}\" is not known"));
                }
            }
            let (Some(opens), Some(closes)) = (self.moment(&rw.opens), self.moment(&rw.closes))
            else {
                continue;
            };
            if closes <= opens {
                self.at(rw.closes.span(), "a window must close after it opens");
            }
            // A window belongs to a year whose windows are published; never to an unpublished one.
            match periods.iter().find(|p| p.year == opens.year()) {
                Some(p) if p.published => {}
                Some(_) => self.at(
                    w.span(),
                    format!(
                        "window in {}, but [[window_period]] year = {} says windows are not published",
                        opens.year(),
                        opens.year()
                    ),
                ),
                None => self.at(
                    w.span(),
                    format!(
                        "window in {}, but no [[window_period]] for that year",
                        opens.year()
                    ),
                ),
            }
            windows.push((
                Window {
                    applicants: rw.applicants.clone(),
                    opens,
                    closes,
                    budget_eur: rw.budget_eur,
                    sources,
                },
                w.span(),
            ));
        }
        windows.sort_by_key(|(w, _)| w.opens);
        for pair in windows.windows(2) {
            if pair[1].0.opens <= pair[0].0.closes {
                self.at(pair[1].1.clone(), "this window overlaps the one before it");
            }
        }
        for p in raw.periods.iter().filter(|p| p.get_ref().published) {
            let year = p.get_ref().year;
            if !windows.iter().any(|(w, _)| w.opens.year() == year) {
                self.at(
                    p.span(),
                    format!("year {year} is marked published but has no [[window]]"),
                );
            }
        }

        let rate = raw.rate.get_ref();
        let rate_valid_from = self.date(&rate.valid_from);
        let rate_sources = self.sources(&rate.sources);
        let mut rate_claims = Vec::new();
        for c in &rate.claim {
            let rc = c.get_ref();
            if !rate_sources.contains(rc.source.get_ref()) {
                self.at(
                    rc.source.span(),
                    format!(
                        "claim source \"{}\" is not in [rate] sources",
                        rc.source.get_ref()
                    ),
                );
            }
            let from = self.level(&rc.nlqf_from);
            let to = rc.nlqf_to.as_ref().and_then(|t| self.level(t));
            if let (Some(f), Some(t)) = (from, to)
                && t < f
            {
                self.at(c.span(), "`nlqf_to` is below `nlqf_from`");
            }
            if *rc.rate_pct.get_ref() > 100 {
                self.at(rc.rate_pct.span(), "a rate is at most 100 percent");
            }
            if let Some(from) = from {
                rate_claims.push(RateClaim {
                    source: rc.source.get_ref().clone(),
                    nlqf_from: from,
                    nlqf_to: to,
                    rate_pct: *rc.rate_pct.get_ref(),
                });
            }
        }
        // Two claims of one source on the same level would make the rate ambiguous.
        for level in 1..=8u8 {
            for s in &rate_sources {
                let n = rate_claims
                    .iter()
                    .filter(|c| &c.source == s && c.covers(level))
                    .count();
                if n > 1 {
                    self.at(
                        raw.rate.span(),
                        format!("{s} has more than one claim for NLQF {level}"),
                    );
                }
            }
        }

        Some(Parameters {
            file_name: name.to_owned(),
            version: hex_sha256(text.as_bytes()),
            executed_by: reg.executed_by.clone(),
            regulation_sources,
            regulation_valid_until: valid_until?,
            earliest_start: Sourced {
                value: earliest_start?,
                sources: earliest_sources,
            },
            max_weeks_after_application: Sourced {
                value: weeks.max_weeks,
                sources: weeks_sources,
            },
            earlier_start_allowed: Sourced {
                value: earlier.allowed,
                sources: earlier_sources,
            },
            last_completion_day: Sourced {
                value: last_day?,
                sources: completion_sources,
            },
            participant_max_eur: Sourced {
                value: costs.max_eur,
                sources: costs_sources,
            },
            eligible_costs_nl: eligible.nl.clone(),
            eligible_costs_en: eligible.en.clone(),
            maximum_per_person_found: raw.maximum_per_person.get_ref().found,
            applicant_sources,
            no_route: Sourced {
                value: no_route.who.clone(),
                sources: no_route_sources,
            },
            periods,
            windows: windows.into_iter().map(|(w, _)| w).collect(),
            rate_valid_from: rate_valid_from?,
            rate_sources,
            rate_claims,
        })
    }

    fn level(&mut self, n: &S<i64>) -> Option<u8> {
        match NlqfLevel::new(*n.get_ref()) {
            Ok(l) => Some(l.get()),
            Err(e) => {
                self.at(n.span(), e);
                None
            }
        }
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
