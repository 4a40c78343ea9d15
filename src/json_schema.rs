//! JSON Schema for the few JSON forms schemars cannot see from a type: calendar dates (the `time`
//! crate writes them as "YYYY-MM-DD") and a few fixed words. The OpenAPI document
//! (`server::openapi`) is built from these and the `JsonSchema` derives on the API's types.

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
