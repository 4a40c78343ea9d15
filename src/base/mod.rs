//! The vocabulary every layer may use: small types shared by the catalogue, profiles, SLIM and
//! matching, and the JSON Schema words of domain types. Nothing here imports another module of
//! the crate, so anything may import it.

pub mod cancel;
pub mod rows;
pub mod schema;

use serde::Serialize;

/// What a person does now; decides who can apply for SLIM.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    /// Has an employer.
    Employed,
    /// Looking for work.
    JobSeeker,
    /// In full-time education.
    Student,
    /// Works for themselves (zzp).
    SelfEmployed,
    /// Returning to work after a break ("herintreder").
    Returner,
}

impl Situation {
    /// Each situation with the name written in profiles and SLIM cases.
    pub const NAMES: [(&'static str, Situation); 5] = [
        ("employed", Situation::Employed),
        ("job_seeker", Situation::JobSeeker),
        ("student", Situation::Student),
        ("self_employed", Situation::SelfEmployed),
        ("returner", Situation::Returner),
    ];

    /// The name as written in profiles.
    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("", |(n, _)| n)
    }
}

/// Whether `text` is an organisation id: 2 to 64 lowercase letters, digits and hyphens, not
/// starting with a hyphen ("gemeente-utrecht"). The one rule for the store's `OrgId` and the
/// config's `workspace_organisation`, so the config file accepts exactly the ids the store takes.
pub fn is_org_id(text: &str) -> bool {
    (2..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
}

/// One bad field of a JSON input (a profile, a SLIM case): which field, a stable code for what
/// is wrong (an app shows its own words for it) and a message in the person's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
    pub message: String,
}

impl FieldError {
    /// A field error with its code and message.
    pub fn new(field: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// What is wrong with a field, as a stable word (`docs/api.md` lists them). New codes may be
/// added; a code never changes its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not JSON.
    InvalidJson,
    /// The body is JSON but not an object.
    NotObject,
    /// A field this input does not have.
    UnknownField,
    /// Should be text.
    NotText,
    /// Text longer than the field allows (a profile text: 200 characters).
    TooLong,
    /// Should be a list.
    NotList,
    /// A list with more entries than allowed (a profile list: 50).
    TooMany,
    /// Should be a number.
    NotNumber,
    /// A number that is not whole or outside the field's range.
    OutOfRange,
    /// Not one of the field's fixed words.
    NotOneOf,
    /// Not written as a Dutch postcode (4 digits, optionally 2 letters).
    InvalidPostcode,
    /// Written as a postcode, but not one padvinder knows.
    UnknownPostcode,
    /// Not a crebo code (5 digits).
    InvalidCrebo,
    /// Not a driving licence category.
    InvalidLicence,
    /// Not a CEFR level (A1–C2).
    InvalidLanguageLevel,
    /// Not a date like 2026-09-01.
    InvalidDate,
    /// Any other value the field does not accept (query parameters, SLIM cases, catalogue lines).
    InvalidValue,
}
