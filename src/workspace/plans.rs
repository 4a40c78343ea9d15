//! Saved plans: the route to a target function, recomputed by the server for the client's
//! stored profile, the courses chosen from it, notes, a status and a review date, with a
//! snapshot of what it was computed from; and share links that show a plan read-only.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, Duration, OffsetDateTime};

use super::clients::{Fields, bad, clearable_date, date, object, optional, unknown_fields};
use super::error::FieldProblem;
use super::{Workspace, WorkspaceError, random_bytes, random_hex};
use crate::base::ErrorCode;
use crate::base::schema::IsoDate;
use crate::matching::{
    ComparedRoute, Detail, MAX_COMPARED, MatchOptions, Matcher, Route, SlimTexts, compare,
};
use crate::messages::Lang;
use crate::store::{
    AuditAction, AuditEntry, Client, ClientId, Edit, Note, Plan, PlanId, PlanSnapshot, PlanStatus,
    RouteTexts, Session, Share, ShareKey, ShareRef,
};

/// The most plans one client may have (bounds the client page and every plan scan).
pub const MAX_PLANS_PER_CLIENT: usize = 50;
/// The most courses one plan may name.
const MAX_COURSES: usize = 30;
/// The most notes on one plan, and the longest note.
const MAX_NOTES: usize = 20;
const MAX_NOTE: usize = 2000;
/// The longest function or course id read (the catalogue's ids are far shorter).
const MAX_ID: usize = 200;
/// Stands in for a function or course id in request schemas: 1 to [`MAX_ID`] characters, not
/// only white space (what [`id_text`] reads).
pub struct IdText;

impl schemars::JsonSchema for IdText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IdText".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "minLength": 1, "maxLength": MAX_ID, "pattern": "\\S"})
    }
}

/// A share link lives 1 to 90 days.
pub const SHARE_DAYS: std::ops::RangeInclusive<i64> = 1..=90;

/// What `POST /api/v1/clients/{id}/plans` reads.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PlanInput {
    /// The target function's id (a route's `target.id` in `POST /api/v1/match`). Which
    /// functions exist, and whether a route leads there for the client's profile, the
    /// catalogue decides: 422 naming `target` otherwise.
    #[schemars(with = "IdText")]
    target: String,
    /// Course ids chosen from the route: a step's course or one of its alternatives, each once.
    /// Default: the course of every step still to take. Which courses are on the route the
    /// catalogue and the profile decide: 422 naming `courses[i]` otherwise.
    #[schemars(with = "Option<Vec<IdText>>", length(max = MAX_COURSES), extend("uniqueItems" = true))]
    courses: Option<Vec<String>>,
    /// At most 20 notes.
    #[schemars(length(max = MAX_NOTES))]
    notes: Option<Vec<NoteInput>>,
    /// Default `idee`.
    status: Option<PlanStatus>,
    /// When to look at the plan again.
    #[schemars(with = "Option<IsoDate>")]
    review_on: Option<Date>,
}

/// What `PATCH /api/v1/plans/{id}` reads: only the fields to change (`review_on: null` clears
/// the date). The route is not recomputed: new courses must belong to the saved route.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields, transform = every_field_optional)]
#[allow(dead_code)]
pub struct PlanPatchInput {
    /// As for `POST /api/v1/clients/{id}/plans`; replaces the chosen courses.
    #[schemars(with = "Vec<IdText>", length(max = MAX_COURSES), extend("uniqueItems" = true))]
    courses: Option<Vec<String>>,
    /// Replaces every note.
    #[schemars(with = "Vec<NoteInput>", length(max = MAX_NOTES))]
    notes: Option<Vec<NoteInput>>,
    #[schemars(with = "PlanStatus")]
    status: Option<PlanStatus>,
    /// `null` clears the date.
    #[schemars(with = "Option<IsoDate>")]
    review_on: Option<Date>,
}

fn every_field_optional(schema: &mut schemars::Schema) {
    schema.remove("required");
}

/// A note as the counsellor writes it.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct NoteInput {
    /// 1 to 2000 characters.
    #[schemars(length(min = 1, max = MAX_NOTE), regex(pattern = r"\S"))]
    text: String,
    /// Default `true`: only the organisation's counsellors see it. `false` shows it on the
    /// shared plan.
    private: Option<bool>,
}

/// What `POST /api/v1/plans/{id}/share` reads.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ShareInput {
    /// How long the link works: 1 to 90 days.
    #[schemars(range(min = 1, max = 90))]
    expires_in_days: u16,
}

/// A plan's snapshot as the API shows it, its texts in the language asked for.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SnapshotView {
    /// The day the route was computed and SLIM evaluated.
    #[schemars(with = "IsoDate")]
    pub computed_on: Date,
    /// The language of the route's texts: the one asked for, except for a plan saved before
    /// padvinder kept a plan's route in both languages, which has only the one it was saved in.
    pub lang: Lang,
    /// The content hash of the catalogue the route was computed from.
    pub catalogue_hash: String,
    /// The SLIM rules version (hash of the parameters file) the result rests on.
    pub rules_version: String,
    /// The route as computed then, with its SLIM receipts (`detail=full`).
    #[schemars(with = "Route")]
    pub route: Value,
    /// The SLIM texts the route points to.
    #[schemars(with = "SlimTexts")]
    pub slim_texts: Value,
}

impl SnapshotView {
    /// The snapshot with its texts in `lang` when it holds them, else in the one language it has.
    pub fn of(s: PlanSnapshot, lang: Lang) -> SnapshotView {
        let texts = match s.other {
            Some(other) if other.lang == lang && s.lang != lang => other,
            _ => RouteTexts {
                lang: s.lang,
                route: s.route,
                slim_texts: s.slim_texts,
            },
        };
        SnapshotView {
            computed_on: s.computed_on,
            lang: texts.lang,
            catalogue_hash: s.catalogue_hash,
            rules_version: s.rules_version,
            route: texts.route,
            slim_texts: texts.slim_texts,
        }
    }
}

/// A plan's share link, as its counsellors see it (never the token: only its hash is kept).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ShareStatus {
    /// When the link stops working.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub expires_at: OffsetDateTime,
    #[schemars(with = "IsoDate")]
    pub expires_on: Date,
}

/// A plan as its organisation's counsellors see it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlanView {
    pub id: PlanId,
    pub client: ClientId,
    /// The target function's id.
    pub target: String,
    pub courses: Vec<String>,
    pub notes: Vec<Note>,
    pub status: PlanStatus,
    #[schemars(with = "Option<IsoDate>")]
    pub review_on: Option<Date>,
    pub snapshot: SnapshotView,
    /// The live share link; `null` when the plan is not shared.
    pub share: Option<ShareStatus>,
    /// Changes in the catalogue, fees or SLIM rules not yet marked seen (the badge; the list
    /// is `GET /api/v1/plans/{id}/changes`).
    pub unseen_changes: u32,
    /// `null`: the route a person sent from a job centre's embed (an intake).
    pub created_by: Option<crate::store::Email>,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub updated: OffsetDateTime,
}

/// One line of a client's plan list.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlanSummary {
    pub id: PlanId,
    pub target: String,
    /// The target function's title as saved.
    pub target_title: String,
    pub status: PlanStatus,
    #[schemars(with = "Option<IsoDate>")]
    pub review_on: Option<Date>,
    /// Until when the plan's share link works; `null` when it is not shared.
    #[schemars(with = "Option<IsoDate>")]
    pub shared_until: Option<Date>,
    /// Changes not yet marked seen (the badge).
    pub unseen_changes: u32,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub updated: OffsetDateTime,
}

/// What anyone with a share link sees: the plan without private notes, the client's name or
/// consent, or who made it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SharedPlan {
    pub target: String,
    pub courses: Vec<String>,
    /// The notes not marked private.
    pub notes: Vec<String>,
    pub status: PlanStatus,
    #[schemars(with = "Option<IsoDate>")]
    pub review_on: Option<Date>,
    pub snapshot: SnapshotView,
    /// When the link stops working.
    #[schemars(with = "IsoDate")]
    pub expires_on: Date,
}

/// A new share link: the token is in the URL and nowhere else (the store keeps its hash).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ShareAnswer {
    /// The read-only page anyone with the link opens (a path on this server:
    /// `/werkplek/#/gedeeld/{token}`); what goes to the client.
    pub url: String,
    /// The same plan as JSON (`GET /api/v1/shared/{token}`, a path on this server); what the
    /// page reads.
    pub api_url: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub expires_at: OffsetDateTime,
    #[schemars(with = "IsoDate")]
    pub expires_on: Date,
}

/// The page a share link opens, for a token. The token is after `#`, so a browser opening the
/// link does not send it to the server (nor to its logs); the page asks [`shared_api_url`].
pub fn shared_url(token: &str) -> String {
    format!("/werkplek/#/gedeeld/{token}")
}

/// Where a shared plan is read as JSON, for a token.
pub fn shared_api_url(token: &str) -> String {
    format!("/api/v1/shared/{token}")
}

fn share_status(share: &ShareRef) -> ShareStatus {
    ShareStatus {
        expires_at: share.expires_at,
        expires_on: share.expires_at.date(),
    }
}

impl PlanView {
    /// The view of a plan at `now`, its route's texts in `lang` when the plan holds them: a
    /// link that has expired is not shown (the sweep removes it).
    pub fn of(p: Plan, now: OffsetDateTime, lang: Lang) -> PlanView {
        PlanView {
            unseen_changes: super::changes::unseen(&p),
            id: p.id,
            client: p.client,
            target: p.target,
            courses: p.courses,
            notes: p.notes,
            status: p.status,
            review_on: p.review_on,
            share: p
                .share
                .as_ref()
                .filter(|s| s.expires_at > now)
                .map(share_status),
            snapshot: SnapshotView::of(p.snapshot, lang),
            created_by: p.created_by,
            created: p.created,
            updated: p.updated,
        }
    }
}

/// The target function's title as saved (its id when the snapshot does not say).
pub(super) fn target_title(p: &Plan) -> String {
    p.snapshot
        .route
        .pointer("/target/title")
        .and_then(Value::as_str)
        .unwrap_or(&p.target)
        .to_owned()
}

fn summary(p: Plan, now: OffsetDateTime) -> PlanSummary {
    let target_title = target_title(&p);
    PlanSummary {
        unseen_changes: super::changes::unseen(&p),
        id: p.id,
        target: p.target,
        target_title,
        status: p.status,
        review_on: p.review_on,
        shared_until: p
            .share
            .filter(|s| s.expires_at > now)
            .map(|s| s.expires_at.date()),
        updated: p.updated,
    }
}

const UNKNOWN_FIELD: (&str, &str) = (
    "dit veld bestaat niet in een plan",
    "no such field in a plan",
);

fn status(value: &Value, errors: &mut Fields) -> Option<PlanStatus> {
    let parsed = value
        .as_str()
        .and_then(|s| s.trim().to_lowercase().parse::<PlanStatus>().ok());
    if parsed.is_none() {
        bad(
            errors,
            "status",
            ErrorCode::NotOneOf,
            "kies idee, besproken, gestart, afgerond of gestopt",
            "choose idee, besproken, gestart, afgerond or gestopt",
        );
    }
    parsed
}

/// An id: text of 1 to [`MAX_ID`] characters.
fn id_text(value: &Value, field: &str, errors: &mut Fields) -> Option<String> {
    match value.as_str().map(str::trim) {
        Some(id) if !id.is_empty() && id.chars().count() <= MAX_ID => Some(id.to_owned()),
        _ => {
            bad(
                errors,
                field,
                ErrorCode::InvalidValue,
                "geef een id als tekst",
                "give an id as text",
            );
            None
        }
    }
}

/// The course ids, each once; whether they belong to the route is checked against it later.
fn courses(value: &Value, errors: &mut Fields) -> Option<Vec<String>> {
    let Some(items) = value.as_array() else {
        bad(
            errors,
            "courses",
            ErrorCode::NotList,
            "geef een lijst met cursus-id's",
            "give a list of course ids",
        );
        return None;
    };
    if items.len() > MAX_COURSES {
        bad(
            errors,
            "courses",
            ErrorCode::TooMany,
            format!("hoogstens {MAX_COURSES} cursussen"),
            format!("at most {MAX_COURSES} courses"),
        );
        return None;
    }
    let before = errors.len();
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = format!("courses[{i}]");
        if let Some(id) = id_text(item, &field, errors) {
            if !seen.insert(id.clone()) {
                bad(
                    errors,
                    &field,
                    ErrorCode::InvalidValue,
                    format!("cursus \"{id}\" staat er al in"),
                    format!("course \"{id}\" is already listed"),
                );
            }
            ids.push(id);
        }
    }
    (errors.len() == before).then_some(ids)
}

fn notes(value: &Value, errors: &mut Fields) -> Option<Vec<Note>> {
    let Some(items) = value.as_array() else {
        bad(
            errors,
            "notes",
            ErrorCode::NotList,
            "geef een lijst met notities: {\"text\", \"private\"}",
            "give a list of notes: {\"text\", \"private\"}",
        );
        return None;
    };
    if items.len() > MAX_NOTES {
        bad(
            errors,
            "notes",
            ErrorCode::TooMany,
            format!("hoogstens {MAX_NOTES} notities"),
            format!("at most {MAX_NOTES} notes"),
        );
        return None;
    }
    let before = errors.len();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = format!("notes[{i}]");
        let Some(map) = item.as_object() else {
            bad(
                errors,
                &field,
                ErrorCode::NotObject,
                "geef een notitie als {\"text\", \"private\"}",
                "give a note as {\"text\", \"private\"}",
            );
            continue;
        };
        unknown_fields(
            map,
            &["text", "private"],
            &format!("{field}."),
            UNKNOWN_FIELD,
            errors,
        );
        let text = map
            .get("text")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        if text.is_empty() || text.chars().count() > MAX_NOTE {
            bad(
                errors,
                &format!("{field}.text"),
                ErrorCode::InvalidValue,
                format!("schrijf 1 tot {MAX_NOTE} tekens"),
                format!("write 1 to {MAX_NOTE} characters"),
            );
        }
        let private = match map.get("private") {
            None | Some(Value::Null) => true,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                bad(
                    errors,
                    &format!("{field}.private"),
                    ErrorCode::InvalidValue,
                    "kies true of false",
                    "choose true or false",
                );
                true
            }
        };
        out.push(Note {
            text: text.to_owned(),
            private,
        });
    }
    (errors.len() == before).then_some(out)
}

/// What checking chosen courses needs of a route: the target's title and, per step, whether
/// the person already holds it, its course and the alternatives. Read from the route's JSON, as
/// computed now or as saved in a plan's snapshot; every other field is ignored, so a snapshot
/// written by an earlier padvinder (whose routes had other fields) still reads.
#[derive(Deserialize)]
pub(super) struct RouteChoices {
    target: Titled,
    steps: Vec<StepChoices>,
}

#[derive(Deserialize)]
struct Titled {
    title: String,
}

#[derive(Deserialize)]
struct StepChoices {
    course: IdOf,
    #[serde(default)]
    skipped: bool,
    #[serde(default)]
    alternatives: Vec<IdOf>,
}

#[derive(Deserialize)]
struct IdOf {
    id: String,
}

impl RouteChoices {
    /// The choices of a route's JSON; `None` when it lacks what they need.
    fn of(route: &Value) -> Option<RouteChoices> {
        RouteChoices::deserialize(route).ok()
    }

    /// The course of every step still to take: what a plan holds when none are chosen.
    pub(super) fn open_courses(&self) -> Vec<String> {
        self.steps
            .iter()
            .filter(|s| !s.skipped)
            .map(|s| s.course.id.clone())
            .collect()
    }

    /// Names every chosen course that is not a step still to take or one of its alternatives.
    fn check(&self, chosen: &[String], errors: &mut Fields) {
        let allowed: HashSet<&str> = self
            .steps
            .iter()
            .filter(|s| !s.skipped)
            .flat_map(|s| std::iter::once(&s.course).chain(&s.alternatives))
            .map(|c| c.id.as_str())
            .collect();
        let held: HashSet<&str> = self
            .steps
            .iter()
            .filter(|s| s.skipped)
            .map(|s| s.course.id.as_str())
            .collect();
        let target = &self.target.title;
        for (i, id) in chosen.iter().enumerate() {
            if allowed.contains(id.as_str()) {
                continue;
            }
            let field = format!("courses[{i}]");
            if held.contains(id.as_str()) {
                bad(
                    errors,
                    &field,
                    ErrorCode::InvalidValue,
                    format!("cursus \"{id}\" is niet nodig: de cliënt heeft deze stap al"),
                    format!("course \"{id}\" is not needed: the client already has this step"),
                );
            } else {
                bad(
                    errors,
                    &field,
                    ErrorCode::InvalidValue,
                    format!("cursus \"{id}\" hoort niet bij de route naar {target}"),
                    format!("course \"{id}\" is not on the route to {target}"),
                );
            }
        }
    }
}

/// The route to `target` for `profile` as a plan keeps it (computed today, with its SLIM
/// receipts and what it was computed from, its texts in `lang` and in the other language), and
/// the courses it offers to choose from. 422 naming `target` when no route leads there for the
/// profile.
pub(super) fn route_snapshot(
    matcher: &Matcher<'_>,
    profile: &crate::profile::Profile,
    target: &str,
    lang: Lang,
    now: OffsetDateTime,
) -> Result<(PlanSnapshot, RouteChoices), WorkspaceError> {
    let today = now.date();
    let texts = route_texts(matcher, profile, target, lang, today)?;
    // Read back as a change will read it: a route a change could not check is not saved.
    let choices = RouteChoices::of(&texts.route).ok_or_else(|| {
        WorkspaceError::Internal("a computed route does not name its courses".to_owned())
    })?;
    // The same computation again in the other language (the same catalogue, rules, profile and
    // day), so a reader of that language reads padvinder's own sentences in it. Kept only when
    // it is the same route apart from its texts; else the plan keeps the one language.
    let other = match route_texts(
        matcher,
        profile,
        target,
        lang.pick(Lang::En, Lang::Nl),
        today,
    ) {
        Ok(other) if same_apart_from_texts(&texts, &other) => Some(other),
        Err(WorkspaceError::Internal(e)) => return Err(WorkspaceError::Internal(e)),
        _ => {
            // For the operator: which target, never the profile.
            tracing::warn!(
                target_function = target,
                "the route in the other language is not the same route; the plan keeps one language"
            );
            None
        }
    };
    let snapshot = PlanSnapshot {
        computed_on: today,
        lang,
        catalogue_hash: matcher.catalogue.content_hash().to_owned(),
        rules_version: matcher.slim.version().to_owned(),
        route: texts.route,
        slim_texts: texts.slim_texts,
        other,
    };
    Ok((snapshot, choices))
}

/// The route to `target` for `profile` on `today`, with its texts in `lang`, as JSON.
fn route_texts(
    matcher: &Matcher<'_>,
    profile: &crate::profile::Profile,
    target: &str,
    lang: Lang,
    today: Date,
) -> Result<RouteTexts, WorkspaceError> {
    let options = MatchOptions {
        limit: 1,
        today,
        lang,
        detail: Detail::Full,
        prefer_region: None,
    };
    let computed = matcher
        .routes_to(profile, &[target], &options)
        .map_err(profile_problems)?;
    if crate::base::cancel::requested() {
        // The request gave up; what matching returned is incomplete and never stored.
        return Err(WorkspaceError::Internal("stopped".to_owned()));
    }
    let Some(route) = computed.routes.first() else {
        return Err(WorkspaceError::field(
            "target",
            ErrorCode::InvalidValue,
            "geen route naar deze functie voor dit profiel",
            "no route to this function for this profile",
        ));
    };
    Ok(RouteTexts {
        lang,
        route: to_json(route)?,
        slim_texts: to_json(&computed.slim_texts)?,
    })
}

/// Whether two answers of the same route in two languages are the same route apart from their
/// texts: the same fields and list lengths, the same numbers, flags and empty values, and the
/// same ids and codes (the strings under [`CODE_KEYS`]); only other strings may differ.
fn same_apart_from_texts(a: &RouteTexts, b: &RouteTexts) -> bool {
    same_shape(&a.route, &b.route, "") && same_shape(&a.slim_texts, &b.slim_texts, "")
}

/// The fields of a route whose strings are ids or codes, never texts in a language.
const CODE_KEYS: &[&str] = &["id", "status", "label", "kind", "uri", "esco_uri", "isco"];

fn same_shape(a: &Value, b: &Value, key: &str) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| same_shape(v, w, k)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same_shape(v, w, key))
        }
        (Value::String(_), Value::String(_)) => {
            !(CODE_KEYS.contains(&key) || key.ends_with("_id")) || a == b
        }
        _ => a == b,
    }
}

/// Checks courses chosen in a change against the plan's saved route. A saved route that does
/// not say which courses it has (a snapshot damaged, or written in a form this padvinder no
/// longer reads) refuses the change by name: only a new plan can choose courses then.
fn check_saved_courses(plan: &Plan, chosen: &[String], errors: &mut Fields) {
    match RouteChoices::of(&plan.snapshot.route) {
        Some(route) => route.check(chosen, errors),
        None => {
            // For the operator: which plan, never its contents.
            tracing::warn!(plan = %plan.id, "a plan's saved route does not name its courses");
            bad(
                errors,
                "courses",
                ErrorCode::InvalidValue,
                "de opgeslagen route van dit plan is niet meer te lezen, dus de cursussen kunnen niet veranderen; maak een nieuw plan",
                "this plan's saved route can no longer be read, so its courses cannot change; save a new plan",
            );
        }
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<Value, WorkspaceError> {
    serde_json::to_value(value).map_err(|e| WorkspaceError::Internal(e.to_string()))
}

/// Everything a new plan needs besides the session and the client.
pub struct PlanRequest<'a> {
    /// The request body.
    pub body: &'a Value,
    /// Matching over the catalogue that serves now.
    pub matcher: &'a Matcher<'a>,
    /// The language of the route's texts.
    pub lang: Lang,
    pub now: OffsetDateTime,
}

impl Workspace {
    pub(super) fn own_plan(&self, session: &Session, id: &str) -> Result<Plan, WorkspaceError> {
        let not_found = || WorkspaceError::NotFound {
            what: "plan",
            id: id.to_owned(),
        };
        let id = PlanId::parse(id).map_err(|_| not_found())?;
        self.store.plan(&session.org, &id)?.ok_or_else(not_found)
    }

    /// Stores a new or changed plan, audits it as `action` and counts it as activity on its
    /// client.
    fn save_plan(
        &self,
        session: &Session,
        plan: &Plan,
        action: AuditAction,
        now: OffsetDateTime,
    ) -> Result<(), WorkspaceError> {
        self.store.put_plan(plan)?;
        let entry = self.audit_plan(session, now, action, plan);
        self.store.append_audit(&session.org, &entry)?;
        self.touch_client(session, &plan.client, now)
    }

    /// Counts a change to a plan as activity on its client (the retention period restarts).
    fn touch_client(
        &self,
        session: &Session,
        client: &ClientId,
        now: OffsetDateTime,
    ) -> Result<(), WorkspaceError> {
        // One store transaction: a change of the client made meanwhile is not written over.
        self.store.update_client(&session.org, client, &mut |c| {
            let later = now > c.last_activity;
            if later {
                c.last_activity = now;
            }
            later
        })?;
        Ok(())
    }

    pub(super) fn audit_plan(
        &self,
        session: &Session,
        now: OffsetDateTime,
        action: AuditAction,
        plan: &Plan,
    ) -> AuditEntry {
        let _ = self;
        AuditEntry {
            at: now,
            actor: Some(session.email.clone()),
            action,
            client: Some(plan.client.clone()),
            user: None,
            plan: Some(plan.id.clone()),
        }
    }

    /// Saves a plan for one of the session's clients: recomputes the route to the target for
    /// the client's stored profile, checks the chosen courses against it and keeps a snapshot.
    pub fn create_plan(
        &self,
        session: &Session,
        client_id: &str,
        request: PlanRequest<'_>,
    ) -> Result<PlanView, WorkspaceError> {
        let PlanRequest {
            body,
            matcher,
            lang,
            now,
        } = request;
        let map = object(body)?;
        let client: Client = self.own_client(session, client_id)?;
        let mut errors = Fields::new();
        unknown_fields(
            map,
            &["target", "courses", "notes", "status", "review_on"],
            "",
            UNKNOWN_FIELD,
            &mut errors,
        );
        let target = match map.get("target") {
            Some(v) => id_text(v, "target", &mut errors),
            None => {
                bad(
                    &mut errors,
                    "target",
                    ErrorCode::InvalidValue,
                    "vul de functie in waar het plan naartoe leidt",
                    "fill in the function the plan leads to",
                );
                None
            }
        };
        if let Some(id) = &target
            && matcher.catalogue.function(id).is_none()
        {
            bad(
                &mut errors,
                "target",
                ErrorCode::InvalidValue,
                format!("geen functie met id \"{id}\""),
                format!("no function with id \"{id}\""),
            );
        }
        let chosen = optional(map.get("courses"), None, |v| {
            courses(v, &mut errors).map(Some)
        });
        let notes = optional(map.get("notes"), Vec::new(), |v| notes(v, &mut errors));
        let status = optional(map.get("status"), PlanStatus::default(), |v| {
            status(v, &mut errors)
        });
        let review_on = optional(map.get("review_on"), None, |v| {
            date(v, "review_on", &mut errors).map(Some)
        });
        let (Some(target), Some(chosen), Some(notes), Some(status), Some(review_on), true) =
            (target, chosen, notes, status, review_on, errors.is_empty())
        else {
            return Err(WorkspaceError::Fields(errors));
        };
        if self.store.plans_of_client(&session.org, &client.id)?.len() >= MAX_PLANS_PER_CLIENT {
            return Err(WorkspaceError::PlanLimit);
        }
        let (snapshot, choices) = route_snapshot(matcher, &client.profile, &target, lang, now)?;
        let courses = match chosen {
            Some(chosen) => {
                choices.check(&chosen, &mut errors);
                if !errors.is_empty() {
                    return Err(WorkspaceError::Fields(errors));
                }
                chosen
            }
            None => choices.open_courses(),
        };
        let plan = Plan {
            id: PlanId::from_random(random_bytes::<16>()?),
            org: session.org.clone(),
            client: client.id.clone(),
            target,
            courses,
            notes,
            status,
            review_on,
            snapshot,
            share: None,
            created_by: Some(session.email.clone()),
            created: now,
            updated: now,
            changes: Vec::new(),
            checked: None,
        };
        self.save_plan(session, &plan, AuditAction::CreatePlan, now)?;
        Ok(PlanView::of(plan, now, lang))
    }

    /// The plans of one of the session's clients, newest change first.
    pub fn plans_of_client(
        &self,
        session: &Session,
        client_id: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<PlanSummary>, WorkspaceError> {
        let client = self.own_client(session, client_id)?;
        let mut plans = self.store.plans_of_client(&session.org, &client.id)?;
        plans.sort_by(|a, b| (b.updated, &a.id).cmp(&(a.updated, &b.id)));
        Ok(plans.into_iter().map(|p| summary(p, now)).collect())
    }

    /// One plan of the session's organisation, its route's texts in `lang` when it holds them
    /// (the view is audited).
    pub fn plan(
        &self,
        session: &Session,
        id: &str,
        lang: Lang,
        now: OffsetDateTime,
    ) -> Result<PlanView, WorkspaceError> {
        let plan = self.own_plan(session, id)?;
        let entry = self.audit_plan(session, now, AuditAction::ViewPlan, &plan);
        self.store.append_audit(&session.org, &entry)?;
        Ok(PlanView::of(plan, now, lang))
    }

    /// Changes the fields `body` holds; new courses must be on the saved route. Answers the
    /// plan with its route's texts in `lang` when it holds them.
    pub fn update_plan(
        &self,
        session: &Session,
        id: &str,
        body: &Value,
        lang: Lang,
        now: OffsetDateTime,
    ) -> Result<PlanView, WorkspaceError> {
        let map = object(body)?;
        let read = self.own_plan(session, id)?;
        // The whole body is read and checked before the plan is locked: a bad request never
        // waits for, or holds up, another change of the plan.
        let mut errors = Fields::new();
        unknown_fields(
            map,
            &["courses", "notes", "status", "review_on"],
            "",
            UNKNOWN_FIELD,
            &mut errors,
        );
        let chosen = map.get("courses").and_then(|v| courses(v, &mut errors));
        let new_notes = map.get("notes").and_then(|v| notes(v, &mut errors));
        let new_status = map.get("status").and_then(|v| status(v, &mut errors));
        let review_on = map
            .get("review_on")
            .map(|v| clearable_date(v, "review_on", &mut errors));
        if let Some(chosen) = &chosen {
            check_saved_courses(&read, chosen, &mut errors);
        }
        if !errors.is_empty() {
            return Err(WorkspaceError::Fields(errors));
        }
        let entry = self.audit_plan(session, now, AuditAction::ChangePlan, &read);
        // Applied to the plan as stored at the moment of writing, in the store's transaction:
        // a change check or another counsellor's change made meanwhile (on any instance) stays.
        let edited = self
            .store
            .update_plan(&session.org, &read.id, Some(&entry), &mut |plan| {
                errors.clear();
                if let Some(chosen) = &chosen {
                    // Against the route as stored now (the one read above, unless it changed).
                    check_saved_courses(plan, chosen, &mut errors);
                    if !errors.is_empty() {
                        return Edit::Refuse;
                    }
                    plan.courses.clone_from(chosen);
                }
                if let Some(n) = &new_notes {
                    plan.notes.clone_from(n);
                }
                if let Some(s) = new_status {
                    plan.status = s;
                }
                if let Some(r) = review_on {
                    plan.review_on = r;
                }
                plan.updated = now;
                Edit::Write
            })?;
        if !errors.is_empty() {
            return Err(WorkspaceError::Fields(errors));
        }
        let Some(plan) = edited else {
            return Err(WorkspaceError::NotFound {
                what: "plan",
                id: id.to_owned(),
            });
        };
        self.touch_client(session, &plan.client, now)?;
        Ok(PlanView::of(plan, now, lang))
    }

    /// Deletes a plan and its share link.
    pub fn delete_plan(
        &self,
        session: &Session,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<(), WorkspaceError> {
        let plan = self.own_plan(session, id)?;
        let entry = self.audit_plan(session, now, AuditAction::DeletePlan, &plan);
        if !self.store.delete_plan(&session.org, &plan.id, &entry)? {
            return Err(WorkspaceError::NotFound {
                what: "plan",
                id: id.to_owned(),
            });
        }
        self.touch_client(session, &plan.client, now)
    }

    /// Makes a new share link for a plan (replacing an earlier one): answers its URL, which
    /// holds the only copy of the token.
    pub fn share_plan(
        &self,
        session: &Session,
        id: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<ShareAnswer, WorkspaceError> {
        let map = object(body)?;
        let mut plan = self.own_plan(session, id)?;
        let mut errors = Fields::new();
        unknown_fields(map, &["expires_in_days"], "", UNKNOWN_FIELD, &mut errors);
        // A whole number, also when written as 30.0 (JSON does not tell them apart).
        let days = map
            .get("expires_in_days")
            .and_then(Value::as_f64)
            .filter(|d| d.fract() == 0.0 && (1.0..=90.0).contains(d))
            .map(|d| d as i64);
        let days = match days {
            Some(d) if SHARE_DAYS.contains(&d) => Some(d),
            _ => {
                bad(
                    &mut errors,
                    "expires_in_days",
                    ErrorCode::OutOfRange,
                    "geef een aantal dagen van 1 tot 90",
                    "give a number of days from 1 to 90",
                );
                None
            }
        };
        let (Some(days), true) = (days, errors.is_empty()) else {
            return Err(WorkspaceError::Fields(errors));
        };
        // 32 random bytes: 256 bits, far beyond guessing; only the hash is stored.
        let token = random_hex::<32>()?;
        let key = ShareKey::of_token(&token);
        let expires_at = now + Duration::days(days);
        let share = Share {
            key: key.clone(),
            org: session.org.clone(),
            client: plan.client.clone(),
            plan: plan.id.clone(),
            expires_at,
            created: now,
        };
        plan.share = Some(ShareRef { key, expires_at });
        plan.updated = now;
        let entry = self.audit_plan(session, now, AuditAction::SharePlan, &plan);
        if !self.store.set_share(&plan, Some(&share), &entry)? {
            return Err(WorkspaceError::NotFound {
                what: "plan",
                id: id.to_owned(),
            });
        }
        self.touch_client(session, &plan.client, now)?;
        Ok(ShareAnswer {
            url: shared_url(&token),
            api_url: shared_api_url(&token),
            expires_at,
            expires_on: expires_at.date(),
        })
    }

    /// Revokes a plan's share link; the link answers 404 from now on. A plan without a link
    /// stays as it is.
    pub fn unshare_plan(
        &self,
        session: &Session,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<(), WorkspaceError> {
        let mut plan = self.own_plan(session, id)?;
        if plan.share.is_none() {
            return Ok(());
        }
        plan.share = None;
        plan.updated = now;
        let entry = self.audit_plan(session, now, AuditAction::RevokeShare, &plan);
        self.store.set_share(&plan, None, &entry)?;
        self.touch_client(session, &plan.client, now)
    }

    /// The plan behind a share link, for anyone who has it, its route's texts in `lang` when
    /// the plan holds them: 404 (the same for every reason) when the token is unknown, revoked
    /// or expired. Nothing is written.
    pub fn shared_plan(
        &self,
        token: &str,
        lang: Lang,
        now: OffsetDateTime,
    ) -> Result<SharedPlan, WorkspaceError> {
        let not_found = || WorkspaceError::NotFound {
            what: "share link",
            id: String::new(),
        };
        let well_formed = token.len() == 64
            && token
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !well_formed {
            return Err(not_found());
        }
        let key = ShareKey::of_token(token);
        let share = self.store.share(&key)?.ok_or_else(not_found)?;
        if share.expires_at <= now {
            return Err(not_found());
        }
        let plan = self
            .store
            .plan(&share.org, &share.plan)?
            .filter(|p| p.share.as_ref().is_some_and(|s| s.key == key))
            .ok_or_else(not_found)?;
        Ok(SharedPlan {
            target: plan.target,
            courses: plan.courses,
            notes: plan
                .notes
                .into_iter()
                .filter(|n| !n.private)
                .map(|n| n.text)
                .collect(),
            status: plan.status,
            review_on: plan.review_on,
            snapshot: SnapshotView::of(plan.snapshot, lang),
            expires_on: share.expires_at.date(),
        })
    }
}

/// What `POST /api/v1/compare` reads: `targets` and exactly one of `profile` and `client`.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields, transform = profile_or_client)]
#[allow(dead_code)]
pub struct CompareInput {
    /// 1 to 3 function ids (routes' `target.id` in `POST /api/v1/match`), each once. Which
    /// functions exist and have a route for the profile the catalogue decides: 422 naming
    /// `targets[i]` otherwise.
    #[schemars(with = "Vec<IdText>", length(min = 1, max = MAX_COMPARED), extend("uniqueItems" = true))]
    targets: Vec<String>,
    /// The person's profile, as for `POST /api/v1/match`: no session needed, nothing stored.
    #[schemars(with = "crate::profile::ProfileInput")]
    profile: Option<crate::profile::ProfileInput>,
    /// One of your organisation's clients, whose stored profile is used: needs a session and
    /// the `X-CSRF-Token` header.
    #[schemars(with = "String")]
    client: Option<String>,
}

/// `targets` is required, and exactly one of `profile` and `client`.
fn profile_or_client(schema: &mut schemars::Schema) {
    schema.insert("required".to_owned(), serde_json::json!(["targets"]));
    schema.insert(
        "oneOf".to_owned(),
        serde_json::json!([{"required": ["profile"]}, {"required": ["client"]}]),
    );
}

/// Whose routes are compared.
#[derive(Debug, Clone)]
pub enum CompareFor {
    /// A profile sent with the request.
    Profile(Box<crate::profile::Profile>),
    /// A client of the caller's organisation, by id.
    Client(String),
}

/// A checked `POST /api/v1/compare` body.
#[derive(Debug, Clone)]
pub struct CompareRequest {
    pub targets: Vec<String>,
    pub who: CompareFor,
}

/// Reads a compare body: 1 to 3 targets and either a profile or a client.
pub fn compare_request(body: &Value) -> Result<CompareRequest, WorkspaceError> {
    let map = object(body)?;
    let mut errors = Fields::new();
    unknown_fields(
        map,
        &["targets", "profile", "client"],
        "",
        (
            "dit veld bestaat niet; geef targets en profile of client",
            "no such field; give targets and profile or client",
        ),
        &mut errors,
    );
    let targets = match map.get("targets").and_then(Value::as_array) {
        Some(items) if (1..=MAX_COMPARED).contains(&items.len()) => {
            let mut ids: Vec<String> = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let field = format!("targets[{i}]");
                if let Some(id) = id_text(item, &field, &mut errors) {
                    if ids.contains(&id) {
                        bad(
                            &mut errors,
                            &field,
                            ErrorCode::InvalidValue,
                            format!("functie \"{id}\" staat er al in"),
                            format!("function \"{id}\" is already listed"),
                        );
                    }
                    ids.push(id);
                }
            }
            Some(ids)
        }
        _ => {
            bad(
                &mut errors,
                "targets",
                ErrorCode::NotList,
                format!("geef een lijst van 1 tot {MAX_COMPARED} functie-id's"),
                format!("give a list of 1 to {MAX_COMPARED} function ids"),
            );
            None
        }
    };
    let who = match (map.get("profile"), map.get("client")) {
        (Some(Value::Null), _) => {
            bad(
                &mut errors,
                "profile",
                ErrorCode::NotObject,
                "geef een profiel als JSON-object",
                "give a profile as a JSON object",
            );
            None
        }
        (Some(p), None) => {
            super::clients::profile(p, &mut errors).map(|p| CompareFor::Profile(Box::new(p)))
        }
        (None, Some(Value::String(id))) => Some(CompareFor::Client(id.clone())),
        (None, Some(_)) => {
            bad(
                &mut errors,
                "client",
                ErrorCode::NotText,
                "geef het id van een cliënt",
                "give a client's id",
            );
            None
        }
        (None, None) => {
            bad(
                &mut errors,
                "profile",
                ErrorCode::InvalidValue,
                "geef een profiel (profile) of een cliënt (client)",
                "give a profile or a client",
            );
            None
        }
        (Some(_), Some(_)) => {
            bad(
                &mut errors,
                "profile",
                ErrorCode::InvalidValue,
                "geef een profiel (profile) of een cliënt (client), niet allebei",
                "give a profile or a client, not both",
            );
            None
        }
    };
    match (targets, who, errors.is_empty()) {
        (Some(targets), Some(who), true) => Ok(CompareRequest { targets, who }),
        _ => Err(WorkspaceError::Fields(errors)),
    }
}

/// The routes to `targets` for `profile`, side by side; 422 naming each target that is not a
/// function or has no route for this profile.
pub fn compare_routes(
    matcher: &Matcher<'_>,
    profile: &crate::profile::Profile,
    targets: &[String],
    lang: Lang,
    today: Date,
) -> Result<Vec<ComparedRoute>, WorkspaceError> {
    let options = MatchOptions {
        limit: MAX_COMPARED,
        today,
        lang,
        detail: Detail::Summary,
        prefer_region: None,
    };
    let ids: Vec<&str> = targets.iter().map(String::as_str).collect();
    let result = matcher
        .routes_to(profile, &ids, &options)
        .map_err(profile_problems)?;
    let mut errors = Fields::new();
    for (i, id) in targets.iter().enumerate() {
        let field = format!("targets[{i}]");
        if matcher.catalogue.function(id).is_none() {
            bad(
                &mut errors,
                &field,
                ErrorCode::InvalidValue,
                format!("geen functie met id \"{id}\""),
                format!("no function with id \"{id}\""),
            );
        } else if !result.routes.iter().any(|r| &r.target.id == id) {
            bad(
                &mut errors,
                &field,
                ErrorCode::InvalidValue,
                format!("geen route naar \"{id}\" voor dit profiel"),
                format!("no route to \"{id}\" for this profile"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(WorkspaceError::Fields(errors));
    }
    Ok(compare(&result))
}

/// A profile the matcher refuses (a postcode it does not know), as field problems.
fn profile_problems(e: crate::profile::ProfileError) -> WorkspaceError {
    WorkspaceError::Fields(
        e.errors
            .into_iter()
            .map(|fe| {
                FieldProblem::new(
                    &format!("profile.{}", fe.field),
                    fe.code,
                    fe.message.clone(),
                    fe.message,
                )
            })
            .collect(),
    )
}

impl Workspace {
    /// The stored profile of one of the session's clients, to compare routes for (audited as a
    /// view of the client).
    pub fn client_profile(
        &self,
        session: &Session,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<crate::profile::Profile, WorkspaceError> {
        let client = self.own_client(session, id)?;
        self.audit_client(session, now, AuditAction::ViewClient, &client.id)?;
        Ok(client.profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn texts(lang: Lang, route: Value) -> RouteTexts {
        RouteTexts {
            lang,
            route,
            slim_texts: json!({"summaries": [lang.pick("Kan", "Can")]}),
        }
    }

    /// Only texts may differ between the two languages of a saved route: a number, a flag, an
    /// id, a code or a list of another length means another route, which is not kept.
    #[test]
    fn two_languages_are_one_route_only_when_nothing_but_their_texts_differ() {
        let nl = texts(
            Lang::Nl,
            json!({"target": {"id": "lasser", "title": "Lasser"}, "why": "Omdat je kunt lassen.",
                   "steps": [{"course": {"id": "c1"}, "weeks": 12, "skipped": false,
                              "flags": [{"kind": "distance", "message": "Ver weg"}]}],
                   "slim": {"status": "eligible", "summary": 0}}),
        );
        let same = texts(
            Lang::En,
            json!({"target": {"id": "lasser", "title": "Lasser"}, "why": "Because you can weld.",
                   "steps": [{"course": {"id": "c1"}, "weeks": 12, "skipped": false,
                              "flags": [{"kind": "distance", "message": "Far away"}]}],
                   "slim": {"status": "eligible", "summary": 0}}),
        );
        assert!(same_apart_from_texts(&nl, &same));
        for (pointer, other) in [
            ("/steps/0/weeks", json!(13)),
            ("/steps/0/skipped", json!(true)),
            ("/steps/0/course/id", json!("c2")),
            ("/slim/status", json!("not_eligible")),
            ("/steps/0/flags/0/kind", json!("budget")),
            ("/steps/0/flags", json!([])),
            ("/slim/summary", json!(1)),
        ] {
            let mut changed = same.clone();
            *changed.route.pointer_mut(pointer).expect(pointer) = other;
            assert!(!same_apart_from_texts(&nl, &changed), "{pointer}");
        }
        let mut more = same.clone();
        more.route["extra"] = json!(1);
        assert!(!same_apart_from_texts(&nl, &more));
    }
}
