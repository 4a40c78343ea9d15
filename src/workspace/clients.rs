//! Clients: created only with consent, holding only a display name and the profile; the
//! caseload, changes, export (AVG access request), erasure and the retention sweep.

use serde::Serialize;
use serde_json::{Map, Value};
use time::{Date, OffsetDateTime};

use super::accounts::name_field;
use super::error::{FieldProblem, Msg};
use super::{Workspace, WorkspaceError, random_bytes};
use crate::base::ErrorCode;
use crate::base::schema::IsoDate;
use crate::profile::{Profile, ProfileInput};
use crate::store::{
    AuditAction, AuditEntry, Client, ClientId, ClientStatus, Consent, INTAKE_DAYS, Intake, OrgId,
    Session,
};

/// The most clients one organisation may hold (bounds every caseload scan).
pub const MAX_CLIENTS_PER_ORG: usize = 10_000;
/// The longest display name: initials or a first name, not a file.
const MAX_DISPLAY_NAME: usize = 60;
/// The longest consent scope text.
const MAX_SCOPE: usize = 500;
/// What [`display_name`] accepts, for the OpenAPI document: no control characters, something
/// besides white space, fewer than 6 digits (the 1 to 60 characters are `minLength` and
/// `maxLength`).
const DISPLAY_NAME_PATTERN: &str =
    r"^(?!(?:[^0-9]*[0-9]){6})[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$";

/// What `POST /api/v1/clients` reads. Nothing else is accepted: no citizen service number, no
/// date of birth.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ClientInput {
    /// A name the counsellor chooses; initials are enough (1 to 60 characters, no numbers
    /// that look like a citizen service number or a date).
    #[schemars(length(min = 1, max = MAX_DISPLAY_NAME), regex(pattern = DISPLAY_NAME_PATTERN))]
    display_name: String,
    /// The client's profile, as for `POST /api/v1/match`.
    profile: ProfileInput,
    /// The client's consent; required.
    consent: ConsentInput,
    /// Default `actief`.
    #[schemars(with = "Option<SettableStatus>")]
    status: Option<ClientStatus>,
    /// When to look at the client again.
    #[schemars(with = "Option<IsoDate>")]
    review_on: Option<Date>,
}

/// What `PATCH /api/v1/clients/{id}` reads: only the fields to change; `review_on: null` clears
/// the date. A new `consent` replaces the old one.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields, transform = every_field_optional)]
#[allow(dead_code)]
pub struct ClientPatchInput {
    /// As for `POST /api/v1/clients`.
    #[schemars(
        with = "String",
        length(min = 1, max = MAX_DISPLAY_NAME),
        regex(pattern = DISPLAY_NAME_PATTERN)
    )]
    display_name: Option<String>,
    /// The whole new profile.
    #[schemars(with = "ProfileInput")]
    profile: Option<ProfileInput>,
    /// A new consent, replacing the old one.
    #[schemars(with = "ConsentInput")]
    consent: Option<ConsentInput>,
    #[schemars(with = "SettableStatus")]
    status: Option<ClientStatus>,
    /// `null` clears the date.
    #[schemars(with = "Option<IsoDate>")]
    review_on: Option<Date>,
}

/// The statuses a counsellor may choose: `intake` is set only by a
/// hand-off from a job centre's embed (an intake keeps it until a counsellor chooses another).
#[derive(schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum SettableStatus {
    Actief,
    Gepauzeerd,
    Afgesloten,
}

/// A change names only the fields it changes; a field given is never `null` (but `review_on`).
fn every_field_optional(schema: &mut schemars::Schema) {
    schema.remove("required");
}

/// The consent as the counsellor records it.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ConsentInput {
    /// The day the client agreed (not in the future).
    #[schemars(with = "IsoDate")]
    given_on: Date,
    /// What the client agreed to, in the counsellor's words (1 to 500 characters).
    #[schemars(length(min = 1, max = MAX_SCOPE), regex(pattern = r"\S"))]
    scope: String,
}

/// A client as the API shows it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ClientView {
    pub id: ClientId,
    pub display_name: String,
    /// In the form `POST /api/v1/match` and `PATCH` read, so it can be sent back as it is.
    #[schemars(with = "ProfileInput")]
    pub profile: Profile,
    pub consent: Consent,
    pub status: ClientStatus,
    #[schemars(with = "Option<IsoDate>")]
    pub review_on: Option<Date>,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created: OffsetDateTime,
    /// The last change; the retention period counts from here.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub last_activity: OffsetDateTime,
    /// How the person sent themself from a job centre's embed (contact details, consent text
    /// version and time); `null` for a client a counsellor added.
    pub intake: Option<Intake>,
}

impl From<Client> for ClientView {
    fn from(c: Client) -> ClientView {
        ClientView {
            id: c.id,
            display_name: c.display_name,
            profile: c.profile,
            consent: c.consent,
            status: c.status,
            review_on: c.review_on,
            created: c.created,
            last_activity: c.last_activity,
            intake: c.intake,
        }
    }
}

/// One line of the caseload.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CaseloadRow {
    pub id: ClientId,
    pub display_name: String,
    pub status: ClientStatus,
    #[schemars(with = "Option<IsoDate>")]
    pub review_on: Option<Date>,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub last_activity: OffsetDateTime,
    /// Saved plans with changes not yet seen (the badge).
    pub changed_plans: u32,
}

/// Everything held about a client, for a request under the AVG (the share links' tokens are not
/// held, only their hashes; a plan shows until when its link works).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ClientExport {
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub exported_at: OffsetDateTime,
    pub client: ClientView,
    /// The client's saved plans, with their snapshots (each route's texts in the export's
    /// `lang` when the plan holds them: its snapshot's `lang` says).
    pub plans: Vec<super::PlanView>,
    /// What changed since each plan was saved (texts in the export's `lang`), per plan with any
    /// change.
    pub plan_changes: Vec<super::PlanChangesOf>,
    /// What was done with the client's data, and by whom: every entry, oldest first.
    pub audit: Vec<AuditEntry>,
    /// The same entries to read, folded as the audit log folds them (the same user doing the
    /// same thing, each within 15 minutes of the next, is one line with `count` and
    /// `first_at`), by the time of each line's first entry; each line's `seq` is the index in
    /// `audit` of its newest entry. The readable export shows these; a file for another service keeps `audit`.
    pub audit_lines: Vec<super::AuditLine>,
    /// The retention period: after this many months without any change the client is erased.
    pub retention_months: u16,
}

/// How the caseload is sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumString, schemars::JsonSchema)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// By display name (default).
    #[default]
    Name,
    /// Soonest review date first; clients without one last.
    ReviewOn,
    /// Most recently changed first.
    LastActivity,
}

/// Which clients the caseload shows.
#[derive(Debug, Clone, Default)]
pub struct CaseloadFilter {
    pub status: Option<ClientStatus>,
    /// Display names containing this text (any case), or the intake with this reference
    /// ([`reference_matches`]).
    pub name: Option<String>,
    /// Only clients to review on or before this day.
    pub review_before: Option<Date>,
    pub sort: SortBy,
}

pub(super) type Fields = Vec<FieldProblem>;

pub(super) fn bad(
    errors: &mut Fields,
    field: &str,
    code: ErrorCode,
    nl: impl Into<String>,
    en: impl Into<String>,
) {
    errors.push(FieldProblem::new(field, code, nl, en));
}

/// A display name that could be a citizen service number or a birth date is refused: the
/// workspace holds neither.
pub(super) fn display_name(field: &str, text: &Value, errors: &mut Fields) -> Option<String> {
    let Some(text) = text.as_str() else {
        bad(errors, field, ErrorCode::NotText, "geef tekst", "give text");
        return None;
    };
    match name_field(field, text, MAX_DISPLAY_NAME) {
        Err(e) => {
            errors.push(e);
            None
        }
        Ok(name) => {
            let longest_digits = name
                .split(|c: char| !c.is_ascii_digit())
                .map(str::len)
                .max()
                .unwrap_or(0);
            let digits = name.chars().filter(char::is_ascii_digit).count();
            if longest_digits >= 6 || digits >= 6 {
                bad(
                    errors,
                    field,
                    ErrorCode::InvalidValue,
                    "geen BSN, geboortedatum of ander nummer; initialen zijn genoeg",
                    "no citizen service number, birth date or other number; initials are enough",
                );
                None
            } else {
                Some(name)
            }
        }
    }
}

/// A field that may be absent or `null`: `default` then, else what `read` makes of it (`None`
/// when it is wrong, with the problem in `errors`).
pub(super) fn optional<T>(
    value: Option<&Value>,
    default: T,
    read: impl FnOnce(&Value) -> Option<T>,
) -> Option<T> {
    match value {
        Some(v) if !v.is_null() => read(v),
        _ => Some(default),
    }
}

/// A date that `null` clears (`review_on` in a change).
pub(super) fn clearable_date(value: &Value, field: &str, errors: &mut Fields) -> Option<Date> {
    if value.is_null() {
        None
    } else {
        date(value, field, errors)
    }
}

pub(super) fn date(value: &Value, field: &str, errors: &mut Fields) -> Option<Date> {
    let parsed = value.as_str().and_then(|s| {
        Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
    });
    if parsed.is_none() {
        bad(
            errors,
            field,
            ErrorCode::InvalidDate,
            "geef een datum als 2026-09-01",
            "give a date like 2026-09-01",
        );
    }
    parsed
}

fn status(value: &Value, errors: &mut Fields) -> Option<ClientStatus> {
    // `intake` is what a hand-off from an embed sets; a counsellor picks one up by choosing
    // another status.
    let parsed = value
        .as_str()
        .and_then(|s| s.trim().to_lowercase().parse::<ClientStatus>().ok())
        .filter(|s| *s != ClientStatus::Intake);
    if parsed.is_none() {
        bad(
            errors,
            "status",
            ErrorCode::NotOneOf,
            "kies actief, gepauzeerd of afgesloten",
            "choose actief, gepauzeerd or afgesloten",
        );
    }
    parsed
}

fn consent(
    value: &Value,
    session: &Session,
    now: OffsetDateTime,
    errors: &mut Fields,
) -> Option<Consent> {
    let Some(map) = value.as_object() else {
        bad(
            errors,
            "consent",
            ErrorCode::InvalidValue,
            "toestemming is nodig: {\"given_on\": datum, \"scope\": waarmee de cliënt instemde}",
            "consent is required: {\"given_on\": date, \"scope\": what the client agreed to}",
        );
        return None;
    };
    unknown(map, &["given_on", "scope"], "consent.", errors);
    let given_on = match map.get("given_on") {
        Some(v) => date(v, "consent.given_on", errors),
        None => {
            bad(
                errors,
                "consent.given_on",
                ErrorCode::InvalidDate,
                "vul de datum van de toestemming in",
                "fill in the day consent was given",
            );
            None
        }
    };
    if given_on.is_some_and(|d| d > now.date()) {
        bad(
            errors,
            "consent.given_on",
            ErrorCode::InvalidDate,
            "de datum ligt in de toekomst",
            "the day is in the future",
        );
    }
    let scope = map
        .get("scope")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    if scope.is_empty() || scope.chars().count() > MAX_SCOPE {
        bad(
            errors,
            "consent.scope",
            ErrorCode::InvalidValue,
            format!("beschrijf in 1 tot {MAX_SCOPE} tekens waarmee de cliënt instemde"),
            format!("say in 1 to {MAX_SCOPE} characters what the client agreed to"),
        );
    }
    Some(Consent {
        given_on: given_on?,
        scope: scope.to_owned(),
        recorded_by: Some(session.email.clone()),
        recorded_at: now,
    })
    .filter(|c| {
        !c.scope.is_empty() && c.scope.chars().count() <= MAX_SCOPE && c.given_on <= now.date()
    })
}

pub(super) fn profile(value: &Value, errors: &mut Fields) -> Option<Profile> {
    use crate::messages::Lang;
    match Profile::from_value_in(value, Lang::Nl) {
        Ok(p) => Some(p),
        Err(nl) => {
            // The same errors in English, in the same order: the profile names them per language.
            let en = Profile::from_value_in(value, Lang::En)
                .err()
                .map(|e| e.errors)
                .unwrap_or_default();
            for (i, fe) in nl.errors.into_iter().enumerate() {
                let english = en
                    .get(i)
                    .map_or_else(|| fe.message.clone(), |e| e.message.clone());
                errors.push(FieldProblem {
                    field: format!("profile.{}", fe.field),
                    code: fe.code,
                    msg: Msg::new(fe.message, english),
                });
            }
            None
        }
    }
}

fn unknown(map: &Map<String, Value>, known: &[&str], prefix: &str, errors: &mut Fields) {
    unknown_fields(
        map,
        known,
        prefix,
        (
            "dit veld bestaat niet; de werkplek bewaart alleen een naam, het profiel en de toestemming",
            "no such field; the workspace keeps only a name, the profile and the consent",
        ),
        errors,
    );
}

/// Names every key of `map` that is not `known`, with `why` (Dutch, English).
pub(super) fn unknown_fields(
    map: &Map<String, Value>,
    known: &[&str],
    prefix: &str,
    why: (&str, &str),
    errors: &mut Fields,
) {
    for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
        bad(
            errors,
            &format!("{prefix}{key}"),
            ErrorCode::UnknownField,
            why.0,
            why.1,
        );
    }
}

pub(super) fn object(body: &Value) -> Result<&Map<String, Value>, WorkspaceError> {
    body.as_object().ok_or_else(|| {
        WorkspaceError::field(
            "(body)",
            ErrorCode::NotObject,
            "stuur een JSON-object",
            "send a JSON object",
        )
    })
}

impl Workspace {
    pub(super) fn own_client(&self, session: &Session, id: &str) -> Result<Client, WorkspaceError> {
        let not_found = || WorkspaceError::NotFound {
            what: "client",
            id: id.to_owned(),
        };
        let id = ClientId::parse(id).map_err(|_| not_found())?;
        self.store.client(&session.org, &id)?.ok_or_else(not_found)
    }

    /// Creates a client in the session's organisation; consent is required.
    pub fn create_client(
        &self,
        session: &Session,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<ClientView, WorkspaceError> {
        let map = object(body)?;
        let mut errors = Fields::new();
        unknown(
            map,
            &["display_name", "profile", "consent", "status", "review_on"],
            "",
            &mut errors,
        );
        let missing = |errors: &mut Fields, field: &str| {
            bad(
                errors,
                field,
                ErrorCode::InvalidValue,
                "vul dit veld in",
                "fill in this field",
            );
        };
        let name = match map.get("display_name") {
            Some(v) => display_name("display_name", v, &mut errors),
            None => {
                missing(&mut errors, "display_name");
                None
            }
        };
        let profile = match map.get("profile") {
            Some(v) => profile(v, &mut errors),
            None => {
                missing(&mut errors, "profile");
                None
            }
        };
        let consent = consent(
            map.get("consent").unwrap_or(&Value::Null),
            session,
            now,
            &mut errors,
        );
        let status = optional(map.get("status"), ClientStatus::default(), |v| {
            status(v, &mut errors)
        });
        let review_on = optional(map.get("review_on"), None, |v| {
            date(v, "review_on", &mut errors).map(Some)
        });
        let (Some(display_name), Some(profile), Some(consent), Some(status), Some(review_on), true) =
            (name, profile, consent, status, review_on, errors.is_empty())
        else {
            return Err(WorkspaceError::Fields(errors));
        };
        if self.store.client_count(&session.org)? >= MAX_CLIENTS_PER_ORG {
            return Err(WorkspaceError::Full);
        }
        let client = Client {
            id: ClientId::from_random(random_bytes::<16>()?),
            org: session.org.clone(),
            display_name,
            profile,
            consent,
            status,
            review_on,
            created: now,
            last_activity: now,
            intake: None,
        };
        self.store.put_client(&client)?;
        self.audit_client(session, now, AuditAction::CreateClient, &client.id)?;
        Ok(client.into())
    }

    /// One client of the session's organisation (the view is audited).
    pub fn client(
        &self,
        session: &Session,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<ClientView, WorkspaceError> {
        let client = self.own_client(session, id)?;
        self.audit_client(session, now, AuditAction::ViewClient, &client.id)?;
        Ok(client.into())
    }

    /// Changes the fields `body` holds, on the client as stored when the change is written (one
    /// store transaction: a plan's activity or another counsellor's change made meanwhile is
    /// kept). Choosing a status for a request from an embed is audited as picking it up.
    pub fn update_client(
        &self,
        session: &Session,
        id: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<ClientView, WorkspaceError> {
        let map = object(body)?;
        let not_found = || WorkspaceError::NotFound {
            what: "client",
            id: id.to_owned(),
        };
        let client_id = ClientId::parse(id).map_err(|_| not_found())?;
        let mut errors = Fields::new();
        let mut picked_up = false;
        let edit = &mut |client: &mut Client| {
            // Run again when the store retries the transaction: start from what it holds now.
            errors = Fields::new();
            picked_up = false;
            unknown(
                map,
                &["display_name", "profile", "consent", "status", "review_on"],
                "",
                &mut errors,
            );
            if let Some(v) = map.get("display_name")
                && let Some(name) = display_name("display_name", v, &mut errors)
            {
                client.display_name = name;
            }
            if let Some(v) = map.get("profile")
                && let Some(p) = profile(v, &mut errors)
            {
                client.profile = p;
            }
            if let Some(v) = map.get("consent")
                && let Some(c) = consent(v, session, now, &mut errors)
            {
                client.consent = c;
            }
            // An intake's page sends its status back unchanged until a counsellor picks it up.
            let unchanged_intake = |v: &Value| {
                client.status == ClientStatus::Intake && v.as_str().map(str::trim) == Some("intake")
            };
            if let Some(v) = map.get("status").filter(|v| !unchanged_intake(v))
                && let Some(s) = status(v, &mut errors)
            {
                picked_up = client.status == ClientStatus::Intake && s != ClientStatus::Intake;
                client.status = s;
            }
            if let Some(v) = map.get("review_on") {
                client.review_on = clearable_date(v, "review_on", &mut errors);
            }
            client.last_activity = client.last_activity.max(now);
            errors.is_empty()
        };
        let client = self
            .store
            .update_client(&session.org, &client_id, edit)?
            .ok_or_else(not_found)?;
        if !errors.is_empty() {
            return Err(WorkspaceError::Fields(errors));
        }
        let action = if picked_up {
            AuditAction::PickUpIntake
        } else {
            AuditAction::ChangeClient
        };
        self.audit_client(session, now, action, &client.id)?;
        Ok(client.into())
    }

    /// The caseload of the session's organisation.
    pub fn caseload(
        &self,
        session: &Session,
        filter: &CaseloadFilter,
    ) -> Result<Vec<CaseloadRow>, WorkspaceError> {
        let needle = filter.name.as_deref().map(str::to_lowercase);
        let mut rows: Vec<CaseloadRow> = self
            .store
            .clients(&session.org)?
            .into_iter()
            .filter(|c| filter.status.is_none_or(|s| c.status == s))
            .filter(|c| {
                needle.as_deref().is_none_or(|n| {
                    c.display_name.to_lowercase().contains(n)
                        || c.intake
                            .as_ref()
                            .is_some_and(|i| reference_matches(&i.reference, n))
                })
            })
            .filter(|c| {
                filter
                    .review_before
                    .is_none_or(|d| c.review_on.is_some_and(|r| r <= d))
            })
            .map(|c| {
                let changed = self
                    .store
                    .plans_of_client(&session.org, &c.id)?
                    .iter()
                    .filter(|p| super::changes::unseen(p) > 0)
                    .count();
                Ok(CaseloadRow {
                    id: c.id,
                    display_name: c.display_name,
                    status: c.status,
                    review_on: c.review_on,
                    last_activity: c.last_activity,
                    changed_plans: u32::try_from(changed).unwrap_or(u32::MAX),
                })
            })
            .collect::<Result<_, WorkspaceError>>()?;
        match filter.sort {
            SortBy::Name => rows.sort_by(|a, b| {
                (a.display_name.to_lowercase(), &a.id).cmp(&(b.display_name.to_lowercase(), &b.id))
            }),
            SortBy::ReviewOn => {
                rows.sort_by_key(|r| (r.review_on.is_none(), r.review_on, r.id.clone()))
            }
            SortBy::LastActivity => {
                rows.sort_by(|a, b| (b.last_activity, &a.id).cmp(&(a.last_activity, &b.id)))
            }
        }
        Ok(rows)
    }

    /// Everything held about a client (the export itself is audited first, so it shows).
    pub fn export_client(
        &self,
        session: &Session,
        id: &str,
        lang: crate::messages::Lang,
        now: OffsetDateTime,
    ) -> Result<ClientExport, WorkspaceError> {
        let client = self.own_client(session, id)?;
        self.audit_client(session, now, AuditAction::ExportClient, &client.id)?;
        let audit = self.store.audit_of_client(&session.org, &client.id)?;
        let audit_lines = super::audit::fold_oldest_first(&audit, &client.display_name);
        let plans = self.store.plans_of_client(&session.org, &client.id)?;
        let plan_changes = plans
            .iter()
            .filter(|p| !p.changes.is_empty())
            .map(|p| super::PlanChangesOf {
                plan: p.id.clone(),
                changes: super::changes::changes_view(p, lang),
            })
            .collect();
        Ok(ClientExport {
            exported_at: now,
            client: client.into(),
            plans: plans
                .into_iter()
                .map(|p| super::PlanView::of(p, now, lang))
                .collect(),
            plan_changes,
            audit,
            audit_lines,
            retention_months: self.retention_months,
        })
    }

    /// Erases a client and all their data; the audit log keeps that it happened.
    pub fn erase_client(
        &self,
        session: &Session,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<(), WorkspaceError> {
        let client = self.own_client(session, id)?;
        let entry = AuditEntry {
            at: now,
            actor: Some(session.email.clone()),
            action: AuditAction::EraseClient,
            client: Some(client.id.clone()),
            user: None,
            plan: None,
        };
        if self.store.erase_client(&session.org, &client.id, &entry)? {
            Ok(())
        } else {
            Err(WorkspaceError::NotFound {
                what: "client",
                id: id.to_owned(),
            })
        }
    }

    /// The retention sweep: erases every client whose last activity is more than the retention
    /// period before `today`, and every intake nobody picked up (status still `intake`) that
    /// arrived more than [`INTAKE_DAYS`] days before `today`; removes idle sessions and expired
    /// share links. Answers the erased clients.
    pub fn sweep(
        &self,
        today: Date,
        now: OffsetDateTime,
    ) -> Result<Vec<(OrgId, ClientId)>, WorkspaceError> {
        let cutoff = months_before(today, self.retention_months);
        let intake_cutoff = today - time::Duration::days(INTAKE_DAYS);
        let mut erased = Vec::new();
        for org in self.store.orgs()? {
            for client in self.store.clients(&org.id)? {
                let unclaimed =
                    client.status == ClientStatus::Intake && client.created.date() < intake_cutoff;
                if client.last_activity.date() < cutoff || unclaimed {
                    let entry = AuditEntry {
                        at: now,
                        actor: None,
                        action: AuditAction::RetentionErase,
                        client: Some(client.id.clone()),
                        user: None,
                        plan: None,
                    };
                    if self.store.erase_client(&org.id, &client.id, &entry)? {
                        erased.push((org.id.clone(), client.id));
                    }
                }
            }
        }
        self.store.remove_idle_sessions(now - super::SESSION_IDLE)?;
        self.store.remove_expired_shares(now)?;
        Ok(erased)
    }

    /// The retention period in months.
    pub fn retention_months(&self) -> u16 {
        self.retention_months
    }
}

/// Whether `typed` is an intake's reference as a person reads it out: the whole reference, in
/// any case, with or without `PV` and with any spaces or hyphens ("PV-AB23-CD45", "ab23 cd45").
/// A part of it does not match, so a short name search does not list every intake.
fn reference_matches(reference: &str, typed: &str) -> bool {
    let code = |text: &str| -> String {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    let (reference, typed) = (code(reference), code(typed));
    let bare = reference.strip_prefix("PV").unwrap_or(&reference);
    !typed.is_empty() && (typed == reference || typed == bare)
}

/// The same day `months` months before `day` (the month's last day when it has fewer days).
pub fn months_before(day: Date, months: u16) -> Date {
    let total = day.year() * 12 + (day.month() as i32 - 1) - i32::from(months);
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = time::Month::try_from(month0 as u8 + 1).unwrap_or(time::Month::January);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, day.day().min(last)).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    #[test]
    fn an_intake_is_found_by_its_whole_reference_however_it_is_read_out() {
        for typed in [
            "PV-AB23-CD45",
            "pv-ab23-cd45",
            "ab23 cd45",
            "AB23CD45",
            " PV AB23 CD45 ",
        ] {
            assert!(super::reference_matches("PV-AB23-CD45", typed), "{typed}");
        }
        for typed in [
            "",
            "-",
            "pv",
            "ab23",
            "AB23-CD4",
            "AB23-CD456",
            "PV-AB23-CD46",
        ] {
            assert!(!super::reference_matches("PV-AB23-CD45", typed), "{typed}");
        }
    }

    #[test]
    fn months_before_keeps_the_day_or_takes_the_months_last() {
        assert_eq!(
            super::months_before(date!(2026 - 12 - 03), 12),
            date!(2025 - 12 - 03)
        );
        assert_eq!(
            super::months_before(date!(2026 - 03 - 31), 1),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            super::months_before(date!(2026 - 01 - 15), 13),
            date!(2024 - 12 - 15)
        );
    }
}
