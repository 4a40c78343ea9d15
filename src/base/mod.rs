//! The vocabulary every layer may use: small types shared by the catalogue, profiles, SLIM and
//! matching, and the JSON Schema words of domain types. Nothing here imports another module of
//! the crate, so anything may import it.

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

/// One bad field of a JSON input (a profile, a SLIM case): which field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}
