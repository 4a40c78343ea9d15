//! Search: the job words people type find the right functions and courses, typos and half-typed
//! words included; odd input never errors; filters and facets agree with the hits.

mod common;

use std::sync::OnceLock;

use padvinder::catalog::{DocKind, LearningRoute};
use padvinder::layout::DataLayout;
use padvinder::search::{self, SearchRequest, SearchResult};
use padvinder::services::SearchParts;

/// The shipped catalogue, indexed in memory once for all tests.
fn shipped() -> &'static SearchParts {
    static SHIPPED: OnceLock<SearchParts> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        SearchParts::in_memory(&DataLayout::new(common::shipped()))
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

fn run(req: SearchRequest) -> SearchResult {
    let s = shipped();
    search::search(&s.index, &s.catalogue, &s.geo, &req).expect("search")
}

fn query(q: &str, kind: Option<DocKind>, limit: usize) -> SearchResult {
    run(SearchRequest {
        query: q.to_owned(),
        kind,
        limit,
        ..SearchRequest::default()
    })
}

/// Asserts that among the first `top` hits of `kind` for `q` there is one whose id or title
/// (folded) contains `needle`.
fn assert_finds(q: &str, kind: DocKind, top: usize, needle: &str) {
    let result = query(q, Some(kind), top);
    let found = result
        .hits
        .iter()
        .any(|h| h.id.contains(needle) || padvinder::text::fold(&h.title).contains(needle));
    let got: Vec<String> = result
        .hits
        .iter()
        .map(|h| format!("{} ({})", h.id, h.title))
        .collect();
    assert!(
        found,
        "{q:?}: no {} containing {needle:?} in top {top}: {got:#?}",
        kind.as_str()
    );
}

#[test]
fn common_job_words_find_functions_and_courses() {
    // (query, function id or title part, course id or title part)
    let cases: &[(&str, &str, &str)] = &[
        (
            "elektricien",
            "elektrotechnische installaties",
            "elektrotechnische installaties",
        ),
        (
            "elektricen",
            "elektrotechnische installaties",
            "elektrotechnische installaties",
        ),
        ("instalatiemonteur", "installaties", "installaties"),
        ("zonnepaneel", "zonne", "zonnestroom"),
        ("warmtepomp", "warmtepomp", "warmtepomp"),
        ("lasser", "lasser", "las"),
        ("timmerman", "timmerman", "timmerman"),
        ("automonteur", "voertuigen", "voertuigen"),
        ("software developer", "software", "software developer"),
        ("ict support", "ict", "ict"),
        ("netwerkmonteur", "distributie", "distributie"),
        // Issue 10 §4: jobs people ask for.
        (
            "mechanisch operator",
            "mechanisch-operator",
            "mechanisch operator",
        ),
        (
            "constructiewerker",
            "constructiewerker",
            "constructiewerker",
        ),
    ];
    for (q, function, course) in cases {
        assert_finds(q, DocKind::Function, 5, function);
        assert_finds(q, DocKind::Course, 5, course);
    }
}

#[test]
fn a_typo_finds_what_the_word_finds() {
    // The same functions come first; their order may differ a little, because an exact title
    // match earns a bonus that a typo only earns in part.
    let exact = query("elektricien", Some(DocKind::Function), 2);
    let typo = query("elektricen", Some(DocKind::Function), 2);
    let ids = |r: &SearchResult| {
        let mut ids: Vec<String> = r.hits.iter().map(|h| h.id.clone()).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&exact), ids(&typo));
    assert!(
        exact.hits[0].score > typo.hits[0].score,
        "the exact word scores higher"
    );
    assert!(
        typo.hits[0].snippet.contains("<mark>"),
        "{}",
        typo.hits[0].snippet
    );
}

#[test]
fn short_words_get_no_typos() {
    // "ict" has no typo budget: "ics" must not match ICT by typo.
    let result = query("ics", None, 10);
    assert!(
        result
            .hits
            .iter()
            .all(|h| !padvinder::text::fold(&h.title).contains("ict"))
    );
}

#[test]
fn last_word_is_a_prefix_while_typing() {
    assert_finds("elektr", DocKind::Course, 5, "elektrotechnische");
    assert_finds("warmtep", DocKind::Course, 5, "warmtepomp");
}

/// Issue 15: half-typed words from ESCO labels ("binnenhuisschilder", "opzichter",
/// "machinist excavateur") and descriptions ("ventilatie") find the record that holds them, as
/// titles and keywords always did.
#[test]
fn half_typed_words_from_every_field_find_their_record() {
    for (q, id) in [
        ("binnenh", "schilder"),
        ("opzicht", "leidinggevende-technici"),
        ("excava", "machinist-grondverzet"),
        ("ventila", "eerste-monteur-utiliteit"),
    ] {
        let result = query(q, Some(DocKind::Function), 10);
        let ids: Vec<&str> = result.hits.iter().map(|h| h.id.as_str()).collect();
        assert!(ids.contains(&id), "{q:?}: {id} not in the top 10: {ids:?}");
    }
    // A typo in a word that only a description holds is corrected too ("ventilatei").
    let result = query("ventilatei", Some(DocKind::Function), 10);
    assert!(
        result
            .hits
            .iter()
            .any(|h| h.id == "eerste-monteur-utiliteit"),
        "{:?}",
        result.hits
    );
}

/// A title match outranks the same word found only in other fields, and a whole word outranks
/// its completion.
#[test]
fn title_matches_come_before_other_fields() {
    let s = shipped();
    let titles: Vec<(String, String)> = s
        .catalogue
        .courses()
        .iter()
        .map(|c| (c.id.clone(), padvinder::text::fold(&c.title)))
        .chain(
            s.catalogue
                .functions()
                .iter()
                .map(|f| (f.id.clone(), padvinder::text::fold(&f.title))),
        )
        .collect();
    for word in [
        "warmtepomp",
        "schilder",
        "lasser",
        "storingsmonteur",
        "ventilatie",
    ] {
        let result = query(word, None, 50);
        let in_title = |id: &str| titles.iter().any(|(i, t)| i == id && t.contains(word));
        let titled = result.hits.iter().filter(|h| in_title(&h.id)).count();
        // Every hit with the word in its title comes before every hit without it.
        assert!(
            result.hits[..titled].iter().all(|h| in_title(&h.id)),
            "{word}: {:?}",
            result.hits.iter().map(|h| &h.id).collect::<Vec<_>>()
        );
    }
    let exact = query("elektricien", None, 1).hits[0].score;
    let prefix = query("elektricie", None, 1).hits[0].score;
    assert!(exact > prefix, "exact {exact} > prefix {prefix}");
}

/// Issue 15: a multi-word query that no record matches with every word leaves words out, says
/// so and which words it used; a query that finds nothing offers words that do.
#[test]
fn no_dead_ends() {
    // "xqzwv" matches nothing at all: it is left out, and the hits are those of "Lasser".
    let relaxed = query("Lasser xqzwv", None, 10);
    assert!(relaxed.relaxed, "{relaxed:?}");
    assert_eq!(relaxed.used_words, vec!["Lasser"]);
    assert_eq!(relaxed.total, query("lasser", None, 10).total);

    // Both words match something but never together: the commoner one is left out.
    let (software, schilder) = (query("software", None, 10), query("schilder", None, 10));
    assert!(software.total > 0 && schilder.total > 0);
    let rarer = if software.total < schilder.total {
        "software"
    } else {
        "schilder"
    };
    let both = query("software schilder", None, 10);
    assert!(both.relaxed, "{both:?}");
    assert_eq!(both.used_words, vec![rarer], "{both:?}");
    assert!(both.total > 0);

    // Every word is searched as typed when nothing is left out.
    let plain = query("Elektriciën utiliteit", None, 10);
    assert!(!plain.relaxed);
    assert_eq!(plain.used_words, vec!["Elektriciën", "utiliteit"]);
    assert!(plain.suggestions.is_empty());

    // Nothing at all: suggestions from the vocabulary, each of which finds something.
    let none = query("elecktrisjen", None, 10);
    assert_eq!(none.total, 0, "{none:?}");
    assert!(!none.relaxed);
    assert!(!none.suggestions.is_empty(), "{none:?}");
    assert!(
        none.suggestions.iter().any(|w| w.starts_with("elektric")),
        "{:?}",
        none.suggestions
    );
    assert!(none.suggestions.len() <= search::MAX_SUGGESTIONS);
    for suggestion in &none.suggestions {
        assert!(
            query(suggestion, None, 1).total > 0,
            "suggestion {suggestion:?} finds nothing"
        );
    }
    // Text without words gets no suggestions.
    assert!(query("*", None, 10).suggestions.is_empty());
}

#[test]
fn odd_input_returns_results_or_none_never_an_error() {
    // As long as a query may be: more is refused (see `over_long_queries_are_refused_naming_the_limit`).
    let long = "monteur".repeat(search::MAX_QUERY_CHARS / 7);
    for q in [
        "\"elektricien\"",
        "medewerker: x",
        "NOT zorg",
        "*",
        "elektricien AND",
        "(((",
        "😀",
        "😀 lasser",
        "title:monteur",
        "a~2",
        "",
        "   ",
        &long,
    ] {
        let result = query(q, None, 10);
        assert!(result.hits.len() <= 10, "{q}");
    }
    assert!(!query("medewerker: x", None, 10).hits.is_empty());
    assert!(!query("😀 lasser", None, 10).hits.is_empty());
    // Text without a word asks for nothing: it does not list the whole catalogue.
    for q in ["*", "😀", "(((", "--", "\"\""] {
        assert_eq!(query(q, None, 10).total, 0, "{q}");
    }
    // An empty query with no text is the way to browse everything (with filters).
    assert!(query("", None, 10).total > 100);
}

/// The error of a search that is refused.
fn refusal(q: &str) -> (String, String) {
    let s = shipped();
    let req = SearchRequest {
        query: q.to_owned(),
        limit: 10,
        ..SearchRequest::default()
    };
    match search::search(&s.index, &s.catalogue, &s.geo, &req) {
        Err(search::SearchError::OverLimit { field, message }) => (field.to_owned(), message),
        other => panic!("{q:.40}…: expected a refusal, got {other:?}"),
    }
}

#[test]
fn over_long_queries_are_refused_naming_the_limit() {
    // Regression: one 64 kB word ("zonnepanelen" repeated) took 4 s of CPU per search.
    let (field, message) = refusal(&"zonnepanelen".repeat(64 * 1024 / 12));
    assert_eq!(field, "q");
    assert!(message.contains("500 characters"), "{message}");
    // Just over the limit is refused, at the limit is searched.
    let at_limit = "a".repeat(search::MAX_QUERY_CHARS);
    assert!(query(&at_limit, None, 10).hits.len() <= 10);
    refusal(&format!("{at_limit}a"));
    // Characters, not bytes: 500 accented letters are within the limit.
    assert!(query(&"é".repeat(search::MAX_QUERY_CHARS), None, 10).total == 0);

    let words = |n: usize| vec!["monteur"; n].join(" ");
    assert!(
        !query(&words(search::MAX_QUERY_WORDS), None, 10)
            .hits
            .is_empty()
    );
    let (field, message) = refusal(&words(search::MAX_QUERY_WORDS + 1));
    assert_eq!(field, "q");
    assert!(message.contains("at most 10"), "{message}");
    // Stop words do not count: a sentence is not refused for its "de" and "in".
    let sentence = format!("{} de het in een", words(search::MAX_QUERY_WORDS));
    assert!(!query(&sentence, None, 10).hits.is_empty());
}

#[test]
fn facet_counts_match_the_total() {
    let result = query("monteur", None, 10);
    let by_kind: usize = result.facets.kind.values().sum();
    assert_eq!(by_kind, result.total);
    assert!(result.total >= result.hits.len());
    assert!(
        result.facets.level.contains_key("2"),
        "{:?}",
        result.facets.level
    );
    assert!(
        result.facets.route.contains_key("BBL"),
        "{:?}",
        result.facets.route
    );
}

/// Every facet count is the number of matching records with that value: the counts per group
/// of records with the same values add up to what the hits themselves say.
#[test]
fn facets_count_exactly_the_matching_records() {
    use std::collections::BTreeMap;
    let s = shipped();
    for q in ["monteur", "installatie", "elektr"] {
        let result = query(q, None, search::MAX_LIMIT);
        assert!(result.total > 0, "{q}");
        let mut hits = result.hits.clone();
        while hits.len() < result.total {
            let page = run(SearchRequest {
                query: q.to_owned(),
                limit: search::MAX_LIMIT,
                offset: hits.len(),
                ..SearchRequest::default()
            });
            assert!(!page.hits.is_empty(), "{q}: page at {}", hits.len());
            hits.extend(page.hits);
        }
        assert_eq!(hits.len(), result.total, "{q}");
        let mut kind: BTreeMap<String, usize> = BTreeMap::new();
        let mut sector: BTreeMap<String, usize> = BTreeMap::new();
        let mut level: BTreeMap<String, usize> = BTreeMap::new();
        let mut route: BTreeMap<String, usize> = BTreeMap::new();
        let mut region: BTreeMap<String, usize> = BTreeMap::new();
        let level_name = |l: Option<u8>| l.map_or("unknown".to_owned(), |l| l.to_string());
        for hit in &hits {
            *kind.entry(hit.kind.as_str().to_owned()).or_default() += 1;
            match hit.kind {
                DocKind::Function => {
                    let f = s.catalogue.function(&hit.id).expect("function");
                    if let Some(p) = s.catalogue.path(&f.path_id) {
                        *sector.entry(p.sector.clone()).or_default() += 1;
                    }
                    *level
                        .entry(level_name(f.nlqf_level.known().map(|l| l.get())))
                        .or_default() += 1;
                }
                DocKind::Course => {
                    let c = s.catalogue.course(&hit.id).expect("course");
                    for p in s.catalogue.sectors_of_course(&c.id) {
                        *sector.entry(p.to_owned()).or_default() += 1;
                    }
                    *level
                        .entry(level_name(c.nlqf_level.known().map(|l| l.get())))
                        .or_default() += 1;
                    for r in &c.routes {
                        *route.entry(r.as_str().to_owned()).or_default() += 1;
                    }
                    for r in s.catalogue.course_regions(&s.geo, c) {
                        *region.entry(r).or_default() += 1;
                    }
                }
                DocKind::Path => {
                    let p = s.catalogue.path(&hit.id).expect("path");
                    *sector.entry(p.sector.clone()).or_default() += 1;
                }
            }
        }
        assert_eq!(result.facets.kind, kind, "{q}");
        assert_eq!(result.facets.sector, sector, "{q}");
        assert_eq!(result.facets.level, level, "{q}");
        assert_eq!(result.facets.route, route, "{q}");
        assert_eq!(result.facets.region, region, "{q}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
    /// The quick bounds before the edit distance never turn away a word that is near enough.
    #[test]
    fn within_edits_is_the_edit_distance(a in "[a-fé]{0,9}", b in "[a-fé]{0,9}", max in 0usize..4) {
        let d = strsim::damerau_levenshtein(&a, &b);
        proptest::prop_assert_eq!(
            padvinder::index::within_edits(&a, &b, max),
            (d <= max).then_some(d)
        );
    }
}

#[test]
fn filters_narrow_the_hits() {
    let s = shipped();
    let result = run(SearchRequest {
        query: "monteur".into(),
        kind: Some(DocKind::Course),
        level: Some(3),
        route: Some(LearningRoute::Bbl),
        limit: 50,
        ..SearchRequest::default()
    });
    assert!(!result.hits.is_empty());
    for hit in &result.hits {
        let course = s.catalogue.course(&hit.id).expect("course");
        assert_eq!(
            course.nlqf_level.known().map(|l| l.get()),
            Some(3),
            "{}",
            hit.id
        );
        assert!(course.routes.contains(&LearningRoute::Bbl), "{}", hit.id);
    }
    assert_eq!(result.facets.kind.get("course"), Some(&result.total));
}

#[test]
fn region_filter_by_code_or_name_and_unknown_region_is_refused() {
    let s = shipped();
    let by_code = run(SearchRequest {
        query: "monteur".into(),
        region: Some("AM11".into()),
        limit: 100,
        ..SearchRequest::default()
    });
    let by_name = run(SearchRequest {
        query: "monteur".into(),
        region: Some("flevoland".into()),
        limit: 100,
        ..SearchRequest::default()
    });
    assert_eq!(by_code.total, by_name.total);
    let err = search::search(
        &s.index,
        &s.catalogue,
        &s.geo,
        &SearchRequest {
            query: "monteur".into(),
            region: Some("Atlantis".into()),
            limit: 10,
            ..SearchRequest::default()
        },
    )
    .expect_err("unknown region");
    assert!(err.to_string().starts_with("region:"), "{err}");
}

#[test]
fn paging_does_not_repeat_hits() {
    let first = run(SearchRequest {
        query: "monteur".into(),
        limit: 5,
        ..SearchRequest::default()
    });
    let second = run(SearchRequest {
        query: "monteur".into(),
        limit: 5,
        offset: 5,
        ..SearchRequest::default()
    });
    assert_eq!(second.hits.len(), 5, "there is a second page to compare");
    for hit in &second.hits {
        assert!(
            first
                .hits
                .iter()
                .all(|h| h.id != hit.id || h.kind != hit.kind)
        );
    }
}

// ---- a small catalogue where the ranking rules can be seen ------------------------------------

/// Two courses whose titles differ by one letter: the exact word must win in both directions.
#[test]
fn exact_match_beats_typo_match() {
    let courses = common::COURSES
        .replace(
            "title = \"Monteur elektrotechnische installaties\"",
            "title = \"Lasser constructie\"",
        )
        .replace(
            "title = \"Eerste monteur elektrotechnische installaties in de gebouwde omgeving\"",
            "title = \"Laser snijden\"",
        );
    let SearchParts {
        catalogue,
        geo,
        index: idx,
        ..
    } = small_index(&[("courses/elektro.toml", &courses)]);
    for (q, winner) in [("lasser", "Lasser constructie"), ("laser", "Laser snijden")] {
        let req = SearchRequest {
            query: q.into(),
            kind: Some(DocKind::Course),
            limit: 10,
            ..SearchRequest::default()
        };
        let result = search::search(&idx, &catalogue, &geo, &req).expect("search");
        assert_eq!(result.hits.len(), 2, "{q}: both match, one by a typo");
        assert_eq!(result.hits[0].title, winner, "{q}");
        assert!(result.hits[0].score > result.hits[1].score, "{q}");
    }
}

/// The test catalogue with `changes` (file under paths/, content), indexed in memory with the
/// ESCO labels of its functions.
fn small_index(changes: &[(&str, &str)]) -> SearchParts {
    let fixture = common::Fixture::with(changes);
    SearchParts::in_memory(&DataLayout::new(&fixture.data)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn escape_makes_hostile_text_inert() {
    assert_eq!(
        search::escape(r#"<script>alert("x")</script> & 'co'"#),
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"
    );
    assert_eq!(search::escape("elektriciën"), "elektriciën");
}

/// A record with markup in its title: the snippet shows it as text, with only our `<mark>`.
#[test]
fn snippets_are_html_safe() {
    let courses = common::COURSES.replace(
        "title = \"Monteur elektrotechnische installaties\"",
        "title = \"Monteur <script>alert(\\\"x\\\")</script> & 'co'\"",
    );
    assert_ne!(
        courses,
        common::COURSES,
        "the fixture has the title to replace"
    );
    let SearchParts {
        catalogue,
        geo,
        index: idx,
        ..
    } = small_index(&[("courses/elektro.toml", &courses)]);
    let req = SearchRequest {
        query: "script".into(),
        kind: Some(DocKind::Course),
        limit: 10,
        ..SearchRequest::default()
    };
    let result = search::search(&idx, &catalogue, &geo, &req).expect("search");
    assert_eq!(result.hits.len(), 1, "the hostile record is found");
    assert_eq!(
        result.hits[0].snippet,
        "Monteur &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; \
         &amp; &#39;co&#39;"
    );
}

/// The field boosts and the typo, prefix and exact-title weights of `search.rs`, pinned: each query
/// below reaches the test catalogue through one kind of field (title, keyword, ESCO alias,
/// description, typo, prefix, whole title), and the scores show every weight. A change shows as
/// a reviewed diff of `tests/snapshots/search_boosts.snap` (`cargo insta review`).
#[test]
fn field_boosts_are_pinned() {
    // The second function gets the ESCO occupation "kabelmonteur" (its alias "kabellegger" is
    // nowhere else); the second course mentions a "kabellegger" in its description only.
    let path = common::PATH.replace(
        "id = \"eerste-monteur-elektro\"\n",
        "id = \"eerste-monteur-elektro\"\nesco_uri = \"http://data.europa.eu/esco/occupation/0c328e98-6e4e-4e96-b99c-56851e666ad0\"\n",
    );
    let courses = common::COURSES.replace(
        "providers = []\n",
        "providers = []\ndescription = \"Ook voor de kabellegger die verder wil.\"\n",
    );
    assert!(
        path != common::PATH && courses != common::COURSES,
        "fixture edits apply"
    );
    let SearchParts {
        catalogue,
        geo,
        index: idx,
        ..
    } = small_index(&[
        ("paths/elektro.toml", &path),
        ("courses/elektro.toml", &courses),
    ]);
    let mut out = String::new();
    for q in [
        "installaties",
        "elektricien",
        "kabellegger",
        "instalaties",
        "elektrot",
        "monteur elektrotechnische installaties",
        "installatiemonteur",
    ] {
        let req = SearchRequest {
            query: q.into(),
            limit: 10,
            ..SearchRequest::default()
        };
        let result = search::search(&idx, &catalogue, &geo, &req).expect("search");
        assert!(!result.hits.is_empty(), "{q} finds something");
        out.push_str(&format!("{q}\n"));
        for hit in &result.hits {
            out.push_str(&format!(
                "  {:.3} {} {}\n",
                hit.score,
                hit.kind.as_str(),
                hit.id
            ));
        }
    }
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("search_boosts", out);
    });
}
