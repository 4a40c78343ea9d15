//! `padvinder validate`: every kind of catalogue problem is reported with file, line and a plain
//! message, all in one run.

mod common;

use common::{COURSES, Fixture, PATH, PROVIDERS};
use serde_json::Value;

/// Runs `validate --json` on a fixture and returns (exit code, errors as (file, line, message)).
fn validate(changes: &[(&str, &str)]) -> (i32, Vec<(String, u64, String)>) {
    let out = Fixture::with(changes).run(&["validate", "--json"]);
    let json: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", out.stdout, out.stderr));
    let errors = json["errors"]
        .as_array()
        .expect("errors array")
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap_or_default().to_owned(),
                e["line"].as_u64().unwrap_or_default(),
                e["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (out.code, errors)
}

/// Asserts that exactly one error was reported, in `file` at `line`, containing `needle`.
fn assert_one_error(changes: &[(&str, &str)], file: &str, line: u64, needle: &str) {
    let (code, errors) = validate(changes);
    assert_eq!(code, 1, "exit code for {errors:?}");
    assert_eq!(errors.len(), 1, "expected one error, got {errors:?}");
    let (f, l, m) = &errors[0];
    assert!(f.ends_with(file), "file {f} should end with {file}");
    assert_eq!(*l, line, "line of {m}");
    assert!(
        m.contains(needle),
        "message {m:?} should contain {needle:?}"
    );
}

#[test]
fn valid_catalogue_prints_counts_and_exits_0() {
    let out = Fixture::with(&[]).run(&["validate"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("1 paths, 2 functions, 2 courses"),
        "{}",
        out.stdout
    );
    let json = Fixture::with(&[]).run(&["validate", "--json"]);
    let v: Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["paths"], 1);
    assert_eq!(v["functions"], 2);
    assert_eq!(v["courses"], 2);
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(0));
}

#[test]
fn malformed_toml_names_the_line() {
    let broken = PROVIDERS.replace("name = \"Talland College\"", "name = \"Talland College");
    assert_one_error(
        &[("providers.toml", &broken)],
        "paths/providers.toml",
        3,
        "not valid TOML",
    );
}

#[test]
fn duplicate_course_id() {
    let twice = format!(
        "{COURSES}\n{}",
        COURSES.split("\n\n").next().unwrap_or_default()
    );
    assert_one_error(
        &[("courses/elektro.toml", &twice)],
        "courses/elektro.toml",
        31,
        "duplicate course id \"mbo-25737\"",
    );
}

#[test]
fn unknown_course_in_a_step() {
    let p = PATH.replace("all_of = [\"mbo-25737\"]", "all_of = [\"mbo-99999\"]");
    assert_one_error(
        &[("paths/elektro.toml", &p)],
        "paths/elektro.toml",
        30,
        "unknown course \"mbo-99999\"",
    );
}

#[test]
fn unknown_provider() {
    let c = COURSES.replace(
        "providers = [\"talland-college\"]",
        "providers = [\"nergens\"]",
    );
    assert_one_error(
        &[("courses/elektro.toml", &c)],
        "courses/elektro.toml",
        11,
        "unknown provider \"nergens\"",
    );
}

#[test]
fn unknown_function_in_a_transition() {
    let p = PATH.replace("to = \"eerste-monteur-elektro\"", "to = \"technicus\"");
    assert_one_error(
        &[("paths/elektro.toml", &p)],
        "paths/elektro.toml",
        37,
        "unknown function \"technicus\"",
    );
}

#[test]
fn crebo_not_five_digits() {
    let c = COURSES.replace("crebo = \"25737\"", "crebo = \"2573\"");
    assert_one_error(
        &[("courses/elektro.toml", &c)],
        "courses/elektro.toml",
        5,
        "not 5 digits",
    );
}

#[test]
fn level_out_of_range() {
    let c = COURSES.replace("nlqf_level = 2", "nlqf_level = 9");
    assert_one_error(
        &[("courses/elektro.toml", &c)],
        "courses/elektro.toml",
        6,
        "out of range",
    );
}

#[test]
fn recognised_path_without_date_or_source() {
    let p = PATH.replace("status = \"modelled\"", "status = \"recognised\"");
    let (code, errors) = validate(&[("paths/elektro.toml", &p)]);
    assert_eq!(code, 1);
    let messages: Vec<&str> = errors.iter().map(|(_, _, m)| m.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("recognised_on")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("status_sources")),
        "{messages:?}"
    );
    assert!(errors.iter().all(|(_, l, _)| *l == 5), "{errors:?}");
}

#[test]
fn record_without_source() {
    let c = COURSES.replacen("sources = [\"https://example.org/oer-25737\"]", "", 1);
    assert_one_error(
        &[("courses/elektro.toml", &c)],
        "courses/elektro.toml",
        2,
        "has no source",
    );
}

#[test]
fn record_without_checked_date() {
    let p = PATH.replacen("checked = 2026-11-28\n\n[[function]]", "\n[[function]]", 1);
    assert_one_error(
        &[("paths/elektro.toml", &p)],
        "paths/elektro.toml",
        2,
        "no `checked` date",
    );
}

#[test]
fn cycle_in_a_path() {
    let p = format!(
        "{PATH}\n[[transition]]\nkind = \"doorstroom\"\nfrom = \"eerste-monteur-elektro\"\nto = \"monteur-elektro\"\nmembership = \"modelled\"\nsteps = [{{ all_of = [\"mbo-25737\"] }}]\nsources = [\"https://example.org\"]\nchecked = 2026-11-28\n"
    );
    assert_one_error(
        &[("paths/elektro.toml", &p)],
        "paths/elektro.toml",
        2,
        "cycle",
    );
}

#[test]
fn unknown_municipality_code() {
    let p = PROVIDERS.replace("GM0034", "GM9999");
    assert_one_error(
        &[("providers.toml", &p)],
        "providers.toml",
        6,
        "unknown municipality code \"GM9999\"",
    );
}

#[test]
fn missing_duration() {
    let c = COURSES.replacen("duration_weeks = 104\n", "", 1);
    assert_one_error(
        &[("courses/elektro.toml", &c)],
        "courses/elektro.toml",
        2,
        "duration_weeks is missing",
    );
}

#[test]
fn negative_duration_and_cost() {
    let c = COURSES
        .replacen("duration_weeks = 104", "duration_weeks = -3", 1)
        .replacen("cost_eur = 1200.50", "cost_eur = -10", 1);
    let (code, errors) = validate(&[("courses/elektro.toml", &c)]);
    assert_eq!(code, 1);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|(_, l, m)| *l == 8 && m.contains("duration_weeks -3")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|(_, l, m)| *l == 24 && m.contains("negative")),
        "{errors:?}"
    );
}

#[test]
fn absurd_cost_is_refused_with_its_line() {
    // Every amount is bounded, so a route's sum of costs cannot overflow.
    let c = COURSES.replacen("cost_eur = 1200.50", "cost_eur = 1e17", 1);
    let (code, errors) = validate(&[("courses/elektro.toml", &c)]);
    assert_eq!(code, 1);
    assert!(
        errors
            .iter()
            .any(|(_, l, m)| *l == 24 && m.contains("largest amount accepted, 1000000 euros")),
        "{errors:?}"
    );
}

#[test]
fn missing_cost() {
    let c = COURSES.replacen("cost_eur = \"unknown\"\n", "", 1);
    assert_one_error(
        &[("courses/elektro.toml", &c)],
        "courses/elektro.toml",
        2,
        "cost_eur is missing",
    );
}

#[test]
fn unknown_field_is_an_error_not_ignored() {
    let c = COURSES.replacen(
        "work_and_learn = true",
        "work_and_learn = true\nprijs = 12",
        1,
    );
    assert_one_error(
        &[("courses/elektro.toml", &c)],
        "courses/elektro.toml",
        11,
        "unknown field `prijs`",
    );
}

#[test]
fn every_problem_in_one_run() {
    let c = COURSES
        .replace("crebo = \"25737\"", "crebo = \"abc\"")
        .replace("nlqf_level = 3", "nlqf_level = 0");
    let p = PROVIDERS.replace("GM0034", "GM0000");
    let (code, errors) = validate(&[("courses/elektro.toml", &c), ("providers.toml", &p)]);
    assert_eq!(code, 1);
    assert!(errors.len() >= 3, "{errors:?}");
}

#[test]
fn missing_folder_is_a_clear_error() {
    let out = common::run_in(std::path::Path::new("/nonexistent/paths"), &["validate"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
}

#[test]
fn shipped_catalogue_is_valid_and_large_enough() {
    let out = common::run_in(&common::shipped(), &["validate", "--json"]);
    let v: Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(
        v["errors"].as_array().map(Vec::len),
        Some(0),
        "{}",
        out.stdout
    );
    assert!(v["paths"].as_u64() >= Some(9), "{v}");
    assert!(v["functions"].as_u64() >= Some(40), "{v}");
    assert!(v["courses"].as_u64() >= Some(100), "{v}");
}

/// A sourced offering of the fixture's course, with a stated place and route.
const OFFERING: &str = r#"[[offering]]
course = "mbo-25736"
provider = "talland-college"
route = "BBL"
location = { name = "Almere", municipality = "GM0034", postcode = "1311 AB" }
website = "https://www.talland.nl/"
sources = ["https://example.org/oer"]
checked = 2026-12-03
"#;

#[test]
fn a_sourced_offering_is_valid_and_links_its_provider() {
    let (code, errors) = validate(&[("offerings/a.toml", OFFERING)]);
    assert_eq!((code, errors), (0, vec![]));
}

#[test]
fn offering_with_a_bad_route_names_the_line() {
    let o = OFFERING.replace("route = \"BBL\"", "route = \"avond\"");
    assert_one_error(
        &[("offerings/a.toml", &o)],
        "offerings/a.toml",
        4,
        "learning route \"avond\" is not one of",
    );
}

#[test]
fn offering_of_an_unknown_course_or_provider_is_an_error() {
    let o = OFFERING.replace("mbo-25736", "mbo-99999");
    assert_one_error(
        &[("offerings/a.toml", &o)],
        "offerings/a.toml",
        2,
        "unknown course \"mbo-99999\"",
    );
    let o = OFFERING.replace("talland-college", "nergens");
    assert_one_error(
        &[("offerings/a.toml", &o)],
        "offerings/a.toml",
        3,
        "unknown provider \"nergens\"",
    );
}

#[test]
fn offering_needs_a_source_a_known_municipality_and_a_real_postcode() {
    let o = OFFERING.replace("sources = [\"https://example.org/oer\"]\n", "");
    assert_one_error(
        &[("offerings/a.toml", &o)],
        "offerings/a.toml",
        2,
        "has no source",
    );
    let o = OFFERING.replace("GM0034", "GM9999");
    assert_one_error(
        &[("offerings/a.toml", &o)],
        "offerings/a.toml",
        5,
        "unknown municipality code \"GM9999\"",
    );
    let o = OFFERING.replace("1311 AB", "BN 1311");
    assert_one_error(
        &[("offerings/a.toml", &o)],
        "offerings/a.toml",
        5,
        "postcode \"BN 1311\"",
    );
    let o = OFFERING.replace("1311 AB", "9999 ZZ");
    assert_one_error(
        &[("offerings/a.toml", &o)],
        "offerings/a.toml",
        5,
        "postcode \"9999 ZZ\" is not a postcode we know",
    );
}

#[test]
fn offerings_file_may_name_new_providers_but_nothing_else() {
    let with_provider = format!(
        "{}\n[[provider]]\nid = \"soma-college\"\nname = \"SOMA College\"\nsources = [\"https://www.soma-college.nl/faq/\"]\nchecked = 2026-12-03\nlocations = [{{ name = \"Groningen\", municipality = \"GM0014\" }}]\n",
        OFFERING.replace("talland-college", "soma-college")
    );
    let (code, errors) = validate(&[("offerings/a.toml", &with_provider)]);
    assert_eq!((code, errors), (0, vec![]));
    let o = format!("{OFFERING}\n[[course]]\nid = \"x\"\n");
    assert_one_error(
        &[("offerings/a.toml", &o)],
        "offerings/a.toml",
        10,
        "unknown section [course]: this file holds [[offering]] or [[provider]]",
    );
}

/// Issue 10: a function named after an mbo qualification said "level unknown" while the course
/// had a sourced level. Both ways of disagreeing are reported at the function.
#[test]
fn function_level_disagreeing_with_its_qualification() {
    let unknown = PATH.replacen("nlqf_level = 2", "nlqf_level = \"unknown\"", 1);
    let (code, errors) = validate(&[("paths/elektro.toml", &unknown)]);
    assert_eq!(code, 1, "{errors:?}");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (file, line, message) = &errors[0];
    assert!(file.ends_with("paths/elektro.toml"), "{file}");
    assert_eq!(*line, 10, "the function's id line: {message}");
    assert!(
        message.contains("\"monteur-elektro\"")
            && message.contains("\"mbo-25737\"")
            && message.contains("set the function's level to 2"),
        "{message}"
    );
    let other = PATH.replacen("nlqf_level = 2", "nlqf_level = 3", 1);
    let (_, errors) = validate(&[("paths/elektro.toml", &other)]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].2.contains("has nlqf_level 3, but course"),
        "{errors:?}"
    );
}

/// A function may know a level that its same-named course does not (sourced from a predecessor
/// qualification); that is not a disagreement.
#[test]
fn function_level_known_while_its_course_is_unknown_is_fine() {
    let c = COURSES.replacen("nlqf_level = 2", "nlqf_level = \"unknown\"", 1);
    let (code, errors) = validate(&[("courses/elektro.toml", &c)]);
    assert_eq!((code, errors.len()), (0, 0), "{errors:?}");
}

/// The shipped catalogue's share of mbo courses with a sourced level (issue 10 targets 95 %),
/// printed by `validate` and kept from falling.
#[test]
fn shipped_mbo_level_coverage_is_reported() {
    let out = common::run_in(&common::shipped(), &["validate", "--json"]);
    let v: Value = serde_json::from_str(&out.stdout).expect("json");
    let known = v["mbo_levels"]["known"].as_u64().expect("known");
    let all = v["mbo_levels"]["mbo_courses"]
        .as_u64()
        .expect("mbo_courses");
    let percent = known as f64 * 100.0 / all as f64;
    println!("mbo courses with a sourced level: {known} of {all} ({percent:.1} %)");
    // 70 of 110 when this test was written (issue 10's 95 % is not reached: see
    // docs/research/catalogue-depth/README.md for what no stored source states).
    assert!(percent >= 60.0, "{known} of {all}");
    let text = common::run_in(&common::shipped(), &["validate"]);
    assert!(
        text.stdout.contains(&format!(
            "mbo courses with a sourced level: {known} of {all}"
        )),
        "{}",
        text.stdout
    );
}

/// The legal mbo fees are checked too: an amount whose source is not listed is named with the
/// file and line (the shipped file, with one address changed).
#[test]
fn a_fee_amount_with_an_unlisted_source_names_its_line() {
    let shipped = std::fs::read_to_string(common::shipped().join("fees/mbo.toml")).expect("read");
    let bad = shipped.replacen(
        "lesgeld_sources = [\n  \"https://nl.vlex.com",
        "lesgeld_sources = [\n  \"https://example.org/nowhere\",\n  \"https://nl.vlex.com",
        1,
    );
    assert_ne!(bad, shipped, "the 2024-2025 lesgeld sources moved");
    let line = bad
        .lines()
        .position(|l| l.starts_with("lesgeld_sources = ["))
        .map(|i| i as u64 + 1)
        .expect("line");
    assert_one_error(
        &[("fees/mbo.toml", &bad)],
        "paths/fees/mbo.toml",
        line,
        "example.org/nowhere",
    );
}

/// The regional desks are checked too: a shown desk whose phone is not a number, or that names no
/// web source, is named with the file and line; a row kept as research is not checked.
#[test]
fn a_shown_desk_with_a_bad_phone_or_no_source_names_its_line() {
    const HEAD: &str = "region_code,region,desk_kind,desk_name,website,address,phone,source_kind,source_url,quote,checked,note,shown,why_not_shown\n";
    let file = "reference/desks/regional_desks.csv";
    let good = format!(
        "{HEAD}AM05,Twente,leerwerkloket,Leerwerkloket Twente,,,053 123 45 67,own_page,https://a.example/,q,2026-12-04,,yes,\n\
         AM09,Achterhoek,mobiliteitsteam,Lead,,,call us,news,,q,someday,,no,lead only\n"
    );
    let (code, errors) = validate(&[(file, &good)]);
    assert_eq!((code, errors.len()), (0, 0), "{errors:?}");
    let phone = format!(
        "{HEAD}AM05,Twente,leerwerkloket,Leerwerkloket Twente,,,bel ons,own_page,https://a.example/,q,2026-12-04,,yes,\n"
    );
    assert_one_error(
        &[(file, &phone)],
        "paths/reference/desks/regional_desks.csv",
        2,
        "phone:",
    );
    let source = format!(
        "{HEAD}AM05,Twente,leerwerkloket,Leerwerkloket Twente,,,,own_page,https://a.example/,q,2026-12-04,,yes,\n\
         AM22,Rijnmond,werkcentrum,Werkcentrum Rijnmond,,,,news,werkcentrumrijnmond.nl,q,2026-12-04,,yes,\n"
    );
    assert_one_error(
        &[(file, &source)],
        "paths/reference/desks/regional_desks.csv",
        3,
        "source_url:",
    );
}
