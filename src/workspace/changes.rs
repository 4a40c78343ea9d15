//! Change alerts on saved plans: every plan's snapshot compared with the catalogue, fees and
//! SLIM rules that serve now, and what changed stored on the plan, each change once, until a
//! counsellor marks it seen.
//!
//! A comparison recomputes the plan's route for the client's stored profile (as saving it did)
//! and reads both routes as JSON, field by field: a snapshot written by an earlier padvinder
//! still reads, and a field it lacks is compared with nothing (unknown stays unknown). The
//! server runs [`Workspace::check_plans`] off the request path, at start and after every
//! reload; a plan already compared with the same catalogue, rules and day is skipped.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, OffsetDateTime};

use super::{Workspace, WorkspaceError};
use crate::base::schema::IsoDate;
use crate::catalog::PathStatusWord;
use crate::matching::{Detail, MatchOptions, Matcher};
use crate::messages::{Lang, eur};
use crate::slim::day_in_words;
use crate::store::{
    AuditAction, ChangeCheck, ChangeWhat, Client, Edit, OrgId, Plan, PlanChange, PlanId, Session,
};

/// The most changes one plan keeps: the oldest seen ones go first (bounds the record).
pub const MAX_CHANGES: usize = 100;

/// One change as the API shows it: what changed, in words and as data.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ChangeView {
    /// What changed, in plain words in the answer's language.
    pub text: String,
    /// What changed, as data (`kind` says which).
    pub what: ChangeWhat,
    /// The day it was found.
    #[schemars(with = "IsoDate")]
    pub found_on: Date,
    /// A counsellor of the organisation marked it seen.
    pub seen: bool,
}

/// What `GET /api/v1/plans/{id}/changes` answers.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlanChanges {
    /// The language of every `text`.
    pub lang: Lang,
    /// How many changes are not yet seen (the badge).
    pub unseen: u32,
    /// The day the plan was last compared with the catalogue; `null` when it has not been yet.
    #[schemars(with = "Option<IsoDate>")]
    pub checked_on: Option<Date>,
    /// Newest first.
    pub changes: Vec<ChangeView>,
}

/// One plan's changes in a client's export.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlanChangesOf {
    pub plan: PlanId,
    pub changes: PlanChanges,
}

/// What one comparison of every saved plan did (for the log: counts, never contents).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckSummary {
    /// Plans compared.
    pub compared: usize,
    /// Plans skipped: already compared with this catalogue, these rules, today.
    pub skipped: usize,
    /// Changes added.
    pub added: usize,
    /// Another instance on the store compares the plans with this catalogue, these rules and
    /// today; this one did nothing.
    pub claimed_elsewhere: bool,
}

/// A change check claimed this long ago may be taken over by another instance (the claimer may
/// have stopped halfway; the plans it compared carry their mark and are skipped). A claim is made
/// once, when a run starts, and not renewed during it: a run longer than this may be repeated by
/// a second instance, which costs work but adds no change twice.
pub const CHECK_CLAIM_STALE: time::Duration = time::Duration::hours(1);
/// Claims older than this are forgotten.
const FORGET_CLAIMS: time::Duration = time::Duration::days(7);

/// How many of a plan's changes are not yet seen.
pub fn unseen(plan: &Plan) -> u32 {
    u32::try_from(plan.changes.iter().filter(|c| !c.seen).count()).unwrap_or(u32::MAX)
}

/// The parts of a route's JSON a comparison reads; any other field is ignored, and a part that
/// is missing or does not read (a snapshot of an earlier padvinder) is unknown, on its own.
#[derive(Debug, Default)]
struct SavedRoute {
    path: Option<SavedPath>,
    steps: Vec<SavedStep>,
    slim: Option<SavedSlim>,
}

#[derive(Debug, Deserialize)]
struct SavedPath {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: Value,
}

impl SavedPath {
    fn status(&self) -> Option<PathStatusWord> {
        PathStatusWord::deserialize(&self.status).ok()
    }
}

#[derive(Debug, Deserialize)]
struct Named {
    id: String,
    #[serde(default)]
    title: String,
}

#[derive(Debug, Deserialize)]
struct SavedProvider {
    id: String,
    #[serde(default)]
    name: String,
}

#[derive(Debug, Deserialize)]
struct SavedStep {
    course: Named,
    #[serde(default)]
    skipped: bool,
    #[serde(default)]
    provider: Option<SavedProvider>,
    #[serde(default)]
    weeks: Value,
    #[serde(default)]
    weeks_max: Value,
    #[serde(default)]
    cost_eur: Value,
    #[serde(default)]
    alternatives: Vec<Named>,
    #[serde(default)]
    slim: Option<SavedSlim>,
}

#[derive(Debug, Deserialize)]
struct SavedSlim {
    #[serde(default)]
    status: Option<String>,
    /// The receipt: only `inputs.application_date` is read.
    #[serde(default)]
    receipt: Value,
}

impl SavedSlim {
    fn application_date(&self) -> Option<Date> {
        let text = self.receipt.pointer("/inputs/application_date")?.as_str()?;
        Date::parse(
            text,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .ok()
    }
}

impl SavedRoute {
    fn of(route: &Value) -> SavedRoute {
        let part = |key: &str| route.get(key).unwrap_or(&Value::Null);
        SavedRoute {
            path: SavedPath::deserialize(part("path")).ok(),
            steps: part("steps")
                .as_array()
                .map(|steps| {
                    steps
                        .iter()
                        .filter_map(|s| SavedStep::deserialize(s).ok())
                        .collect()
                })
                .unwrap_or_default(),
            slim: SavedSlim::deserialize(part("slim")).ok(),
        }
    }

    fn step(&self, course: &str) -> Option<&SavedStep> {
        self.steps.iter().find(|s| s.course.id == course)
    }

    /// The title a course had in this route (as a step or an alternative).
    fn title_of(&self, course: &str) -> Option<&str> {
        self.steps
            .iter()
            .flat_map(|s| std::iter::once(&s.course).chain(&s.alternatives))
            .find(|c| c.id == course)
            .map(|c| c.title.as_str())
    }

    /// Every application date the route's SLIM results counted on, each once, in order.
    fn application_dates(&self) -> Vec<Date> {
        let mut dates: Vec<Date> = self
            .steps
            .iter()
            .filter_map(|s| s.slim.as_ref())
            .chain(self.slim.as_ref())
            .filter_map(SavedSlim::application_date)
            .collect();
        dates.sort();
        dates.dedup();
        dates
    }
}

/// A number of weeks in a route's JSON (`"unknown"` or absent: `None`).
fn weeks(v: &Value) -> Option<u32> {
    v.as_u64().and_then(|w| u32::try_from(w).ok())
}

/// An amount in euros in a route's JSON, as cents (`"unknown"` or absent: `None`).
fn cents(v: &Value) -> Option<i64> {
    v.as_f64().map(|e| (e * 100.0).round() as i64)
}

/// What changed between a plan's snapshot and today's catalogue, rules and route. `now` is the
/// route recomputed today: `Some(None)` when no route leads to the target any more, `None` when
/// it could not be computed (the profile no longer reads against today's data): then only what
/// the catalogue itself says is compared.
fn compare(
    plan: &Plan,
    now: Option<Option<&SavedRoute>>,
    matcher: &Matcher<'_>,
    today: Date,
) -> Vec<ChangeWhat> {
    let saved = SavedRoute::of(&plan.snapshot.route);
    let catalogue = matcher.catalogue;
    let mut found = Vec::new();
    let target_title = super::plans::target_title(plan);
    let target_exists = catalogue.function(&plan.target).is_some();
    if !target_exists {
        found.push(ChangeWhat::TargetRemoved {
            function: plan.target.clone(),
            title: target_title.clone(),
        });
    }
    // The courses of the plan: every step still to take, then the chosen ones (alternatives).
    let mut courses: Vec<&str> = saved
        .steps
        .iter()
        .filter(|s| !s.skipped)
        .map(|s| s.course.id.as_str())
        .collect();
    for c in &plan.courses {
        if !courses.contains(&c.as_str()) {
            courses.push(c);
        }
    }
    for id in &courses {
        let title = saved.title_of(id).unwrap_or(id).to_owned();
        match catalogue.course(id) {
            None => found.push(ChangeWhat::CourseRemoved {
                course: (*id).to_owned(),
                title,
            }),
            Some(c) if c.title != title && saved.title_of(id).is_some() => {
                found.push(ChangeWhat::CourseRenamed {
                    course: (*id).to_owned(),
                    was: title,
                    now: c.title.clone(),
                })
            }
            Some(_) => {}
        }
    }
    if let Some(path) = &saved.path
        && let (Some(was), Some(now)) = (
            path.status(),
            catalogue.path(&path.id).map(|p| p.status.word()),
        )
        && was != now
    {
        found.push(ChangeWhat::PathStatusChanged {
            path: path.id.clone(),
            name: path.name.clone(),
            was,
            now,
        });
    }
    match now {
        Some(None) if target_exists => found.push(ChangeWhat::NoRoute {
            function: plan.target.clone(),
            title: target_title,
        }),
        Some(Some(route)) => steps_changed(&saved, route, matcher, &mut found),
        _ => {}
    }
    if plan.snapshot.rules_version != matcher.slim.version() {
        found.push(ChangeWhat::RulesChanged {
            was: plan.snapshot.rules_version.clone(),
            now: matcher.slim.version().to_owned(),
        });
    }
    for applied_on in saved.application_dates() {
        let window = matcher
            .slim
            .windows()
            .iter()
            .find(|w| w.contains(applied_on));
        match window {
            Some(w) if w.closes.date() < today => found.push(ChangeWhat::WindowPassed {
                applied_on,
                closed_on: Some(w.closes.date()),
            }),
            None if applied_on < today => found.push(ChangeWhat::WindowPassed {
                applied_on,
                closed_on: None,
            }),
            _ => {}
        }
    }
    found
}

/// The steps still to take, compared with the same courses on today's route.
fn steps_changed(
    saved: &SavedRoute,
    now: &SavedRoute,
    matcher: &Matcher<'_>,
    found: &mut Vec<ChangeWhat>,
) {
    for step in saved.steps.iter().filter(|s| !s.skipped) {
        let id = &step.course.id;
        let Some(course) = matcher.catalogue.course(id) else {
            continue; // already named as removed
        };
        let title = step.course.title.clone();
        if let Some(p) = &step.provider
            && (matcher.catalogue.provider(&p.id).is_none() || !course.provider_ids.contains(&p.id))
        {
            found.push(ChangeWhat::ProviderGone {
                course: id.clone(),
                title: title.clone(),
                provider: p.id.clone(),
                provider_name: p.name.clone(),
            });
        }
        let Some(today) = now.step(id) else {
            found.push(ChangeWhat::CourseOffRoute {
                course: id.clone(),
                title,
            });
            continue;
        };
        if today.skipped {
            // The client holds it now: nothing about it is theirs to take.
            continue;
        }
        let was = (weeks(&step.weeks), weeks(&step.weeks_max));
        let is = (weeks(&today.weeks), weeks(&today.weeks_max));
        if was != is {
            found.push(ChangeWhat::DurationChanged {
                course: id.clone(),
                title: title.clone(),
                was_weeks: was.0,
                was_weeks_max: was.1,
                now_weeks: is.0,
                now_weeks_max: is.1,
            });
        }
        let (was, is) = (cents(&step.cost_eur), cents(&today.cost_eur));
        if was != is {
            found.push(ChangeWhat::CostChanged {
                course: id.clone(),
                title: title.clone(),
                was_cents: was,
                now_cents: is,
            });
        }
        let status = |s: &SavedStep| s.slim.as_ref().and_then(|s| s.status.clone());
        if let (Some(was), Some(is)) = (status(step), status(today))
            && was != is
        {
            found.push(ChangeWhat::SlimChanged {
                course: id.clone(),
                title,
                was,
                now: is,
            });
        }
    }
}

/// Adds the changes not yet on the plan; how many were added. The oldest seen changes make
/// room beyond [`MAX_CHANGES`].
fn merge(plan: &mut Plan, found: Vec<ChangeWhat>, catalogue_hash: &str, today: Date) -> usize {
    let mut added = 0;
    for what in found {
        if plan.changes.iter().any(|c| c.what == what) {
            continue;
        }
        plan.changes.push(PlanChange {
            what,
            found_on: today,
            catalogue_hash: catalogue_hash.to_owned(),
            seen: false,
        });
        added += 1;
    }
    while plan.changes.len() > MAX_CHANGES {
        let oldest = plan.changes.iter().position(|c| c.seen).unwrap_or_default();
        plan.changes.remove(oldest);
    }
    added
}

impl Workspace {
    /// Compares every saved plan of every organisation with what `matcher` serves, as of `now`,
    /// and stores what changed on the plan, unless another instance on the store has claimed
    /// this catalogue, these rules and this day (`claimed_elsewhere`). A plan already compared
    /// with this catalogue, these rules and this day is skipped, and a change already stored is
    /// not added again. Blocking and long (a route per plan): the server runs it on a thread of
    /// its own, one at a time. The plan's share link, notes and `updated` stay as they are.
    pub fn check_plans(
        &self,
        matcher: &Matcher<'_>,
        now: OffsetDateTime,
    ) -> Result<CheckSummary, WorkspaceError> {
        let today = now.date();
        let mark = ChangeCheck {
            catalogue_hash: matcher.catalogue.content_hash().to_owned(),
            rules_version: matcher.slim.version().to_owned(),
            on: today,
        };
        let mut summary = CheckSummary::default();
        // Once per catalogue version and day across the instances on one store: the first to
        // claim it compares; the others skip.
        let key = format!("{}/{}/{}", mark.catalogue_hash, mark.rules_version, mark.on);
        let claimed = self.store.claim_change_check(
            &key,
            &self.instance,
            now,
            now - CHECK_CLAIM_STALE,
            now - FORGET_CLAIMS,
        )?;
        if !claimed {
            summary.claimed_elsewhere = true;
            return Ok(summary);
        }
        for org in self.store.orgs()? {
            for client in self.store.clients(&org.id)? {
                for plan in self.store.plans_of_client(&org.id, &client.id)? {
                    if plan.checked.as_ref() == Some(&mark) {
                        summary.skipped += 1;
                        continue;
                    }
                    let found = self.compare_plan(&plan, &client, matcher, today);
                    summary.added += self.store_changes(&org.id, &plan, found, &mark)?;
                    summary.compared += 1;
                }
            }
        }
        Ok(summary)
    }

    fn compare_plan(
        &self,
        plan: &Plan,
        client: &Client,
        matcher: &Matcher<'_>,
        today: Date,
    ) -> Vec<ChangeWhat> {
        let _ = self;
        let options = MatchOptions {
            limit: 1,
            today,
            lang: plan.snapshot.lang,
            detail: Detail::Full,
            prefer_region: None,
        };
        let computed = matcher
            .routes_to(&client.profile, &[plan.target.as_str()], &options)
            .ok()
            .map(|r| {
                r.routes
                    .first()
                    .and_then(|route| serde_json::to_value(route).ok())
                    .map(|v| SavedRoute::of(&v))
            });
        compare(plan, computed.as_ref().map(Option::as_ref), matcher, today)
    }

    /// Adds `found` to the plan as stored now (a counsellor may have changed it meanwhile) and
    /// marks it compared; how many changes were new.
    fn store_changes(
        &self,
        org: &OrgId,
        plan: &Plan,
        found: Vec<ChangeWhat>,
        mark: &ChangeCheck,
    ) -> Result<usize, WorkspaceError> {
        let mut added = 0;
        // Merged into the plan as stored at the moment of writing, in the store's transaction:
        // a counsellor's change made meanwhile (on any instance) stays; a plan deleted
        // meanwhile is not written back.
        self.store.update_plan(org, &plan.id, None, &mut |fresh| {
            added = merge(fresh, found.clone(), &mark.catalogue_hash, mark.on);
            fresh.checked = Some(mark.clone());
            Edit::Write
        })?;
        Ok(added)
    }

    /// The changes of one of the session's plans, newest first, in `lang`.
    pub fn plan_changes(
        &self,
        session: &Session,
        id: &str,
        lang: Lang,
        now: OffsetDateTime,
    ) -> Result<PlanChanges, WorkspaceError> {
        let plan = self.own_plan(session, id)?;
        let entry = self.audit_plan(session, now, AuditAction::ViewPlan, &plan);
        self.store.append_audit(&session.org, &entry)?;
        Ok(changes_view(&plan, lang))
    }

    /// Marks every change of one of the session's plans seen (audited); answers the changes.
    pub fn see_changes(
        &self,
        session: &Session,
        id: &str,
        lang: Lang,
        now: OffsetDateTime,
    ) -> Result<PlanChanges, WorkspaceError> {
        let read = self.own_plan(session, id)?;
        let entry = self.audit_plan(session, now, AuditAction::SeeChanges, &read);
        let plan = self
            .store
            .update_plan(&session.org, &read.id, Some(&entry), &mut |plan| {
                if plan.changes.iter().all(|c| c.seen) {
                    return Edit::Keep;
                }
                for c in &mut plan.changes {
                    c.seen = true;
                }
                Edit::Write
            })?
            .ok_or_else(|| WorkspaceError::NotFound {
                what: "plan",
                id: id.to_owned(),
            })?;
        Ok(changes_view(&plan, lang))
    }
}

pub(super) fn changes_view(plan: &Plan, lang: Lang) -> PlanChanges {
    PlanChanges {
        lang,
        unseen: unseen(plan),
        checked_on: plan.checked.as_ref().map(|c| c.on),
        changes: plan
            .changes
            .iter()
            .rev()
            .map(|c| ChangeView {
                text: text(&c.what, lang),
                what: c.what.clone(),
                found_on: c.found_on,
                seen: c.seen,
            })
            .collect(),
    }
}

/// "12 weken", "12 tot 16 weken", "onbekend".
fn weeks_text(min: Option<u32>, max: Option<u32>, lang: Lang) -> String {
    match (min, max) {
        (Some(a), Some(b)) if a != b => {
            lang.pick(format!("{a} tot {b} weken"), format!("{a} to {b} weeks"))
        }
        (Some(a), _) | (None, Some(a)) => lang.pick(format!("{a} weken"), format!("{a} weeks")),
        (None, None) => lang.pick("onbekend", "unknown").to_owned(),
    }
}

fn cost_text(cents: Option<i64>, lang: Lang) -> String {
    match cents {
        Some(c) => eur(lang, c as f64 / 100.0),
        None => lang.pick("onbekend", "unknown").to_owned(),
    }
}

fn slim_text(status: &str, lang: Lang) -> String {
    match status {
        "possibly_eligible" => lang.pick("mogelijk SLIM-subsidie", "possibly SLIM subsidy"),
        "insufficient_information" => lang.pick(
            "nog onzeker (er ontbreekt informatie)",
            "not certain yet (information is missing)",
        ),
        "not_eligible" => lang.pick("geen SLIM-subsidie", "no SLIM subsidy"),
        other => other,
    }
    .to_owned()
}

fn path_status_text(status: PathStatusWord, lang: Lang) -> &'static str {
    match status {
        PathStatusWord::Recognised => lang.pick("erkend", "recognised"),
        PathStatusWord::Announced => lang.pick("aangekondigd", "announced"),
        PathStatusWord::Modelled => lang.pick(
            "door padvinder opgesteld (niet erkend)",
            "modelled by padvinder (not recognised)",
        ),
    }
}

/// A change in plain words.
pub fn text(what: &ChangeWhat, lang: Lang) -> String {
    match what {
        ChangeWhat::TargetRemoved { title, .. } => lang.pick(
            format!("De functie \"{title}\" staat niet meer in de catalogus."),
            format!("The function \"{title}\" is no longer in the catalogue."),
        ),
        ChangeWhat::NoRoute { title, .. } => lang.pick(
            format!("Er is nu geen route meer naar \"{title}\" voor deze cliënt."),
            format!("There is no route to \"{title}\" for this client any more."),
        ),
        ChangeWhat::CourseRemoved { title, .. } => lang.pick(
            format!("De opleiding \"{title}\" staat niet meer in de catalogus."),
            format!("The course \"{title}\" is no longer in the catalogue."),
        ),
        ChangeWhat::CourseRenamed { was, now, .. } => lang.pick(
            format!("De opleiding \"{was}\" heet nu \"{now}\"."),
            format!("The course \"{was}\" is now called \"{now}\"."),
        ),
        ChangeWhat::CourseOffRoute { title, .. } => lang.pick(
            format!("De opleiding \"{title}\" hoort niet meer bij de route."),
            format!("The course \"{title}\" is no longer part of the route."),
        ),
        ChangeWhat::DurationChanged {
            title,
            was_weeks,
            was_weeks_max,
            now_weeks,
            now_weeks_max,
            ..
        } => {
            let was = weeks_text(*was_weeks, *was_weeks_max, lang);
            let now = weeks_text(*now_weeks, *now_weeks_max, lang);
            lang.pick(
                format!("De duur van \"{title}\" is veranderd: was {was}, nu {now}."),
                format!("The duration of \"{title}\" has changed: was {was}, now {now}."),
            )
        }
        ChangeWhat::CostChanged {
            title,
            was_cents,
            now_cents,
            ..
        } => {
            let was = cost_text(*was_cents, lang);
            let now = cost_text(*now_cents, lang);
            lang.pick(
                format!("De kosten van \"{title}\" zijn veranderd: waren {was}, nu {now}."),
                format!("The cost of \"{title}\" has changed: was {was}, now {now}."),
            )
        }
        ChangeWhat::ProviderGone {
            title,
            provider_name,
            ..
        } => lang.pick(
            format!(
                "De aanbieder \"{provider_name}\" biedt \"{title}\" volgens de catalogus niet meer aan."
            ),
            format!(
                "According to the catalogue, \"{provider_name}\" no longer offers \"{title}\"."
            ),
        ),
        ChangeWhat::PathStatusChanged { name, was, now, .. } => {
            let (was, now) = (path_status_text(*was, lang), path_status_text(*now, lang));
            lang.pick(
                format!("Het ontwikkelpad \"{name}\" was {was} en is nu {now}."),
                format!("The development path \"{name}\" was {was} and is now {now}."),
            )
        }
        ChangeWhat::RulesChanged { .. } => lang
            .pick(
                "De SLIM-regels in padvinder zijn bijgewerkt; bekijk de subsidie opnieuw.",
                "padvinder's SLIM rules have been updated; check the subsidy again.",
            )
            .to_owned(),
        ChangeWhat::SlimChanged {
            title, was, now, ..
        } => {
            let (was, now) = (slim_text(was, lang), slim_text(now, lang));
            lang.pick(
                format!("SLIM voor \"{title}\" was {was}, nu {now}."),
                format!("SLIM for \"{title}\" was {was}, now {now}."),
            )
        }
        ChangeWhat::WindowPassed {
            applied_on,
            closed_on,
        } => {
            let day = day_in_words(*applied_on, lang);
            match closed_on {
                Some(closed) => {
                    let closed = day_in_words(*closed, lang);
                    lang.pick(
                        format!(
                            "Het SLIM-aanvraagtijdvak waarin het plan op {day} zou aanvragen, is op {closed} gesloten."
                        ),
                        format!(
                            "The SLIM application window in which the plan would apply on {day} closed on {closed}."
                        ),
                    )
                }
                None => lang.pick(
                    format!(
                        "De SLIM-aanvraagdatum waarmee het plan rekende ({day}) is voorbij."
                    ),
                    format!("The SLIM application date the plan counted on ({day}) has passed."),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_part_that_does_not_read_leaves_the_others_readable() {
        let route = serde_json::json!({
            "path": {"id": "p", "name": "P", "status": "some future word"},
            "steps": [
                {"course": "not an object"},
                {"course": {"id": "c", "title": "C"}, "weeks": 12,
                 "slim": {"status": "not_eligible", "receipt": {"inputs": {"application_date": "2025-07-02"}}}}
            ],
            "slim": {"receipt": 7}
        });
        let saved = SavedRoute::of(&route);
        assert_eq!(saved.path.as_ref().map(|p| p.id.as_str()), Some("p"));
        assert_eq!(saved.path.as_ref().and_then(SavedPath::status), None);
        assert_eq!(saved.steps.len(), 1);
        assert_eq!(weeks(&saved.steps[0].weeks), Some(12));
        assert_eq!(
            saved.application_dates(),
            vec![time::macros::date!(2025 - 07 - 02)]
        );
        assert!(SavedRoute::of(&Value::Null).steps.is_empty());
    }

    #[test]
    fn weeks_and_costs_read_unknown_as_unknown() {
        assert_eq!(weeks(&Value::from(12)), Some(12));
        assert_eq!(weeks(&Value::from("unknown")), None);
        assert_eq!(cents(&Value::from(1234.5)), Some(123_450));
        assert_eq!(cents(&Value::from("unknown")), None);
        assert_eq!(weeks_text(Some(12), Some(16), Lang::Nl), "12 tot 16 weken");
        assert_eq!(weeks_text(Some(12), Some(12), Lang::En), "12 weeks");
        assert_eq!(weeks_text(None, None, Lang::Nl), "onbekend");
    }

    #[test]
    fn a_change_reads_in_both_languages() {
        let what = ChangeWhat::CostChanged {
            course: "c".into(),
            title: "Monteur".into(),
            was_cents: Some(125_000),
            now_cents: None,
        };
        assert_eq!(
            text(&what, Lang::Nl),
            "De kosten van \"Monteur\" zijn veranderd: waren € 1.250, nu onbekend."
        );
        assert_eq!(
            text(&what, Lang::En),
            "The cost of \"Monteur\" has changed: was € 1,250, now unknown."
        );
    }
}
