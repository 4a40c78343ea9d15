//! What can go wrong in the workspace, with the text a person reads in Dutch and English.

use crate::base::{ErrorCode, FieldError};
use crate::messages::Lang;
use crate::store::StoreError;

/// A text in Dutch and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub nl: String,
    pub en: String,
}

impl Msg {
    /// A text from its two languages.
    pub fn new(nl: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            nl: nl.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.nl, &self.en)
    }
}

/// One bad field: its name, what is wrong as a stable code, and the text in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub code: ErrorCode,
    pub msg: Msg,
}

impl FieldProblem {
    /// A bad field.
    pub fn new(field: &str, code: ErrorCode, nl: impl Into<String>, en: impl Into<String>) -> Self {
        FieldProblem {
            field: field.to_owned(),
            code,
            msg: Msg::new(nl, en),
        }
    }
}

/// A refused or failed workspace operation.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// Fields of a request are wrong: each with its field name and text.
    #[error("invalid fields: {}", .0.iter().map(|p| format!("{}: {}", p.field, p.msg.en)).collect::<Vec<_>>().join("; "))]
    Fields(Vec<FieldProblem>),
    /// No valid session.
    #[error("not logged in")]
    NotLoggedIn,
    /// Wrong e-mail or password: the same answer for both.
    #[error("wrong e-mail or password")]
    WrongCredentials,
    /// Too many failed logins for this account.
    #[error("too many failed logins; try again in {retry_after_secs} s")]
    TooManyFailures { retry_after_secs: u64 },
    /// The state-changing request lacks the session's CSRF token.
    #[error("missing or wrong X-CSRF-Token")]
    Csrf,
    /// Only an admin of the organisation may do this.
    #[error("only an admin of the organisation may do this")]
    AdminOnly,
    /// No such record in the caller's organisation.
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: String },
    /// The e-mail address is taken.
    #[error("a user with e-mail {0} already exists")]
    UserExists(String),
    /// The organisation's last admin cannot be removed: nobody could add users any more.
    #[error("the organisation's last admin cannot be removed")]
    LastAdmin,
    /// The organisation's last admin cannot become a counsellor: nobody could add users any
    /// more.
    #[error("the organisation's last admin cannot become a counsellor")]
    LastAdminRole,
    /// The organisation has as many clients as one may hold.
    #[error("the organisation has the most clients it may hold")]
    Full,
    /// The client has as many plans as one may have.
    #[error("the client has the most plans one may have")]
    PlanLimit,
    /// Every place for checking a password or computing routes is taken; nothing was done.
    #[error("the server is busy")]
    Busy,
    /// The server runs without a workspace.
    #[error("this server has no counsellor workspace")]
    NoWorkspace,
    /// The organisation has as many hand-offs waiting as may wait (or holds the most clients).
    #[error("the organisation has the most hand-offs waiting that may wait")]
    IntakesWaiting,
    /// Over the hand-off limit of the tenant's embed; nothing was stored.
    #[error("too many hand-offs from this embed; try again in {retry_after_secs} s")]
    IntakesLimited { retry_after_secs: u32 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

impl WorkspaceError {
    /// One bad field.
    pub fn field(field: &str, code: ErrorCode, nl: &str, en: &str) -> WorkspaceError {
        WorkspaceError::Fields(vec![FieldProblem::new(field, code, nl, en)])
    }

    /// What a person reads, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let m = |nl: &str, en: &str| lang.pick(nl, en).to_owned();
        match self {
            WorkspaceError::Fields(fields) => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|p| format!("{}: {}", p.field, p.msg.get(lang)))
                    .collect();
                parts.join("; ")
            }
            WorkspaceError::NotLoggedIn => m(
                "Log eerst in; je sessie is verlopen of ontbreekt.",
                "Log in first; your session has expired or is missing.",
            ),
            WorkspaceError::WrongCredentials => m(
                "Het e-mailadres of wachtwoord klopt niet.",
                "The e-mail address or password is wrong.",
            ),
            WorkspaceError::TooManyFailures { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60);
                lang.pick(
                    format!(
                        "Te vaak een verkeerd wachtwoord voor dit account. Probeer het over {minutes} minuten opnieuw."
                    ),
                    format!(
                        "Too many wrong passwords for this account. Try again in {minutes} minutes."
                    ),
                )
            }
            WorkspaceError::Csrf => m(
                "Het verzoek mist de header X-CSRF-Token van je sessie.",
                "The request lacks your session's X-CSRF-Token header.",
            ),
            WorkspaceError::AdminOnly => m(
                "Alleen een beheerder van je organisatie mag dit.",
                "Only an admin of your organisation may do this.",
            ),
            WorkspaceError::NotFound {
                what: "share link", ..
            } => m(
                "Deze link naar een plan bestaat niet (meer): hij is ingetrokken of verlopen.",
                "This link to a plan does not exist (any more): it was revoked or has expired.",
            ),
            WorkspaceError::NotFound { what, id } => {
                let nl_what = match *what {
                    "client" => "cliënt",
                    "user" => "gebruiker",
                    other => other,
                };
                lang.pick(
                    format!("Geen {nl_what} met id \"{id}\"."),
                    format!("No {what} with id \"{id}\"."),
                )
            }
            WorkspaceError::UserExists(email) => lang.pick(
                format!("Er is al een gebruiker met e-mailadres {email}."),
                format!("A user with e-mail address {email} already exists."),
            ),
            WorkspaceError::LastAdmin => m(
                "Dit is de laatste beheerder van je organisatie. Voeg eerst een andere beheerder toe; daarna kan deze weg.",
                "This is your organisation's last admin. Add another admin first; then this one can go.",
            ),
            WorkspaceError::LastAdminRole => m(
                "Dit is de laatste beheerder van je organisatie en blijft dus beheerder. Maak eerst iemand anders beheerder; daarna kan deze adviseur worden.",
                "This is your organisation's last admin, so they stay admin. Make someone else admin first; then this one can become a counsellor.",
            ),
            WorkspaceError::Full => lang.pick(
                format!(
                    "Je organisatie heeft al {} cliënten, het hoogste aantal.",
                    super::MAX_CLIENTS_PER_ORG
                ),
                format!(
                    "Your organisation already has {} clients, the most it may hold.",
                    super::MAX_CLIENTS_PER_ORG
                ),
            ),
            WorkspaceError::PlanLimit => lang.pick(
                format!(
                    "Deze cliënt heeft al {} plannen, het hoogste aantal; verwijder er eerst een.",
                    super::MAX_PLANS_PER_CLIENT
                ),
                format!(
                    "This client already has {} plans, the most one may have; delete one first.",
                    super::MAX_PLANS_PER_CLIENT
                ),
            ),
            WorkspaceError::Busy => m(
                "De server is nu te druk; probeer het zo nog eens.",
                "The server is busy; try again in a moment.",
            ),
            WorkspaceError::NoWorkspace => m(
                "Deze server heeft geen werkplek voor adviseurs.",
                "This server has no counsellor workspace.",
            ),
            WorkspaceError::IntakesLimited { retry_after_secs } => lang.pick(
                format!(
                    "Er komen nu veel aanvragen binnen; er is niets verstuurd. Probeer het over {retry_after_secs} seconden opnieuw."
                ),
                format!(
                    "Many requests are coming in now; nothing was sent. Try again in {retry_after_secs} seconds."
                ),
            ),
            WorkspaceError::IntakesWaiting => m(
                "Er wachten nu te veel aanvragen op een adviseur; er is niets verstuurd. Neem contact op via de link of het telefoonnummer hierboven.",
                "Too many requests are waiting for an adviser now; nothing was sent. Get in touch through the link or phone number above.",
            ),
            WorkspaceError::Store(_) | WorkspaceError::Internal(_) => m(
                "Er ging iets mis bij het opslaan; probeer het opnieuw.",
                "Something went wrong storing the data; please try again.",
            ),
        }
    }

    /// The bad fields, in `lang`.
    pub fn field_errors(&self, lang: Lang) -> Vec<FieldError> {
        match self {
            WorkspaceError::Fields(fields) => fields
                .iter()
                .map(|p| FieldError::new(p.field.clone(), p.code, p.msg.get(lang)))
                .collect(),
            // The page marks the address as the field to change.
            WorkspaceError::UserExists(_) => vec![FieldError::new(
                "email",
                ErrorCode::InvalidValue,
                self.text(lang),
            )],
            _ => Vec::new(),
        }
    }
}
