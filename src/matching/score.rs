//! The score a counsellor can defend: named components, each reported with its value; flags for
//! broken constraints; a label and a plain "waarom deze route" (words in `crate::messages`).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::route::{Context, Planned};
use super::{
    Detail, Flag, FlagCode, FoundIn, FunctionTerms, PathRef, Route, RouteLabel, RouteSlim,
    RouteSlimStatus, SlimTexts, StepSlim, TargetRef,
};
use crate::catalog::{CefrLevel, Cents, Function, Known, PhysicalLoad};
use crate::esco_skills::OccupationSkills;
use crate::messages::{self, Lang};
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

/// What each fact a route's step leaves unknown (who teaches it, the Dutch it asks) leaves of
/// the score: a route built on unknowns must not outrank a comparable one built on sources.
const UNKNOWN_FACTOR: f32 = 0.98;

/// What an interest or skill found only in the texts of a function's path counts for, against 1
/// for one found in the function's own texts.
const PATH_ONLY_CREDIT: f32 = 0.5;

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

/// The parts of a route's score, each 0–1, as reported to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Components {
    /// How close the target is to the person's current or past occupation (ISCO groups), or
    /// 0.8 when the person already holds an earlier step of the same line.
    pub occupation: f32,
    /// Share of the person's skills found in the function (its texts or the Dutch labels of its
    /// occupation's ESCO skills; half for one found only in its path's texts). Skills that no
    /// function of the catalogue mentions are left out of the share.
    pub skills: f32,
    /// Share of the person's interests found in the function (half for one found only in its
    /// path's texts or sector); interests no function or path mentions are left out.
    pub interests: f32,
    /// Each of the person's interests found, with where: `function` or `path`.
    pub interest_matches: Matches,
    /// Each of the person's skills found, with where: `function`, `esco_skill` or `path`.
    pub skill_matches: Matches,
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
    /// What no source tells us about this route: the target's level, a provider of a step still
    /// to take, the Dutch a step asks. Empty when everything is sourced.
    pub unknown: Vec<UnknownFact>,
    /// What the unknowns leave of the score: 0.98 for an unknown provider and 0.98 for an
    /// unknown Dutch requirement, multiplied (an unknown level already counts 0.5 in `level`).
    /// Among equal scores, fewer unknowns rank first.
    pub sourced: f32,
}

/// A fact about a route that no source gives.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum UnknownFact {
    /// The target function's NLQF level.
    Level,
    /// Who teaches a step still to take (no provider we know; maybe schools to ask).
    Provider,
    /// The Dutch a step still to take asks (no course figure and no mbo exam level).
    DutchLevel,
}

/// What the route leaves unknown, in a fixed order.
fn unknowns(f: &Function, planned: &Planned) -> Vec<UnknownFact> {
    let open = || planned.steps.iter().filter(|s| !s.skipped);
    let mut out = Vec::new();
    if f.nlqf_level.known().is_none() {
        out.push(UnknownFact::Level);
    }
    if open().any(|s| s.provider.is_none()) {
        out.push(UnknownFact::Provider);
    }
    if open().any(|s| s.dutch_level.is_none()) {
        out.push(UnknownFact::DutchLevel);
    }
    out
}

/// The factor of [`Components::sourced`].
fn sourced_factor(unknown: &[UnknownFact]) -> f32 {
    unknown
        .iter()
        .filter(|u| **u != UnknownFact::Level)
        .map(|_| UNKNOWN_FACTOR)
        .product()
}

/// A person's words (interests or skills) found in a function, with where each was found.
pub type Matches = BTreeMap<String, FoundIn>;

/// One of the person's interests or skills, as typed and analysed.
struct Item {
    text: String,
    /// Stems of its words, stop words left out.
    terms: Vec<String>,
    /// How many of the first `terms` meet a text on their own (all but a skill's trailing verb).
    alone: usize,
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
    skills: Vec<Item>,
    interests: Vec<Item>,
    /// How many skills and interests some function of the catalogue mentions: the shares' base.
    known_skills: usize,
    known_interests: usize,
    /// The language of every text written for this person.
    lang: Lang,
}

impl<'p> Person<'p> {
    /// When the person gave skills and no function of the catalogue mentions any of them: that
    /// said once for the answer (the same sentence on every route would say nothing new).
    pub fn skills_note(&self) -> Option<String> {
        if self.skills.is_empty() || self.known_skills > 0 {
            return None;
        }
        let own: Vec<&str> = self.skills.iter().map(|i| i.text.as_str()).collect();
        Some(messages::why::skills_not_used(self.lang, &own, false))
    }

    /// The ESCO URI of the occupation the person's job was resolved to.
    pub fn esco_uri(&self) -> Option<&'p str> {
        self.esco_uri
    }

    /// Prepares levels and analysed skills and interests.
    pub fn new(
        profile: &'p Profile,
        occupation: Option<(&'p str, &'p str)>,
        past_isco: &'p [String],
        skills_links: Option<&'p OccupationSkills>,
        functions: &[FunctionTerms],
        lang: Lang,
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
        let analyse = |items: &[String], skill: bool| -> Vec<Item> {
            items
                .iter()
                .map(|s| {
                    let words: Vec<String> = text::words(s)
                        .into_iter()
                        .filter(|w| !text::is_stop_word(w))
                        .collect();
                    // A skill of a thing and a trailing infinitive ("heftruck rijden",
                    // "storingen zoeken") is about the thing: the verb alone meets no text, or
                    // trains that "rijden" would credit a forklift driver (issue 9).
                    let verb = skill
                        && words.len() >= 2
                        && words.last().is_some_and(|w| w.ends_with("en"));
                    let terms: Vec<String> = words.iter().map(|w| text::stem(w)).collect();
                    let alone = terms.len() - usize::from(verb);
                    Item {
                        text: s.clone(),
                        terms,
                        alone,
                    }
                })
                .filter(|item| !item.terms.is_empty())
                .collect()
        };
        // A word no function mentions cannot tell routes apart; counted, it would only lower
        // every route alike and weaken the words that do.
        let known = |items: &[Item], esco: bool| {
            items
                .iter()
                .filter(|item| {
                    functions
                        .iter()
                        .any(|f| f.find(&item.terms, item.alone, esco).is_some())
                })
                .count()
        };
        let (skills, interests) = (
            analyse(&profile.skills, true),
            analyse(&profile.interests, false),
        );
        Person {
            profile,
            isco,
            esco_uri: occupation.map(|(_, uri)| uri),
            esco_skills: skills_links,
            past_isco,
            reach,
            known_skills: known(&skills, true),
            known_interests: known(&interests, false),
            skills,
            interests,
            lang,
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

/// The person's items (in their order) found in a function, with where ([`FunctionTerms::find`]);
/// ESCO skill labels only for skills.
fn found<'a>(items: &'a [Item], terms: &FunctionTerms, esco: bool) -> Vec<(&'a str, FoundIn)> {
    items
        .iter()
        .filter_map(|item| {
            Some((
                item.text.as_str(),
                terms.find(&item.terms, item.alone, esco)?,
            ))
        })
        .collect()
}

/// The words of found items.
fn words<'a>(found: &[(&'a str, FoundIn)]) -> Vec<&'a str> {
    found.iter().map(|(w, _)| *w).collect()
}

/// What a found item adds: all of it in the function's own texts or ESCO skills, half when only
/// the path's texts mention it (every function of the path shares those).
fn credit(found: FoundIn) -> f32 {
    match found {
        FoundIn::Function | FoundIn::EscoSkill => 1.0,
        FoundIn::Path => PATH_ONLY_CREDIT,
    }
}

/// The credited share of the `known` items.
fn share(found: &[(&str, FoundIn)], known: usize) -> f32 {
    if known == 0 {
        0.0
    } else {
        // A fold from +0.0: an empty f32 sum is -0.0, which would print as "-0".
        let credited = found.iter().fold(0.0, |sum, (_, f)| sum + credit(*f));
        (credited / known as f32).min(1.0)
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
pub fn prescore(person: &Person, f: &Function, terms: &FunctionTerms) -> f32 {
    let fit = W_OCCUPATION * occupation_component(person, f)
        + W_SKILLS * share(&found(&person.skills, terms, true), person.known_skills)
        + W_INTERESTS
            * share(
                &found(&person.interests, terms, false),
                person.known_interests,
            )
        + W_LEVEL * level_component(person, f);
    fit * function_flags(person, f)
        .iter()
        .map(|flag| constraint_factor(flag.code()))
        .product::<f32>()
}

/// A broken constraint that follows from the function alone, with the values its message needs;
/// worded only for the routes that are kept.
enum FunctionFlag<'f> {
    Hours {
        min: u8,
        hours: u8,
    },
    PhysicalLoad {
        load: PhysicalLoad,
        max: PhysicalLoad,
    },
    DrivingLicence {
        licence: &'f str,
    },
    Language {
        need: CefrLevel,
        have: CefrLevel,
    },
}

impl FunctionFlag<'_> {
    fn code(&self) -> FlagCode {
        match self {
            FunctionFlag::Hours { .. } => FlagCode::Hours,
            FunctionFlag::PhysicalLoad { .. } => FlagCode::PhysicalLoad,
            FunctionFlag::DrivingLicence { .. } => FlagCode::DrivingLicence,
            FunctionFlag::Language { .. } => FlagCode::Language,
        }
    }

    fn worded(&self, lang: Lang) -> Flag {
        let message = match *self {
            FunctionFlag::Hours { min, hours } => messages::flag::hours(lang, min, hours),
            FunctionFlag::PhysicalLoad { load, max } => {
                messages::flag::physical_load(lang, load, max)
            }
            FunctionFlag::DrivingLicence { licence } => {
                messages::flag::driving_licence(lang, licence)
            }
            FunctionFlag::Language { need, have } => messages::flag::language_job(lang, need, have),
        };
        Flag {
            code: self.code(),
            message,
        }
    }
}

/// Flags that follow from the function alone.
fn function_flags<'f>(person: &Person, f: &'f Function) -> Vec<FunctionFlag<'f>> {
    let p = person.profile;
    let mut flags = Vec::new();
    if let (Some(hours), Some(range)) = (p.hours_per_week, f.hours_per_week)
        && range.min() > hours
    {
        flags.push(FunctionFlag::Hours {
            min: range.min(),
            hours,
        });
    }
    if let (Some(max), Some(load)) = (p.physical_load_max, f.physical_load)
        && load > max
    {
        flags.push(FunctionFlag::PhysicalLoad { load, max });
    }
    if let Some(licence) = &f.driving_licence
        && !p
            .driving_licences
            .iter()
            .any(|l| l.as_str().eq_ignore_ascii_case(licence))
    {
        flags.push(FunctionFlag::DrivingLicence { licence });
    }
    if let (Some(have), Some(need)) = (p.dutch_level, f.dutch_level)
        && have < need
    {
        flags.push(FunctionFlag::Language { need, have });
    }
    flags
}

/// Flags that follow from the steps still to take.
fn step_flags(
    ctx: &Context,
    person: &Person,
    planned: &Planned,
    total_cost: Option<Cents>,
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
                (d > f64::from(max))
                    .then(|| messages::flag::far_school(&s.course.title, d, &provider.location))
            })
            .collect();
        if !far.is_empty() {
            flags.push(Flag {
                code: FlagCode::Distance,
                message: messages::flag::distance(ctx.lang, max, &far),
            });
        }
    }
    if let Some(budget) = p.budget_eur {
        // What the known prices already add up to: above the budget is said with the amount,
        // even when other prices are unknown; an unknown price is never a silent pass.
        let open = planned.steps.iter().filter(|s| !s.skipped);
        let known: Cents = open
            .clone()
            .filter_map(|s| s.cost_eur.known().copied())
            .sum();
        let unknown = open.clone().any(|s| s.cost_eur.known().is_none());
        let over = known.cents() > i64::from(budget) * 100;
        let message = if over && !unknown {
            let total = total_cost.unwrap_or(known).as_euros_f64();
            Some(messages::flag::budget(ctx.lang, total, budget))
        } else if over {
            Some(messages::flag::budget_at_least(
                ctx.lang,
                known.as_euros_f64(),
                budget,
            ))
        } else if unknown {
            Some(messages::flag::budget_unknown(ctx.lang))
        } else {
            None
        };
        if let Some(message) = message {
            flags.push(Flag {
                code: FlagCode::Budget,
                message,
            });
        }
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
                message: messages::flag::language_step(ctx.lang, title, *need, have),
            });
        }
    }
    flags
}

/// Scores a planned route and writes its explanation.
pub fn finish(
    ctx: &Context,
    person: &Person,
    f: &Function,
    terms: &FunctionTerms,
    planned: Planned,
) -> Route {
    let open: Vec<&super::RouteStep> = planned.steps.iter().filter(|s| !s.skipped).collect();
    let skipped = planned.steps.len() - open.len();
    let known = |w: crate::catalog::Known<u32>| w.known().copied();
    let total_weeks = open.iter().filter_map(|s| known(s.weeks)).sum();
    let total_weeks_max = open.iter().filter_map(|s| known(s.weeks_max)).sum();
    let steps_with_unknown_weeks = open.iter().filter(|s| s.weeks.known().is_none()).count();
    let steps_with_unknown_cost = open.iter().filter(|s| s.cost_eur.known().is_none()).count();
    let total_cost_eur = if steps_with_unknown_cost == 0 {
        Some(
            open.iter()
                .filter_map(|s| s.cost_eur.known().copied())
                .sum(),
        )
    } else {
        None
    };

    let mut flags: Vec<Flag> = function_flags(person, f)
        .iter()
        .map(|flag| flag.worded(ctx.lang))
        .collect();
    flags.extend(step_flags(ctx, person, &planned, total_cost_eur));
    let target_level = f.nlqf_level.known().map(|l| l.get());
    if let Some(level) = target_level
        && level >= person.reach + 2
    {
        flags.push(Flag {
            code: FlagCode::LevelGap,
            message: messages::flag::level_gap(ctx.lang, level, person.reach),
        });
    }
    let constraint_flags = flags
        .iter()
        .filter(|f| f.code != FlagCode::LevelGap)
        .count();
    let constraints: f32 = flags.iter().map(|f| constraint_factor(f.code)).product();

    let skills = found(&person.skills, terms, true);
    let interests = found(&person.interests, terms, false);
    let unknown = unknowns(f, &planned);
    let sourced = sourced_factor(&unknown);
    let mut occupation = occupation_component(person, f);
    if planned.covered_by_diploma > 0 {
        occupation = occupation.max(0.8);
    }
    let components = Components {
        occupation,
        skills: share(&skills, person.known_skills),
        interests: share(&interests, person.known_interests),
        interest_matches: interests.iter().map(|&(w, f)| (w.to_owned(), f)).collect(),
        skill_matches: skills.iter().map(|&(w, f)| (w.to_owned(), f)).collect(),
        level: level_component(person, f),
        constraints: (constraints * 1000.0).round() / 1000.0,
        demand: None,
        esco_skill_overlap: skill_overlap(person, f).map(|o| (o * 1000.0).round() / 1000.0),
        unknown,
        sourced: (sourced * 1000.0).round() / 1000.0,
    };
    let fit = W_OCCUPATION * components.occupation
        + W_SKILLS * components.skills
        + W_INTERESTS * components.interests
        + W_LEVEL * components.level;
    let score = fit * constraints * sourced;
    let score = (score * 1000.0).round() / 1000.0;
    // "Fits well" is a promise: not while we do not know where a step is taught or what Dutch
    // it asks (no distance or language flag could be raised for it). Neither label while a step
    // has no school we know within the distance the person chose: the nearest is farther (the
    // distance flag) or we know none at all.
    let out_of_reach = person.profile.max_travel_km.is_some()
        && (flags.iter().any(|f| f.code == FlagCode::Distance)
            || open.iter().any(|s| s.provider.is_none()));
    let label = if out_of_reach {
        RouteLabel::NeedsExtraSteps
    } else if score >= 0.55 && constraint_flags == 0 && sourced >= 1.0 {
        RouteLabel::FitsWell
    } else if score >= 0.35 && constraint_flags <= 1 {
        RouteLabel::Feasible
    } else {
        RouteLabel::NeedsExtraSteps
    };
    let why = explain(
        person,
        f,
        &components,
        &words(&skills),
        &words(&interests),
        &planned,
        skipped,
    );
    let path = planned.path;
    Route {
        path: PathRef {
            id: path.id.clone(),
            name: path.name.clone(),
            sector: path.sector.clone(),
            status: path.status.word(),
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
        label_text: messages::label(ctx.lang, label).to_owned(),
        flags,
        why,
        // Set by [`attach_slim`], for the routes that are shown.
        slim: RouteSlim {
            status: RouteSlimStatus::NoCoursesNeeded,
            applicant: None,
            rate_pct: None,
            amount_eur: None,
            criteria: Vec::new(),
            summary: 0,
            note: 0,
            receipt: None,
        },
    }
}

/// Builds an answer's [`SlimTexts`]: each distinct text once, handing out its position.
#[derive(Default)]
pub struct TextTable {
    texts: SlimTexts,
    criteria: HashMap<slim::Criterion, u16>,
    notes: HashMap<String, u16>,
    applicants: HashMap<slim::Applicant, u16>,
    summaries: HashMap<String, u16>,
    /// SLIM results by (course, path, the step's cost in cents): routes share their first
    /// steps, and a result depends only on these and the person (under 18, a course's cost
    /// depends on whether it is the first step).
    evaluated: HashMap<(String, String, Option<i64>), slim::Eligibility>,
}

/// The position of `value` in `list`, adding it the first time.
fn intern<T: Clone + Eq + std::hash::Hash>(
    list: &mut Vec<T>,
    at: &mut HashMap<T, u16>,
    value: &T,
) -> u16 {
    if let Some(&i) = at.get(value) {
        return i;
    }
    // An answer has at most MAX_ROUTES routes of a few steps with ten criteria each.
    let i = u16::try_from(list.len()).unwrap_or(u16::MAX);
    list.push(value.clone());
    at.insert(value.clone(), i);
    i
}

impl TextTable {
    fn criteria(&mut self, criteria: &[slim::Criterion]) -> Vec<u16> {
        criteria
            .iter()
            .map(|c| intern(&mut self.texts.criteria, &mut self.criteria, c))
            .collect()
    }

    fn note(&mut self, note: &str) -> u16 {
        match self.notes.get(note) {
            Some(&i) => i,
            None => intern(&mut self.texts.notes, &mut self.notes, &note.to_owned()),
        }
    }

    fn summary(&mut self, line: &str) -> u16 {
        match self.summaries.get(line) {
            Some(&i) => i,
            None => intern(
                &mut self.texts.summaries,
                &mut self.summaries,
                &line.to_owned(),
            ),
        }
    }

    fn applicant(&mut self, a: &slim::Applicant) -> u16 {
        intern(&mut self.texts.applicants, &mut self.applicants, a)
    }

    /// A step's SLIM result with its texts moved into the table.
    fn step(&mut self, e: slim::Eligibility, detail: Detail) -> StepSlim {
        StepSlim {
            status: e.status,
            applicant: self.applicant(&e.applicant),
            criteria: self.criteria(&e.criteria),
            note: self.note(&e.note),
            rate_pct: e.rate_pct,
            amount_eur: e.amount_eur,
            receipt: (detail == Detail::Full).then_some(e.receipt),
        }
    }

    /// The texts, in the order they were first met.
    pub fn into_texts(self) -> SlimTexts {
        self.texts
    }
}

/// Evaluates SLIM for the steps of a route still to take and combines them; sets the net cost.
pub fn attach_slim(ctx: &Context, route: &mut Route, texts: &mut TextTable, detail: Detail) {
    let mut evaluations = Vec::new();
    if let Some(path) = ctx.catalogue.path(&route.path.id) {
        for step in route.steps.iter_mut().filter(|s| !s.skipped) {
            if let Some(course) = ctx.catalogue.course(&step.course.id) {
                // The cost is part of the key: under 18, a course costs less as the first step.
                let cost = step.cost_eur.known().map(|c| c.cents());
                let key = (course.id.clone(), path.id.clone(), cost);
                let e = match texts.evaluated.get(&key) {
                    Some(e) => e.clone(),
                    None => {
                        let e = super::route::evaluate_step(ctx, course, step.cost_eur, path);
                        texts.evaluated.insert(key, e.clone());
                        e
                    }
                };
                step.slim = Some(texts.step(e.clone(), detail));
                evaluations.push(e);
            }
        }
    }
    route.slim = combine_slim(&evaluations, ctx.lang, texts, detail);
    route.net_cost_eur = match (route.total_cost_eur, &route.slim.amount_eur) {
        (Some(total), Some(amount)) if route.slim.status == RouteSlimStatus::PossiblyEligible => {
            // The subsidy is a share of the same costs; a negative rest would mean an error: unknown.
            total
                .cents()
                .checked_sub(low_cents(amount).cents())
                .and_then(|rest| Cents::new(rest).ok())
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
    use messages::why;
    let lang = person.lang;
    let mut parts: Vec<String> = Vec::new();
    if c.occupation >= 0.7 {
        match &person.profile.current_occupation {
            Some(job) => parts.push(why::close_to_current(lang, job)),
            None => parts.push(why::diplomas_in_direction(lang)),
        }
    } else if c.occupation >= 0.4 {
        parts.push(why::similar_work(lang));
    }
    if !interests.is_empty() {
        parts.push(why::interests(lang, interests));
    }
    if !skills.is_empty() {
        parts.push(why::skills(lang, skills));
    } else if !person.skills.is_empty() && person.known_skills > 0 {
        // Said plainly: a skill that counts elsewhere but not here is not silently dropped. One
        // that counts nowhere is said once for the answer (`Person::skills_note`).
        let own: Vec<&str> = person.skills.iter().map(|i| i.text.as_str()).collect();
        parts.push(why::skills_not_used(lang, &own, true));
    }
    if skipped > 0 {
        parts.push(why::skipped(lang, skipped));
    }
    let unknown_cost = planned
        .steps
        .iter()
        .filter(|s| !s.skipped && s.cost_eur.known().is_none())
        .count();
    if let (Some(budget), true) = (person.profile.budget_eur, unknown_cost > 0) {
        parts.push(why::unknown_cost(lang, unknown_cost, budget));
    }
    match planned.steps.iter().find(|s| !s.skipped) {
        Some(first) => {
            let bbl = first
                .course
                .routes
                .contains(&crate::catalog::LearningRoute::Bbl);
            parts.push(why::begin_with(lang, &first.course.title, bbl));
        }
        None => parts.push(why::all_done(lang, &f.title)),
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

/// SLIM for the route: per criterion (paired by id) the worst outcome over the steps still to
/// take; amounts added up. A route without steps to take has nothing to subsidise.
fn combine_slim(
    evaluations: &[slim::Eligibility],
    lang: Lang,
    texts: &mut TextTable,
    detail: Detail,
) -> RouteSlim {
    let Some(first) = evaluations.first() else {
        return RouteSlim {
            status: RouteSlimStatus::NoCoursesNeeded,
            applicant: None,
            rate_pct: None,
            amount_eur: None,
            criteria: Vec::new(),
            summary: texts.summary(&messages::nothing_to_subsidise(lang)),
            note: texts.note(&messages::nothing_to_subsidise(lang)),
            receipt: None,
        };
    };
    let mut worst: BTreeMap<slim::CriterionId, &slim::Criterion> = BTreeMap::new();
    for c in evaluations.iter().flat_map(|e| &e.criteria) {
        let entry = worst.entry(c.id).or_insert(c);
        if severity(c.outcome) > severity(entry.outcome) {
            *entry = c;
        }
    }
    let criteria: Vec<slim::Criterion> = worst.into_values().cloned().collect();
    let status = slim::combine(&criteria);
    let amount_eur = evaluations.iter().map(|e| e.amount_eur).try_fold(
        slim::AmountOrRange::Exact(crate::catalog::Cents::ZERO),
        |acc, a| a.map(|a| add_amounts(acc, a)),
    );
    let summary = texts.summary(&subsidy_line(
        lang,
        &criteria,
        first.receipt.inputs.path_status,
        first.applicant.who,
        evaluations.len(),
        status,
    ));
    RouteSlim {
        status: RouteSlimStatus::from(status),
        summary,
        applicant: Some(texts.applicant(&first.applicant)),
        rate_pct: Some(first.rate_pct.clone()),
        amount_eur,
        criteria: texts.criteria(&criteria),
        note: texts.note(&first.note),
        receipt: (detail == Detail::Full).then(|| first.receipt.clone()),
    }
}

/// The route's one sentence about the subsidy: the first rule that rules it out, or who could
/// apply on what condition (the same condition the path page states for its status).
fn subsidy_line(
    lang: Lang,
    criteria: &[slim::Criterion],
    path: slim::PathStatusInput,
    who: slim::ApplicantKind,
    courses: usize,
    status: slim::Status,
) -> String {
    use messages::subsidy::{Applies, Blocked, PathState, blocked, line};
    use slim::CriterionId as C;
    let first_not_met = criteria
        .iter()
        .find(|c| c.outcome == slim::Outcome::NotMet)
        .map(|c| c.id);
    if let Some(id) = first_not_met {
        let why = match id {
            C::RecognisedPath => Blocked::NoPath,
            C::CourseInPath => Blocked::NotInPath,
            C::NlqfLevel => Blocked::NoLevel,
            C::WorkAndLearn => Blocked::NotWithWork,
            C::NotBeforeStartDate => Blocked::StartsTooEarly,
            C::StartWithin13Weeks => Blocked::StartsTooLate,
            C::CompletedBeforeEnd => Blocked::EndsTooLate,
            C::NoParticipantCosts => Blocked::YouWouldPay,
            C::ApplicationWindow => Blocked::NoWindow,
            C::Applicant => Blocked::NoApplicant,
        };
        return blocked(lang, why);
    }
    let path = match path {
        slim::PathStatusInput::Recognised => PathState::Recognised,
        slim::PathStatusInput::Announced => PathState::Announced,
        // Not reached: a course outside every path fails `recognised_path` above.
        slim::PathStatusInput::Modelled | slim::PathStatusInput::None => PathState::Modelled,
    };
    let who = match who {
        slim::ApplicantKind::Employer => Applies::Employer,
        slim::ApplicantKind::FutureEmployer => Applies::FutureEmployer,
        slim::ApplicantKind::EmployerOrFutureEmployer | slim::ApplicantKind::NoneFound => {
            Applies::Unknown
        }
    };
    line(
        lang,
        path,
        who,
        courses,
        status == slim::Status::PossiblyEligible,
    )
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

/// The lowest amount of an amount or range (what a route can count on at least).
pub fn low_cents(a: &slim::AmountOrRange) -> Cents {
    match a {
        slim::AmountOrRange::Exact(c) | slim::AmountOrRange::Range { min: c, .. } => *c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slim::{ApplicantKind, Criterion, CriterionId, Eligibility, Outcome, Rate};

    fn criterion(id: CriterionId, outcome: Outcome) -> Criterion {
        Criterion {
            id,
            outcome,
            text: format!("{} {outcome:?}", id.as_str()),
            check: None,
            reference: Vec::new(),
        }
    }

    fn eligibility(criteria: Vec<Criterion>) -> Eligibility {
        Eligibility {
            status: slim::combine(&criteria),
            criteria,
            rate_pct: Rate::Unknown,
            amount_eur: None,
            applicant: slim::Applicant {
                who: ApplicantKind::Employer,
                text: String::new(),
            },
            note: String::new(),
            receipt: slim::Receipt {
                rules_version: String::new(),
                evaluated_on: time::macros::date!(2026 - 01 - 01),
                inputs: slim::parse_case(
                    r#"{"course": {}, "path_status": "modelled", "course_in_path": "no"}"#,
                    Lang::En,
                )
                .expect("a valid case"),
                defaults_used: Vec::new(),
                parameters_file: String::new(),
            },
        }
    }

    /// Criteria are paired by id, not by position: a step listing them in another order (or
    /// leaving one out) still combines each with its own kind.
    #[test]
    fn route_slim_pairs_criteria_by_id() {
        use CriterionId::{NlqfLevel, RecognisedPath, WorkAndLearn};
        let a = eligibility(vec![
            criterion(RecognisedPath, Outcome::Met),
            criterion(NlqfLevel, Outcome::Met),
            criterion(WorkAndLearn, Outcome::Unknown),
        ]);
        let b = eligibility(vec![
            criterion(WorkAndLearn, Outcome::Met),
            criterion(NlqfLevel, Outcome::NotMet),
        ]);
        let mut texts = TextTable::default();
        let combined = combine_slim(&[a, b], Lang::En, &mut texts, Detail::Summary);
        let table = texts.into_texts();
        let got: Vec<(CriterionId, Outcome)> = combined
            .criteria
            .iter()
            .map(|&i| &table.criteria[usize::from(i)])
            .map(|c| (c.id, c.outcome))
            .collect();
        assert_eq!(
            got,
            vec![
                (RecognisedPath, Outcome::Met),
                (NlqfLevel, Outcome::NotMet),
                (WorkAndLearn, Outcome::Unknown),
            ]
        );
        assert_eq!(
            table.criteria[usize::from(combined.criteria[1])].text,
            "nlqf_level NotMet"
        );
        assert_eq!(combined.status, RouteSlimStatus::NotEligible);
    }
}
