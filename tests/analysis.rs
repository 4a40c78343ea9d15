//! Golden word list: how padvinder analyses Dutch job words. A change here changes what every
//! search finds, so it must be deliberate. tantivy 0.27's default Dutch stemmer fails this list
//! (ingenieur → innieur, begeleiding → beleid); ours must not.

use padvinder::text::tables::EMBEDDED;
use padvinder::text::{Tables, analyse, fold, is_stop_word, split_compound, stem, tables};

/// (word, stem, compound parts)
const GOLDEN: &[(&str, &str, &[&str])] = &[
    ("ingenieur", "ingenieur", &[]),
    ("begeleiding", "begeleid", &[]),
    ("monteur", "monteur", &[]),
    ("monteurs", "monteur", &[]),
    ("elektricien", "elektricien", &[]),
    ("elektriciens", "elektricien", &[]),
    (
        "installatiemonteur",
        "installatiemonteur",
        &["installatie", "monteur"],
    ),
    ("installaties", "installatie", &[]),
    ("installatie", "installatie", &[]),
    ("technicus", "technicus", &[]),
    ("technici", "technicus", &[]),
    ("lasser", "lasser", &[]),
    ("lassers", "lasser", &[]),
    ("lassen", "las", &[]),
    ("timmerman", "timmerman", &[]),
    ("timmerlieden", "timmerman", &[]),
    ("automonteur", "automonteur", &["auto", "monteur"]),
    (
        "softwareontwikkelaar",
        "softwareontwikkelaar",
        &["software", "ontwikkelaar"],
    ),
    ("ontwikkelaar", "ontwikkelaar", &[]),
    ("ontwikkelaars", "ontwikkelaar", &[]),
    (
        "werkvoorbereider",
        "werkvoorbereider",
        &["werk", "voorbereider"],
    ),
    ("zonnepanelen", "zonnepanel", &["zonne", "panelen"]),
    ("zonnepaneel", "zonnepanel", &["zonne", "paneel"]),
    (
        "zonnepaneelmonteur",
        "zonnepaneelmonteur",
        &["zonnepaneel", "monteur"],
    ),
    ("warmtepompen", "warmtepomp", &["warmte", "pompen"]),
    ("warmtepomp", "warmtepomp", &["warmte", "pomp"]),
    (
        "warmtepompmonteur",
        "warmtepompmonteur",
        &["warmtepomp", "monteur"],
    ),
    ("netwerken", "netwerk", &[]),
    ("netwerkmonteur", "netwerkmonteur", &["netwerk", "monteur"]),
    ("onderhoud", "onderhoud", &[]),
    (
        "onderhoudsmonteur",
        "onderhoudsmonteur",
        &["onderhoud", "monteur"],
    ),
    ("storingen", "storing", &[]),
    (
        "storingsmonteur",
        "storingsmonteur",
        &["storing", "monteur"],
    ),
    ("chauffeur", "chauffeur", &[]),
    (
        "heftruckchauffeur",
        "heftruckchauffeur",
        &["heftruck", "chauffeur"],
    ),
    (
        "vrachtwagenchauffeur",
        "vrachtwagenchauffeur",
        &["vrachtwagen", "chauffeur"],
    ),
    ("medewerker", "medewerker", &[]),
    ("medewerkers", "medewerker", &[]),
    ("leidinggevende", "leidinggevende", &[]),
    ("operator", "operator", &[]),
    ("procesoperator", "procesoperator", &["proces", "operator"]),
    ("metselaar", "metselaar", &[]),
    ("metselaars", "metselaar", &[]),
    ("schilder", "schilder", &[]),
    ("schilders", "schilder", &[]),
    ("tegelzetter", "tegelzetter", &["tegel", "zetter"]),
    (
        "elektrotechniek",
        "elektrotechniek",
        &["elektro", "techniek"],
    ),
    (
        "installatietechniek",
        "installatietechniek",
        &["installatie", "techniek"],
    ),
    ("loodgieter", "loodgieter", &[]),
    ("loodgieters", "loodgieter", &[]),
    ("programmeur", "programmeur", &[]),
    ("programmeurs", "programmeur", &[]),
    (
        "kassamedewerker",
        "kassamedewerker",
        &["kassa", "medewerker"],
    ),
    ("servicemonteur", "servicemonteur", &["service", "monteur"]),
    ("mechatronica", "mechatronica", &[]),
    ("koeltechniek", "koeltechniek", &["koel", "techniek"]),
    (
        "klimaattechniek",
        "klimaattechniek",
        &["klimaat", "techniek"],
    ),
    (
        "energietransitie",
        "energietransitie",
        &["energie", "transitie"],
    ),
    ("straatmaker", "straatmaker", &["straat", "maker"]),
    ("uitvoerder", "uitvoerder", &[]),
    ("calculator", "calculator", &[]),
    ("tekenaar", "tekenaar", &[]),
    ("niet", "niet", &[]),
    ("geen", "geen", &[]),
    ("zonder", "zonder", &[]),
];

#[test]
fn golden_job_words() {
    assert!(GOLDEN.len() >= 60, "the list must keep at least 60 words");
    let mut wrong = Vec::new();
    for (word, want_stem, want_parts) in GOLDEN {
        let folded = fold(word);
        let got_stem = stem(&folded);
        let got_parts = split_compound(&folded);
        if got_stem != *want_stem || got_parts != *want_parts {
            wrong.push(format!("{word}: stem {got_stem} (want {want_stem}), parts {got_parts:?} (want {want_parts:?})"));
        }
    }
    assert!(wrong.is_empty(), "analysis changed:\n{}", wrong.join("\n"));
}

#[test]
fn singular_and_plural_share_a_stem() {
    for (a, b) in [
        ("monteur", "monteurs"),
        ("installatie", "installaties"),
        ("technicus", "technici"),
        ("zonnepaneel", "zonnepanelen"),
        ("warmtepomp", "warmtepompen"),
        ("metselaar", "metselaars"),
        ("ontwikkelaar", "ontwikkelaars"),
        ("elektricien", "elektriciens"),
        ("vrachtwagen", "vrachtwagens"),
        ("stratenmaker", "straatmaker"),
    ] {
        assert_eq!(stem(a), stem(b), "{a} / {b}");
    }
}

#[test]
fn stop_list_keeps_negations() {
    for word in ["niet", "geen", "zonder"] {
        assert!(!is_stop_word(word), "{word} must stay searchable");
    }
    assert_eq!(
        analyse("werk zonder diploma"),
        vec!["werk", "zonder", "diploma"]
    );
    assert!(is_stop_word("de") && is_stop_word("het") && is_stop_word("een"));
}

#[test]
fn analyse_adds_compound_parts() {
    assert_eq!(
        analyse("Installatiemonteur"),
        vec!["installatiemonteur", "installatie", "monteur"]
    );
    assert_eq!(analyse("Hygiëne"), vec![stem("hygiene")]);
}

/// The word tables are data files; what is in them is what the analysis uses.
#[test]
fn tables_come_from_the_data_files() {
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("paths");
    let read = Tables::read(&shipped).expect("paths/analysis/ reads");
    assert_eq!(read.fingerprint(), tables().fingerprint());
    assert!(read.is_stop_word("het") && !read.is_stop_word("zonder"));
    assert_eq!(read.stem("technici"), "technicus");
    assert_eq!(
        read.split_compound("warmtepompmonteur"),
        vec!["warmtepomp", "monteur"]
    );
}

#[test]
fn a_different_table_gives_a_different_fingerprint_and_analysis() {
    let [stop, (name, corrections), parts] = EMBEDDED;
    let other = corrections.replace("technici = \"technicus\"", "technici = \"technic\"");
    assert_ne!(other, corrections);
    let other = Tables::parse(stop, (name, &other), parts).expect("other tables");
    assert_eq!(other.stem("technici"), "technic");
    assert_ne!(other.fingerprint(), tables().fingerprint());
    // A comment is part of the bytes too: the fingerprint never misses an edit.
    let commented = format!("{corrections}\n# note\n");
    let commented = Tables::parse(stop, (name, &commented), parts).expect("commented tables");
    assert_ne!(commented.fingerprint(), tables().fingerprint());
}

#[test]
fn bad_table_files_name_file_and_line() {
    let [stop, corrections, parts] = EMBEDDED;
    let cases: [(&str, &str, usize, &str); 5] = [
        (
            "parts",
            "parts = [\n  \"monteur\",\n  \"Monteur\",\n]\n",
            3,
            "folded",
        ),
        (
            "parts",
            "parts = [\n  \"las\",\n  \"las\",\n]\n",
            3,
            "twice",
        ),
        ("parts", "parts = [\"a\"]\n", 1, "too short"),
        (
            "stop",
            "# stop\nwords = [\"de\", \"het ding\"]\n",
            2,
            "one folded word",
        ),
        (
            "corrections",
            "[corrections]\ntechnici = \"technicus\"\ntechnici = \"x\"\n",
            3,
            "duplicate",
        ),
    ];
    for (which, text, line, needle) in cases {
        let result = match which {
            "parts" => Tables::parse(stop, corrections, ("analysis/compound_parts.toml", text)),
            "stop" => Tables::parse(("analysis/stop_words.toml", text), corrections, parts),
            _ => Tables::parse(stop, ("analysis/stem_corrections.toml", text), parts),
        };
        let err = result.expect_err(text);
        assert!(
            err.file.ends_with(".toml") && err.file.starts_with("analysis/"),
            "{err}"
        );
        assert_eq!(err.line, line, "{err}");
        assert!(err.message.contains(needle), "{err}");
    }
    let missing = Tables::read(std::path::Path::new("/nonexistent")).expect_err("missing folder");
    assert!(missing.to_string().contains("stop_words.toml"), "{missing}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Any text is analysed without a panic, and into no more terms than a word can give: its
    /// stem plus at most four compound parts.
    #[test]
    fn analysis_never_panics(text in "\\PC{0,200}", word in "[a-z]{0,80}") {
        for t in [text.as_str(), word.as_str()] {
            let terms = analyse(t);
            proptest::prop_assert!(terms.len() <= padvinder::text::words(t).len() * 5);
        }
    }
}
