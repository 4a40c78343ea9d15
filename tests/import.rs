//! `padvinder import-offerings`: research rows become catalogue offerings, repeatably, and
//! nothing a row does not state is written.

mod common;

use common::Fixture;

const HEADER: &str = "crebo,qualification,provider_id,provider,route,cohort,level,duration,municipality,postcode,source_kind,source_url,quote,checked,note\n";

fn rows() -> String {
    let mut s = String::from(HEADER);
    // Stated route and place (a new school): an offering with a location, and a new provider.
    s += "25736,Eerste monteur,noorderpoort,Noorderpoort,BBL,2025,3,3 jaar,Groningen,9711 AB,school_page,https://www.noorderpoort.nl/opleiding,\"quote\",2026-12-03,\n";
    // Two routes in one row, no place: two offerings placed nowhere (the school's own places).
    s += "25737,Monteur,talland-college,Talland College,BOL/BBL,2025,2,2 jaar,unknown,unknown,school_oer,https://example.org/oer,\"quote\",2026-12-02,\n";
    // No crebo: left out.
    s += "unknown,Software developer,deltion-college,Deltion,unknown,unknown,4,unknown,unknown,unknown,school_site_repo,https://example.org/x,\"q\",2026-12-03,\n";
    // A crebo the catalogue has no course for: left out.
    s += "99999,Iets,talland-college,Talland College,BOL,2025,2,2 jaar,unknown,unknown,school_oer,https://example.org/y,\"q\",2026-12-03,\n";
    // A place not in the reference data: left out, not guessed.
    s += "25736,Eerste monteur,noorderpoort,Noorderpoort,BOL,2025,3,3 jaar,Atlantis,unknown,school_page,https://example.org/z,\"q\",2026-12-03,\n";
    // Marked skip by a reviewer.
    s += "25736,Eerste monteur,soma-college,SOMA,BBL,unknown,unknown,unknown,unknown,unknown,school_page,https://example.org/soma,\"q\",2026-12-03,\n";
    s
}

const REVIEW: &str = "crebo,provider_id,route,source_url,decision,reason\n25736,soma-college,BBL,https://example.org/soma,skip,name not exact\n";

#[test]
fn import_writes_sourced_offerings_and_is_idempotent() {
    let fixture = Fixture::with(&[]);
    let dir = fixture.data.parent().expect("parent").to_owned();
    std::fs::write(dir.join("rows.csv"), rows()).expect("write rows");
    std::fs::write(dir.join("import_review.csv"), REVIEW).expect("write review");
    let from = dir.join("rows.csv");
    let args = ["import-offerings", "--from", from.to_str().expect("utf-8")];
    let first = fixture.run(&args);
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    assert!(
        first
            .stdout
            .contains("6 rows: 3 offerings, 1 new providers (noorderpoort), 4 rows skipped"),
        "{}",
        first.stdout
    );
    for reason in [
        ":4: no crebo",
        ":5: crebo 99999 is not a course in the catalogue",
        ":6: municipality \"Atlantis\" is not in",
        ":7: review: name not exact",
    ] {
        assert!(
            first.stdout.contains(reason),
            "{reason} in {}",
            first.stdout
        );
    }
    let file = fixture.data.join("offerings/imported.toml");
    let written = std::fs::read_to_string(&file).expect("imported file");
    assert!(
        written.contains(
            "location = { name = \"Groningen\", municipality = \"GM0014\", postcode = \"9711 AB\" }"
        ),
        "{written}"
    );
    assert!(
        written.contains("website = \"https://www.noorderpoort.nl/opleiding\""),
        "{written}"
    );
    assert_eq!(
        written.matches("provider = \"talland-college\"").count(),
        2,
        "{written}"
    );
    assert!(!written.contains("soma"), "{written}");
    assert!(!written.contains("Atlantis"), "{written}");
    // The catalogue with the generated file is valid and its course names the new school.
    let validate = fixture.run(&["validate"]);
    assert_eq!(validate.code, 0, "{}", validate.stdout);
    assert!(
        validate.stdout.contains("2 providers"),
        "{}",
        validate.stdout
    );

    // Again on the same rows: nothing changes, and --check agrees.
    let second = fixture.run(&args);
    assert!(second.stdout.contains("unchanged"), "{}", second.stdout);
    assert_eq!(std::fs::read_to_string(&file).expect("file"), written);
    let check = fixture.run(&[&args[..], &["--check"]].concat());
    assert_eq!(check.code, 0, "{}", check.stdout);

    // A new row makes --check fail until the import runs again.
    std::fs::write(&from, rows() + "25736,Eerste monteur,noorderpoort,Noorderpoort,BOL,2025,3,3 jaar,unknown,unknown,school_page,https://example.org/n2,\"q\",2026-12-03,\n").expect("append");
    let stale = fixture.run(&[&args[..], &["--check"]].concat());
    assert_eq!(stale.code, 1, "{}", stale.stdout);
    assert!(
        stale.stdout.contains("is not what the rows give"),
        "{}",
        stale.stdout
    );
}

#[test]
fn a_broken_rows_file_names_its_line() {
    let fixture = Fixture::with(&[]);
    let from = fixture.data.parent().expect("parent").join("rows.csv");
    std::fs::write(&from, format!("{HEADER}25736,too,few\n")).expect("write");
    let out = fixture.run(&["import-offerings", "--from", from.to_str().expect("utf-8")]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("rows.csv:2:"), "{}", out.stderr);
}

#[test]
fn shipped_offerings_are_what_the_research_rows_give() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let from = root.join("docs/research/catalogue-depth/provider_offerings.csv");
    let out = common::run_in(
        &common::shipped(),
        &[
            "import-offerings",
            "--check",
            "--from",
            from.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(
        out.code, 0,
        "run `padvinder import-offerings`: {}{}",
        out.stdout, out.stderr
    );
}

const REGIONS: &str = "arbeidsmarktregio_code,arbeidsmarktregio,central_municipality,central_municipality_code,central_latitude,central_longitude\n\
AM01,Groningen,Groningen,GM0014,53.218592,6.620635\n\
AM11,Flevoland,Almere,GM0034,52.402471,5.205651\n";

/// `padvinder coverage` counts a qualification where a source places it: after importing an
/// offering at a stated place (Noorderpoort, Groningen) the qualification that had no provider
/// is taught in one province; distances run from each region's main town.
#[test]
fn coverage_reports_providers_by_province_and_distance_from_each_region() {
    let fixture = Fixture::with(&[("reference/geo/labour_market_regions.csv", REGIONS)]);
    let before = fixture.run(&["coverage", "--no-personas"]);
    assert_eq!(before.code, 0, "{}{}", before.stdout, before.stderr);
    // 25737 starts a path from outside (instroom), 25736 a move within it (doorstroom).
    assert!(
        before.stdout.contains(
            "| 25736 | Eerste monteur elektrotechnische installaties in de gebouwde omgeving | no | elektro | 0 | 0 | 0 | — |"
        ),
        "{}",
        before.stdout
    );
    assert!(
        before
            .stdout
            .contains("| 25737 | Monteur elektrotechnische installaties | yes | elektro | 1 | 0 | 1 | Talland College (Almere) |"),
        "{}",
        before.stdout
    );
    assert!(
        before
            .stdout
            .contains("Met by 0 of 1 instroom qualifications"),
        "{}",
        before.stdout
    );
    assert!(
        before
            .stdout
            .contains("Qualifications with no provider at a known place: 1 (25736)"),
        "{}",
        before.stdout
    );
    // Groningen's main town is 131 km from Almere, where 25737 is taught.
    assert!(
        before.stdout.contains("| 25737 | 131 | 0 |"),
        "{}",
        before.stdout
    );

    let dir = fixture.data.parent().expect("parent").to_owned();
    std::fs::write(dir.join("rows.csv"), rows()).expect("write rows");
    std::fs::write(dir.join("import_review.csv"), REVIEW).expect("write review");
    let from = dir.join("rows.csv");
    let import = fixture.run(&["import-offerings", "--from", from.to_str().expect("utf-8")]);
    assert_eq!(import.code, 0, "{}{}", import.stdout, import.stderr);
    let out = dir.join("coverage.md");
    let after = fixture.run(&[
        "coverage",
        "--no-personas",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(after.code, 0, "{}{}", after.stdout, after.stderr);
    let report = std::fs::read_to_string(&out).expect("report written");
    assert!(
        report.contains("| 25736 | Eerste monteur elektrotechnische installaties in de gebouwde omgeving | no | elektro | 1 | 1 | 1 | Noorderpoort (Groningen) |"),
        "{report}"
    );
    assert!(
        report.contains("Catalogue: 2 providers, 3 offering records"),
        "{report}"
    );
}

const DESKS_HEAD: &str = "region_code,region,desk_kind,desk_name,website,address,phone,source_kind,source_url,quote,checked,note,shown,why_not_shown\n";

/// `padvinder coverage` says who to call: how many of the regions have a desk of their own and
/// how many of those desks give a phone number or a website; a desk kept as research only
/// (`shown = no`) does not count.
#[test]
fn coverage_counts_the_regions_with_a_desk_and_their_phones_and_websites() {
    let desks = format!(
        "{DESKS_HEAD},(national),leerwerkloket,Leerwerkloket.nl,https://www.leerwerkloket.nl/,,,own_page,https://www.leerwerkloket.nl/about-us,q,2026-12-02,,yes,\n\
         AM01,Groningen,werkcentrum,Werkcentrum Groningen,https://wc.example/,,050 123 45 67,own_page,https://wc.example/contact,q,2026-12-04,,yes,\n\
         AM01,Groningen,leerwerkloket,Leerwerkloket Groningen,,,,news,https://news.example/a,q,2026-12-04,,yes,\n\
         AM11,Flevoland,werkbedrijf,Lead only,https://lead.example/,,036 000 00 00,news,https://news.example/b,q,2026-12-04,,no,lead\n"
    );
    let fixture = Fixture::with(&[
        ("reference/geo/labour_market_regions.csv", REGIONS),
        ("reference/desks/regional_desks.csv", desks.as_str()),
    ]);
    let out = fixture.run(&["coverage", "--no-personas"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    for line in [
        "1 of 2 regions have a desk of their own; of their 2 desks, 1 give a phone number and 1 a website",
        "| AM01 Groningen | Groningen | Werkcentrum Groningen; Leerwerkloket Groningen | 1 | 1 |",
        "| AM11 Flevoland | Almere | — | 0 | 0 |",
    ] {
        assert!(out.stdout.contains(line), "{line} in {}", out.stdout);
    }

    // A shown desk whose phone is not a number: the file, line and column, and no report.
    let broken = format!(
        "{DESKS_HEAD}AM01,Groningen,werkcentrum,Werkcentrum Groningen,,,bel ons,own_page,https://wc.example/,q,2026-12-04,,yes,\n"
    );
    let fixture = Fixture::with(&[
        ("reference/geo/labour_market_regions.csv", REGIONS),
        ("reference/desks/regional_desks.csv", broken.as_str()),
    ]);
    let out = fixture.run(&["coverage", "--no-personas"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("regional_desks.csv: line 2: phone:"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

/// A persona folder that is not there, or a regions file that is broken, is an error naming it.
#[test]
fn coverage_names_what_it_cannot_read() {
    let fixture = Fixture::with(&[("reference/geo/labour_market_regions.csv", REGIONS)]);
    let missing = fixture.run(&["coverage", "--personas", "no-such-folder"]);
    assert_eq!(missing.code, 2, "{}{}", missing.stdout, missing.stderr);
    assert!(
        missing
            .stderr
            .contains("--personas no-such-folder: cannot read"),
        "{}",
        missing.stderr
    );
    let broken = Fixture::with(&[(
        "reference/geo/labour_market_regions.csv",
        "arbeidsmarktregio_code,arbeidsmarktregio,central_municipality,central_latitude,central_longitude\nAM01,Groningen,Groningen,north,6.6\n",
    )]);
    let out = broken.run(&["coverage", "--no-personas"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("labour_market_regions.csv:2:"),
        "{}",
        out.stderr
    );
}
