//! SLIM eligibility as rules-as-code: may a course in a development path get the SLIM training
//! subsidy ("tot sectorale ontwikkelpaden behorende scholing", Stcrt. 2025, 7276)?
//!
//! Three parts, each in its own file:
//! - [`Parameters`] (`params.rs`): the regulation's dated facts, read from
//!   `paths/slim/parameters.toml`, every value with its sources.
//! - [`Case`] (`case.rs`): one course and one person's situation, as a counsellor enters it.
//! - the rules (`rules.rs`): one function per criterion, each next to the source it implements.
//!
//! [`evaluate`] combines them into an [`Eligibility`] with a [`Receipt`]. It does no I/O and reads
//! no clock: `today` is an argument, so a result can be reproduced from its receipt. Nothing here
//! reads the catalogue; the caller turns a catalogue course into a [`Case`].
//!
//! Every result is indicative, never a decision: Uitvoering van Beleid SZW decides.

mod case;
mod params;
mod rules;
mod text;

pub use case::{
    Case, CaseCourse, MembershipInput, PathStatusInput, Situation, parse_case, parse_case_value,
};
pub use params::{Parameters, RateClaim, Window, WindowPeriod};
pub use text::{day_in_words, render_text};

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::base::FieldError;
use crate::catalog::{Cents, Problem};
use crate::messages::Lang;

/// Why parameters or a case could not be read; every variant names the file or the field.
#[derive(Debug, thiserror::Error)]
pub enum SlimError {
    /// The parameters file could not be read from disk.
    #[error("{file}: cannot read the SLIM parameters: {source}")]
    Read {
        /// The path as given.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The parameters file has problems, each with its line.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Parameters {
        /// Every problem found, in file order.
        problems: Vec<Problem>,
    },
    /// The case has problems, each naming its field.
    #[error("the case is not valid: {}", case_problems(problems))]
    Case {
        /// One problem per bad field: the field's path (`course.nlqf_level`) and why.
        problems: Vec<FieldError>,
    },
}

/// Case problems as one sentence: "`path_status` is missing; `course.rate_pct`: 120 is more …".
/// A case's field problems in one line (`field` message; …), as the `Case` error states them.
pub fn case_problems(problems: &[FieldError]) -> String {
    problems
        .iter()
        .map(|p| match p.message.starts_with("is ") {
            true => format!("`{}` {}", p.field, p.message),
            false => format!("`{}`: {}", p.field, p.message),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The combined outcome of all criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every criterion is met: the course can possibly get the subsidy.
    PossiblyEligible,
    /// No criterion fails, but at least one needs checking.
    InsufficientInformation,
    /// At least one criterion is not met.
    NotEligible,
}

/// The outcome of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The facts given meet the rule.
    Met,
    /// The facts given break the rule.
    NotMet,
    /// A fact is missing or no source confirms it; `check` says what to check and where.
    Unknown,
    /// The facts are known, but a person must judge or arrange something.
    NeedsAssessment,
}

/// Which rule a criterion is; every [`Eligibility`] lists them in this order.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CriterionId {
    /// The development path is recognised.
    RecognisedPath,
    /// The course belongs to the path.
    CourseInPath,
    /// The course has an NLQF level.
    NlqfLevel,
    /// The course can be combined with paid work.
    WorkAndLearn,
    /// Not bought or started before the regulation's start date.
    NotBeforeStartDate,
    /// Starts within 13 weeks after the application.
    #[serde(rename = "start_within_13_weeks")]
    #[strum(serialize = "start_within_13_weeks")]
    StartWithin13Weeks,
    /// Completed before the regulation ends.
    CompletedBeforeEnd,
    /// The participant pays nothing.
    NoParticipantCosts,
    /// Applied for inside a published window.
    ApplicationWindow,
    /// Someone who may apply exists.
    Applicant,
}

impl CriterionId {
    /// The id as written in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One rule applied to the case, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Criterion {
    /// Which rule.
    pub id: CriterionId,
    /// How the case fares against the rule.
    pub outcome: Outcome,
    /// Why, in plain words (Dutch at B1, or English), in the answer's language.
    pub text: String,
    /// What to check and where, when the outcome is not settled.
    pub check: Option<String>,
    /// Where the rule comes from: the regulation and the pages that state it.
    pub reference: Vec<String>,
}

/// The subsidy rate in percent: one figure, a range where sources disagree, or unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rate {
    /// All sources agree, or the course's own publication states it.
    Exact(u8),
    /// Sources differ (or some are silent): the lowest and highest figure, with who says what.
    Range {
        /// The lowest figure any source gives.
        min: u8,
        /// The highest figure any source gives.
        max: u8,
        /// What each rate source says for this level.
        sources: Vec<RateSource>,
    },
    /// The NLQF level is not known, so no rate can be shown.
    Unknown,
}

/// What one source says about the rate for a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RateSource {
    /// The source's address.
    pub source: String,
    /// null when this source states no rate for the level.
    pub rate_pct: Option<u8>,
    /// The levels the source's figure is stated for, e.g. "NLQF 3+"; the course's level ("NLQF 6")
    /// when the source states no rate for it.
    pub applies_to: String,
}

impl JsonSchema for Rate {
    fn schema_name() -> Cow<'static, str> {
        "Rate".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let sources = generator.subschema_for::<Vec<RateSource>>();
        json_schema!({
            "description": "The subsidy rate in percent: a number when sources agree, {min, max, sources} where they differ, null when the level is unknown.",
            "oneOf": [
                {"type": "integer", "minimum": 0, "maximum": 100},
                {
                    "type": "object",
                    "properties": {
                        "min": {"type": "integer", "minimum": 0, "maximum": 100},
                        "max": {"type": "integer", "minimum": 0, "maximum": 100},
                        "sources": sources
                    },
                    "required": ["min", "max", "sources"],
                    "additionalProperties": false
                },
                {"type": "null"}
            ]
        })
    }
}

impl Serialize for Rate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Rate::Exact(pct) => s.serialize_u8(*pct),
            Rate::Range { min, max, sources } => {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("min", min)?;
                m.serialize_entry("max", max)?;
                m.serialize_entry("sources", sources)?;
                m.end()
            }
            Rate::Unknown => s.serialize_none(),
        }
    }
}

/// The JSON forms of [`Rate`], read back.
#[derive(Deserialize)]
#[serde(untagged)]
enum RateJson {
    Exact(u8),
    Range {
        min: u8,
        max: u8,
        sources: Vec<RateSource>,
    },
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rate, D::Error> {
        Ok(match Option::<RateJson>::deserialize(d)? {
            Some(RateJson::Exact(p)) => Rate::Exact(p),
            Some(RateJson::Range { min, max, sources }) => Rate::Range { min, max, sources },
            None => Rate::Unknown,
        })
    }
}

/// An indicative amount: one figure, or a range when the rate is a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountOrRange {
    /// One amount.
    Exact(Cents),
    /// Lowest and highest amount.
    Range {
        /// At the lowest rate.
        min: Cents,
        /// At the highest rate.
        max: Cents,
    },
}

impl JsonSchema for AmountOrRange {
    fn schema_name() -> Cow<'static, str> {
        "AmountOrRange".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Euros: one amount, or {min, max} when the rate is a range.",
            "oneOf": [
                {"type": "number"},
                {
                    "type": "object",
                    "properties": {"min": {"type": "number"}, "max": {"type": "number"}},
                    "required": ["min", "max"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl Serialize for AmountOrRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Euros with cents as a JSON number, like the case's `cost_eur`.
        let euros = |c: Cents| c.as_euros_f64();
        match self {
            AmountOrRange::Exact(c) => s.serialize_f64(euros(*c)),
            AmountOrRange::Range { min, max } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("min", &euros(*min))?;
                m.serialize_entry("max", &euros(*max))?;
                m.end()
            }
        }
    }
}

/// The JSON forms of [`AmountOrRange`] (euros), read back to the cent.
#[derive(Deserialize)]
#[serde(untagged)]
enum AmountJson {
    Exact(f64),
    Range { min: f64, max: f64 },
}

impl<'de> Deserialize<'de> for AmountOrRange {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<AmountOrRange, D::Error> {
        let cents = |e: f64| Cents::from_euros(e).map_err(serde::de::Error::custom);
        Ok(match AmountJson::deserialize(d)? {
            AmountJson::Exact(e) => AmountOrRange::Exact(cents(e)?),
            AmountJson::Range { min, max } => AmountOrRange::Range {
                min: cents(min)?,
                max: cents(max)?,
            },
        })
    }
}

/// Who applies for the subsidy.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ApplicantKind {
    /// The person's employer.
    Employer,
    /// A future employer (the person has none now).
    FutureEmployer,
    /// Unknown situation: the current or a future employer.
    EmployerOrFutureEmployer,
    /// No way to apply was found (self-employed).
    NoneFound,
}

/// Who can apply for this person: always an organisation, never the person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Applicant {
    /// Who applies.
    pub who: ApplicantKind,
    /// Who applies, in the answer's language.
    pub text: String,
}

/// An input that `evaluate` filled in with a default.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DefaultInput {
    /// The next moment a published window is open.
    ApplicationDate,
    /// The application day.
    StartDate,
}

/// How a result was reached: enough to reproduce it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Receipt {
    /// SHA-256 of the parameters file: changes whenever a rule's data changes.
    pub rules_version: String,
    /// The `today` the evaluation used.
    #[schemars(with = "crate::base::schema::IsoDate")]
    pub evaluated_on: Date,
    /// The case as evaluated, with defaults filled in.
    pub inputs: Case,
    /// Which inputs were filled in by a default.
    pub defaults_used: Vec<DefaultInput>,
    /// The name of the parameters file.
    pub parameters_file: String,
}

/// The SLIM result for a case: indicative, never a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Eligibility {
    /// All criteria combined.
    pub status: Status,
    /// One entry per rule, always in the order of [`CriterionId`].
    pub criteria: Vec<Criterion>,
    /// The subsidy rate for the course's level (or its own published rate).
    pub rate_pct: Rate,
    /// Rate × the course's cost; null when cost or rate is unknown or the course is not eligible.
    pub amount_eur: Option<AmountOrRange>,
    /// Who can apply for this person.
    pub applicant: Applicant,
    /// Says "indicative, not a decision", who decides, and what the rate rests on.
    pub note: String,
    /// How the result was reached.
    pub receipt: Receipt,
}

/// Applies every rule to `case` as of `today`, with texts in `lang`. Pure: no I/O, no clock.
pub fn evaluate(params: &Parameters, case: &Case, today: Date, lang: Lang) -> Eligibility {
    // Defaults: apply at the next moment a published window is open; start on the application day.
    let mut defaults_used = Vec::new();
    let application = case.application_date.or_else(|| {
        let next = params.next_application_date(today);
        if next.is_some() {
            defaults_used.push(DefaultInput::ApplicationDate);
        }
        next
    });
    let start = case.start_date.or_else(|| {
        if application.is_some() {
            defaults_used.push(DefaultInput::StartDate);
        }
        application
    });
    let inputs = Case {
        application_date: application,
        start_date: start,
        ..case.clone()
    };

    let rules = rules::all(params, &inputs, today);
    let status = combine_outcomes(rules.iter().map(rules::Rule::outcome));
    let criteria: Vec<Criterion> = rules.into_iter().map(|r| r.in_lang(lang)).collect();

    // Rates are dated: use those valid on the application day (or today, if there is none).
    let rate = params.rate(
        case.course.nlqf_level,
        case.course.rate_pct,
        application.unwrap_or(today),
    );
    let amount = if status == Status::NotEligible {
        // No amount for a course the rules exclude: a figure would read like a promise.
        None
    } else {
        amount(&rate, case.course.cost_eur)
    };
    let applicant = rules::applicant_for(case.situation, lang);
    let note = text::notes(params, &rate, case.course.rate_pct.is_some(), lang);

    Eligibility {
        status,
        criteria,
        rate_pct: rate,
        amount_eur: amount,
        applicant,
        note,
        receipt: Receipt {
            rules_version: params.version().to_owned(),
            evaluated_on: today,
            inputs,
            defaults_used,
            parameters_file: params.file_name().to_owned(),
        },
    }
}

/// Any not_met → not eligible; else any open question → insufficient information; else possibly.
pub fn combine(criteria: &[Criterion]) -> Status {
    combine_outcomes(criteria.iter().map(|c| c.outcome))
}

/// [`combine`] over bare outcomes.
pub fn combine_outcomes(outcomes: impl Iterator<Item = Outcome> + Clone) -> Status {
    if outcomes.clone().any(|o| o == Outcome::NotMet) {
        Status::NotEligible
    } else if outcomes
        .clone()
        .any(|o| matches!(o, Outcome::Unknown | Outcome::NeedsAssessment))
    {
        Status::InsufficientInformation
    } else {
        Status::PossiblyEligible
    }
}

/// Rate × eligible cost, rounded half up to the cent.
fn amount(rate: &Rate, cost_eur: Option<f64>) -> Option<AmountOrRange> {
    // Costs are entered in euros with at most cents; a cost that is no amount gives no amount.
    let cost = Cents::from_euros(cost_eur?).ok()?;
    let pct = |p: u8| cost.percent(p);
    match rate {
        Rate::Exact(p) => Some(AmountOrRange::Exact(pct(*p))),
        Rate::Range { min, max, .. } => Some(AmountOrRange::Range {
            min: pct(*min),
            max: pct(*max),
        }),
        Rate::Unknown => None,
    }
}
