//! The counsellor workspace: accounts, sessions, clients with their consent, erasure, export,
//! retention and the audit log, over a [`Store`]. The HTTP handlers and the `users`/`store`
//! commands call this; it never sees HTTP or sled.
//!
//! Every operation on clients takes the caller's [`Session`] and works in the session's
//! organisation only; the store keys every record by organisation as well. The clock is the
//! caller's (`now`), so expiry, rate limits and retention are tested with injected times.

mod accounts;
mod audit;
mod changes;
mod clients;
pub mod control;
mod error;
mod intake;
mod password;
mod plans;
mod users;

use std::sync::Arc;

use time::OffsetDateTime;

use crate::store::{AuditAction, AuditEntry, ClientId, Email, OrgId, Session, Store};

pub use accounts::{
    FAILURE_WINDOW, LoggedIn, LoginInput, MAX_FAILURES, MAX_ORG_NAME, NewUser, PASSWORD_CHARS,
    SESSION_IDLE,
};
pub use audit::{AuditLine, AuditLines, FOLD_GAP};
pub use changes::{ChangeView, CheckSummary, MAX_CHANGES, PlanChanges, PlanChangesOf};
pub use clients::{
    CaseloadFilter, CaseloadRow, ClientExport, ClientInput, ClientPatchInput, ClientView,
    ConsentInput, MAX_CLIENTS_PER_ORG, SortBy,
};
pub use error::{FieldProblem, Msg, WorkspaceError};
pub use intake::{
    INTAKE_CONSENT_VERSION, IntakeInput, IntakeReceipt, IntakeRequest, MAX_WAITING_INTAKES,
    consent_text,
};
pub use plans::{
    CompareFor, CompareInput, CompareRequest, MAX_PLANS_PER_CLIENT, NoteInput, PlanInput,
    PlanPatchInput, PlanRequest, PlanSummary, PlanView, SHARE_DAYS, ShareAnswer, ShareInput,
    ShareStatus, SharedPlan, SnapshotView, compare_request, compare_routes, shared_api_url,
    shared_url,
};
pub use users::{RoleInput, UserInput, UserView};

/// The workspace over one store.
pub struct Workspace {
    store: Arc<dyn Store>,
    retention_months: u16,
    /// Names this workspace (this instance) when it claims a change check in the store.
    instance: String,
}

impl Workspace {
    /// The workspace over `store`, erasing clients after `retention_months` without activity.
    pub fn new(store: Arc<dyn Store>, retention_months: u16) -> Workspace {
        Workspace {
            store,
            retention_months,
            instance: random_hex::<8>().unwrap_or_else(|_| format!("pid-{}", std::process::id())),
        }
    }

    /// The store under the workspace (for backup and check).
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The store under the workspace, shared (another workspace over the same store).
    pub fn store_arc(&self) -> Arc<dyn Store> {
        Arc::clone(&self.store)
    }

    fn audit(
        &self,
        org: &OrgId,
        now: OffsetDateTime,
        actor: Option<&Email>,
        action: AuditAction,
        client: Option<&ClientId>,
        user: Option<&Email>,
    ) -> Result<(), WorkspaceError> {
        let entry = AuditEntry {
            at: now,
            actor: actor.cloned(),
            action,
            client: client.cloned(),
            user: user.cloned(),
            plan: None,
        };
        Ok(self.store.append_audit(org, &entry)?)
    }

    /// Audits what the session's user did to one of their organisation's clients.
    fn audit_client(
        &self,
        session: &Session,
        now: OffsetDateTime,
        action: AuditAction,
        client: &ClientId,
    ) -> Result<(), WorkspaceError> {
        let actor = Some(&session.email);
        self.audit(&session.org, now, actor, action, Some(client), None)
    }
}

/// `count` random bytes as lowercase hex, from the operating system's generator.
fn random_hex<const N: usize>() -> Result<String, WorkspaceError> {
    Ok(crate::store::records::hex(&random_bytes::<N>()?))
}

fn random_bytes<const N: usize>() -> Result<[u8; N], WorkspaceError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| WorkspaceError::Internal(e.to_string()))?;
    Ok(bytes)
}
