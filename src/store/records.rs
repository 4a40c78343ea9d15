//! The records the store keeps, each with a schema version ([`Record::VERSION`]) and an upgrade
//! path from every older version ([`Record::upgrade`]). A record is stored as
//! `{"v": VERSION, "data": …}`; [`decode`] upgrades an older one step by step and refuses one
//! written by a newer padvinder, naming both versions. Change a record's shape by raising its
//! `VERSION` and teaching `upgrade` the step from the old one; never change a shape in place.
//!
//! Identifiers are newtypes that hold only valid values ([`OrgId`], [`Email`], [`ClientId`],
//! [`SessionKey`]); they are also the keys' parts, so none may hold the key separator.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, OffsetDateTime};

use crate::base::schema::IsoDate;
use crate::messages::Lang;
use crate::profile::Profile;

/// The shared half of a checked text identifier: `as_str`, `Display`, serde through `parse`
/// (`TryFrom<String>` / `Into<String>`) and an inline JSON schema. Each type writes only its
/// own `parse`.
macro_rules! checked_text {
    ($name:ident, $schema:tt) => {
        impl $name {
            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<$name, String> {
                $name::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!($schema)
            }
        }
    };
}

/// A record type of the store with its schema version.
pub trait Record: Serialize + DeserializeOwned {
    /// The record type's name in messages and in `store check`.
    const KIND: &'static str;
    /// The schema version written today.
    const VERSION: u32;
    /// Turns a record of schema version `from` into one of version `from + 1`.
    fn upgrade(from: u32, data: Value) -> Result<Value, String> {
        let _ = data;
        Err(format!("no upgrade known from version {from}"))
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a, R> {
    v: u32,
    data: &'a R,
}

#[derive(Deserialize)]
struct EnvelopeIn {
    v: u32,
    data: Value,
}

/// A record as stored: its schema version and its data.
pub fn encode<R: Record>(record: &R) -> Vec<u8> {
    // Serialising our own record types cannot fail: no maps with non-string keys, no floats
    // that JSON cannot hold.
    serde_json::to_vec(&EnvelopeOut {
        v: R::VERSION,
        data: record,
    })
    .unwrap_or_default()
}

/// Reads a stored record, upgrading it from an older schema version; also answers the version
/// it was stored with.
pub fn decode<R: Record>(bytes: &[u8]) -> Result<(R, u32), String> {
    let envelope: EnvelopeIn =
        serde_json::from_slice(bytes).map_err(|e| format!("not a stored record: {e}"))?;
    let stored = envelope.v;
    if stored > R::VERSION {
        return Err(format!(
            "{} written with schema version {stored} by a newer padvinder; this one reads up to \
             version {}",
            R::KIND,
            R::VERSION
        ));
    }
    let mut data = envelope.data;
    for from in stored..R::VERSION {
        data = R::upgrade(from, data).map_err(|e| format!("{} version {from}: {e}", R::KIND))?;
    }
    let record = serde_json::from_value(data)
        .map_err(|e| format!("{} version {}: {e}", R::KIND, R::VERSION))?;
    Ok((record, stored))
}

/// An organisation's id: 2 to 64 lowercase letters, digits and hyphens, starting with a letter or
/// digit ("gemeente-utrecht").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgId(String);

impl OrgId {
    /// Checks an organisation id ([`crate::base::is_org_id`]).
    pub fn parse(text: &str) -> Result<OrgId, String> {
        if crate::base::is_org_id(text) {
            Ok(OrgId(text.to_owned()))
        } else {
            Err(format!(
                "\"{text}\" is not an organisation id: 2 to 64 lowercase letters, digits and \
                 hyphens, like gemeente-utrecht"
            ))
        }
    }
}

checked_text!(OrgId, {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,63}$"});

/// The body of the e-mail rule [`Email::parse`] checks, as a regular expression: something
/// before one `@`, then two or more domain labels separated by dots, none of them empty; no white
/// space or control characters. A macro, so that the stored form ([`EMAIL_PATTERN`]) and the
/// typed form (with the white space that is trimmed) are one rule.
macro_rules! email_rule {
    () => {
        r"[^@\s\x00-\x1f\x7f-\x9f]+@[^@.\s\x00-\x1f\x7f-\x9f]+(\.[^@.\s\x00-\x1f\x7f-\x9f]+)+"
    };
}
pub(crate) use email_rule;

/// An e-mail address as stored and answered, for the OpenAPI document. A pattern rather than
/// `format: email`, whose checkers each allow something else.
pub const EMAIL_PATTERN: &str = concat!("^", email_rule!(), "$");

/// An e-mail address, trimmed and lowercased: `name@domain.tld`, at most 254 characters, no spaces,
/// no empty domain label ("a@." and "a@b..nl" are not addresses).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Checks and normalises an e-mail address.
    pub fn parse(text: &str) -> Result<Email, String> {
        // U+FEFF counts as white space in the OpenAPI pattern (ECMAScript `\s`), not in Rust.
        let blank = |c: char| c.is_whitespace() || c == '\u{feff}';
        let text = text.trim_matches(blank).to_lowercase();
        let ok = text.len() <= 254
            && text.split_once('@').is_some_and(|(name, domain)| {
                !name.is_empty()
                    && domain.split('.').count() >= 2
                    && domain.split('.').all(|label| !label.is_empty())
            })
            && text.matches('@').count() == 1
            && !text.chars().any(|c| blank(c) || c.is_control());
        if ok {
            Ok(Email(text))
        } else {
            Err("is not an e-mail address like naam@organisatie.nl".to_owned())
        }
    }
}

checked_text!(Email, {"type": "string", "pattern": EMAIL_PATTERN, "maxLength": 254});

/// A record id: lowercase hex of 16 random bytes (128 bits), checked when parsed; the name says
/// what it identifies in messages.
macro_rules! random_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks an id (32 lowercase hex digits).
            pub fn parse(text: &str) -> Result<$name, String> {
                if is_hex(text, 32) {
                    Ok($name(text.to_owned()))
                } else {
                    Err(format!(concat!("\"{}\" is not a ", $what, " id (32 hex digits)"), text))
                }
            }

            /// A new id from 16 random bytes.
            pub fn from_random(bytes: [u8; 16]) -> $name {
                $name(hex(&bytes))
            }
        }

        checked_text!($name, {"type": "string", "pattern": "^[0-9a-f]{32}$"});
    };
}

random_id!(
    /// A client's id.
    ClientId,
    "client"
);
random_id!(
    /// A saved plan's id.
    PlanId,
    "plan"
);

/// The SHA-256 (hex) of a secret token: the store keeps only this, never the token, so a copy
/// of the store (a backup) cannot be used to log in or to open a shared plan.
macro_rules! token_key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The key of a token.
            pub fn of_token(token: &str) -> $name {
                use sha2::Digest;
                $name(hex(&sha2::Sha256::digest(token.as_bytes())))
            }

            /// The key as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<$name, String> {
                if is_hex(&s, 64) {
                    Ok($name(s))
                } else {
                    Err(concat!("not a ", stringify!($name)).to_owned())
                }
            }
        }

        impl From<$name> for String {
            fn from(k: $name) -> String {
                k.0
            }
        }
    };
}

token_key!(
    /// The key of a session: the hash of its token.
    SessionKey
);
token_key!(
    /// The key of a plan's share link: the hash of the token in its URL.
    ShareKey
);

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// An organisation (a municipality, an UWV office, a Leerwerkloket).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    pub id: OrgId,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// The name people know it by ("Gemeente Utrecht"), set by the operator
    /// (`padvinder users add --org-name`); `None` until then, and the id is shown instead.
    pub name: Option<String>,
}

impl Record for Org {
    const KIND: &'static str = "organisation";
    /// Version 2 added `name`.
    const VERSION: u32 = 2;
    fn upgrade(from: u32, mut data: Value) -> Result<Value, String> {
        match from {
            1 => {
                let map = data.as_object_mut().ok_or("not an object")?;
                map.insert("name".to_owned(), Value::Null);
                Ok(data)
            }
            other => Err(format!("no upgrade known from version {other}")),
        }
    }
}

/// What a user may do in their organisation.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Role {
    /// Works with their organisation's clients.
    Counsellor,
    /// Also adds and removes the organisation's users, changes their roles, reads the audit log.
    Admin,
}

/// A counsellor or admin of one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub email: Email,
    pub name: String,
    pub org: OrgId,
    pub role: Role,
    /// Argon2id, in the PHC string format (algorithm, parameters, salt and hash).
    pub password_hash: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
}

impl Record for User {
    const KIND: &'static str = "user";
    const VERSION: u32 = 1;
}

/// A logged-in user's session; stored under the hash of its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub key: SessionKey,
    pub email: Email,
    pub org: OrgId,
    pub role: Role,
    /// Sent back in `X-CSRF-Token` with every state-changing request.
    pub csrf_token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// The last request; the session ends after 8 hours without one.
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen: OffsetDateTime,
}

impl Record for Session {
    const KIND: &'static str = "session";
    const VERSION: u32 = 1;
}

/// Where a counsellor and a client stand.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum ClientStatus {
    /// Working on a route.
    #[default]
    Actief,
    /// On hold for now.
    Gepauzeerd,
    /// Finished; kept until the retention period ends or the client asks for erasure.
    Afgesloten,
    /// Sent by the person themself from a job centre's embed, not yet picked up by a
    /// counsellor; erased 30 days after it arrived unless a counsellor chooses another status.
    Intake,
}

/// Days an intake nobody picked up is kept (docs/embed.md §5, docs/workspace.md).
pub const INTAKE_DAYS: i64 = 30;

/// The client's consent to keep their data in the workspace: what was agreed, when, by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Consent {
    /// The day the client agreed.
    #[schemars(with = "IsoDate")]
    pub given_on: Date,
    /// What the client agreed to, in the counsellor's words.
    pub scope: String,
    /// The counsellor who recorded it; `null` when the person gave it themself, on screen, in a
    /// job centre's embed (an intake: the client's `intake` says which text and when).
    pub recorded_by: Option<Email>,
    /// When it was recorded.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub recorded_at: OffsetDateTime,
}

/// A client of an organisation: only what the profile needs and a name the counsellor chooses.
/// No citizen service number, no date of birth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Client {
    pub id: ClientId,
    pub org: OrgId,
    pub display_name: String,
    pub profile: Profile,
    pub consent: Consent,
    pub status: ClientStatus,
    /// When the counsellor means to look at the client again.
    pub review_on: Option<Date>,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// The last change by a counsellor; the retention period counts from here.
    #[serde(with = "time::serde::rfc3339")]
    pub last_activity: OffsetDateTime,
    /// How the person sent themself from a job centre's embed; `None` for a client a counsellor
    /// added.
    pub intake: Option<Intake>,
}

/// A hand-off from a job centre's embed: the person's own contact details and the consent
/// text they agreed to on screen (issue 12 §4; docs/embed.md §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Intake {
    /// The tenant (embed) it came through.
    pub tenant: String,
    /// The reference the person was shown (`PV-` and 8 letters and digits; no personal data).
    pub reference: String,
    /// An e-mail address to reach them by, if they gave one.
    pub email: Option<Email>,
    /// A phone number to reach them by, if they gave one.
    pub phone: Option<String>,
    /// The language they used.
    pub lang: Lang,
    /// The version of the consent text they agreed to (the text is the consent's `scope`).
    pub consent_version: String,
    /// When they agreed (sent the form).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub consent_at: OffsetDateTime,
}

impl Record for Client {
    const KIND: &'static str = "client";
    /// Version 2 writes the profile's postcode as text ("3071"), as the profile input takes it;
    /// version 1 wrote `{"pc4": 3071}`. Version 3 added `intake`, the status `intake` and a
    /// consent without `recorded_by`.
    const VERSION: u32 = 3;
    fn upgrade(from: u32, mut data: Value) -> Result<Value, String> {
        match from {
            1 => {
                if let Some(postcode) = data.pointer_mut("/profile/postcode")
                    && let Some(pc4) = postcode.get("pc4").and_then(Value::as_u64)
                {
                    *postcode = Value::String(pc4.to_string());
                }
                Ok(data)
            }
            2 => {
                let map = data.as_object_mut().ok_or("not an object")?;
                map.insert("intake".to_owned(), Value::Null);
                Ok(data)
            }
            other => Err(format!("no upgrade known from version {other}")),
        }
    }
}

/// What happened, in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Login,
    /// A wrong password for an existing account (the account is `user`; who typed it is not
    /// known, so `actor` is `null`). Never the password typed.
    LoginFailed,
    /// The failure that made it the account's 10th within 15 minutes: logins to it are refused
    /// (429) until the oldest leaves the window (`user` is the account, `actor` `null`).
    LoginLocked,
    Logout,
    ListClients,
    ViewClient,
    CreateClient,
    ChangeClient,
    ExportClient,
    EraseClient,
    /// Erased by the retention sweep: no activity for the retention period.
    RetentionErase,
    AddUser,
    RemoveUser,
    /// An admin gave a user (`user`) of the organisation the other role.
    ChangeRole,
    CreatePlan,
    ViewPlan,
    ChangePlan,
    DeletePlan,
    /// A share link was made (or replaced) for a plan.
    SharePlan,
    /// A plan's share link was revoked.
    RevokeShare,
    /// A plan's changes were marked seen.
    SeeChanges,
    /// A person sent their profile and a route from a job centre's embed (actor `null`).
    ReceiveIntake,
    /// A counsellor picked up a request from an embed: chose a status other than `intake`.
    PickUpIntake,
}

/// One entry of an organisation's audit log: who, when, what, about which client or user. Never
/// profile contents or passwords.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditEntry {
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub at: OffsetDateTime,
    /// The user who did it; `null` for padvinder itself (the retention sweep, the command line)
    /// and for someone not logged in (a failed login, a request from an embed).
    pub actor: Option<Email>,
    pub action: AuditAction,
    /// The client it was about.
    pub client: Option<ClientId>,
    /// The user it was about (adding or removing a user, a failed login to their account).
    pub user: Option<Email>,
    /// The saved plan it was about.
    pub plan: Option<PlanId>,
}

impl Record for AuditEntry {
    const KIND: &'static str = "audit entry";
    /// Version 2 added `plan`.
    const VERSION: u32 = 2;
    fn upgrade(from: u32, mut data: Value) -> Result<Value, String> {
        match from {
            1 => {
                let map = data.as_object_mut().ok_or("not an object")?;
                map.insert("plan".to_owned(), Value::Null);
                Ok(data)
            }
            other => Err(format!("no upgrade known from version {other}")),
        }
    }
}

/// Where a plan stands, in the counsellor's words.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantNames,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum PlanStatus {
    /// An idea, not yet talked through.
    #[default]
    Idee,
    /// Talked through with the client.
    Besproken,
    /// The client has started.
    Gestart,
    /// Finished.
    Afgerond,
    /// Stopped before the end.
    Gestopt,
}

/// A note on a plan; a private one is never shown through a share link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Note {
    pub text: String,
    /// Only for the organisation's counsellors (the default); `false` shows it on the shared plan.
    pub private: bool,
}

/// What a plan was saved with: the route as computed then, its SLIM result with receipts, and
/// the catalogue and rules it was computed from, so a later change can be named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSnapshot {
    /// The day the route was computed (and SLIM evaluated on).
    pub computed_on: Date,
    /// The language of the route's texts.
    pub lang: Lang,
    /// The content hash of the catalogue the route was computed from.
    pub catalogue_hash: String,
    /// The SLIM rules version (hash of the parameters file) the result rests on.
    pub rules_version: String,
    /// The route as `POST /api/v1/match?detail=full` answers it, with the SLIM receipts. Kept as
    /// written then: later versions of padvinder show it unchanged.
    pub route: Value,
    /// The SLIM texts the route points to.
    pub slim_texts: Value,
    /// The same route in the other language (English for a plan saved in Dutch, and back),
    /// written from the same computation: a reader in that language reads padvinder's own
    /// sentences in it. `None` for a plan saved before version 4 of the plan record, and when
    /// the second run did not give the same route.
    pub other: Option<RouteTexts>,
}

/// A saved route with its texts in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteTexts {
    /// The language of the texts.
    pub lang: Lang,
    /// The route, as [`PlanSnapshot::route`], in `lang`.
    pub route: Value,
    /// The SLIM texts the route points to, in `lang`.
    pub slim_texts: Value,
}

/// A plan's live share link: the hash of its token and when it expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareRef {
    pub key: ShareKey,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// A route a counsellor and a client agreed on, with the courses chosen from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: PlanId,
    pub org: OrgId,
    pub client: ClientId,
    /// The target function's id.
    pub target: String,
    /// The chosen courses, each a course (or an alternative) of the route's steps.
    pub courses: Vec<String>,
    pub notes: Vec<Note>,
    pub status: PlanStatus,
    pub review_on: Option<Date>,
    pub snapshot: PlanSnapshot,
    /// The live share link, if any.
    pub share: Option<ShareRef>,
    /// The counsellor who saved it; `null` for the route a person sent from a job centre's
    /// embed (an intake's plan draft).
    pub created_by: Option<Email>,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated: OffsetDateTime,
    /// What changed in the catalogue, fees or SLIM rules since the plan was saved, oldest first;
    /// each change once.
    pub changes: Vec<PlanChange>,
    /// What the plan was last compared with; `None` before the first comparison.
    pub checked: Option<ChangeCheck>,
}

impl Record for Plan {
    const KIND: &'static str = "plan";
    /// Version 2 added `changes` and `checked` (change alerts); version 3 allows `created_by:
    /// null` (an intake's plan draft), which version 2 readers would refuse; version 4 added
    /// the route in the other language (`snapshot.other`).
    const VERSION: u32 = 4;
    fn upgrade(from: u32, mut data: Value) -> Result<Value, String> {
        match from {
            1 => {
                let map = data.as_object_mut().ok_or("not an object")?;
                map.insert("changes".to_owned(), Value::Array(Vec::new()));
                map.insert("checked".to_owned(), Value::Null);
                Ok(data)
            }
            2 => Ok(data),
            3 => {
                let snapshot = data
                    .get_mut("snapshot")
                    .and_then(Value::as_object_mut)
                    .ok_or("no snapshot")?;
                snapshot.insert("other".to_owned(), Value::Null);
                Ok(data)
            }
            other => Err(format!("no upgrade known from version {other}")),
        }
    }
}

/// What a plan's snapshot was last compared with: the catalogue, the SLIM rules and the day
/// (application windows pass and school years change with the date). A comparison with the
/// same three again is skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeCheck {
    pub catalogue_hash: String,
    pub rules_version: String,
    pub on: Date,
}

/// One change found since a plan was saved, with when it was found and whether a counsellor
/// has marked it seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanChange {
    pub what: ChangeWhat,
    /// The day it was found.
    pub found_on: Date,
    /// The catalogue it was found in.
    pub catalogue_hash: String,
    /// A counsellor of the organisation marked it seen.
    pub seen: bool,
}

/// What changed, compared with the plan's snapshot: the snapshot's value (`was`) and today's
/// (`now`). A cost is in cents, a duration in weeks (`null`: unknown). A course is named by its
/// id and its title as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeWhat {
    /// The target function is no longer in the catalogue.
    TargetRemoved { function: String, title: String },
    /// The catalogue still has the target, but no route leads there for the client now.
    NoRoute { function: String, title: String },
    /// A course of the plan is no longer in the catalogue.
    CourseRemoved { course: String, title: String },
    /// A course of the plan has a new name.
    CourseRenamed {
        course: String,
        was: String,
        now: String,
    },
    /// A step's course is no longer on the route to the target.
    CourseOffRoute { course: String, title: String },
    /// A step's duration changed (weeks, shortest and longest).
    DurationChanged {
        course: String,
        title: String,
        was_weeks: Option<u32>,
        was_weeks_max: Option<u32>,
        now_weeks: Option<u32>,
        now_weeks_max: Option<u32>,
    },
    /// A step's cost changed (its published price, or the legal fees).
    CostChanged {
        course: String,
        title: String,
        was_cents: Option<i64>,
        now_cents: Option<i64>,
    },
    /// The provider a step named is gone from the catalogue, or no longer offers the course.
    ProviderGone {
        course: String,
        title: String,
        provider: String,
        provider_name: String,
    },
    /// The development path's status changed (e.g. modelled → recognised).
    PathStatusChanged {
        path: String,
        name: String,
        was: crate::catalog::PathStatusWord,
        now: crate::catalog::PathStatusWord,
    },
    /// The SLIM rules (the parameters file) changed.
    RulesChanged { was: String, now: String },
    /// A step's SLIM outcome changed (`possibly_eligible`, `insufficient_information`,
    /// `not_eligible`).
    SlimChanged {
        course: String,
        title: String,
        was: String,
        now: String,
    },
    /// The application date the plan's SLIM result counted on has passed: the published window
    /// it fell in closed on `closed_on` (`null` when the SLIM parameters no longer name that
    /// window).
    WindowPassed {
        #[schemars(with = "IsoDate")]
        applied_on: Date,
        #[schemars(with = "Option<IsoDate>")]
        closed_on: Option<Date>,
    },
}

/// Which client a plan belongs to: the index that finds a plan by its id alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOwner {
    pub client: ClientId,
}

impl Record for PlanOwner {
    const KIND: &'static str = "plan index entry";
    const VERSION: u32 = 1;
}

/// A share link of a plan, stored under the hash of its token: who shared which plan, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub key: ShareKey,
    pub org: OrgId,
    pub client: ClientId,
    pub plan: PlanId,
    /// The link works until this moment.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
}

impl Record for Share {
    const KIND: &'static str = "share link";
    const VERSION: u32 = 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record whose version 1 had `name` and version 2 splits it: the migration path.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Renamed {
        display_name: String,
    }

    impl Record for Renamed {
        const KIND: &'static str = "renamed";
        const VERSION: u32 = 2;
        fn upgrade(from: u32, mut data: Value) -> Result<Value, String> {
            match from {
                1 => {
                    let name = data
                        .as_object_mut()
                        .and_then(|m| m.remove("name"))
                        .ok_or("no name")?;
                    Ok(serde_json::json!({ "display_name": name }))
                }
                other => Err(format!("no upgrade from {other}")),
            }
        }
    }

    #[test]
    fn a_version_1_client_gets_its_postcode_as_text() {
        let v1 = serde_json::json!({"profile": {"postcode": {"pc4": 3071}, "hours_per_week": 32}});
        let v2 = Client::upgrade(1, v1).expect("upgrade");
        assert_eq!(
            v2,
            serde_json::json!({"profile": {"postcode": "3071", "hours_per_week": 32}})
        );
        let without = serde_json::json!({"profile": {}});
        assert_eq!(Client::upgrade(1, without.clone()), Ok(without));
    }

    #[test]
    fn older_records_are_upgraded_and_newer_ones_refused() {
        let old = br#"{"v":1,"data":{"name":"A.B."}}"#;
        let (r, stored) = decode::<Renamed>(old).expect("upgrade");
        assert_eq!(r.display_name, "A.B.");
        assert_eq!(stored, 1);
        let again = encode(&r);
        assert_eq!(decode::<Renamed>(&again).expect("current").1, 2);
        let newer = br#"{"v":3,"data":{}}"#;
        let e = decode::<Renamed>(newer).expect_err("newer");
        assert!(e.contains("newer padvinder"), "{e}");
        assert!(decode::<Renamed>(b"garbage").is_err());
    }

    #[test]
    fn ids_hold_only_valid_values() {
        assert!(OrgId::parse("gemeente-utrecht").is_ok());
        for bad in ["A", "Gemeente", "-x", "a/b", "a\0b", ""] {
            assert!(OrgId::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            Email::parse(" Jan@Org.NL ").expect("email").as_str(),
            "jan@org.nl"
        );
        for bad in [
            "jan",
            "jan@org",
            "a b@c.nl",
            "@c.nl",
            "a@b@c.nl",
            "0@.",
            "a@b.",
            "a@.nl",
            "a@b..nl",
            "a\u{feff}b@c.nl",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
        assert!(ClientId::parse("0123456789abcdef0123456789abcdef").is_ok());
        assert!(ClientId::parse("../../etc").is_err());
        assert!(PlanId::parse("0123456789abcdef0123456789abcdef").is_ok());
        assert!(PlanId::parse("0123456789ABCDEF0123456789abcdef").is_err());
    }

    #[test]
    fn a_version_1_plan_reads_with_no_changes_and_never_checked() {
        let v1 = serde_json::json!({"id": "x", "share": null});
        let v2 = Plan::upgrade(1, v1).expect("upgrade");
        assert_eq!(
            v2,
            serde_json::json!({"id": "x", "share": null, "changes": [], "checked": null})
        );
        assert!(Plan::upgrade(3, serde_json::json!({})).is_err());
    }

    #[test]
    fn an_audit_entry_of_version_1_reads_without_a_plan() {
        let v1 = br#"{"v":1,"data":{"at":"2026-11-30T10:00:00Z","actor":null,"action":"login","client":null,"user":null}}"#;
        let (entry, stored) = decode::<AuditEntry>(v1).expect("upgrade");
        assert_eq!(stored, 1);
        assert_eq!(entry.plan, None);
        assert_eq!(entry.action, AuditAction::Login);
    }
}
