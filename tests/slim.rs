//! SLIM eligibility: the case files in `tests/slim_cases/` against the real parameters, plus the
//! boundaries of parsing (cases, parameter files) and the receipt.
//!
//! A case file holds `today`, the `[case]` (sent through `parse_case` as JSON) and `[expect]`:
//! `status`, outcomes per criterion id (only those listed are checked) and optionally
//! `rate_pct`, `amount_eur` (`"null"` for null), `applicant`, `inputs`, `defaults_used`,
//! `check_contains` and `nl_contains` (the Dutch text) per criterion id.

use std::path::{Path, PathBuf};

mod common;

use common::toml_to_json as to_json;
use padvinder::layout::DataLayout;
use padvinder::messages::Lang;
use padvinder::slim::{CriterionId, Eligibility, Parameters, SlimError, evaluate, render_text};
use serde_json::Value;
use strum::IntoEnumIterator;
use time::Date;
use time::macros::date;

fn parameters_path() -> PathBuf {
    DataLayout::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("paths")).slim_parameters()
}

fn parameters() -> Parameters {
    Parameters::load(&parameters_path()).unwrap_or_else(|e| panic!("{e}"))
}

fn parameters_text() -> String {
    std::fs::read_to_string(parameters_path()).expect("parameters file is readable")
}

/// An expected value: TOML has no null, so the string "null" stands for it, at any depth.
fn expected(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) if s == "null" => Value::Null,
        toml::Value::Array(a) => Value::Array(a.iter().map(expected).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), expected(v))).collect())
        }
        other => to_json(other),
    }
}

/// JSON equality with numbers compared by value (TOML `1800` equals JSON `1800.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn to_date(v: Option<&toml::Value>) -> Result<Date, String> {
    let d = v
        .and_then(toml::Value::as_datetime)
        .and_then(|d| d.date)
        .ok_or("`today` must be a date like 2025-03-01")?;
    time::Month::try_from(d.month)
        .ok()
        .and_then(|m| Date::from_calendar_date(i32::from(d.year), m, d.day).ok())
        .ok_or_else(|| format!("`today` {d} is not a valid date"))
}

const EXPECT_KEYS: [&str; 9] = [
    "status",
    "criteria",
    "rate_pct",
    "amount_eur",
    "applicant",
    "inputs",
    "defaults_used",
    "check_contains",
    "nl_contains",
];

/// Runs one case file; returns every mismatch (empty when the case passes).
fn run_case_file(params: &Parameters, path: &Path) -> Vec<String> {
    let mut fails = Vec::new();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return vec![format!("cannot read: {e}")],
    };
    let file: toml::Table = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => return vec![format!("not valid TOML: {e}")],
    };
    for key in file.keys() {
        if !["description", "today", "case", "expect"].contains(&key.as_str()) {
            fails.push(format!("unknown key `{key}` in the case file"));
        }
    }
    if file
        .get("description")
        .and_then(toml::Value::as_str)
        .is_none()
    {
        fails.push("no `description`: say what the case pins and why".into());
    }
    let today = match to_date(file.get("today")) {
        Ok(d) => d,
        Err(e) => return vec![e],
    };
    let Some(case) = file.get("case") else {
        return vec!["no [case]".into()];
    };
    let case = match parse_case(&to_json(case).to_string()) {
        Ok(c) => c,
        Err(e) => return vec![format!("parse_case refused the case: {e}")],
    };
    let Some(expect) = file.get("expect").and_then(toml::Value::as_table) else {
        return vec!["no [expect]".into()];
    };
    for key in expect.keys() {
        if !EXPECT_KEYS.contains(&key.as_str()) {
            fails.push(format!("unknown key `expect.{key}`"));
        }
    }

    let result = evaluate(params, &case, today, Lang::Nl);
    let actual = serde_json::to_value(&result).expect("an Eligibility serialises");
    let english = evaluate(params, &case, today, Lang::En);

    // Invariants that hold for every case.
    let ids: Vec<CriterionId> = result.criteria.iter().map(|c| c.id).collect();
    if ids != CriterionId::iter().collect::<Vec<_>>() {
        fails.push(format!("criteria out of order: {ids:?}"));
    }
    for c in result.criteria.iter().chain(&english.criteria) {
        let open = c.outcome == padvinder::slim::Outcome::Unknown;
        if open && c.check.is_none() {
            fails.push(format!(
                "`{}` is unknown but says nothing to check",
                c.id.as_str()
            ));
        }
        if c.reference.is_empty() {
            fails.push(format!("`{}` has no reference", c.id.as_str()));
        }
    }
    let outcomes = |e: &Eligibility| e.criteria.iter().map(|c| c.outcome).collect::<Vec<_>>();
    if outcomes(&english) != outcomes(&result) || english.status != result.status {
        fails.push("the English result differs from the Dutch one beyond its words".into());
    }
    if !result
        .note
        .to_lowercase()
        .contains("indicatief, geen besluit")
        || !english
            .note
            .to_lowercase()
            .contains("indicative, not a decision")
    {
        fails.push("the notes do not say \"indicatief, geen besluit\"".into());
    }
    if result.receipt.rules_version != params.version() {
        fails.push("the receipt's rules_version is not the parameters' version".into());
    }
    let again = serde_json::to_value(evaluate(params, &case, today, Lang::Nl)).expect("serialises");
    if again != actual {
        fails.push("evaluating twice gave different results".into());
    }
    // A stored result reads back as the same result, in both languages.
    for (lang, e) in [("nl", &result), ("en", &english)] {
        let json = serde_json::to_string(e).expect("serialises");
        match serde_json::from_str::<Eligibility>(&json) {
            Ok(back) if serde_json::to_string(&back).ok().as_ref() == Some(&json) => {}
            Ok(_) => fails.push(format!("the {lang} result changes when read back")),
            Err(err) => fails.push(format!("the {lang} result does not read back: {err}")),
        }
    }

    // The expectations in the file.
    match expect.get("status") {
        Some(s) => compare(&mut fails, "status", &actual["status"], &expected(s)),
        None => fails.push("no `expect.status`".into()),
    }
    if let Some(criteria) = expect.get("criteria").and_then(toml::Value::as_table) {
        for (id, want) in criteria {
            if !CriterionId::iter().any(|c| c.as_str() == id) {
                fails.push(format!("`expect.criteria.{id}` is not a criterion id"));
                continue;
            }
            let got = actual_outcome(&actual, id).map_or(Value::Null, Value::String);
            compare(
                &mut fails,
                &format!("criterion {id}"),
                &got,
                &expected(want),
            );
        }
    }
    for key in ["rate_pct", "amount_eur", "defaults_used"] {
        if let Some(want) = expect.get(key) {
            let got = if key == "defaults_used" {
                &actual["receipt"]["defaults_used"]
            } else {
                &actual[key]
            };
            compare(&mut fails, key, got, &expected(want));
        }
    }
    if let Some(want) = expect.get("applicant") {
        compare(
            &mut fails,
            "applicant.who",
            &actual["applicant"]["who"],
            &expected(want),
        );
    }
    if let Some(inputs) = expect.get("inputs").and_then(toml::Value::as_table) {
        for (field, want) in inputs {
            let got = &actual["receipt"]["inputs"][field];
            compare(
                &mut fails,
                &format!("receipt.inputs.{field}"),
                got,
                &expected(want),
            );
        }
    }
    for (key, field) in [("check_contains", "check"), ("nl_contains", "text")] {
        if let Some(table) = expect.get(key).and_then(toml::Value::as_table) {
            for (id, want) in table {
                let want = want.as_str().unwrap_or_default();
                let got = if id == "note" {
                    actual["note"].as_str()
                } else {
                    criterion(&actual, id).and_then(|c| c[field].as_str())
                };
                if !got.is_some_and(|g| g.contains(want)) {
                    fails.push(format!("{id}.{field} should contain {want:?}, is {got:?}"));
                }
            }
        }
    }
    fails
}

fn criterion<'a>(actual: &'a Value, id: &str) -> Option<&'a Value> {
    actual["criteria"]
        .as_array()?
        .iter()
        .find(|c| c["id"] == id)
}

fn actual_outcome(actual: &Value, id: &str) -> Option<String> {
    criterion(actual, id).and_then(|c| c["outcome"].as_str().map(str::to_owned))
}

fn compare(fails: &mut Vec<String>, what: &str, got: &Value, want: &Value) {
    if !same(got, want) {
        fails.push(format!("{what}: expected {want}, got {got}"));
    }
}

#[test]
fn every_case_file_holds() {
    let params = parameters();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/slim_cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/slim_cases exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "only {} case files", files.len());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let fails = run_case_file(&params, f);
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
            (!fails.is_empty()).then(|| {
                format!(
                    "tests/slim_cases/{}:\n  {}",
                    name.unwrap_or_default(),
                    fails.join("\n  ")
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} case files failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

// ── parse_case ──────────────────────────────────────────────────────────────────────────────────

/// A case parsed with English messages, which the assertions below read.
fn parse_case(json: &str) -> Result<padvinder::slim::Case, SlimError> {
    padvinder::slim::parse_case(json, Lang::En)
}

fn case_error(json: &str) -> String {
    match parse_case(json) {
        Ok(c) => panic!("expected an error, got {c:?}"),
        Err(e @ SlimError::Case { .. }) => e.to_string(),
        Err(e) => panic!("expected a case error, got {e}"),
    }
}

const MINIMAL: &str =
    r#"{"course": {}, "path_status": "recognised", "course_in_path": "confirmed"}"#;

#[test]
fn parse_case_accepts_a_minimal_case_and_explicit_nulls() {
    let c = parse_case(MINIMAL).expect("minimal case parses");
    assert_eq!(c.course.nlqf_level, None);
    assert_eq!(c.situation, None);
    let c = parse_case(
        r#"{"course": {"nlqf_level": null, "cost_eur": null, "subsidiable_from": null},
            "path_status": "none", "course_in_path": "no", "situation": null,
            "application_date": null, "start_date": "2025-02-28"}"#,
    )
    .expect("nulls are accepted");
    assert_eq!(c.course.nlqf_level, None);
    assert_eq!(c.start_date, Some(date!(2025 - 02 - 28)));
}

#[test]
fn parse_case_reads_whole_floats_as_whole_numbers_and_refuses_fractions() {
    // Many JSON writers put 3 as 3.0; a profile already takes it, so a case does too.
    let c = parse_case(
        r#"{"course": {"nlqf_level": 3.0, "duration_weeks": 52.0, "rate_pct": 90.0, "cost_eur": 1500},
            "path_status": "recognised", "course_in_path": "confirmed"}"#,
    )
    .expect("whole floats are whole numbers");
    assert_eq!(c.course.nlqf_level, Some(3));
    assert_eq!(c.course.duration_weeks, Some(52));
    assert_eq!(c.course.rate_pct, Some(90));
    assert_eq!(c.course.cost_eur, Some(1500.0));
    let e = case_error(
        r#"{"course": {"nlqf_level": 2.5}, "path_status": "recognised", "course_in_path": "confirmed"}"#,
    );
    assert!(e.contains("course.nlqf_level"), "{e}");
}

#[test]
fn parse_case_refuses_unknown_fields_naming_them() {
    let e = case_error(
        r#"{"course": {"level": 2}, "path_status": "recognised", "course_in_path": "confirmed", "person": "x"}"#,
    );
    assert!(e.contains("`person` is not a field"), "{e}");
    assert!(e.contains("`course.level` is not a field"), "{e}");
}

#[test]
fn parse_case_refuses_bad_enum_values_naming_the_field() {
    let e = case_error(
        r#"{"course": {}, "path_status": "erkend", "course_in_path": "maybe", "situation": "retired"}"#,
    );
    assert!(e.contains("`path_status`") && e.contains("erkend"), "{e}");
    assert!(e.contains("`course_in_path`") && e.contains("maybe"), "{e}");
    assert!(e.contains("`situation`") && e.contains("retired"), "{e}");
    assert!(
        e.contains("job_seeker"),
        "the message lists the allowed values: {e}"
    );
}

#[test]
fn parse_case_names_every_bad_field_in_one_message() {
    let e = case_error(
        r#"{"course": {"nlqf_level": 9, "cost_eur": -5, "participant_cost_eur": "free",
                       "rate_pct": 120, "duration_weeks": -1, "subsidiable_from": "28-02-2025"},
            "course_in_path": "confirmed", "start_date": 20250228}"#,
    );
    for field in [
        "`path_status` is missing",
        "`course.nlqf_level`",
        "`course.cost_eur`",
        "`course.participant_cost_eur`",
        "`course.rate_pct`",
        "`course.duration_weeks`",
        "`course.subsidiable_from`",
        "`start_date`",
    ] {
        assert!(e.contains(field), "{field} missing from: {e}");
    }
}

#[test]
fn parse_case_reports_json_syntax_with_line() {
    let e = case_error("{\n  \"course\": {,\n}");
    assert!(e.contains("line 2"), "{e}");
}

#[test]
fn parse_case_refuses_a_date_that_does_not_exist() {
    let e = case_error(
        r#"{"course": {}, "path_status": "recognised", "course_in_path": "confirmed", "application_date": "2025-02-30"}"#,
    );
    assert!(
        e.contains("`application_date`") && e.contains("2025-02-30"),
        "{e}"
    );
}

// ── Parameters ──────────────────────────────────────────────────────────────────────────────────

fn parameters_error(text: &str) -> String {
    match Parameters::from_str(text, "paths/slim/parameters.toml") {
        Ok(_) => panic!("expected the parameters to be refused"),
        Err(e) => e.to_string(),
    }
}

/// The 1-based line of the first occurrence of `needle` in the real parameters file.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in the parameters file"))
}

#[test]
fn the_real_parameters_load() {
    let p = parameters();
    assert_eq!(p.windows().len(), 2);
    assert_eq!(p.version().len(), 64);
    assert!(p.version().bytes().all(|b| b.is_ascii_hexdigit()));
    let published: Vec<(i32, bool)> = p.periods().iter().map(|x| (x.year, x.published)).collect();
    assert_eq!(published, [(2025, true), (2026, false), (2027, false)]);
    assert!(!p.maximum_per_person_found());
}

#[test]
fn a_syntax_error_names_file_and_line() {
    let text = parameters_text().replace("max_weeks = 13", "max_weeks = ");
    let line = line_of(&text, "max_weeks = ");
    let e = parameters_error(&text);
    assert!(
        e.starts_with(&format!("paths/slim/parameters.toml:{line}:")),
        "{e}"
    );
}

#[test]
fn an_unknown_key_names_file_and_line() {
    let text = parameters_text().replace("max_weeks = 13", "max_weeks = 13\nmax_weekz = 14");
    let line = line_of(&text, "max_weekz");
    let e = parameters_error(&text);
    assert!(
        e.contains(&format!("parameters.toml:{line}:")) && e.contains("max_weekz"),
        "{e}"
    );
}

#[test]
fn every_validation_problem_is_reported_with_its_line() {
    let text = parameters_text()
        .replace(
            "closes = 2025-06-30T17:00:00",
            "closes = 2025-03-01T17:00:00",
        )
        .replace(
            "sources = [\"cooster.nl\", \"werkcentrumrijnmond.nl\"]",
            "sources = [\"cooster.nl\", \"rijnmond.nl\"]",
        );
    let e = parameters_error(&text);
    let closes = line_of(&text, "closes = 2025-03-01T17:00:00");
    assert!(
        e.contains(&format!(
            "parameters.toml:{closes}: a window must close after it opens"
        )),
        "{e}"
    );
    assert!(e.contains("source \"rijnmond.nl\" is not listed"), "{e}");
}

#[test]
fn a_window_in_an_unpublished_year_is_refused() {
    let text = parameters_text().replace(
        "opens = 2025-07-01T09:00:00\ncloses = 2025-11-10T17:00:00",
        "opens = 2026-03-02T09:00:00\ncloses = 2026-03-31T17:00:00",
    );
    let e = parameters_error(&text);
    assert!(e.contains("says windows are not published"), "{e}");
}

#[test]
fn a_missing_file_is_named() {
    let e = Parameters::load(Path::new("/nonexistent/slim.toml"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("/nonexistent/slim.toml"), "{e}");
}

#[test]
fn the_rules_version_changes_when_the_file_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("parameters.toml");
    let case = parse_case(MINIMAL).expect("case");
    let today = date!(2025 - 04 - 01);

    std::fs::write(&file, parameters_text()).expect("write");
    let before = Parameters::load(&file).unwrap_or_else(|e| panic!("{e}"));
    let receipt_before = evaluate(&before, &case, today, Lang::Nl).receipt;
    assert_eq!(receipt_before.rules_version, before.version());
    assert_eq!(
        before.version(),
        parameters().version(),
        "same bytes, same version"
    );

    let changed = parameters_text().replace("budget_eur = 4_000_000", "budget_eur = 4_500_000");
    std::fs::write(&file, changed).expect("write");
    let after = Parameters::load(&file).unwrap_or_else(|e| panic!("{e}"));
    let receipt_after = evaluate(&after, &case, today, Lang::Nl).receipt;
    assert_ne!(receipt_before.rules_version, receipt_after.rules_version);
    // The receipt names the rules file, not the folder the server keeps it in.
    let dir_name = dir
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert_eq!(
        receipt_after.parameters_file,
        format!("{dir_name}/parameters.toml")
    );
}

#[test]
fn next_application_date_is_the_next_day_in_a_published_window() {
    let p = parameters();
    let cases = [
        (date!(2025 - 01 - 15), Some(date!(2025 - 03 - 10))),
        (date!(2025 - 03 - 09), Some(date!(2025 - 03 - 10))),
        (date!(2025 - 03 - 10), Some(date!(2025 - 03 - 10))),
        (date!(2025 - 06 - 30), Some(date!(2025 - 06 - 30))),
        (date!(2025 - 07 - 01), Some(date!(2025 - 07 - 01))),
        (date!(2025 - 11 - 10), Some(date!(2025 - 11 - 10))),
        (date!(2025 - 11 - 11), None),
        (date!(2026 - 03 - 02), None),
    ];
    for (today, want) in cases {
        assert_eq!(p.next_application_date(today), want, "today = {today}");
    }
}

#[test]
fn render_text_shows_status_rate_range_and_every_criterion() {
    let case = parse_case(
        r#"{"course": {"nlqf_level": 3, "cost_eur": 1000, "work_and_learn": true,
                       "participant_cost_eur": 0, "duration_weeks": 40},
            "path_status": "modelled", "course_in_path": "modelled", "situation": "job_seeker"}"#,
    )
    .expect("case");
    let text = render_text(
        &evaluate(&parameters(), &case, date!(2025 - 04 - 01), Lang::Nl),
        Lang::Nl,
    );
    assert!(
        text.starts_with(
            "SLIM-scholingssubsidie: meer informatie nodig (indicatief, geen besluit)"
        ),
        "{text}"
    );
    assert!(
        text.contains("50–90% (cooster.nl 90% (NLQF 1–3); werkcentrumrijnmond.nl 50% (NLQF 3+))"),
        "{text}"
    );
    assert!(text.contains("€ 500 – € 900"), "{text}");
    assert!(text.contains("Controleer: "), "{text}");
    for id in CriterionId::iter().map(CriterionId::as_str) {
        assert!(
            text.contains(&format!("{id}: ")),
            "{id} missing from:\n{text}"
        );
    }
}
