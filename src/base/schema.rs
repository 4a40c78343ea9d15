//! JSON Schema words for the few JSON forms schemars cannot see from a type: calendar dates (the
//! `time` crate writes them as "YYYY-MM-DD") and fixed word lists. A domain type's JSON form is
//! part of its contract, like its serde derive, so domain types describe it with these; putting
//! the descriptions together into an API document is `server::openapi`'s job, not this module's.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

/// Stands in for `time::Date` in `#[schemars(with = "IsoDate")]`: a "YYYY-MM-DD" string.
pub struct IsoDate;

impl JsonSchema for IsoDate {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "IsoDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "format": "date", "examples": ["2026-09-01"]})
    }
}

/// The schema of a string that is always `word`.
pub fn constant(word: &str) -> Schema {
    json_schema!({"type": "string", "const": word})
}

/// The schema of a string that is one of `words`.
pub fn one_of_words(words: &[&str]) -> Schema {
    json_schema!({"type": "string", "enum": words})
}
