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

/// Makes each property of an object schema that `reads_text` also take `""`, for an input
/// whose reader takes an empty value as one left out; `note`, when given, is added to each
/// such property's description. A property that takes any text already is left as it is.
pub fn empty_text_is_absent(
    schema: &mut Schema,
    reads_text: impl Fn(&serde_json::Value) -> bool,
    note: Option<&str>,
) {
    use serde_json::Value;
    let Some(properties) = schema
        .as_object_mut()
        .and_then(|o| o.get_mut("properties"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for property in properties.values_mut() {
        if !reads_text(property) || takes_empty_text(property) {
            continue;
        }
        let Some(own) = property.as_object_mut() else {
            continue;
        };
        let description = match (own.remove("description"), note) {
            (Some(Value::String(d)), Some(n)) => Some(format!("{d} {n}")),
            (Some(Value::String(d)), None) => Some(d),
            (_, n) => n.map(str::to_owned),
        };
        let empty = serde_json::json!({"const": ""});
        let mut wrapped = match own.get_mut("anyOf").and_then(Value::as_array_mut) {
            Some(choices) => {
                choices.push(empty);
                std::mem::take(own)
            }
            None => {
                let mut outer = serde_json::Map::new();
                outer.insert(
                    "anyOf".into(),
                    Value::Array(vec![Value::Object(std::mem::take(own)), empty]),
                );
                outer
            }
        };
        if let Some(d) = description {
            wrapped.insert("description".into(), Value::String(d));
        }
        *property = Value::Object(wrapped);
    }
}

/// Whether a schema takes any text, `""` included: a string type that nothing restricts.
fn takes_empty_text(schema: &serde_json::Value) -> bool {
    let is_string = match schema.get("type") {
        Some(serde_json::Value::String(t)) => t == "string",
        Some(serde_json::Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    let restricted = [
        "pattern",
        "format",
        "enum",
        "const",
        "minLength",
        "anyOf",
        "oneOf",
    ]
    .iter()
    .any(|k| schema.get(k).is_some());
    is_string && !restricted
}

/// Whether a property's schema is for text, or a choice of words: not a number or a list.
pub fn is_text(schema: &serde_json::Value) -> bool {
    let string_type = match schema.get("type") {
        Some(serde_json::Value::String(t)) => t == "string",
        Some(serde_json::Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    string_type || schema.get("anyOf").is_some() || schema.get("oneOf").is_some()
}
