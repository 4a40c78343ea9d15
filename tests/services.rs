//! Loading: the index is rebuilt exactly when what it reads changes (the catalogue, the
//! municipalities' regions, the ESCO labels), not when reference data it never reads changes.

mod common;

use std::path::Path;

use padvinder::config::Config;
use padvinder::layout::DataLayout;
use padvinder::services::{Domain, LoadError, SearchParts};

/// Opens (or builds) the fixture's index and says whether it was built now.
fn rebuilt(config: &Config) -> bool {
    SearchParts::load(config, false)
        .unwrap_or_else(|e| panic!("{e}"))
        .rebuilt
}

fn edit(file: &Path, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(file).expect("read");
    std::fs::write(file, change(text)).expect("write");
}

#[test]
fn the_index_is_rebuilt_only_when_what_it_reads_changes() {
    let fixture = common::Fixture::with(&[]);
    let index = fixture.data.parent().expect("parent").join("index");
    let config = Config::with_folders(&fixture.data, &index);
    let layout = config.layout();
    assert!(rebuilt(&config), "first open builds");
    assert!(!rebuilt(&config), "nothing changed");

    // Skills and PC4 points are not read by the index.
    std::fs::write(
        layout.occupation_skills(),
        "occupation_uri,skill_uri,relation\nhttp://x/o,http://x/s,essential\n",
    )
    .expect("write skills");
    edit(&layout.geo_dir().join("pc4.csv"), |t| {
        t + "1312,52.38,5.22,GM0034,Almere,Flevoland,Almere,1,,,https://example.org\n"
    });
    assert!(!rebuilt(&config), "skills and PC4 updates keep the index");

    // Regions are filters in the index.
    edit(&layout.geo_dir().join("municipalities.csv"), |t| {
        t.replacen(",AM11,", ",AM12,", 1)
    });
    assert!(rebuilt(&config), "a region change rebuilds");
    assert!(!rebuilt(&config));

    // ESCO labels are indexed as function aliases.
    edit(&layout.occupations(), |t| {
        t.replacen("chauffeur", "chauffeuse", 1)
    });
    assert!(rebuilt(&config), "an ESCO label change rebuilds");

    // And the catalogue itself.
    edit(&fixture.data.join("courses/elektro.toml"), |t| {
        t.replacen("keywords = [", "keywords = [\"stroomspecialist\", ", 1)
    });
    assert!(rebuilt(&config), "a catalogue change rebuilds");
    assert!(!rebuilt(&config));
}

#[test]
fn a_missing_reference_file_is_named() {
    // The fixture has no SLIM parameters: everything that matches needs them.
    let fixture = common::Fixture::with(&[]);
    let layout = DataLayout::new(&fixture.data);
    let Err(e) = Domain::load(&layout) else {
        panic!("loaded without SLIM parameters");
    };
    assert!(
        e.to_string().contains("parameters.toml"),
        "names the file: {e}"
    );
}

#[test]
fn an_invalid_catalogue_is_refused_with_its_first_problems() {
    let broken = common::COURSES.replacen("crebo = \"25737\"", "crebo = \"257\"", 1);
    let fixture = common::Fixture::with(&[("courses/elektro.toml", &broken)]);
    let index = fixture.data.parent().expect("parent").join("index");
    let Err(e) = SearchParts::load(&Config::with_folders(&fixture.data, &index), false) else {
        panic!("an invalid catalogue was loaded");
    };
    assert!(matches!(&e, LoadError::Invalid { problems, .. } if problems.len() == 1));
    let message = e.to_string();
    assert!(message.contains("1 problem(s)"), "{message}");
    assert!(message.contains("elektro.toml"), "{message}");
    assert!(
        !index.exists(),
        "no index is built from an invalid catalogue"
    );
}
