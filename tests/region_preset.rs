//! A job centre's region preset in matching (issue 12 §4): providers and routes in the
//! preferred region come first when otherwise equal, and never beat a closer provider or a
//! better route.

mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use padvinder::layout::DataLayout;
use padvinder::matching::{Detail, MatchOptions, MatchResult};
use padvinder::messages::Lang;
use padvinder::profile::Profile;
use padvinder::services::Domain;
use time::macros::date;

/// The shipped data, loaded once.
fn data() -> &'static Domain {
    static DATA: OnceLock<Domain> = OnceLock::new();
    DATA.get_or_init(|| {
        Domain::load(&DataLayout::new(common::shipped())).unwrap_or_else(|e| panic!("{e}"))
    })
}

/// Regions where the courses of the answer's steps are taught: where a preset can change which
/// provider is shown (at most `n`, in code order).
fn candidate_regions(domain: &Domain, result: &MatchResult, n: usize) -> Vec<String> {
    let mut regions = BTreeSet::new();
    for route in &result.routes {
        for step in &route.steps {
            if let Some(course) = domain.catalogue.course(&step.course.id) {
                regions.extend(domain.catalogue.course_regions(&domain.geo, course));
            }
        }
    }
    regions.into_iter().take(n).collect()
}

fn run(domain: &Domain, profile: &Profile, prefer_region: Option<&str>) -> MatchResult {
    let options = MatchOptions {
        limit: 10,
        today: date!(2026 - 11 - 28),
        lang: Lang::Nl,
        detail: Detail::Summary,
        prefer_region: prefer_region.map(str::to_owned),
    };
    domain
        .matcher()
        .match_profile(profile, &options)
        .expect("valid profile")
}

/// Each step's provider as (route target, course, provider municipality, distance).
fn providers(result: &MatchResult) -> Vec<(String, String, String, Option<f64>)> {
    result
        .routes
        .iter()
        .flat_map(|r| {
            r.steps.iter().filter_map(|s| {
                s.provider.as_ref().map(|p| {
                    (
                        r.target.id.clone(),
                        s.course.id.clone(),
                        p.municipality.clone(),
                        p.distance_km,
                    )
                })
            })
        })
        .collect()
}

fn region_of(domain: &Domain, municipality: &str) -> String {
    domain
        .geo
        .municipality_named(municipality)
        .map(|m| m.region_code.clone())
        .unwrap_or_default()
}

#[test]
fn without_a_postcode_a_provider_in_the_preferred_region_is_shown() {
    let domain = data();
    let profile = Profile::from_json(
        r#"{"current_occupation": "heftruckchauffeur", "education_level": "mbo2"}"#,
    )
    .expect("profile");
    let plain = run(domain, &profile, None);
    let mut gained = 0;
    for code in candidate_regions(domain, &plain, 8) {
        let preferred = run(domain, &profile, Some(&code));
        let count = |r: &MatchResult| {
            providers(r)
                .iter()
                .filter(|(_, _, m, _)| region_of(domain, m) == code)
                .count()
        };
        assert!(
            count(&preferred) >= count(&plain),
            "{code}: never fewer providers in the region"
        );
        if count(&preferred) > count(&plain) {
            gained += 1;
        }
        // The same scores in the same order: only ties are broken differently (a tie at the
        // end of the list may bring in another route of the same score).
        let scores = |r: &MatchResult| {
            r.routes
                .iter()
                .map(|x| x.score.to_bits())
                .collect::<Vec<u32>>()
        };
        assert_eq!(scores(&preferred), scores(&plain), "{code}");
        // Equal scores and as many unknowns: a route with a provider in the region is not
        // after one without.
        for pair in preferred.routes.windows(2) {
            let unknowns = |r: &padvinder::matching::Route| r.components.unknown.len();
            if pair[0].score == pair[1].score && unknowns(&pair[0]) == unknowns(&pair[1]) {
                let inside = |r: &padvinder::matching::Route| {
                    r.steps.iter().any(|s| {
                        s.provider
                            .as_ref()
                            .is_some_and(|p| region_of(domain, &p.municipality) == code)
                    })
                };
                assert!(
                    inside(&pair[0]) || !inside(&pair[1]),
                    "{code}: {} before {}",
                    pair[0].target.id,
                    pair[1].target.id
                );
            }
        }
    }
    assert!(
        gained > 0,
        "some region's preset shows one of its own providers instead of another"
    );
}

#[test]
fn with_a_postcode_the_nearest_provider_still_wins() {
    let domain = data();
    let profile = Profile::from_json(
        r#"{"current_occupation": "heftruckchauffeur", "education_level": "mbo2", "postcode": "3071", "max_travel_km": 200}"#,
    )
    .expect("profile");
    let plain = run(domain, &profile, None);
    for code in candidate_regions(domain, &plain, 4) {
        let preferred = run(domain, &profile, Some(&code));
        // For every step both answers show, the same distance (a tie at the end of the list
        // may bring in another route of the same score).
        let distances = |r: &MatchResult| {
            providers(r)
                .into_iter()
                .map(|(t, c, _, d)| ((t, c), d.map(f64::to_bits)))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let (p, q) = (distances(&preferred), distances(&plain));
        let both: Vec<_> = p.keys().filter(|k| q.contains_key(*k)).collect();
        assert!(!both.is_empty(), "{code}");
        for key in both {
            assert_eq!(p[key], q[key], "{code}: {key:?} has the same distance");
        }
    }
}
