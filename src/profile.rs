//! A person's profile: what they do now, diplomas, skills, where they live, hours, budget.
//!
//! Parsed from JSON field by field, so that an invalid profile is refused with every bad field
//! named in one message, and an unknown field is an error instead of being ignored.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};
use time::Date;

pub use crate::base::{ErrorCode, FieldError, Situation};
use crate::catalog::{CefrLevel, Cents, Crebo, PhysicalLoad};
use crate::messages::Lang;

/// Highest school level a person finished.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EducationLevel {
    None,
    Vmbo,
    Mbo1,
    Mbo2,
    Mbo3,
    Mbo4,
    Havo,
    Vwo,
    Hbo,
    Wo,
}

impl EducationLevel {
    const NAMES: [(&'static str, EducationLevel); 10] = [
        ("none", EducationLevel::None),
        ("vmbo", EducationLevel::Vmbo),
        ("mbo1", EducationLevel::Mbo1),
        ("mbo2", EducationLevel::Mbo2),
        ("mbo3", EducationLevel::Mbo3),
        ("mbo4", EducationLevel::Mbo4),
        ("havo", EducationLevel::Havo),
        ("vwo", EducationLevel::Vwo),
        ("hbo", EducationLevel::Hbo),
        ("wo", EducationLevel::Wo),
    ];

    /// The NLQF level this education reaches (0 for none). vmbo is NLQF 1–2 depending on the
    /// track; we take 1, the level every track reaches. havo is NLQF 4, vwo 4, hbo 6, wo 7.
    pub fn nlqf(self) -> u8 {
        match self {
            EducationLevel::None => 0,
            EducationLevel::Vmbo | EducationLevel::Mbo1 => 1,
            EducationLevel::Mbo2 => 2,
            EducationLevel::Mbo3 => 3,
            EducationLevel::Mbo4 | EducationLevel::Havo | EducationLevel::Vwo => 4,
            EducationLevel::Hbo => 6,
            EducationLevel::Wo => 7,
        }
    }

    /// The highest mbo level this education gives access to: vmbo gives access to mbo 2 (basis
    /// track) and higher tracks to mbo 3–4; havo and up to mbo 4.
    pub fn mbo_access(self) -> u8 {
        match self {
            EducationLevel::None => 1,
            EducationLevel::Vmbo | EducationLevel::Mbo1 => 2,
            EducationLevel::Mbo2 => 3,
            _ => 4,
        }
    }
}

/// A Dutch postcode: the 4 digits (PC4). Letters, when given, are checked but not kept. In JSON
/// it is the text the profile input takes ("3511"), so a stored profile reads back as input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode {
    pub pc4: u16,
}

impl From<Postcode> for String {
    fn from(p: Postcode) -> String {
        p.pc4.to_string()
    }
}

impl TryFrom<String> for Postcode {
    type Error = String;

    fn try_from(s: String) -> Result<Postcode, String> {
        Postcode::parse(&s)
    }
}

impl Postcode {
    /// Accepts "3511", "3511AB", "3511 ab"; the number must be 1000–9999.
    pub fn parse(s: &str) -> Result<Postcode, String> {
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        // Split on characters, not bytes: the input may hold any Unicode.
        let digits: String = compact.chars().take(4).collect();
        let letters: String = compact.chars().skip(4).collect();
        let pc4 = digits
            .parse::<u16>()
            .ok()
            .filter(|n| (1000..=9999).contains(n) && digits.len() == 4);
        let letters_ok = letters.is_empty()
            || (letters.len() == 2 && letters.chars().all(|c| c.is_ascii_alphabetic()));
        match (pc4, letters_ok) {
            (Some(pc4), true) => Ok(Postcode { pc4 }),
            _ => Err(format!(
                "\"{s}\" is not a Dutch postcode (4 digits, optionally 2 letters, e.g. 3511 or 3511 AB)"
            )),
        }
    }
}

/// A driving licence category (B, C, CE, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Licence(String);

impl From<Licence> for String {
    fn from(l: Licence) -> String {
        l.0
    }
}

impl TryFrom<String> for Licence {
    type Error = String;

    fn try_from(s: String) -> Result<Licence, String> {
        Licence::parse(&s)
    }
}

impl Licence {
    const CATEGORIES: [&'static str; 15] = [
        "AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE", "T",
    ];

    /// Accepts the Dutch licence categories, case-insensitively.
    pub fn parse(s: &str) -> Result<Licence, String> {
        let upper = s.trim().to_ascii_uppercase();
        if Self::CATEGORIES.contains(&upper.as_str()) {
            Ok(Licence(upper))
        } else {
            Err(format!(
                "\"{s}\" is not a driving licence category (AM, A, B, BE, C, CE, D, T, …)"
            ))
        }
    }

    /// The category.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A validated profile. Every field is optional; what is absent is simply not used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub current_occupation: Option<String>,
    pub past_occupations: Vec<String>,
    pub education_level: Option<EducationLevel>,
    pub diplomas: Vec<Crebo>,
    pub certificates: Vec<String>,
    pub skills: Vec<String>,
    pub interests: Vec<String>,
    pub postcode: Option<Postcode>,
    pub max_travel_km: Option<u16>,
    pub hours_per_week: Option<u8>,
    pub situation: Option<Situation>,
    pub budget_eur: Option<u32>,
    /// Under 18 on 1 August: no lesgeld or cursusgeld that school year.
    pub under_18: Option<bool>,
    pub driving_licences: Vec<Licence>,
    pub dutch_level: Option<CefrLevel>,
    pub physical_load_max: Option<PhysicalLoad>,
    pub earliest_start: Option<Date>,
}

/// A person's profile: every field optional, unknown fields refused. The schema shows each value
/// in its plain form; the server is more lenient: choices in any case, spaces around values,
/// and `""` or `null` for a field left empty (and for an entry of a list, which is skipped). (Only this schema is used; `Profile::from_value`
/// reads the fields one by one, so that every bad field is named.)
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields, transform = empty_text_is_absent)]
#[allow(dead_code)]
pub struct ProfileInput {
    /// What the person does now, in their own words ("heftruckchauffeur").
    #[schemars(length(max = MAX_TEXT))]
    current_occupation: Option<String>,
    /// Earlier jobs, in their own words.
    #[schemars(length(max = MAX_LIST), inner(length(max = MAX_TEXT)))]
    past_occupations: Option<Vec<Option<String>>>,
    /// Highest school level finished.
    education_level: Option<EducationLevel>,
    /// Crebo codes (5 digits) of mbo diplomas the person has.
    #[schemars(length(max = MAX_LIST), inner(regex(pattern = r"^ *([0-9]{5} *)?$")))]
    diplomas: Option<Vec<Option<String>>>,
    /// Certificates the person has, by name ("VCA basis").
    #[schemars(length(max = MAX_LIST), inner(length(max = MAX_TEXT)))]
    certificates: Option<Vec<Option<String>>>,
    /// Skills in the person's own words.
    #[schemars(length(max = MAX_LIST), inner(length(max = MAX_TEXT)))]
    skills: Option<Vec<Option<String>>>,
    /// Kinds of work or sectors the person likes.
    #[schemars(length(max = MAX_LIST), inner(length(max = MAX_TEXT)))]
    interests: Option<Vec<Option<String>>>,
    /// Dutch postcode: 4 digits, optionally 2 letters ("3511" or "3511 AB"). Matching also
    /// needs a PC4 area that padvinder knows, which only its data can tell (`GET
    /// /api/v1/postcodes` lists them): `POST /api/v1/match` answers 422 `unknown_postcode` for
    /// another, such as 1000.
    #[schemars(regex(pattern = r"^ *[1-9][0-9]{3} *([A-Za-z]{2})? *$"))]
    postcode: Option<String>,
    /// How far the person can travel to a school, in km.
    #[schemars(range(min = 0, max = 500))]
    max_travel_km: Option<u16>,
    /// Hours a week the person can work or study.
    #[schemars(range(min = 1, max = 60))]
    hours_per_week: Option<u8>,
    /// What the person does now; decides who can apply for SLIM.
    situation: Option<Situation>,
    /// What the person can pay themselves, in whole euros. More than 1,000,000 is refused.
    #[schemars(range(min = 0, max = Cents::MAX_INPUT_EUROS))]
    budget_eur: Option<u32>,
    /// Whether the person is under 18 on 1 August of the school year they start (then no legal
    /// mbo fee is due that year). Optional.
    under_18: Option<bool>,
    /// Driving licence categories the person has.
    #[schemars(schema_with = "licences_schema", default)]
    driving_licences: Option<Vec<String>>,
    /// The person's level of Dutch (CEFR).
    dutch_level: Option<CefrLevel>,
    /// The heaviest physical work the person can do.
    physical_load_max: Option<PhysicalLoad>,
    /// The earliest date the person can start.
    #[schemars(with = "Option<crate::base::schema::IsoDate>")]
    earliest_start: Option<Date>,
}

/// `""` is a text field left empty (the type's description says so).
fn empty_text_is_absent(schema: &mut schemars::Schema) {
    crate::base::schema::empty_text_is_absent(schema, crate::base::schema::is_text, None);
}

fn licences_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let category = crate::base::schema::one_of_words(&Licence::CATEGORIES);
    let entry = schemars::json_schema!({"anyOf": [category, {"enum": ["", null]}]});
    schemars::json_schema!({"type": ["array", "null"], "maxItems": MAX_LIST, "items": entry})
}

/// A profile that was refused, with every bad field, in the language it was read in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileError {
    pub errors: Vec<FieldError>,
    #[serde(skip)]
    pub lang: Lang,
}

impl ProfileError {
    /// A postcode written correctly that padvinder does not know (no PC4 area).
    pub fn unknown_postcode(pc4: u16, lang: Lang) -> ProfileError {
        ProfileError {
            errors: vec![FieldError::new(
                "postcode",
                ErrorCode::UnknownPostcode,
                lang.pick(
                    format!("{pc4} is geen postcode die we kennen; kijk of de cijfers kloppen"),
                    format!("{pc4} is not a postcode we know; check the number"),
                ),
            )],
            lang,
        }
    }

    fn body(code: ErrorCode, message: String, lang: Lang) -> ProfileError {
        ProfileError {
            errors: vec![FieldError::new("(body)", code, message)],
            lang,
        }
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: ",
            self.lang.pick("het profiel klopt niet", "invalid profile")
        )?;
        let parts: Vec<String> = self
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        write!(f, "{}", parts.join("; "))
    }
}

impl std::error::Error for ProfileError {}

/// The longest text we accept in a free-text field; longer input is refused, not cut silently.
const MAX_TEXT: usize = 200;
/// The most entries a list field may hold.
const MAX_LIST: usize = 50;

/// Collects field errors while reading a JSON object; messages in the reader's language, Dutch
/// and English side by side at each check.
struct Reader {
    errors: Vec<FieldError>,
    lang: Lang,
}

impl Reader {
    fn fail(&mut self, field: &str, code: ErrorCode, nl: String, en: String) {
        let message = self.lang.pick(nl, en);
        self.errors.push(FieldError::new(field, code, message));
    }

    fn text(&mut self, field: &str, v: &Value) -> Option<String> {
        match v {
            Value::Null => None,
            Value::String(s) if s.chars().count() > MAX_TEXT => {
                self.fail(
                    field,
                    ErrorCode::TooLong,
                    format!("is langer dan {MAX_TEXT} tekens"),
                    format!("is longer than {MAX_TEXT} characters"),
                );
                None
            }
            Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            _ => {
                self.fail(
                    field,
                    ErrorCode::NotText,
                    "moet tekst zijn".into(),
                    "should be text".into(),
                );
                None
            }
        }
    }

    fn list(&mut self, field: &str, v: &Value) -> Vec<String> {
        match v {
            Value::Null => Vec::new(),
            Value::Array(items) if items.len() > MAX_LIST => {
                self.fail(
                    field,
                    ErrorCode::TooMany,
                    format!("heeft meer dan {MAX_LIST} onderdelen"),
                    format!("has more than {MAX_LIST} entries"),
                );
                Vec::new()
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.text(&format!("{field}[{i}]"), item))
                .collect(),
            _ => {
                self.fail(
                    field,
                    ErrorCode::NotList,
                    "moet een lijst met teksten zijn".into(),
                    "should be a list of texts".into(),
                );
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, field: &str, v: &Value) -> Option<bool> {
        match v {
            Value::Null => None,
            Value::Bool(b) => Some(*b),
            _ => {
                self.fail(
                    field,
                    ErrorCode::InvalidValue,
                    "moet true of false zijn".into(),
                    "should be true or false".into(),
                );
                None
            }
        }
    }

    fn number(&mut self, field: &str, v: &Value, min: u64, max: u64) -> Option<u64> {
        match v {
            Value::Null => None,
            Value::Number(n) => match n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            }) {
                Some(n) if (min..=max).contains(&n) => Some(n),
                _ => {
                    self.fail(
                        field,
                        ErrorCode::OutOfRange,
                        format!("moet een heel getal zijn van {min} tot en met {max}"),
                        format!("should be a whole number from {min} to {max}"),
                    );
                    None
                }
            },
            _ => {
                self.fail(
                    field,
                    ErrorCode::NotNumber,
                    format!("moet een getal zijn van {min} tot en met {max}"),
                    format!("should be a number from {min} to {max}"),
                );
                None
            }
        }
    }

    fn choice<T: Copy>(&mut self, field: &str, v: &Value, names: &[(&str, T)]) -> Option<T> {
        let text = self.text(field, v)?;
        let found = names
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&text))
            .map(|(_, t)| *t);
        if found.is_none() {
            let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            let all = all.join(", ");
            self.fail(
                field,
                ErrorCode::NotOneOf,
                format!("\"{text}\" is niet een van: {all}"),
                format!("\"{text}\" is not one of {all}"),
            );
        }
        found
    }
}

const FIELDS: [&str; 17] = [
    "current_occupation",
    "past_occupations",
    "education_level",
    "diplomas",
    "certificates",
    "skills",
    "interests",
    "postcode",
    "max_travel_km",
    "hours_per_week",
    "situation",
    "budget_eur",
    "under_18",
    "driving_licences",
    "dutch_level",
    "physical_load_max",
    "earliest_start",
];

impl Profile {
    /// Parses a profile from JSON text (messages in English, for files and the command line).
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            ProfileError::body(
                ErrorCode::InvalidJson,
                format!("not valid JSON: {e}"),
                Lang::En,
            )
        })?;
        Profile::from_value(&value)
    }

    /// Parses a profile file: a profile object, or a persona (`tests/personas/*.json`) whose
    /// `profile` member is one.
    pub fn from_file_json(text: &str) -> Result<Profile, ProfileError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            ProfileError::body(
                ErrorCode::InvalidJson,
                format!("not valid JSON: {e}"),
                Lang::En,
            )
        })?;
        match value.get("profile") {
            Some(inner @ Value::Object(_)) => Profile::from_value(inner),
            _ => Profile::from_value(&value),
        }
    }

    /// Parses a profile from a JSON value; refuses unknown fields (messages in English).
    pub fn from_value(value: &Value) -> Result<Profile, ProfileError> {
        Profile::from_value_in(value, Lang::En)
    }

    /// Parses a profile from a JSON value, with error messages in `lang`.
    pub fn from_value_in(value: &Value, lang: Lang) -> Result<Profile, ProfileError> {
        let Value::Object(map) = value else {
            return Err(ProfileError::body(
                ErrorCode::NotObject,
                lang.pick(
                    "een profiel is een JSON-object met velden zoals \"current_occupation\"",
                    "a profile is a JSON object with fields like \"current_occupation\"",
                )
                .into(),
                lang,
            ));
        };
        let mut r = Reader {
            errors: Vec::new(),
            lang,
        };
        for key in map.keys() {
            if !FIELDS.contains(&key.as_str()) {
                let known = FIELDS.join(", ");
                r.fail(
                    key,
                    ErrorCode::UnknownField,
                    format!("onbekend veld (bekende velden: {known})"),
                    format!("unknown field (known fields: {known})"),
                );
            }
        }
        let profile = read_fields(&mut r, map);
        if r.errors.is_empty() {
            Ok(profile)
        } else {
            Err(ProfileError {
                errors: r.errors,
                lang,
            })
        }
    }
}

fn read_fields(r: &mut Reader, map: &Map<String, Value>) -> Profile {
    const NULL: Value = Value::Null;
    let get = |k: &str| map.get(k).unwrap_or(&NULL);
    let diplomas = r
        .list("diplomas", get("diplomas"))
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            Crebo::parse(d)
                .map_err(|_| {
                    r.fail(
                        &format!("diplomas[{i}]"),
                        ErrorCode::InvalidCrebo,
                        format!("\"{d}\" is geen crebo-code: die heeft precies 5 cijfers, bijvoorbeeld 25736"),
                        format!("\"{d}\" is not a crebo code: exactly 5 digits, e.g. 25736"),
                    )
                })
                .ok()
        })
        .collect();
    let driving_licences = r
        .list("driving_licences", get("driving_licences"))
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            Licence::parse(l)
                .map_err(|_| {
                    r.fail(
                        &format!("driving_licences[{i}]"),
                        ErrorCode::InvalidLicence,
                        format!("\"{l}\" is geen rijbewijscategorie (AM, A, B, BE, C, CE, D, T, …)"),
                        format!("\"{l}\" is not a driving licence category (AM, A, B, BE, C, CE, D, T, …)"),
                    )
                })
                .ok()
        })
        .collect();
    let postcode = r.text("postcode", get("postcode")).and_then(|p| {
        Postcode::parse(&p)
            .map_err(|_| {
                r.fail(
                    "postcode",
                    ErrorCode::InvalidPostcode,
                    format!("\"{p}\" is geen Nederlandse postcode (4 cijfers, eventueel 2 letters, bijvoorbeeld 3511 of 3511 AB)"),
                    format!("\"{p}\" is not a Dutch postcode (4 digits, optionally 2 letters, e.g. 3511 or 3511 AB)"),
                )
            })
            .ok()
    });
    let dutch_level = r.text("dutch_level", get("dutch_level")).and_then(|l| {
        CefrLevel::parse(&l)
            .map_err(|_| {
                r.fail(
                    "dutch_level",
                    ErrorCode::InvalidLanguageLevel,
                    format!("\"{l}\" is geen taalniveau (A1, A2, B1, B2, C1 of C2)"),
                    format!("\"{l}\" is not a language level (A1, A2, B1, B2, C1 or C2)"),
                )
            })
            .ok()
    });
    let physical_load_max = r.choice(
        "physical_load_max",
        get("physical_load_max"),
        &[
            ("low", PhysicalLoad::Low),
            ("medium", PhysicalLoad::Medium),
            ("high", PhysicalLoad::High),
        ],
    );
    let earliest_start = r
        .text("earliest_start", get("earliest_start"))
        .and_then(|d| {
            Date::parse(
                &d,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .map_err(|_| {
                r.fail(
                    "earliest_start",
                    ErrorCode::InvalidDate,
                    format!("\"{d}\" is geen datum zoals 2026-09-01"),
                    format!("\"{d}\" is not a date like 2026-09-01"),
                )
            })
            .ok()
        });
    Profile {
        current_occupation: r.text("current_occupation", get("current_occupation")),
        past_occupations: r.list("past_occupations", get("past_occupations")),
        education_level: r.choice(
            "education_level",
            get("education_level"),
            &EducationLevel::NAMES,
        ),
        diplomas,
        certificates: r.list("certificates", get("certificates")),
        skills: r.list("skills", get("skills")),
        interests: r.list("interests", get("interests")),
        postcode,
        max_travel_km: r
            .number("max_travel_km", get("max_travel_km"), 0, 500)
            .map(|n| n as u16),
        hours_per_week: r
            .number("hours_per_week", get("hours_per_week"), 1, 60)
            .map(|n| n as u8),
        situation: r.choice("situation", get("situation"), &Situation::NAMES),
        budget_eur: r
            .number(
                "budget_eur",
                get("budget_eur"),
                0,
                u64::from(Cents::MAX_INPUT_EUROS),
            )
            .map(|n| n as u32),
        under_18: r.boolean("under_18", get("under_18")),
        driving_licences,
        dutch_level,
        physical_load_max,
        earliest_start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_fields_are_the_fields_read() {
        let schema = schemars::schema_for!(ProfileInput);
        let documented: std::collections::BTreeSet<&str> = schema
            .get("properties")
            .and_then(Value::as_object)
            .expect("properties")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(documented, FIELDS.into_iter().collect());
    }

    /// A profile written out (as the store and the workspace API do) is a valid profile input
    /// that reads back as the same profile: every field, the postcode included.
    #[test]
    fn a_written_profile_reads_back_as_input() {
        let profile = Profile {
            current_occupation: Some("heftruckchauffeur".into()),
            past_occupations: vec!["magazijnmedewerker".into()],
            education_level: Some(EducationLevel::Mbo2),
            diplomas: vec![Crebo::try_from("25730".to_owned()).expect("crebo")],
            certificates: vec!["VCA basis".into()],
            skills: vec!["plannen".into()],
            interests: vec!["techniek".into()],
            postcode: Some(Postcode::parse("3071 AB").expect("postcode")),
            max_travel_km: Some(25),
            hours_per_week: Some(32),
            situation: Some(Situation::JobSeeker),
            budget_eur: Some(500),
            under_18: Some(true),
            driving_licences: vec![Licence::try_from("C".to_owned()).expect("licence")],
            dutch_level: Some(CefrLevel::B1),
            physical_load_max: Some(PhysicalLoad::Medium),
            earliest_start: Some(time::macros::date!(2027 - 02 - 01)),
        };
        let written = serde_json::to_value(&profile).expect("write");
        assert_eq!(written["postcode"], "3071", "{written}");
        assert_eq!(
            Profile::from_value(&written),
            Ok(profile.clone()),
            "{written}"
        );
        assert_eq!(
            serde_json::from_value::<Profile>(written).expect("read"),
            profile
        );
    }

    #[test]
    fn every_bad_field_is_named_once() {
        let err = Profile::from_json(
            r#"{"hours_per_week": 80, "postcode": "12", "education_level": "phd", "colour": "red",
                "diplomas": ["2573"], "dutch_level": "D1", "skills": "python"}"#,
        )
        .expect_err("invalid");
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "hours_per_week",
            "postcode",
            "education_level",
            "colour",
            "diplomas[0]",
            "dutch_level",
            "skills",
        ] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
    }

    #[test]
    fn every_field_error_has_a_code_and_follows_the_language() {
        let bad = serde_json::json!({
            "current_occupation": "x".repeat(201), "hours_per_week": 32.5, "postcode": "1",
            "diplomas": ["2573"], "skills": "lassen", "colour": 1, "dutch_level": "D1",
        });
        let nl = Profile::from_value_in(&bad, Lang::Nl).expect_err("invalid");
        let en = Profile::from_value_in(&bad, Lang::En).expect_err("invalid");
        let codes = |e: &ProfileError| {
            let mut c: Vec<(String, ErrorCode)> =
                e.errors.iter().map(|e| (e.field.clone(), e.code)).collect();
            c.sort_by(|a, b| a.0.cmp(&b.0));
            c
        };
        assert_eq!(
            codes(&nl),
            codes(&en),
            "codes do not depend on the language"
        );
        let expect = [
            ("colour", ErrorCode::UnknownField),
            ("current_occupation", ErrorCode::TooLong),
            ("diplomas[0]", ErrorCode::InvalidCrebo),
            ("dutch_level", ErrorCode::InvalidLanguageLevel),
            ("hours_per_week", ErrorCode::OutOfRange),
            ("postcode", ErrorCode::InvalidPostcode),
            ("skills", ErrorCode::NotList),
        ];
        assert_eq!(codes(&nl), expect.map(|(f, c)| (f.to_owned(), c)).to_vec());
        let text = nl.to_string();
        for english in ["is longer than", "should be", "not a", "invalid profile"] {
            assert!(!text.contains(english), "English in Dutch: {text}");
        }
        assert!(text.contains("is langer dan 200 tekens"), "{text}");
        assert!(en.to_string().contains("is longer than 200 characters"));
    }

    #[test]
    fn empty_profile_is_valid() {
        assert!(Profile::from_json("{}").is_ok());
    }

    #[test]
    fn postcodes() {
        assert_eq!(Postcode::parse("3511 AB").map(|p| p.pc4), Ok(3511));
        assert_eq!(Postcode::parse("3511").map(|p| p.pc4), Ok(3511));
        assert!(Postcode::parse("0999").is_err());
        assert!(Postcode::parse("35111").is_err());
        assert!(Postcode::parse("😀").is_err());
        assert!(
            Postcode::parse("351😀").is_err(),
            "a multi-byte character at the split point"
        );
    }
}
