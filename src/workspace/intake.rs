//! Hand-offs from a job centre's embed (issue 12 §4; docs/embed.md §5): a person sends their
//! profile and a route to the advisers of the organisation the tenant names, with consent given
//! on screen and a way to reach them. It lands in that organisation's caseload as a client with
//! status `intake` and the route as a plan draft; nobody has an account for it, and an intake
//! nobody picks up is erased by the retention sweep after [`INTAKE_DAYS`] days.

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use super::clients::{Fields, bad, display_name, object, profile, unknown_fields};
use super::plans::route_snapshot;
use super::{Workspace, WorkspaceError, random_bytes};
use crate::base::ErrorCode;
use crate::matching::Matcher;
use crate::messages::Lang;
use crate::store::{
    AuditAction, AuditEntry, Client, ClientId, ClientStatus, Consent, Email, INTAKE_DAYS, Intake,
    Org, OrgId, Plan, PlanId, PlanStatus,
};

/// The version of the consent text ([`consent_text`]); a person agrees to one version, and a
/// form showing another is refused (`consent.version`), so what is recorded is what was shown.
/// Change it with every change of the text.
pub const INTAKE_CONSENT_VERSION: &str = "2026-12-03";
/// The most intakes that may wait (status `intake`) in one organisation: a flood of hand-offs
/// cannot bury a caseload.
pub const MAX_WAITING_INTAKES: usize = 200;
/// The longest name a person may give.
const MAX_CONTACT_NAME: usize = 60;

/// What `POST /api/v1/handoff` reads.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct IntakeInput {
    /// The person's profile, as for `POST /api/v1/match`.
    profile: crate::profile::ProfileInput,
    /// The route's target function id (a route's `target.id` in `POST /api/v1/match`).
    #[schemars(length(min = 1, max = 200))]
    target: String,
    /// How the adviser can reach the person: a name and an e-mail address or phone number.
    contact: ContactInput,
    /// The consent given on screen.
    consent: IntakeConsentInput,
}

/// The person's contact details: the least an adviser needs to reach them.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ContactInput {
    /// A name to address them by (1 to 60 characters, no long numbers).
    #[schemars(length(min = 1, max = MAX_CONTACT_NAME))]
    name: String,
    /// An e-mail address; this or `phone` (or both).
    email: Option<String>,
    /// A phone number (8 to 15 digits; spaces, +, -, ( and ) allowed); this or `email`.
    phone: Option<String>,
}

/// The consent as the person gave it.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct IntakeConsentInput {
    /// `true`: the person ticked that they agree.
    agreed: bool,
    /// The version of the consent text shown (the embed page names the current one).
    version: String,
}

/// What the person gets back: what was sent, to whom, and a reference without personal data.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct IntakeReceipt {
    /// Name this when asking the organisation about the hand-off, or to withdraw it.
    pub reference: String,
    /// The organisation it was sent to.
    pub organisation: String,
    /// The route's target function: id and title.
    pub target: IntakeTarget,
    /// The name sent.
    pub name: String,
    /// The e-mail address sent, if any.
    pub email: Option<Email>,
    /// The phone number sent, if any.
    pub phone: Option<String>,
    /// The consent text agreed to.
    pub consent_text: String,
    /// The consent text's version.
    pub consent_version: String,
    /// When it was sent and stored.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub sent_at: OffsetDateTime,
    /// Erased after this many days when no adviser picks it up.
    pub erased_after_days: i64,
}

/// A route's target as the receipt names it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct IntakeTarget {
    pub id: String,
    pub title: String,
}

/// Everything a hand-off needs besides its body.
pub struct IntakeRequest<'a> {
    /// The organisation the tenant names.
    pub org: &'a OrgId,
    /// The tenant's id and name.
    pub tenant: &'a str,
    pub tenant_name: &'a str,
    pub body: &'a Value,
    pub matcher: &'a Matcher<'a>,
    /// The person's language: of the consent text, the route and every error.
    pub lang: Lang,
    pub now: OffsetDateTime,
    /// Counts a valid hand-off against the tenant's limit (a person's typing mistakes do not
    /// count); `Err(seconds)` to wait when over it.
    pub admit: &'a dyn Fn() -> Result<(), u32>,
}

/// The consent text a person agrees to before sending, in plain words: what is sent, to whom,
/// how long it is kept and how to withdraw. The embed shows it; the intake keeps it.
pub fn consent_text(lang: Lang, organisation: &str, retention_months: u16) -> String {
    lang.pick(
        format!(
            "Wat we sturen: je profiel zoals je het hier invulde, de route die je koos, je naam en \
             je e-mailadres of telefoonnummer. Aan wie: alleen aan de adviseurs van {organisation}. \
             Hoe lang: pakt binnen {INTAKE_DAYS} dagen geen adviseur je aanvraag op, dan wordt alles \
             gewist; pakt een adviseur hem op, dan bewaart {organisation} je gegevens tot \
             {retention_months} maanden na het laatste contact. Intrekken: vraag een adviseur van \
             {organisation} om alles te wissen en noem je kenmerk. Je maakt geen account aan."
        ),
        format!(
            "What we send: your profile as you filled it in here, the route you chose, your name \
             and your e-mail address or phone number. To whom: only the advisers of {organisation}. \
             How long: if no adviser picks up your request within {INTAKE_DAYS} days, everything is \
             erased; once an adviser picks it up, {organisation} keeps your data until \
             {retention_months} months after your last contact. To withdraw: ask an adviser of \
             {organisation} to erase everything and give your reference. You create no account."
        ),
    )
}

/// A phone number: 8 to 15 digits, written with spaces, `+`, `-`, `(` and `)` at most.
fn phone(text: &str) -> Option<String> {
    let text = text.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let ok = (8..=15).contains(&digits)
        && text.chars().count() <= 25
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'));
    ok.then(|| text.to_owned())
}

/// The contact details of a hand-off: a name, and an e-mail address or a phone number.
fn contact(
    value: Option<&Value>,
    errors: &mut Fields,
) -> Option<(String, Option<Email>, Option<String>)> {
    let no_name = |errors: &mut Fields| {
        bad(
            errors,
            "contact.name",
            ErrorCode::InvalidValue,
            "vul je naam in",
            "fill in your name",
        );
    };
    let Some(map) = value.and_then(Value::as_object) else {
        no_name(errors);
        return None;
    };
    unknown_fields(
        map,
        &["name", "email", "phone"],
        "contact.",
        (
            "dit veld bestaat niet; we sturen alleen je naam en je e-mailadres of telefoonnummer",
            "no such field; we send only your name and your e-mail address or phone number",
        ),
        errors,
    );
    // Missing, blank or too long in the person's words; the rest (line breaks, numbers that
    // could be a BSN) by the workspace's rule for every client's name.
    let name = match map.get("name").map(|v| (v, v.as_str().map(str::trim))) {
        Some((_, Some(s))) if s.chars().count() > MAX_CONTACT_NAME => {
            bad(
                errors,
                "contact.name",
                ErrorCode::InvalidValue,
                format!("geef je naam in hoogstens {MAX_CONTACT_NAME} tekens"),
                format!("give your name in at most {MAX_CONTACT_NAME} characters"),
            );
            None
        }
        Some((v, Some(s))) if !s.is_empty() => display_name("contact.name", v, errors),
        _ => {
            no_name(errors);
            None
        }
    };
    let text = |field: &str| {
        map.get(field)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let email = match text("email") {
        None => Some(None),
        Some(e) => match Email::parse(e) {
            Ok(e) => Some(Some(e)),
            Err(_) => {
                bad(
                    errors,
                    "contact.email",
                    ErrorCode::InvalidValue,
                    "dit is geen e-mailadres; schrijf het als naam@voorbeeld.nl",
                    "this is not an e-mail address; write it like name@example.com",
                );
                None
            }
        },
    };
    let phone = match text("phone") {
        None => Some(None),
        Some(p) => match phone(p) {
            Some(p) => Some(Some(p)),
            None => {
                bad(
                    errors,
                    "contact.phone",
                    ErrorCode::InvalidValue,
                    "dit is geen telefoonnummer; schrijf het als 06 12345678 of +31 10 123 45 67",
                    "this is not a phone number; write it like 06 12345678 or +31 10 123 45 67",
                );
                None
            }
        },
    };
    let (name, email, phone) = (name?, email?, phone?);
    if email.is_none() && phone.is_none() {
        bad(
            errors,
            "contact.email",
            ErrorCode::InvalidValue,
            "vul een e-mailadres of een telefoonnummer in, zodat de adviseur je kan bereiken",
            "fill in an e-mail address or a phone number, so the adviser can reach you",
        );
        return None;
    }
    Some((name, email, phone))
}

/// The consent: agreed to, on the text version shown now.
fn consent(value: Option<&Value>, errors: &mut Fields) -> bool {
    let map = value.and_then(Value::as_object);
    let agreed = map
        .and_then(|m| m.get("agreed"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if !agreed {
        bad(
            errors,
            "consent.agreed",
            ErrorCode::InvalidValue,
            "geef toestemming om je gegevens te sturen, of stuur niets",
            "agree to sending your data, or send nothing",
        );
        return false;
    }
    let version = map.and_then(|m| m.get("version")).and_then(Value::as_str);
    if version != Some(INTAKE_CONSENT_VERSION) {
        bad(
            errors,
            "consent.version",
            ErrorCode::InvalidValue,
            "de tekst over toestemming is veranderd; laad de pagina opnieuw en lees hem nog eens",
            "the consent text has changed; reload the page and read it again",
        );
        return false;
    }
    true
}

/// A reference to show the person: `PV-` and 8 letters and digits that are hard to confuse.
fn reference() -> Result<String, WorkspaceError> {
    const LETTERS: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let bytes = random_bytes::<8>()?;
    let code: String = bytes
        .iter()
        .map(|b| char::from(LETTERS[usize::from(*b) % LETTERS.len()]))
        .collect();
    Ok(format!("PV-{}-{}", &code[..4], &code[4..]))
}

impl Workspace {
    /// Receives a hand-off: checks every field (each problem named in the person's language),
    /// computes the route for the profile, and stores the client (status `intake`), its plan
    /// draft and the audit entry in the tenant's organisation. Answers once all three are on
    /// disk; when a later write fails the client is erased again.
    pub fn receive_intake(
        &self,
        request: IntakeRequest<'_>,
    ) -> Result<IntakeReceipt, WorkspaceError> {
        let IntakeRequest {
            org,
            tenant,
            tenant_name,
            body,
            matcher,
            lang,
            now,
            admit,
        } = request;
        let map = object(body)?;
        let mut errors = Fields::new();
        unknown_fields(
            map,
            &["profile", "target", "contact", "consent"],
            "",
            (
                "dit veld bestaat niet; we sturen alleen je profiel, de route en hoe je bereikbaar bent",
                "no such field; we send only your profile, the route and how to reach you",
            ),
            &mut errors,
        );
        let profile = match map.get("profile") {
            Some(v) => profile(v, &mut errors),
            None => {
                bad(
                    &mut errors,
                    "profile",
                    ErrorCode::InvalidValue,
                    "het profiel ontbreekt",
                    "the profile is missing",
                );
                None
            }
        };
        let target = map
            .get("target")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|id| matcher.catalogue.function(id).is_some());
        if target.is_none() {
            bad(
                &mut errors,
                "target",
                ErrorCode::InvalidValue,
                "kies een route: deze functie kennen we niet",
                "choose a route: this function is not known",
            );
        }
        let contact = contact(map.get("contact"), &mut errors);
        let agreed = consent(map.get("consent"), &mut errors);
        let (Some(profile), Some(target), Some((name, email, phone)), true, true) =
            (profile, target, contact, agreed, errors.is_empty())
        else {
            return Err(WorkspaceError::Fields(errors));
        };
        admit().map_err(|retry_after_secs| WorkspaceError::IntakesLimited { retry_after_secs })?;
        let (snapshot, choices) = route_snapshot(matcher, &profile, target, lang, now)?;
        self.store.ensure_org(&Org {
            id: org.clone(),
            created: now,
            name: None,
        })?;
        let clients = self.store.clients(org)?;
        if clients.len() >= super::MAX_CLIENTS_PER_ORG
            || clients
                .iter()
                .filter(|c| c.status == ClientStatus::Intake)
                .count()
                >= MAX_WAITING_INTAKES
        {
            return Err(WorkspaceError::IntakesWaiting);
        }
        let text = consent_text(lang, tenant_name, self.retention_months);
        let intake = Intake {
            tenant: tenant.to_owned(),
            reference: reference()?,
            email: email.clone(),
            phone: phone.clone(),
            lang,
            consent_version: INTAKE_CONSENT_VERSION.to_owned(),
            consent_at: now,
        };
        let client = Client {
            id: ClientId::from_random(random_bytes::<16>()?),
            org: org.clone(),
            display_name: name.clone(),
            profile,
            consent: Consent {
                given_on: now.date(),
                scope: text.clone(),
                recorded_by: None,
                recorded_at: now,
            },
            status: ClientStatus::Intake,
            review_on: None,
            created: now,
            last_activity: now,
            intake: Some(intake.clone()),
        };
        let plan = Plan {
            id: PlanId::from_random(random_bytes::<16>()?),
            org: org.clone(),
            client: client.id.clone(),
            target: target.to_owned(),
            courses: choices.open_courses(),
            notes: Vec::new(),
            status: PlanStatus::Idee,
            review_on: None,
            snapshot,
            share: None,
            created_by: None,
            created: now,
            updated: now,
            changes: Vec::new(),
            checked: None,
        };
        let entry = AuditEntry {
            at: now,
            actor: None,
            action: AuditAction::ReceiveIntake,
            client: Some(client.id.clone()),
            user: None,
            plan: Some(plan.id.clone()),
        };
        self.store.put_client(&client)?;
        let rest = self
            .store
            .put_plan(&plan)
            .and_then(|()| self.store.append_audit(org, &entry));
        if let Err(e) = rest {
            // Not acknowledged: take back what was written, so no half intake waits.
            let undo = AuditEntry {
                action: AuditAction::EraseClient,
                plan: None,
                ..entry
            };
            let _ = self.store.erase_client(org, &client.id, &undo);
            return Err(e.into());
        }
        let title = matcher
            .catalogue
            .function(target)
            .map_or_else(|| target.to_owned(), |f| f.title.clone());
        Ok(IntakeReceipt {
            reference: intake.reference,
            organisation: tenant_name.to_owned(),
            target: IntakeTarget {
                id: target.to_owned(),
                title,
            },
            name,
            email,
            phone,
            consent_text: text,
            consent_version: INTAKE_CONSENT_VERSION.to_owned(),
            sent_at: now,
            erased_after_days: INTAKE_DAYS,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_number_has_8_to_15_digits_and_no_letters() {
        assert_eq!(phone(" 06 12345678 ").as_deref(), Some("06 12345678"));
        assert_eq!(
            phone("+31 (10) 123-45-67").as_deref(),
            Some("+31 (10) 123-45-67")
        );
        for bad in ["1234567", "06 1234567x", "0612345678901234", "bel me"] {
            assert_eq!(phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_reference_holds_no_personal_data_and_reads_unambiguously() {
        let r = reference().expect("reference");
        assert_eq!(r.len(), 12, "{r}");
        assert!(r.starts_with("PV-") && r.as_bytes()[7] == b'-', "{r}");
        assert!(!r[3..].contains(['0', '1', 'O', 'I']), "{r}");
    }

    #[test]
    fn the_consent_text_says_what_to_whom_how_long_and_how_to_withdraw() {
        for (lang, parts) in [
            (
                Lang::Nl,
                [
                    "Wat we sturen",
                    "Aan wie",
                    "Hoe lang",
                    "30 dagen",
                    "12 maanden",
                    "Intrekken",
                ],
            ),
            (
                Lang::En,
                [
                    "What we send",
                    "To whom",
                    "How long",
                    "30 days",
                    "12 months",
                    "To withdraw",
                ],
            ),
        ] {
            let text = consent_text(lang, "Werkcentrum Rijnmond", 12);
            for part in parts {
                assert!(text.contains(part), "{part}: {text}");
            }
        }
    }
}
