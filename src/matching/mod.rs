//! Routes from a person's profile: which functions suit them, where they enter a development
//! path, which course units remain, and how well each route fits — with named score components,
//! flags for broken constraints, a plain-Dutch explanation and SLIM eligibility per step.
//!
//! Pure: no I/O, no clock. The caller passes the date to evaluate SLIM rules on.

mod compare;
mod line;
mod render;
mod route;
mod score;

use crate::base::cancel;
use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::catalog::{Catalogue, Cents, Function, Known, PathStatusWord};
use crate::contacts::{Contacts, RegionalDesk, SchoolToAsk};
use crate::esco_skills::OccupationSkills;
use crate::fees::Fees;
use crate::geo::Geo;
use crate::messages::Lang;
use crate::profile::{Profile, ProfileError};
use crate::resolve::Occupations;
use crate::slim;
use crate::text;

pub use crate::messages::RouteLabel;
pub use compare::{ComparedRoute, MAX_COMPARED, compare};
pub use render::render_text;
pub use route::{CourseRef, DutchLevelSource, ProviderRef, RouteStep};
pub use score::{Components, Matches, UnknownFact};

pub use score::low_cents;

/// At most this many routes are returned.
pub const MAX_ROUTES: usize = 50;

/// The occupation a person's own words were resolved to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ResolvedOccupation {
    pub esco_uri: String,
    pub isco: String,
    /// ESCO's preferred Dutch label (the name padvinder's catalogue uses).
    pub label: String,
    /// ESCO's preferred label in the answer's language when that is not Dutch ("welder" for
    /// lasser in English), so a page can name the job in the person's language and mark the
    /// Dutch name as Dutch; absent in Dutch answers and when ESCO has no label in that language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_in_lang: Option<String>,
}

/// The path a route runs in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PathRef {
    pub id: String,
    pub name: String,
    pub sector: String,
    /// The path's status.
    pub status: PathStatusWord,
}

/// The function a route leads to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TargetRef {
    pub id: String,
    pub title: String,
    pub isco: Option<String>,
    pub nlqf_level: Known<u8>,
    pub physical_load: Option<crate::catalog::PhysicalLoad>,
    pub hours_per_week: Option<crate::catalog::HoursRange>,
    pub driving_licence: Option<String>,
}

/// Which constraint of the person a route breaks.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum FlagCode {
    /// The job asks more hours a week than the person can work.
    Hours,
    /// The job is physically heavier than the person can do.
    PhysicalLoad,
    /// The job needs a driving licence the person does not have.
    DrivingLicence,
    /// A step or the job asks more Dutch than the person has.
    Language,
    /// The nearest school we know is farther than the person wants to travel.
    Distance,
    /// The route costs more than the person's budget, or a price is unknown while they gave one.
    Budget,
    /// The job is two or more levels above where the person can start now.
    LevelGap,
}

impl FlagCode {
    /// The code as written in JSON and on the terminal.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A constraint of the person that the route breaks; the route stays, lower, with this flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Flag {
    pub code: FlagCode,
    pub message: String,
}

/// SLIM status of a route: the steps' statuses combined, or no course left to subsidise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RouteSlimStatus {
    PossiblyEligible,
    InsufficientInformation,
    NotEligible,
    NoCoursesNeeded,
}

impl From<slim::Status> for RouteSlimStatus {
    fn from(s: slim::Status) -> Self {
        match s {
            slim::Status::PossiblyEligible => RouteSlimStatus::PossiblyEligible,
            slim::Status::InsufficientInformation => RouteSlimStatus::InsufficientInformation,
            slim::Status::NotEligible => RouteSlimStatus::NotEligible,
        }
    }
}

/// SLIM for the whole route: the steps' criteria combined (worst outcome per criterion), the
/// first step's rate and applicant, the amounts added up. Indicative, never a decision. Texts are
/// positions in the answer's [`SlimTexts`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RouteSlim {
    pub status: RouteSlimStatus,
    /// The route's subsidy in one plain line (who could apply, on what condition, what to ask;
    /// or the first rule that rules it out): a position in `slim_texts.summaries`.
    pub summary: u16,
    /// Who applies: a position in `slim_texts.applicants`; null when nothing is left to take.
    pub applicant: Option<u16>,
    pub rate_pct: Option<slim::Rate>,
    pub amount_eur: Option<slim::AmountOrRange>,
    /// Per criterion (in the order of the criterion ids) its position in `slim_texts.criteria`.
    pub criteria: Vec<u16>,
    /// Indicative, who decides, what the rate rests on: a position in `slim_texts.notes`.
    pub note: u16,
    /// How the first step's result was reached; only with `detail=full` (else left out of JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<slim::Receipt>,
}

/// SLIM for one step still to take; texts are positions in the answer's [`SlimTexts`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StepSlim {
    pub status: slim::Status,
    pub rate_pct: slim::Rate,
    pub amount_eur: Option<slim::AmountOrRange>,
    /// Who applies: a position in `slim_texts.applicants`.
    pub applicant: u16,
    /// Per criterion (in the order of the criterion ids) its position in `slim_texts.criteria`.
    pub criteria: Vec<u16>,
    /// A position in `slim_texts.notes`.
    pub note: u16,
    /// How the result was reached; only with `detail=full` (else left out of JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<slim::Receipt>,
}

/// The SLIM texts of one answer, each given once: steps and routes point into these lists.
/// (Most steps share most of their texts; repeating them made an answer five times larger.)
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SlimTexts {
    /// Criterion results: id, outcome, text, check and reference.
    pub criteria: Vec<slim::Criterion>,
    /// Notes: indicative, who decides, what the rate rests on.
    pub notes: Vec<String>,
    /// Who applies, with the words for it.
    pub applicants: Vec<slim::Applicant>,
    /// Routes' subsidy lines (most routes of an answer share one).
    pub summaries: Vec<String>,
}

/// How much an answer says about how each SLIM result was reached.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
pub enum Detail {
    /// Everything a person reads; no receipts (the default).
    #[default]
    Summary,
    /// Also every SLIM receipt: the inputs, rules version and date, to reproduce a result.
    Full,
}

impl Detail {
    /// Reads `summary` or `full`; an error names the allowed values.
    pub fn parse(s: &str) -> Result<Detail, String> {
        s.trim()
            .parse()
            .map_err(|_| format!("\"{s}\" is not one of summary, full"))
    }
}

/// One route to one target function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Route {
    pub path: PathRef,
    pub target: TargetRef,
    /// The first function on the way that the person does not yet qualify for.
    pub entry: Option<String>,
    pub steps: Vec<RouteStep>,
    /// Weeks of the steps still to take (shortest durations); `total_weeks_max` the longest.
    pub total_weeks: u32,
    pub total_weeks_max: u32,
    /// Steps whose duration no source gives; the totals leave them out.
    pub steps_with_unknown_weeks: usize,
    /// Euros of the steps still to take, when every one of them has a known cost.
    pub total_cost_eur: Option<Cents>,
    /// Steps whose cost no source gives.
    pub steps_with_unknown_cost: usize,
    /// Total cost minus the indicative SLIM amount (only when SLIM may be possible).
    pub net_cost_eur: Option<Cents>,
    pub score: f32,
    pub components: Components,
    /// The score as a key.
    pub label: RouteLabel,
    /// The score in words, in the answer's language.
    pub label_text: String,
    pub flags: Vec<Flag>,
    pub why: String,
    pub slim: RouteSlim,
}

/// The answer to a match: the resolved occupation, ranked routes and their SLIM texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MatchResult {
    /// The language of every text in the answer.
    pub lang: Lang,
    pub resolved_occupation: Option<ResolvedOccupation>,
    /// When no job in the catalogue asks any of the person's skills: that said once for the
    /// whole answer ("Wat je goed kunt (…) hoort bij geen van de beroepen hier."), not in every
    /// route's `why`. Absent otherwise; a route's `why` says which skills count there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills_note: Option<String>,
    pub routes: Vec<Route>,
    /// The SLIM texts the routes and steps point to.
    pub slim_texts: SlimTexts,
    /// Who to call about every route: the desks of the person's labour-market region (by
    /// postcode) with their sources, then the national Leerwerkloket, which finds the region's
    /// desk. Only the national entry without a postcode or when no regional desk is known.
    pub regional_desks: Vec<RegionalDesk>,
    /// The mbo schools nearest to the person's postcode (at most 3, within 25 km), for the steps
    /// marked `ask_schools`: places to ask whether they offer the course, never providers. Empty
    /// when no step asks.
    pub schools_to_ask: Vec<SchoolToAsk>,
    /// How the costs computed from the legal mbo fees were computed, each basis once: a step's
    /// `cost_basis` is a position here. What they share (school year, sources, who may pay) is
    /// the same for every answer: `GET /api/v1/fees`.
    pub fee_bases: Vec<crate::fees::FeeBasis>,
}

fn routes_ask(routes: &[Route]) -> bool {
    routes.iter().flat_map(|r| &r.steps).any(|s| s.ask_schools)
}

impl MatchResult {
    /// The criteria a route or step lists, from their positions.
    pub fn criteria<'r>(
        &'r self,
        positions: &'r [u16],
    ) -> impl Iterator<Item = &'r slim::Criterion> {
        positions
            .iter()
            .filter_map(|&i| self.slim_texts.criteria.get(usize::from(i)))
    }

    /// The note at a position.
    pub fn note(&self, position: u16) -> &str {
        self.slim_texts
            .notes
            .get(usize::from(position))
            .map_or("", String::as_str)
    }

    /// The subsidy line at a position.
    pub fn summary(&self, position: u16) -> &str {
        self.slim_texts
            .summaries
            .get(usize::from(position))
            .map_or("", String::as_str)
    }

    /// The applicant at a position.
    pub fn applicant(&self, position: u16) -> Option<&slim::Applicant> {
        self.slim_texts.applicants.get(usize::from(position))
    }
}

/// Options of one match.
#[derive(Debug, Clone)]
pub struct MatchOptions {
    pub limit: usize,
    /// The date SLIM rules are evaluated on (and the default application date is derived from).
    pub today: Date,
    /// The language of every text in the result.
    pub lang: Lang,
    /// Whether SLIM receipts are included.
    pub detail: Detail,
    /// A labour-market region code (a job centre's embed): its providers and routes come first
    /// when otherwise equal (same distance, same score).
    pub prefer_region: Option<String>,
}

/// What matching needs, prepared once per catalogue and shared by all requests.
pub struct Matcher<'a> {
    pub catalogue: &'a Catalogue,
    pub geo: &'a Geo,
    pub occupations: &'a Occupations,
    pub slim: &'a slim::Parameters,
    /// Per function (same order as the catalogue): see [`function_terms_of`].
    function_terms: &'a [FunctionTerms],
    /// ESCO occupation → skill links, when loaded.
    skills: Option<&'a OccupationSkills>,
    /// School branches to ask and regional desks, when loaded.
    contacts: Option<&'a Contacts>,
    /// The legal mbo fees, when loaded: a course without a published price gets its cost by rule.
    fees: Option<&'a Fees>,
}

impl<'a> Matcher<'a> {
    /// A matcher over one catalogue; `function_terms` must come from [`function_terms_of`] on
    /// the same catalogue.
    pub fn new(
        catalogue: &'a Catalogue,
        geo: &'a Geo,
        occupations: &'a Occupations,
        slim: &'a slim::Parameters,
        function_terms: &'a [FunctionTerms],
    ) -> Matcher<'a> {
        Matcher {
            catalogue,
            geo,
            occupations,
            slim,
            function_terms,
            skills: None,
            contacts: None,
            fees: None,
        }
    }

    /// Also names schools to ask (when no provider of a course is within reach) and the
    /// person's regional desks.
    pub fn with_contacts(mut self, contacts: &'a Contacts) -> Matcher<'a> {
        self.contacts = Some(contacts);
        self
    }

    /// Also compares occupations by their ESCO skills (the `esco_skill_overlap` component).
    pub fn with_skills(mut self, skills: &'a OccupationSkills) -> Matcher<'a> {
        self.skills = Some(skills);
        self
    }

    /// Computes the cost of an mbo course without a published price from the legal fees.
    pub fn with_fees(mut self, fees: &'a Fees) -> Matcher<'a> {
        self.fees = Some(fees);
        self
    }

    /// Finds and ranks routes for a profile. Same input, same output.
    pub fn match_profile(
        &self,
        profile: &Profile,
        options: &MatchOptions,
    ) -> Result<MatchResult, ProfileError> {
        self.answer(profile, options, |ctx, person| {
            // Cheap components for every function first; routes only for the most promising
            // ones.
            let mut ranked: Vec<(f32, usize)> = self
                .catalogue
                .functions()
                .iter()
                .enumerate()
                .filter_map(|(i, f)| {
                    Some((score::prescore(person, f, self.function_terms.get(i)?), i))
                })
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let limit = options.limit.clamp(1, MAX_ROUTES);
            // A person who says they have no diploma (Mohammed, whose Syrian one is not
            // valued) gets their own job's qualification route; anyone else does the job already.
            let no_diploma = profile.education_level == Some(crate::profile::EducationLevel::None);
            let own_job = if no_diploma {
                Vec::new()
            } else {
                self.own_entry_jobs(person)
            };
            let routes: Vec<Route> = ranked
                .iter()
                .filter(|(_, i)| !own_job.contains(i))
                .take(limit * 3 + 10)
                .take_while(|_| !cancel::requested())
                // A target the person already qualifies for is not a route: nothing to do.
                .filter_map(|&(_, i)| self.route_to_function(ctx, person, i, false))
                .collect();
            // Equal scores: the route with fewer unknowns first, then one with a provider in the
            // preferred region (a job centre's embed), then by id (same input, same order).
            let mut keyed: Vec<(bool, Route)> = routes
                .into_iter()
                .map(|r| (route::in_region(ctx, &r), r))
                .collect();
            keyed.sort_by(|(ia, a), (ib, b)| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| a.components.unknown.len().cmp(&b.components.unknown.len()))
                    .then_with(|| ib.cmp(ia))
                    .then_with(|| a.target.id.cmp(&b.target.id))
            });
            let mut routes: Vec<Route> = keyed.into_iter().map(|(_, r)| r).collect();
            routes.truncate(limit);
            routes
        })
    }

    /// The routes to these functions (by id) for a profile, in the order given, scored and with
    /// SLIM as [`Matcher::match_profile`] has them; a function that is unknown or that no path
    /// leads to has no route in the answer. Unlike a match, a route whose every step the person
    /// already holds is kept (a saved plan may say so).
    pub fn routes_to(
        &self,
        profile: &Profile,
        targets: &[&str],
        options: &MatchOptions,
    ) -> Result<MatchResult, ProfileError> {
        self.answer(profile, options, |ctx, person| {
            targets
                .iter()
                .take_while(|_| !cancel::requested())
                .filter_map(|id| {
                    let i = self
                        .catalogue
                        .functions()
                        .iter()
                        .position(|f| f.id == *id)?;
                    self.route_to_function(ctx, person, i, true)
                })
                .collect()
        })
    }

    /// The functions that are the job the person already does: those of their resolved ESCO
    /// occupation at the lowest level the catalogue gives that occupation (or without a level).
    /// A welder is not routed into Lasser through Basislasser, the course that starts the job;
    /// a function of the same occupation a level up ("Eerste monteur" beside "Monteur") stays,
    /// as a step up. `match_profile` leaves these out unless the person has no diploma.
    fn own_entry_jobs(&self, person: &score::Person) -> Vec<usize> {
        let Some(own) = person.esco_uri() else {
            return Vec::new();
        };
        let functions = self.catalogue.functions();
        let same: Vec<(usize, Option<u8>)> = functions
            .iter()
            .enumerate()
            .filter(|(_, f)| f.esco_uri.as_deref() == Some(own))
            .map(|(i, f)| (i, f.nlqf_level.known().map(|l| l.get())))
            .collect();
        let lowest = same.iter().filter_map(|&(_, level)| level).min();
        same.iter()
            .filter(|&&(_, level)| level.is_none() || level == lowest)
            .map(|&(i, _)| i)
            .collect()
    }

    /// The route to the catalogue's `i`th function, scored (SLIM is attached by
    /// [`Matcher::answer`]); `None` without a path to it, or when every step is held and
    /// `keep_held` is false.
    fn route_to_function(
        &self,
        ctx: &route::Context,
        person: &score::Person,
        i: usize,
        keep_held: bool,
    ) -> Option<Route> {
        let f = self.catalogue.functions().get(i)?;
        let terms = self.function_terms.get(i)?;
        let planned = route::plan(ctx, f)?;
        if !keep_held && planned.steps.iter().all(|s| s.skipped) {
            return None;
        }
        Some(score::finish(ctx, person, f, terms, planned))
    }

    /// Prepares what every route for this person shares, lets `choose` pick the routes, and
    /// completes the answer: SLIM per route, the texts, schools to ask and regional desks.
    fn answer(
        &self,
        profile: &Profile,
        options: &MatchOptions,
        choose: impl FnOnce(&route::Context, &score::Person) -> Vec<Route>,
    ) -> Result<MatchResult, ProfileError> {
        let home = match profile.postcode {
            None => None,
            Some(pc) => match self.geo.pc4(pc.pc4) {
                Some(area) => Some((area.latitude, area.longitude)),
                None => return Err(ProfileError::unknown_postcode(pc.pc4, options.lang)),
            },
        };
        let resolved = profile
            .current_occupation
            .as_deref()
            .and_then(|t| self.occupations.resolve(t, 1).into_iter().next())
            .filter(|c| c.score >= score::MIN_RESOLVE_SCORE);
        // A request that gave up stops at the next check (`cancel::requested`); what is
        // returned then is never read.
        let past: Vec<String> = profile
            .past_occupations
            .iter()
            .take_while(|_| !cancel::requested())
            .filter_map(|t| self.occupations.resolve(t, 1).into_iter().next())
            .filter(|c| c.score >= score::MIN_RESOLVE_SCORE)
            .map(|c| c.isco)
            .collect();
        let person = score::Person::new(
            profile,
            resolved
                .as_ref()
                .map(|c| (c.isco.as_str(), c.esco_uri.as_str())),
            &past,
            self.skills,
            self.function_terms,
            options.lang,
        );
        let region = profile
            .postcode
            .and_then(|pc| self.geo.pc4(pc.pc4))
            .and_then(|a| self.geo.municipality(&a.municipality_code))
            .map(|m| m.region_code.as_str());
        let regional_desks = self
            .contacts
            .map(|c| c.desks_for(region))
            .unwrap_or_default();
        let schools_near_home = match (self.contacts, home) {
            (Some(c), Some((lat, lon))) => {
                c.schools_near(lat, lon, route::ASK_WITHIN_KM, route::MAX_SCHOOLS_TO_ASK)
            }
            _ => Vec::new(),
        };
        let ctx = route::Context {
            schools_near_home: schools_near_home.clone(),
            catalogue: self.catalogue,
            geo: self.geo,
            slim: self.slim,
            fees: self.fees,
            profile,
            home,
            today: options.today,
            lang: options.lang,
            nearest: Default::default(),
            held: line::held(self.catalogue, profile),
            prefer_region: options.prefer_region.as_deref(),
        };
        let mut routes = choose(&ctx, &person);
        let mut texts = score::TextTable::default();
        for route in routes.iter_mut().take_while(|_| !cancel::requested()) {
            score::attach_slim(&ctx, route, &mut texts, options.detail);
        }
        let schools_to_ask = if routes_ask(&routes) {
            schools_near_home
        } else {
            Vec::new()
        };
        // Each fee basis once per answer; steps name theirs by position.
        let mut bases: Vec<crate::fees::FeeBasis> = Vec::new();
        for step in routes.iter_mut().flat_map(|r| r.steps.iter_mut()) {
            if let Some(basis) = step.fee_basis.take() {
                let position = match bases.iter().position(|b| *b == basis) {
                    Some(p) => p,
                    None => {
                        bases.push(basis);
                        bases.len() - 1
                    }
                };
                step.cost_basis = u16::try_from(position).ok();
            }
        }
        let skills_note = person.skills_note();
        Ok(MatchResult {
            lang: options.lang,
            resolved_occupation: resolved.map(|c| ResolvedOccupation {
                label_in_lang: options
                    .lang
                    .pick(None, Some("en"))
                    .and_then(|code| self.occupations.preferred_label(&c.esco_uri, code))
                    .map(str::to_owned),
                esco_uri: c.esco_uri,
                isco: c.isco,
                label: c.label,
            }),
            skills_note,
            fee_bases: bases,
            routes,
            slim_texts: texts.into_texts(),
            schools_to_ask,
            regional_desks,
        })
    }
}

/// The analysed words that describe a function, kept apart by where they come from: a person's
/// interest or skill found in the function's own texts counts more than one found only in the
/// texts of its path (which every function of the path shares).
#[derive(Debug, Default)]
pub struct FunctionTerms {
    /// Title, other titles, description, tasks and skills, with compound parts and synonyms.
    own: HashSet<String>,
    /// The path's name, sector and description, likewise.
    path: HashSet<String>,
    /// Each Dutch label of the ESCO skills of the function's occupation, analysed alike.
    esco: Vec<HashSet<String>>,
}

/// Where a person's interest or skill was found in a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FoundIn {
    /// The function's own texts (title, other titles, description, tasks, skills).
    Function,
    /// A Dutch label of an ESCO skill of the function's occupation (skills only).
    EscoSkill,
    /// Only the texts of the function's path (name, sector, description): half the credit.
    Path,
}

impl FunctionTerms {
    /// Where an analysed item (an interest or a skill) meets the function: any of its first
    /// `alone` words in the function's own texts; for a skill, all of its words in one ESCO
    /// skill label; else any of its first `alone` words in the path's texts.
    fn find(&self, item: &[String], alone: usize, esco: bool) -> Option<FoundIn> {
        let alone = &item[..alone.min(item.len())];
        if alone.iter().any(|t| self.own.contains(t)) {
            Some(FoundIn::Function)
        } else if esco && self.esco.iter().any(|l| item.iter().all(|t| l.contains(t))) {
            Some(FoundIn::EscoSkill)
        } else if alone.iter().any(|t| self.path.contains(t)) {
            Some(FoundIn::Path)
        } else {
            None
        }
    }
}

/// The analysed words of every function, in catalogue order; computed once per catalogue and
/// kept beside it (the server keeps it in its state).
pub fn function_terms_of(catalogue: &Catalogue, skills: &OccupationSkills) -> Vec<FunctionTerms> {
    catalogue
        .functions()
        .iter()
        .map(|f| function_terms(catalogue, skills, f))
        .collect()
}

/// The analysed terms of `texts`, with compound parts and synonyms, so that "ict" or "auto's"
/// find them.
fn analysed<'t>(cat: &Catalogue, texts: impl IntoIterator<Item = &'t str>) -> HashSet<String> {
    let mut terms = HashSet::new();
    for t in texts {
        terms.extend(text::analyse(t));
        terms.extend(crate::catalog::synonym_stems(t, cat.synonyms()));
    }
    terms
}

fn function_terms(cat: &Catalogue, skills: &OccupationSkills, f: &Function) -> FunctionTerms {
    let mut own: Vec<&str> = vec![&f.title, &f.description];
    own.extend(f.alt_titles.iter().map(String::as_str));
    own.extend(f.tasks.iter().map(String::as_str));
    own.extend(f.skills.iter().map(String::as_str));
    let path: Vec<&str> = cat
        .path(&f.path_id)
        .map(|p| vec![p.name.as_str(), &p.sector, &p.description])
        .unwrap_or_default();
    let esco = f
        .esco_uri
        .as_deref()
        .map(|uri| {
            skills
                .dutch_labels(uri)
                .map(|label| analysed(cat, [label]))
                .filter(|terms| !terms.is_empty())
                .collect()
        })
        .unwrap_or_default();
    FunctionTerms {
        own: analysed(cat, own),
        path: analysed(cat, path),
        esco,
    }
}
