//! The score a counsellor can defend: named components, each reported with its value; flags for
//! broken constraints; a label and a plain-Dutch "waarom deze route".

use std::collections::HashSet;

use serde::Serialize;

use super::route::{Context, Planned};
use super::{Flag, FlagCode, PathRef, Route, RouteSlim, RouteSlimStatus, TargetRef};
use crate::catalog::{CefrLevel, Function, Known, PhysicalLoad};
use crate::esco_skills::OccupationSkills;
use crate::profile::{EducationLevel, Profile};
use crate::slim;
use crate::text;

/// Resolved occupations below this score are not trusted (full-text guesses).
pub const MIN_RESOLVE_SCORE: f32 = 0.3;

/// Weights of the fit components; they sum to 1. Demand has no weight while no source gives it.
const W_OCCUPATION: f32 = 0.3;
const W_SKILLS: f32 = 0.15;
const W_INTERESTS: f32 = 0.3;
const W_LEVEL: f32 = 0.25;

/// What one broken constraint leaves of the score. Hours and physical load are about a person's
/// body and life and weigh most; distance, budget, licence and language can be worked on.
fn constraint_factor(code: FlagCode) -> f32 {
    match code {
        FlagCode::PhysicalLoad | FlagCode::Hours => 0.7,
        FlagCode::LevelGap => 0.9,
        FlagCode::DrivingLicence | FlagCode::Language | FlagCode::Distance | FlagCode::Budget => {
            0.85
        }
    }
}

/// A route's score in words, best first: fits well, feasible, needs extra steps.
pub const LABELS: [&str; 3] = ["sluit goed aan", "haalbaar", "vraagt extra stappen"];

/// The parts of a route's score, each 0–1, as reported to the user.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Components {
    /// How close the target is to the person's current or past occupation (ISCO groups), or
    /// 0.8 when the person already holds an earlier step of the same line.
    pub occupation: f32,
    /// Share of the person's skills found in the function.
    pub skills: f32,
    /// Share of the person's interests found in the function, its path or sector.
    pub interests: f32,
    /// How well the target level fits the level the person can reach next.
    pub level: f32,
    /// What the broken constraints leave of the fit: 0.7 for each hours or physical-load flag,
    /// 0.9 for a level gap, 0.85 for any other flag, multiplied. The score is the weighted fit
    /// times this factor, so a route that breaks a constraint drops but stays in the list.
    pub constraints: f32,
    /// Labour demand for the target; null while no source gives it (then it has no weight).
    pub demand: Option<f32>,
    /// Jaccard overlap of the ESCO skills of the person's occupation and the target's; part of
    /// `occupation`; null when either occupation is unknown or has no skill links.
    pub esco_skill_overlap: Option<f32>,
}

/// What we know of the person, prepared once per match.
pub struct Person<'p> {
    profile: &'p Profile,
    isco: Option<&'p str>,
    /// The resolved occupation's ESCO URI, for skill overlap.
    esco_uri: Option<&'p str>,
    esco_skills: Option<&'p OccupationSkills>,
    past_isco: &'p [String],
    /// The level the person can start at next.
    reach: u8,
    skills: Vec<(String, Vec<String>)>,
    interests: Vec<(String, Vec<String>)>,
}

impl<'p> Person<'p> {
    /// Prepares levels and analysed skills and interests.
    pub fn new(
        profile: &'p Profile,
        occupation: Option<(&'p str, &'p str)>,
        past_isco: &'p [String],
        skills: Option<&'p OccupationSkills>,
    ) -> Person<'p> {
        let isco = occupation.map(|(isco, _)| isco);
        let vocational = match profile.education_level {
            Some(
                e @ (EducationLevel::Mbo1
                | EducationLevel::Mbo2
                | EducationLevel::Mbo3
                | EducationLevel::Mbo4
                | EducationLevel::Hbo
                | EducationLevel::Wo),
            ) => e.nlqf(),
            _ => 0,
        };
        let access = profile
            .education_level
            .map_or(1, EducationLevel::mbo_access);
        // Work experience in the trade: colleges admit experienced adults at level 2 after an
        // intake, so a job in a craft or technical ISCO group counts as access to level 2.
        let experienced =
            isco.is_some_and(|i| matches!(i.as_bytes().first(), Some(b'3' | b'7' | b'8')));
        let reach = access
            .max(vocational + 1)
            .max(if experienced { 2 } else { 0 })
            .min(8);
        // Whole words only (no compound parts): "zonnepanelen" must not match "panelen" of a
        // car body; the function's side has parts and synonyms, so compounds still meet.
        let analyse = |items: &[String]| -> Vec<(String, Vec<String>)> {
            items
                .iter()
                .map(|s| {
                    let terms: Vec<String> = text::words(s)
                        .iter()
                        .filter(|w| !text::is_stop_word(w))
                        .map(|w| text::stem(w))
                        .collect();
                    (s.clone(), terms)
                })
                .filter(|(_, terms)| !terms.is_empty())
                .collect()
        };
        Person {
            profile,
            isco,
            esco_uri: occupation.map(|(_, uri)| uri),
            esco_skills: skills,
            past_isco,
            reach,
            skills: analyse(&profile.skills),
            interests: analyse(&profile.interests),
        }
    }
}

/// ISCO proximity: same unit group 1.0, minor group 0.7, sub-major 0.45, major 0.2.
fn isco_proximity(a: &str, b: &str) -> f32 {
    let shared = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    match shared {
        4.. => 1.0,
        3 => 0.7,
        2 => 0.45,
        1 => 0.2,
        _ => 0.0,
    }
}

/// Jaccard overlap of the ESCO skills of the person's occupation and the function's occupation,
/// when both are known and the links are loaded.
fn skill_overlap(person: &Person, f: &Function) -> Option<f32> {
    let (skills, own, target) = (
        person.esco_skills?,
        person.esco_uri?,
        f.esco_uri.as_deref()?,
    );
    skills.overlap(own, target)
}

/// Occupation proximity: ISCO groups, or the ESCO skills two occupations share (a Jaccard
/// overlap of 0.5 already counts as fully close: occupations rarely share more), whichever is
/// higher.
fn occupation_component(person: &Person, f: &Function) -> f32 {
    let by_skills = skill_overlap(person, f).map_or(0.0, |o| (o * 2.0).min(1.0));
    let Some(target) = f.isco.as_ref().map(|i| i.as_str()) else {
        return by_skills;
    };
    person
        .isco
        .into_iter()
        .chain(person.past_isco.iter().map(String::as_str))
        .map(|i| isco_proximity(i, target))
        .fold(by_skills, f32::max)
}

/// Items whose analysed terms meet the function's terms (any term of the item, or a compound
/// part of it).
fn matched<'a>(items: &'a [(String, Vec<String>)], terms: &HashSet<String>) -> Vec<&'a str> {
    items
        .iter()
        .filter(|(_, item_terms)| item_terms.iter().any(|t| terms.contains(t)))
        .map(|(s, _)| s.as_str())
        .collect()
}

fn share(matched: usize, of: usize) -> f32 {
    if of == 0 {
        0.0
    } else {
        matched as f32 / of as f32
    }
}

fn level_component(person: &Person, f: &Function) -> f32 {
    let Some(level) = f.nlqf_level.known().map(|l| l.get()) else {
        return 0.5;
    };
    let r = person.reach;
    match level {
        l if l == r => 1.0,
        l if l + 1 == r => 0.8,
        l if l < r => 0.5,
        l if l == r + 1 => 0.5,
        _ => 0.2,
    }
}

/// Components that need no route, to choose which functions get one.
pub fn prescore(person: &Person, f: &Function, terms: &HashSet<String>) -> f32 {
    let fit = W_OCCUPATION * occupation_component(person, f)
        + W_SKILLS * share(matched(&person.skills, terms).len(), person.skills.len())
        + W_INTERESTS
            * share(
                matched(&person.interests, terms).len(),
                person.interests.len(),
            )
        + W_LEVEL * level_component(person, f);
    fit * function_flags(person, f)
        .iter()
        .map(|flag| constraint_factor(flag.code))
        .product::<f32>()
}

/// Flags that follow from the function alone.
fn function_flags(person: &Person, f: &Function) -> Vec<Flag> {
    let p = person.profile;
    let mut flags = Vec::new();
    if let (Some(hours), Some(range)) = (p.hours_per_week, f.hours_per_week)
        && range.min() > hours
    {
        flags.push(Flag {
                code: FlagCode::Hours,
                message: format!(
                    "Dit werk vraagt meestal minstens {} uur per week. Jij kunt {hours} uur. Vraag naar een deeltijdbaan of een leerbaan met minder uren.",
                    range.min()
                ),
            });
    }
    if let (Some(max), Some(load)) = (p.physical_load_max, f.physical_load)
        && load > max
    {
        flags.push(Flag {
            code: FlagCode::PhysicalLoad,
            message: format!(
                "Dit werk is lichamelijk {}. Jij gaf aan dat {} het hoogste is dat je kunt.",
                load_word(load),
                load_word(max)
            ),
        });
    }
    if let Some(licence) = &f.driving_licence
        && !p
            .driving_licences
            .iter()
            .any(|l| l.as_str().eq_ignore_ascii_case(licence))
    {
        flags.push(Flag {
            code: FlagCode::DrivingLicence,
            message: format!(
                "Voor dit werk heb je meestal rijbewijs {licence} nodig. Dat heb je (nog) niet."
            ),
        });
    }
    if let (Some(have), Some(need)) = (p.dutch_level, f.dutch_level)
        && have < need
    {
        flags.push(Flag {
            code: FlagCode::Language,
            message: format!("Dit werk vraagt Nederlands op niveau {need:?}. Jij hebt {have:?}."),
        });
    }
    flags
}

fn load_word(load: PhysicalLoad) -> &'static str {
    match load {
        PhysicalLoad::Low => "licht",
        PhysicalLoad::Medium => "middelzwaar",
        PhysicalLoad::High => "zwaar",
    }
}

/// Flags that follow from the steps still to take.
fn step_flags(
    ctx: &Context,
    person: &Person,
    planned: &Planned,
    total_cost: Option<i64>,
) -> Vec<Flag> {
    let p = person.profile;
    let mut flags = Vec::new();
    if let Some(max) = p.max_travel_km {
        let far: Vec<String> = planned
            .steps
            .iter()
            .filter(|s| !s.skipped)
            .filter_map(|s| {
                let provider = s.provider.as_ref()?;
                let d = provider.distance_km?;
                (d > f64::from(max)).then(|| {
                    format!(
                        "{} ({} km, {})",
                        s.course.title,
                        d.round(),
                        provider.municipality
                    )
                })
            })
            .collect();
        if !far.is_empty() {
            flags.push(Flag {
                code: FlagCode::Distance,
                message: format!(
                    "De dichtstbijzijnde school die we kennen ligt verder dan {max} km: {}. Vraag ook bij scholen in je buurt.",
                    far.join("; ")
                ),
            });
        }
    }
    if let (Some(budget), Some(total)) = (p.budget_eur, total_cost)
        && total > i64::from(budget)
    {
        flags.push(Flag {
            code: FlagCode::Budget,
            message: format!(
                "De opleidingen kosten samen ongeveer € {total}. Jouw budget is € {budget}."
            ),
        });
    }
    if let Some(have) = p.dutch_level {
        let needs: Vec<(String, CefrLevel)> = planned
            .steps
            .iter()
            .filter(|s| !s.skipped)
            .filter_map(|s| {
                s.dutch_level
                    .filter(|need| *need > have)
                    .map(|need| (s.course.title.clone(), need))
            })
            .collect();
        if let Some((title, need)) = needs.first() {
            flags.push(Flag {
                code: FlagCode::Language,
                message: format!(
                    "Voor het diploma {title} is Nederlands nodig op ongeveer niveau {need:?} (mbo-taaleis 2F/3F). Jij hebt {have:?}. Een taalcursus ernaast helpt."
                ),
            });
        }
    }
    let _ = ctx;
    flags
}

/// Scores a planned route and writes its explanation.
pub fn finish(
    ctx: &Context,
    person: &Person,
    f: &Function,
    terms: &HashSet<String>,
    planned: Planned,
) -> Route {
    let open: Vec<&super::RouteStep> = planned.steps.iter().filter(|s| !s.skipped).collect();
    let skipped = planned.steps.len() - open.len();
    let known = |w: crate::catalog::Known<u32>| w.known().copied();
    let total_weeks = open.iter().filter_map(|s| known(s.weeks)).sum();
    let total_weeks_max = open.iter().filter_map(|s| known(s.weeks_max)).sum();
    let steps_with_unknown_weeks = open.iter().filter(|s| s.weeks.known().is_none()).count();
    let steps_with_unknown_cost = open.iter().filter(|s| s.cost_eur.known().is_none()).count();
    let total_cost_eur = (steps_with_unknown_cost == 0).then(|| {
        open.iter()
            .filter_map(|s| s.cost_eur.known().copied())
            .sum()
    });

    let mut flags = function_flags(person, f);
    flags.extend(step_flags(ctx, person, &planned, total_cost_eur));
    let target_level = f.nlqf_level.known().map(|l| l.get());
    if let Some(level) = target_level
        && level >= person.reach + 2
    {
        flags.push(Flag {
                code: FlagCode::LevelGap,
                message: format!(
                    "Deze functie is op niveau {level}. Je kunt nu instromen op niveau {}; er zijn dus meerdere opleidingsstappen nodig.",
                    person.reach
                ),
            });
    }
    let constraint_flags = flags
        .iter()
        .filter(|f| f.code != FlagCode::LevelGap)
        .count();
    let constraints: f32 = flags.iter().map(|f| constraint_factor(f.code)).product();

    let skills = matched(&person.skills, terms);
    let interests = matched(&person.interests, terms);
    let mut occupation = occupation_component(person, f);
    if skipped > 0 && !person.profile.diplomas.is_empty() {
        occupation = occupation.max(0.8);
    }
    let components = Components {
        occupation,
        skills: share(skills.len(), person.skills.len()),
        interests: share(interests.len(), person.interests.len()),
        level: level_component(person, f),
        constraints: (constraints * 1000.0).round() / 1000.0,
        demand: None,
        esco_skill_overlap: skill_overlap(person, f).map(|o| (o * 1000.0).round() / 1000.0),
    };
    let fit = W_OCCUPATION * components.occupation
        + W_SKILLS * components.skills
        + W_INTERESTS * components.interests
        + W_LEVEL * components.level;
    let score = fit * constraints;
    let score = (score * 1000.0).round() / 1000.0;
    let [good, feasible, extra] = LABELS;
    let label = if score >= 0.55 && constraint_flags == 0 {
        good
    } else if score >= 0.35 && constraint_flags <= 1 {
        feasible
    } else {
        extra
    };
    let why = explain(
        person,
        f,
        &components,
        &skills,
        &interests,
        &planned,
        skipped,
    );
    let path = planned.path;
    Route {
        path: PathRef {
            id: path.id.clone(),
            name: path.name.clone(),
            sector: path.sector.clone(),
            status: path.status.as_str(),
        },
        target: TargetRef {
            id: f.id.clone(),
            title: f.title.clone(),
            isco: f.isco.as_ref().map(|i| i.as_str().to_owned()),
            nlqf_level: match target_level {
                Some(l) => Known::Known(l),
                None => Known::Unknown,
            },
            physical_load: f.physical_load,
            hours_per_week: f.hours_per_week,
            driving_licence: f.driving_licence.clone(),
        },
        entry: planned.entry,
        steps: planned.steps,
        total_weeks,
        total_weeks_max,
        steps_with_unknown_weeks,
        total_cost_eur,
        steps_with_unknown_cost,
        // Set with the SLIM amount by [`attach_slim`], for the routes that are shown.
        net_cost_eur: total_cost_eur,
        score,
        components,
        label,
        flags,
        why,
        slim: RouteSlim::nothing_to_subsidise(),
    }
}

/// Evaluates SLIM for the steps of a route still to take and combines them; sets the net cost.
pub fn attach_slim(ctx: &Context, route: &mut Route) {
    let Some(path) = ctx.catalogue.path(&route.path.id) else {
        return;
    };
    for step in route.steps.iter_mut().filter(|s| !s.skipped) {
        if let Some(course) = ctx.catalogue.course(&step.course.id) {
            step.slim = Some(super::route::evaluate_step(ctx, course, path));
        }
    }
    route.slim = combine_slim(&route.steps);
    route.net_cost_eur = match (route.total_cost_eur, &route.slim.amount_eur) {
        (Some(total), Some(amount)) if route.slim.status == RouteSlimStatus::PossiblyEligible => {
            Some(total - low_euros(amount))
        }
        (total, _) => total,
    };
}

fn explain(
    person: &Person,
    f: &Function,
    c: &Components,
    skills: &[&str],
    interests: &[&str],
    planned: &Planned,
    skipped: usize,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if c.occupation >= 0.7 {
        if let Some(job) = &person.profile.current_occupation {
            parts.push(format!("Dit werk ligt dicht bij wat je nu doet ({job})."));
        } else {
            parts.push("Je hebt al diploma's in deze richting.".into());
        }
    } else if c.occupation >= 0.4 {
        parts.push("Dit werk lijkt op werk dat je al kent.".into());
    }
    if !interests.is_empty() {
        parts.push(format!(
            "Past bij je interesse in {}.",
            interests.join(", ")
        ));
    }
    if !skills.is_empty() {
        parts.push(format!(
            "Je ervaring met {} komt van pas.",
            skills.join(", ")
        ));
    }
    if skipped > 0 {
        parts.push(format!(
            "{skipped} {} sla je over, want die heb je al.",
            if skipped == 1 { "stap" } else { "stappen" }
        ));
    }
    let unknown_cost = planned
        .steps
        .iter()
        .filter(|s| !s.skipped && s.cost_eur.known().is_none())
        .count();
    if let (Some(budget), true) = (person.profile.budget_eur, unknown_cost > 0) {
        parts.push(format!(
            "De kosten van {unknown_cost} {} zijn niet bekend; vraag de prijs na bij de school (jouw budget: € {budget}).",
            if unknown_cost == 1 { "stap" } else { "stappen" }
        ));
    }
    match planned.steps.iter().find(|s| !s.skipped) {
        Some(first) => {
            let bbl = if first
                .course
                .routes
                .contains(&crate::catalog::LearningRoute::Bbl)
            {
                " Dat kan ook als leerbaan (BBL): werken en leren tegelijk."
            } else {
                ""
            };
            parts.push(format!("Je begint met: {}.{bbl}", first.course.title));
        }
        None => parts.push(format!(
            "Je hebt alles al om als {} te werken.",
            f.title.to_lowercase()
        )),
    }
    parts.join(" ")
}

/// Worst outcome first: the order in which criteria outcomes dominate a combination.
fn severity(o: slim::Outcome) -> u8 {
    match o {
        slim::Outcome::NotMet => 3,
        slim::Outcome::Unknown => 2,
        slim::Outcome::NeedsAssessment => 1,
        slim::Outcome::Met => 0,
    }
}

/// SLIM for the route: per criterion the worst outcome over the steps still to take; amounts
/// added up. A route without steps to take has nothing to subsidise.
fn combine_slim(steps: &[super::RouteStep]) -> RouteSlim {
    let evaluations: Vec<&slim::Eligibility> =
        steps.iter().filter_map(|s| s.slim.as_ref()).collect();
    let Some(first) = evaluations.first() else {
        return RouteSlim::nothing_to_subsidise();
    };
    let mut criteria = first.criteria.clone();
    for e in &evaluations[1..] {
        for (combined, c) in criteria.iter_mut().zip(&e.criteria) {
            if severity(c.outcome) > severity(combined.outcome) {
                *combined = c.clone();
            }
        }
    }
    let status = slim::combine(&criteria);
    let amount_eur = evaluations.iter().map(|e| e.amount_eur).try_fold(
        slim::AmountOrRange::Exact(crate::catalog::Cents::ZERO),
        |acc, a| a.map(|a| add_amounts(acc, a)),
    );
    RouteSlim {
        status: RouteSlimStatus::from(status),
        applicant: Some(first.applicant.clone()),
        rate_pct: Some(first.rate_pct.clone()),
        amount_eur,
        criteria,
        note_nl: first.note_nl.clone(),
        note_en: first.note_en.clone(),
        receipt: Some(first.receipt.clone()),
    }
}

fn add_amounts(a: slim::AmountOrRange, b: slim::AmountOrRange) -> slim::AmountOrRange {
    use slim::AmountOrRange::{Exact, Range};
    let bounds = |x: slim::AmountOrRange| match x {
        Exact(c) => (c, c),
        Range { min, max } => (min, max),
    };
    let ((a0, a1), (b0, b1)) = (bounds(a), bounds(b));
    if a0 == a1 && b0 == b1 {
        Exact(a0 + b0)
    } else {
        Range {
            min: a0 + b0,
            max: a1 + b1,
        }
    }
}

/// The lowest euros of an amount (what a route can count on at least).
pub fn low_euros(a: &slim::AmountOrRange) -> i64 {
    match a {
        slim::AmountOrRange::Exact(c) | slim::AmountOrRange::Range { min: c, .. } => c.euros(),
    }
}

impl RouteSlim {
    fn nothing_to_subsidise() -> RouteSlim {
        RouteSlim {
            status: RouteSlimStatus::NoCoursesNeeded,
            applicant: None,
            rate_pct: None,
            amount_eur: None,
            criteria: Vec::new(),
            note_nl: "Er is geen opleiding meer nodig, dus ook geen subsidie.".into(),
            note_en: "No course is needed, so there is nothing to subsidise.".into(),
            receipt: None,
        }
    }
}
