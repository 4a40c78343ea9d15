//! Property tests for the two parsers of untrusted JSON: a profile (`POST /api/v1/match`,
//! `padvinder match`) and a SLIM case (`POST /api/v1/slim`, `padvinder slim`). Whatever JSON
//! arrives, they answer a value or field errors, never a panic, and their work grows no faster
//! than the input: each run is bounded in CPU time per byte.
//!
//! Time is the thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), not wall-clock time, so other
//! work on the machine does not count; the bound is about a hundred times what a debug build
//! needs, so it only trips on work that grows faster than the input.

use std::time::Duration;

use padvinder::messages::Lang;
use padvinder::profile::{Profile, ProfileInput};
use padvinder::slim::{Case, CaseCourse, parse_case, parse_case_value};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec; the clock id is a constant libc knows.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(ok, 0, "clock_gettime");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// The most CPU time a parser may use for `bytes` of input: 5 ms plus 20 µs a byte (1.3 s for
/// 64 kB, the API's body limit). A debug build needs well under 1 µs a byte.
fn allowance(bytes: usize) -> Duration {
    Duration::from_millis(5) + Duration::from_micros(20) * bytes as u32
}

/// Runs `parse` on `input`, checks that it did not panic (proptest reports a panic as a
/// failure) and that it stayed within the allowance for the input's length.
fn within_allowance<T>(bytes: usize, parse: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let started = thread_cpu();
    let out = parse();
    let used = thread_cpu() - started;
    prop_assert!(
        used <= allowance(bytes),
        "{used:?} of CPU for {bytes} bytes (allowed {:?})",
        allowance(bytes)
    );
    Ok(out)
}

/// The field names `T` documents (its JSON Schema's properties): what a parser looks for.
fn fields_of<T: schemars::JsonSchema>() -> Vec<String> {
    let schema = schemars::schema_for!(T);
    let properties = schema.get("properties").and_then(Value::as_object);
    properties
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// Numbers where parsers go wrong: edges of integer types, fractions, huge and tiny floats.
fn odd_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(vec![
            json!(0),
            json!(-1),
            json!(1e17),
            json!(-1e17),
            json!(1.7976931348623157e308),
            json!(5e-324),
            json!(255),
            json!(256),
            json!(4294967296u64),
            json!(9007199254740993u64),
            json!(32.5),
            json!(3.0),
        ]),
    ]
}

/// Words that parsers of these fields look for, and text that is none of them.
fn odd_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,300}",
        prop::sample::select(vec![
            "recognised",
            "modelled",
            "confirmed",
            "none",
            "no",
            "employed",
            "job_seeker",
            "mbo_4",
            "B1",
            "C",
            "3511 AB",
            "1000",
            "99999",
            "25737",
            "2026-02-29",
            "2025-02-29",
            "9999-12-31",
            "-0001-01-01",
            "",
            " ",
            "\u{202e}evil",
            "\0",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Any JSON value, up to three levels deep and 64 nodes.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        odd_number(),
        odd_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 64, 60, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..60).prop_map(Value::Array),
            prop::collection::btree_map(odd_text(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// An object whose keys are mostly the given field names, with any values.
fn object_with(fields: Vec<String>) -> impl Strategy<Value = Value> {
    let size = fields.len() + 3;
    let key = prop_oneof![
        4 => prop::sample::select(fields),
        1 => "\\PC{0,20}",
    ];
    prop::collection::btree_map(key, any_json(), 0..size)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

/// A SLIM case: mostly the case's fields, with `course` mostly an object of course fields.
fn case_like() -> impl Strategy<Value = Value> {
    (
        object_with(fields_of::<Case>()),
        object_with(fields_of::<CaseCourse>()),
        any::<bool>(),
    )
        .prop_map(|(mut case, course, put_course)| {
            if let (Value::Object(map), true) = (&mut case, put_course) {
                map.insert("course".to_owned(), course);
            }
            case
        })
}

fn bytes(value: &Value) -> usize {
    value.to_string().len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any JSON a client can send as a profile gives a profile or field errors, in either
    /// language, within the allowance.
    #[test]
    fn a_profile_never_panics_and_stays_within_its_time(value in prop_oneof![
        3 => object_with(fields_of::<ProfileInput>()),
        1 => any_json(),
    ]) {
        let n = bytes(&value);
        for lang in [Lang::Nl, Lang::En] {
            let parsed = within_allowance(n, || Profile::from_value_in(&value, lang))?;
            if let Err(e) = parsed {
                prop_assert!(!e.errors.is_empty(), "an error names at least one field");
            }
        }
    }

    /// Any JSON a client can send as a SLIM case gives a case or field errors, in either
    /// language, within the allowance.
    #[test]
    fn a_slim_case_never_panics_and_stays_within_its_time(value in prop_oneof![
        3 => case_like(),
        1 => any_json(),
    ]) {
        let n = bytes(&value);
        for lang in [Lang::Nl, Lang::En] {
            let v = value.clone();
            let _case = within_allowance(n, || parse_case_value(v, lang))?;
        }
    }

    /// Any text as a case or profile file (`--case`, `--profile`): JSON or not.
    #[test]
    fn any_text_as_a_file_never_panics(text in "\\PC{0,2000}") {
        let _case = within_allowance(text.len(), || parse_case(&text, Lang::Nl))?;
        let _profile = within_allowance(text.len(), || Profile::from_file_json(&text))?;
    }
}

/// Inputs at the API's body limit, in the shapes that cost most per byte: long texts, long
/// lists, many unknown fields, deep nesting. Each stays within the allowance for its length.
#[test]
fn inputs_at_the_body_limit_stay_within_their_time() {
    // The generators above draw keys from these lists: they must hold the real fields.
    assert!(fields_of::<ProfileInput>().contains(&"budget_eur".to_owned()));
    assert!(fields_of::<Case>().contains(&"path_status".to_owned()));
    assert!(fields_of::<CaseCourse>().contains(&"cost_eur".to_owned()));
    let text = "heftruckchauffeur ".repeat(11);
    let long_list: Vec<String> = (0..3000).map(|i| format!("{text}{i}")).collect();
    let many_fields: Map<String, Value> = (0..3000)
        .map(|i| (format!("field_{i}"), json!(i)))
        .collect();
    let mut deep = json!(1);
    for _ in 0..100 {
        deep = json!({ "course": deep });
    }
    let cases = [
        json!({ "skills": long_list, "interests": long_list }),
        Value::Object(many_fields.clone()),
        json!({ "course": Value::Object(many_fields), "path_status": "recognised" }),
        json!({ "current_occupation": "x".repeat(60_000) }),
        json!({ "diplomas": vec!["2573"; 10_000], "driving_licences": vec!["Q"; 10_000] }),
        deep,
    ];
    for value in cases {
        let n = bytes(&value);
        for lang in [Lang::Nl, Lang::En] {
            let _profile =
                within_allowance(n, || Profile::from_value_in(&value, lang)).expect("profile");
            let v = value.clone();
            let _case = within_allowance(n, || parse_case_value(v, lang)).expect("case");
        }
    }
}
