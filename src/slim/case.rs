//! A case: one course and one person's situation, as JSON. [`parse_case`] names every bad field.

use crate::base::FieldError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::Date;

use super::SlimError;
use crate::base::ErrorCode;
use crate::catalog::{Cents, NlqfLevel};
use crate::messages::Lang;

/// A SLIM case: a course, its path, and the person's situation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The course's facts.
    pub course: CaseCourse,
    /// The status of the path the course is in.
    pub path_status: PathStatusInput,
    /// Whether a source confirms the course belongs to that path.
    pub course_in_path: MembershipInput,
    /// The person's situation; null when not given.
    #[serde(default)]
    pub situation: Option<Situation>,
    /// Default: the next day a published window is open, from `today`.
    #[serde(default)]
    #[schemars(with = "Option<crate::base::schema::IsoDate>")]
    pub application_date: Option<Date>,
    /// Default: the application date.
    #[serde(default)]
    #[schemars(with = "Option<crate::base::schema::IsoDate>")]
    pub start_date: Option<Date>,
}

/// The facts about the course that the rules use; null means not known.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseCourse {
    /// NLQF level 1–8; null when the course has no known NLQF placement.
    #[serde(default)]
    #[schemars(range(min = 1, max = 8))]
    pub nlqf_level: Option<u8>,
    /// Can be combined with paid work (BBL, part-time, evening).
    #[serde(default)]
    pub work_and_learn: Option<bool>,
    /// Eligible costs (provider's invoice, compulsory literature), euros. Over 1,000,000 is refused.
    #[serde(default)]
    #[schemars(range(min = 0, max = Cents::MAX_INPUT_EUROS))]
    pub cost_eur: Option<f64>,
    /// What the participant pays themselves, in euros. More than 1,000,000 is refused.
    #[serde(default)]
    #[schemars(range(min = 0, max = Cents::MAX_INPUT_EUROS))]
    pub participant_cost_eur: Option<f64>,
    /// How long the course takes, in weeks.
    #[serde(default)]
    pub duration_weeks: Option<u32>,
    /// The course's own "subsidiabel vanaf" date, where its publication gives one.
    #[serde(default)]
    #[schemars(with = "Option<crate::base::schema::IsoDate>")]
    pub subsidiable_from: Option<Date>,
    /// The course's own published rate, which wins over the general rate.
    #[serde(default)]
    #[schemars(range(max = 100))]
    pub rate_pct: Option<u8>,
}

/// What a source says about the course's development path (domain.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PathStatusInput {
    /// Recognised by the Minister of SZW.
    Recognised,
    /// Built by us from real qualifications.
    Modelled,
    /// Named by government, not yet recognised.
    Announced,
    /// The course is in no development path.
    None,
}

/// Whether a source confirms the course belongs to the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MembershipInput {
    /// A source confirms it.
    Confirmed,
    /// We placed it there; no source confirms it.
    Modelled,
    /// The course is not in the path.
    No,
}

/// The person's situation, which decides who can apply: the same type as in a profile.
pub use crate::base::Situation;

const CASE_FIELDS: [&str; 6] = [
    "course",
    "path_status",
    "course_in_path",
    "situation",
    "application_date",
    "start_date",
];
const COURSE_FIELDS: [&str; 7] = [
    "nlqf_level",
    "work_and_learn",
    "cost_eur",
    "participant_cost_eur",
    "duration_weeks",
    "subsidiable_from",
    "rate_pct",
];

/// One problem of a case: which field and why.
fn problem(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError::new(field, crate::base::ErrorCode::InvalidValue, message)
}

/// Parses a case from JSON text, naming every bad field in one message (messages about amounts
/// in `lang`).
pub fn parse_case(json: &str, lang: Lang) -> Result<Case, SlimError> {
    let value: Value = serde_json::from_str(json).map_err(|e| SlimError::Case {
        problems: vec![problem(
            "(body)",
            format!(
                "not valid JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
        )],
    })?;
    parse_case_value(value, lang)
}

/// Parses a case from a JSON value already read (the server's request body).
pub fn parse_case_value(mut value: Value, lang: Lang) -> Result<Case, SlimError> {
    whole_numbers(&mut value);
    let fail = |problems: Vec<FieldError>| SlimError::Case { problems };
    let Value::Object(top) = &value else {
        return Err(fail(vec![problem(
            "(body)",
            "a case is a JSON object with the fields course, path_status, course_in_path, …",
        )]));
    };

    // serde stops at the first error; check field by field first so one message names them all.
    let mut problems = Vec::new();
    unknown_fields(top, "", &CASE_FIELDS, &mut problems);
    for required in ["course", "path_status", "course_in_path"] {
        if !top.contains_key(required) {
            problems.push(problem(required, "is missing"));
        }
    }
    field::<PathStatusInput>(top, "", "path_status", &mut problems);
    field::<MembershipInput>(top, "", "course_in_path", &mut problems);
    field::<Option<Situation>>(top, "", "situation", &mut problems);
    date_field(top, "", "application_date", &mut problems);
    date_field(top, "", "start_date", &mut problems);
    match top.get("course") {
        Some(Value::Object(course)) => check_course(course, lang, &mut problems),
        Some(_) => problems.push(problem("course", "must be an object")),
        None => {}
    }
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    serde_json::from_value(value).map_err(|e| fail(vec![problem("(body)", e.to_string())]))
}

fn check_course(course: &Map<String, Value>, lang: Lang, problems: &mut Vec<FieldError>) {
    let p = "course.";
    unknown_fields(course, p, &COURSE_FIELDS, problems);
    if let Some(Some(level)) = field::<Option<u8>>(course, p, "nlqf_level", problems)
        && let Err(e) = NlqfLevel::new(i64::from(level))
    {
        problems.push(problem("course.nlqf_level", e));
    }
    field::<Option<bool>>(course, p, "work_and_learn", problems);
    let max = Cents::MAX_INPUT_EUROS;
    let most = crate::messages::eur(lang, f64::from(max));
    for money in ["cost_eur", "participant_cost_eur"] {
        if let Some(Some(eur)) = field::<Option<f64>>(course, p, money, problems)
            && !(eur.is_finite() && (0.0..=f64::from(max)).contains(&eur))
        {
            // Bounded here, so that no rate or sum of an accepted case can overflow.
            problems.push(FieldError::new(
                format!("course.{money}"),
                ErrorCode::OutOfRange,
                lang.pick(
                    format!("{eur} is geen bedrag van € 0 tot en met {most}"),
                    format!("{eur} is not an amount from € 0 to {most}"),
                ),
            ));
        }
    }
    field::<Option<u32>>(course, p, "duration_weeks", problems);
    date_field(course, p, "subsidiable_from", problems);
    if let Some(Some(pct)) = field::<Option<u8>>(course, p, "rate_pct", problems)
        && pct > 100
    {
        problems.push(problem(
            "course.rate_pct",
            format!("{pct} is more than 100 percent"),
        ));
    }
}

fn unknown_fields(
    obj: &Map<String, Value>,
    prefix: &str,
    known: &[&str],
    problems: &mut Vec<FieldError>,
) {
    for key in obj.keys().filter(|k| !known.contains(&k.as_str())) {
        problems.push(problem(
            format!("{prefix}{key}"),
            format!("is not a field (expected one of: {})", known.join(", ")),
        ));
    }
}

/// Writes whole floats (`3.0`, as many JSON writers put integers) as integers, so that a whole
/// number counts the same in every field, as it does in a profile. Fractions stay as they are.
fn whole_numbers(value: &mut Value) {
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            let whole = n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64);
            if let Some(i) = whole {
                *value = Value::from(i);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// Deserialises one field on its own; a problem names the field and the value.
fn field<T: DeserializeOwned>(
    obj: &Map<String, Value>,
    prefix: &str,
    name: &str,
    problems: &mut Vec<FieldError>,
) -> Option<T> {
    let value = obj.get(name)?;
    match serde_json::from_value::<T>(value.clone()) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(problem(
                format!("{prefix}{name}"),
                format!("{e} (got {value})"),
            ));
            None
        }
    }
}

fn date_field(obj: &Map<String, Value>, prefix: &str, name: &str, problems: &mut Vec<FieldError>) {
    match obj.get(name) {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => {
            if let Err(e) = super::text::parse_date(s) {
                problems.push(problem(format!("{prefix}{name}"), e));
            }
        }
        Some(other) => problems.push(problem(
            format!("{prefix}{name}"),
            format!("expected a date like \"2025-03-10\" (got {other})"),
        )),
    }
}
