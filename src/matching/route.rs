//! Building one route: the chain of transitions into a target function, the steps the person
//! already covers (kept, marked skipped, with the reason), the best option where a step offers a
//! choice, the nearest provider, totals and SLIM per step.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::Date;

use super::line::{self, Held};
use crate::catalog::{
    Catalogue, Cents, Course, CourseKind, DevelopmentPath, Function, Known, LearningRoute,
    Membership, PathStatus, Step, Transition, TransitionKind,
};
use crate::fees::{FeeBasis, Fees};
use crate::geo::{Geo, distance_km};
use crate::messages::{self, Lang};
use crate::profile::{EducationLevel, Profile};
use crate::slim;

/// Longest chain of transitions we follow back from a target.
const MAX_CHAIN: usize = 6;
/// Most chains we compare for one target.
const MAX_CHAINS: usize = 64;
/// Weeks we count for a step whose duration is unknown when comparing chains (not in totals).
const UNKNOWN_WEEKS_PENALTY: u32 = 52;

/// Schools to ask are named within this distance of the person's postcode.
pub const ASK_WITHIN_KM: f64 = 25.0;
/// At most this many schools to ask per step.
pub const MAX_SCHOOLS_TO_ASK: usize = 3;
/// Without a travel limit of their own, a provider farther than this is not within reach.
pub const DEFAULT_REACH_KM: f64 = 40.0;

/// What every route of one match shares.
pub struct Context<'a> {
    /// The mbo schools nearest to the person (places to ask, never providers).
    pub schools_near_home: Vec<crate::contacts::SchoolToAsk>,
    pub catalogue: &'a Catalogue,
    pub geo: &'a Geo,
    pub slim: &'a slim::Parameters,
    /// The legal mbo fees, when loaded ([`course_cost`]).
    pub fees: Option<&'a Fees>,
    pub profile: &'a Profile,
    /// The person's location (PC4 point), if given.
    pub home: Option<(f64, f64)>,
    pub today: Date,
    /// The language of every text.
    pub lang: Lang,
    /// The nearest provider per course id, found once per match: every chain of every candidate
    /// target asks again for the same courses.
    pub nearest: RefCell<HashMap<String, Option<ProviderRef>>>,
    /// What the person holds, with the lines below each diploma.
    pub held: Vec<Held<'a>>,
    /// The region whose providers win a tie (a job centre's embed), by code.
    pub prefer_region: Option<&'a str>,
}

/// True when a step of the route has its provider in the preferred region.
pub fn in_region(ctx: &Context, route: &super::Route) -> bool {
    let Some(region) = ctx.prefer_region else {
        return false;
    };
    route.steps.iter().any(|s| {
        s.provider.as_ref().is_some_and(|p| {
            ctx.geo
                .municipality_named(&p.municipality)
                .is_some_and(|m| m.region_code == region)
        })
    })
}

/// A course as shown in a route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CourseRef {
    pub id: String,
    pub title: String,
    pub kind: CourseKind,
    pub crebo: Option<String>,
    pub nlqf_level: Known<u8>,
    pub routes: Vec<LearningRoute>,
}

impl CourseRef {
    fn of(c: &Course) -> CourseRef {
        CourseRef {
            id: c.id.clone(),
            title: c.title.clone(),
            kind: c.kind,
            crebo: c.crebo.as_ref().map(|c| c.as_str().to_owned()),
            nlqf_level: level_of(c.nlqf_level),
            routes: c.routes.clone(),
        }
    }
}

fn level_of(l: Known<crate::catalog::NlqfLevel>) -> Known<u8> {
    match l {
        Known::Known(l) => Known::Known(l.get()),
        Known::Unknown => Known::Unknown,
    }
}

/// The nearest place to study a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProviderRef {
    pub id: String,
    pub name: String,
    pub location: String,
    pub municipality: String,
    /// Straight-line distance from the person's postcode; null without a postcode.
    pub distance_km: Option<f64>,
    /// The routes (BOL, BBL) a source says this school offers the course by; empty when no
    /// source says (then left out of JSON).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<LearningRoute>,
    /// The programme's own page, when the catalogue has it (else left out of JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// One course unit on a route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RouteStep {
    pub course: CourseRef,
    /// The kind of move this step belongs to (instroom, doorstroom, overstap).
    pub transition: TransitionKind,
    /// The function this step qualifies for.
    pub leads_to: String,
    pub skipped: bool,
    pub skipped_reason: Option<String>,
    pub provider: Option<ProviderRef>,
    /// True when no provider of this mbo course is known within reach of the person and there
    /// are mbo schools near them: ask those (the answer's `schools_to_ask`) whether they offer
    /// it. They are not providers: nobody told us they teach it. Left out of JSON when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ask_schools: bool,
    /// Study hours a week besides work, when a source gives them (else left out of JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_week: Option<u8>,
    pub weeks: Known<u32>,
    pub weeks_max: Known<u32>,
    /// The published price, or for an mbo qualification without one the legal fees (then
    /// `cost_basis` says how).
    pub cost_eur: Known<Cents>,
    /// How `cost_eur` was computed from the legal mbo fees: a position in the answer's
    /// `fee_bases`. Left out of JSON for a published price or an unknown cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_basis: Option<u16>,
    /// The basis itself, until the answer gives it a position (not part of the answer).
    #[serde(skip)]
    #[schemars(skip)]
    pub fee_basis: Option<FeeBasis>,
    /// Other courses that meet the same step.
    pub alternatives: Vec<CourseRef>,
    /// Dutch this course needs, when known: the course's own figure, or the mbo exam level; left
    /// out of JSON when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dutch_level: Option<crate::catalog::CefrLevel>,
    /// Where `dutch_level` comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dutch_level_source: Option<DutchLevelSource>,
    pub slim: Option<super::StepSlim>,
}

/// Where a course's Dutch requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DutchLevelSource {
    /// The course's own figure in the catalogue.
    Catalogue,
    /// The mbo exam's language level for the diploma's level ([`DUTCH_EXAM_SOURCE`]).
    MboExam,
}

impl DutchLevelSource {
    /// Where to read it: "catalogue", or the address of the exam rules.
    pub fn source(self) -> &'static str {
        match self {
            DutchLevelSource::Catalogue => "catalogue",
            DutchLevelSource::MboExam => DUTCH_EXAM_SOURCE,
        }
    }
}

/// A planned route before scoring.
pub struct Planned<'c> {
    pub path: &'c DevelopmentPath,
    pub entry: Option<String>,
    pub steps: Vec<RouteStep>,
    /// Steps skipped because the person holds the diploma or a higher one in the same line.
    pub covered_by_diploma: usize,
}

/// Plans the best route into `target`, or None when no transition leads there.
pub fn plan<'c>(ctx: &Context<'c>, target: &'c Function) -> Option<Planned<'c>> {
    let cat = ctx.catalogue;
    let path = cat.path(&target.path_id)?;
    let chains = chains_into(cat, &target.id);
    let mut best: Option<(u32, usize, Chain)> = None;
    for chain in chains {
        let planned = steps_of(ctx, &chain);
        let left = remaining_weeks(&planned.steps);
        let n = planned.steps.iter().filter(|s| !s.skipped).count();
        let better = match &best {
            None => true,
            Some((w, k, ..)) => (left, n) < (*w, *k),
        };
        if better {
            best = Some((left, n, planned));
        }
    }
    let (_, _, chain) = best?;
    Some(Planned {
        path,
        entry: chain.entry,
        steps: chain.steps,
        covered_by_diploma: chain.covered_by_diploma,
    })
}

fn membership_of(cat: &Catalogue, path: &DevelopmentPath, course_id: &str) -> Option<Membership> {
    cat.paths_of_course(course_id)
        .into_iter()
        .find(|(p, _)| p.id == path.id)
        .map(|(_, m)| m)
}

/// Every chain of transitions that ends in `target`, starting with an instroom, each at most
/// [`MAX_CHAIN`] long; shortest first.
fn chains_into<'c>(cat: &'c Catalogue, target: &str) -> Vec<Vec<&'c Transition>> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, Vec<&Transition>)> = vec![(target.to_owned(), Vec::new())];
    while let Some((function, tail)) = stack.pop() {
        if out.len() >= MAX_CHAINS {
            break;
        }
        for (_, t) in cat.transitions_into(&function) {
            if tail.iter().any(|x| std::ptr::eq(*x, t)) {
                continue;
            }
            let mut chain = vec![t];
            chain.extend(tail.iter().copied());
            match &t.from {
                None => out.push(chain),
                Some(from) if chain.len() < MAX_CHAIN => stack.push((from.clone(), chain)),
                Some(_) => {}
            }
        }
    }
    out.sort_by_key(Vec::len);
    out
}

fn remaining_weeks(steps: &[RouteStep]) -> u32 {
    steps
        .iter()
        .filter(|s| !s.skipped)
        .map(|s| match s.weeks_max {
            Known::Known(w) => w,
            Known::Unknown => UNKNOWN_WEEKS_PENALTY,
        })
        .sum()
}

/// Why a step is covered: what the person holds, or their prior education.
enum Cover {
    /// A diploma they hold, this one or a higher one in the same line.
    Diploma,
    /// A certificate they named.
    Certificate,
    /// Prior education that makes the entry course unnecessary.
    Education,
}

/// Why a course is already covered by the person, if it is. `in_chain` are the held diplomas
/// that this route reaches at or after the course's transition: the route passes through them,
/// so earlier qualifications on it are covered too (also across an overstap).
fn covered(ctx: &Context, course: &Course, in_chain: &[&Held]) -> Option<(String, Cover)> {
    if let Some(h) = ctx.held.iter().find(|h| std::ptr::eq(h.course, course)) {
        return Some(match (&h.named_as, &course.crebo) {
            (Some(name), _) => (
                messages::skipped::has_certificate(ctx.lang, name),
                Cover::Certificate,
            ),
            (None, crebo) => (
                messages::skipped::has_diploma(ctx.lang, crebo.as_ref().map_or("", |c| c.as_str())),
                Cover::Diploma,
            ),
        });
    }
    let higher = ctx
        .held
        .iter()
        .filter(|h| {
            h.covers_by_line(course)
                || (line::is_qualification(course.kind)
                    && line::not_above(course, h.course)
                    && in_chain.iter().any(|c| std::ptr::eq(*c, *h)))
        })
        // The highest level names it; equal levels by catalogue order.
        .max_by_key(|h| h.course.nlqf_level.known().map(|l| l.get()));
    if let Some(h) = higher {
        let crebo = h.course.crebo.as_ref().map(|c| c.as_str());
        return Some((
            messages::skipped::higher_diploma(ctx.lang, &h.course.title, crebo),
            Cover::Diploma,
        ));
    }
    let p = ctx.profile;
    let entree = course.kind == CourseKind::MboDiploma
        && course.nlqf_level.known().is_some_and(|l| l.get() == 1);
    let has_prior =
        p.education_level.is_some_and(|e| e >= EducationLevel::Vmbo) || !p.diplomas.is_empty();
    if entree && has_prior {
        return Some((
            messages::skipped::entree_not_needed(ctx.lang),
            Cover::Education,
        ));
    }
    None
}

/// One chain of transitions made into steps.
struct Chain {
    steps: Vec<RouteStep>,
    entry: Option<String>,
    covered_by_diploma: usize,
}

impl Chain {
    /// Whether the next step would be the first the person still has to take (the one they
    /// start with, in the school year `under_18` is about).
    fn first_to_take(&self) -> bool {
        self.steps.iter().all(|s| s.skipped)
    }
}

/// The steps of a chain with skips decided, and the entry function.
fn steps_of<'c>(ctx: &Context<'c>, chain: &[&'c Transition]) -> Chain {
    let cat = ctx.catalogue;
    // Per held diploma, the last transition of the chain that names it.
    let reached: Vec<(&Held, usize)> = ctx
        .held
        .iter()
        .filter(|h| h.is_diploma())
        .filter_map(|h| {
            let at = chain
                .iter()
                .rposition(|t| t.course_ids().any(|id| id == h.course.id))?;
            Some((h, at))
        })
        .collect();
    let mut out = Chain {
        steps: Vec::new(),
        entry: None,
        covered_by_diploma: 0,
    };
    for (ti, t) in chain.iter().enumerate() {
        let in_chain: Vec<&Held> = reached
            .iter()
            .filter(|(_, at)| *at >= ti)
            .map(|(h, _)| *h)
            .collect();
        let mut transition_open = false;
        let mut push =
            |out: &mut Chain, c: &Course, cover: Option<(String, Cover)>, alternatives| {
                transition_open |= cover.is_none();
                if matches!(cover, Some((_, Cover::Diploma))) {
                    out.covered_by_diploma += 1;
                }
                let reason = cover.map(|(r, _)| r);
                let first = out.first_to_take();
                out.steps
                    .push(make_step(ctx, t, c, reason, alternatives, first));
            };
        for step in &t.steps {
            let options: Vec<&Course> = step
                .course_ids()
                .iter()
                .filter_map(|id| cat.course(id))
                .collect();
            match step {
                Step::AllOf(_) => {
                    for c in options {
                        push(&mut out, c, covered(ctx, c, &in_chain), Vec::new());
                    }
                }
                Step::OneOf(_) => {
                    let held = options
                        .iter()
                        .find_map(|c| covered(ctx, c, &in_chain).map(|r| (*c, Some(r))));
                    let (chosen, cover) = match held {
                        Some(found) => found,
                        None => match best_option(ctx, &options, out.first_to_take()) {
                            Some(c) => (c, None),
                            None => continue,
                        },
                    };
                    let alternatives = options
                        .iter()
                        .filter(|c| !std::ptr::eq(**c, chosen))
                        .map(|c| CourseRef::of(c))
                        .collect();
                    push(&mut out, chosen, cover, alternatives);
                }
            }
        }
        if transition_open && out.entry.is_none() {
            out.entry = Some(t.to.clone());
        }
    }
    out
}

/// The option that breaks the fewest of the person's constraints: distance, cost, hours and
/// work-and-learn; ties keep the order the path gives. `first`: the step is the first the person
/// takes ([`course_cost`]).
fn best_option<'c>(ctx: &Context, options: &[&'c Course], first: bool) -> Option<&'c Course> {
    options
        .iter()
        .enumerate()
        .min_by_key(|(i, c)| (option_penalty(ctx, c, first), *i))
        .map(|(_, c)| *c)
}

fn option_penalty(ctx: &Context, c: &Course, first: bool) -> u32 {
    let p = ctx.profile;
    let mut penalty = 0;
    match (nearest_provider(ctx, c), p.max_travel_km) {
        (None, _) => penalty += 1,
        (Some(provider), Some(max)) if provider.distance_km.is_some_and(|d| d > f64::from(max)) => {
            penalty += 2;
        }
        _ => {}
    }
    match (p.budget_eur, course_cost(ctx, c, first).0) {
        (Some(budget), Known::Known(cost)) if cost.cents() > i64::from(budget) * 100 => {
            penalty += 2
        }
        (_, Known::Unknown) => penalty += 1,
        _ => {}
    }
    if c.work_and_learn != Known::Known(true) {
        penalty += 1;
    }
    if let (Some(hours), Some(study)) = (p.hours_per_week, c.study_hours_per_week)
        && study > hours
    {
        penalty += 2;
    }
    penalty
}

/// The provider location nearest to the person (or the first one without a postcode).
pub fn nearest_provider(ctx: &Context, c: &Course) -> Option<ProviderRef> {
    if let Some(found) = ctx.nearest.borrow().get(&c.id) {
        return found.clone();
    }
    let found = find_nearest_provider(ctx, c);
    ctx.nearest.borrow_mut().insert(c.id.clone(), found.clone());
    found
}

fn find_nearest_provider(ctx: &Context, c: &Course) -> Option<ProviderRef> {
    let mut best: Option<ProviderRef> = None;
    let mut best_in_region = false;
    for provider in c
        .provider_ids
        .iter()
        .filter_map(|id| ctx.catalogue.provider(id))
    {
        let offerings: Vec<&crate::catalog::Offering> = ctx
            .catalogue
            .offerings_of(&c.id)
            .filter(|o| o.provider_id == provider.id)
            .collect();
        let routes: Vec<LearningRoute> = {
            let mut r: Vec<LearningRoute> = offerings
                .iter()
                .filter_map(|o| o.route.known().copied())
                .collect();
            r.sort();
            r.dedup();
            r
        };
        let website = offerings.iter().find_map(|o| o.website.clone());
        // Where a source states the place of this offering, that place; else the school's.
        let stated: Vec<(&str, &str, Option<u16>)> = offerings
            .iter()
            .filter_map(|o| o.location.as_ref())
            .map(|l| (l.name.as_str(), l.municipality.as_str(), l.pc4()))
            .collect();
        let places: Vec<(&str, &str, Option<u16>)> = if stated.is_empty() {
            provider
                .locations
                .iter()
                .map(|l| (l.name.as_str(), l.municipality.as_str(), None))
                .collect()
        } else {
            stated
        };
        for (name, code, pc4) in places {
            let Some(m) = ctx.geo.municipality(code) else {
                continue;
            };
            let point = pc4
                .and_then(|n| ctx.geo.pc4(n))
                .map_or((m.latitude, m.longitude), |a| (a.latitude, a.longitude));
            let distance = ctx
                .home
                .map(|(lat, lon)| (distance_km(lat, lon, point.0, point.1) * 10.0).round() / 10.0);
            let candidate = ProviderRef {
                id: provider.id.clone(),
                name: provider.name.clone(),
                location: name.to_owned(),
                municipality: m.name.clone(),
                distance_km: distance,
                routes: routes.clone(),
                website: website.clone(),
            };
            // At the same distance (or without a postcode), the preferred region wins.
            let in_region = ctx.prefer_region == Some(m.region_code.as_str());
            let wins_tie = in_region && !best_in_region;
            let closer = match (&best, distance) {
                (None, _) => true,
                (Some(b), Some(d)) => b
                    .distance_km
                    .is_none_or(|bd| d < bd || (d == bd && wins_tie)),
                (Some(b), None) => b.distance_km.is_none() && wins_tie,
            };
            if closer {
                best = Some(candidate);
                best_in_region = in_region;
            }
        }
    }
    best
}

/// The Dutch an mbo diploma's exam asks: referentieniveau 2F for mbo 1–3 and 3F for mbo 4
/// (Besluit referentieniveaus Nederlandse taal en rekenen, BWBR0027879; see
/// https://www.examenbladmbo.nl/publicatie/besluit-referentieniveaus/2020-2021). 2F is about
/// CEFR B1 and 3F about B2 (https://webwoordenboek.nl/kenniscentrum/waar-staat-3f-en-b2-voor).
pub const DUTCH_EXAM_SOURCE: &str =
    "https://www.examenbladmbo.nl/publicatie/besluit-referentieniveaus/2020-2021";

fn dutch_needed(c: &Course) -> Option<(crate::catalog::CefrLevel, DutchLevelSource)> {
    use crate::catalog::CefrLevel;
    if let Some(level) = c.dutch_level {
        return Some((level, DutchLevelSource::Catalogue));
    }
    match (c.kind, c.nlqf_level.known().map(|l| l.get())) {
        (CourseKind::MboDiploma, Some(1..=3)) => Some((CefrLevel::B1, DutchLevelSource::MboExam)),
        (CourseKind::MboDiploma, Some(4)) => Some((CefrLevel::B2, DutchLevelSource::MboExam)),
        _ => None,
    }
}

fn make_step(
    ctx: &Context,
    t: &Transition,
    c: &Course,
    skipped_reason: Option<String>,
    alternatives: Vec<CourseRef>,
    first: bool,
) -> RouteStep {
    let (weeks, weeks_max) = match c.duration_weeks {
        Known::Known(w) => (Known::Known(w.min()), Known::Known(w.max())),
        Known::Unknown => (Known::Unknown, Known::Unknown),
    };
    let dutch = dutch_needed(c);
    let provider = nearest_provider(ctx, c);
    let mbo = matches!(
        c.kind,
        CourseKind::MboDiploma | CourseKind::MboCertificaat | CourseKind::Praktijkverklaring
    );
    let reach = ctx
        .profile
        .max_travel_km
        .map_or(DEFAULT_REACH_KM, f64::from);
    let within_reach = provider
        .as_ref()
        .and_then(|p| p.distance_km)
        .is_some_and(|d| d <= reach);
    let ask_schools =
        mbo && !within_reach && skipped_reason.is_none() && !ctx.schools_near_home.is_empty();
    let (cost_eur, cost_basis) = course_cost(ctx, c, first);
    RouteStep {
        course: CourseRef::of(c),
        transition: t.kind,
        leads_to: t.to.clone(),
        skipped: skipped_reason.is_some(),
        skipped_reason,
        provider,
        ask_schools,
        hours_per_week: c.study_hours_per_week,
        weeks,
        weeks_max,
        cost_eur,
        cost_basis: None,
        fee_basis: cost_basis,
        alternatives,
        dutch_level: dutch.map(|(l, _)| l),
        dutch_level_source: dutch.map(|(_, s)| s),
        slim: None,
    }
}

/// A course's cost: its published price, else for an mbo qualification the legal fees in the
/// school year of `ctx.today`, with how it was computed. `under_18` is about the school year the
/// person starts in, so its free year counts only for the `first` step they take: a later step
/// starts in a later school year, when we do not know their age.
pub fn course_cost(ctx: &Context, c: &Course, first: bool) -> (Known<Cents>, Option<FeeBasis>) {
    let free_year = first && ctx.profile.under_18 == Some(true);
    match ctx.fees.and_then(|f| f.cost(c, free_year, ctx.today)) {
        Some(fee) => (fee.total, Some(fee.basis)),
        None => (c.cost, None),
    }
}

/// SLIM for one course on this path, for this person, on the next possible application date;
/// `cost` is the step's ([`course_cost`]). Done only for the routes that are shown: the score
/// does not depend on it.
pub fn evaluate_step(
    ctx: &Context,
    c: &Course,
    cost: Known<Cents>,
    path: &DevelopmentPath,
) -> slim::Eligibility {
    let membership = membership_of(ctx.catalogue, path, &c.id);
    let case = slim::Case {
        course: slim::CaseCourse {
            nlqf_level: c.nlqf_level.known().map(|l| l.get()),
            work_and_learn: c.work_and_learn.known().copied(),
            cost_eur: cost.known().map(|cents| cents.as_euros_f64()),
            participant_cost_eur: None,
            duration_weeks: c.duration_weeks.known().map(|w| w.max()),
            subsidiable_from: c.slim.as_ref().and_then(|s| s.subsidiable_from),
            rate_pct: c.slim.as_ref().and_then(|s| s.rate_pct),
        },
        path_status: match path.status {
            PathStatus::Recognised { .. } => slim::PathStatusInput::Recognised,
            PathStatus::Announced { .. } => slim::PathStatusInput::Announced,
            PathStatus::Modelled => slim::PathStatusInput::Modelled,
        },
        course_in_path: match membership {
            Some(Membership::Confirmed) => slim::MembershipInput::Confirmed,
            Some(Membership::Modelled) => slim::MembershipInput::Modelled,
            None => slim::MembershipInput::No,
        },
        situation: ctx.profile.situation,
        application_date: None,
        start_date: ctx.profile.earliest_start,
    };
    slim::evaluate(ctx.slim, &case, ctx.today, ctx.lang)
}
