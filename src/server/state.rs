//! What the server serves from: one [`Services`] (catalogue with its index), swapped whole on
//! reload.

use std::sync::{Arc, Mutex, RwLock};

use crate::config::{Config, Tenants};
use crate::services::{self, LoadError, Services};
use crate::workspace::Workspace;

use super::insight::Insight;
use super::jobs::Jobs;
use super::metrics::Metrics;
use super::plan_checks::PlanChecks;
use super::rate_limit::RateLimiter;

/// A reload was refused: the new data cannot be loaded, or another reload is running.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("a reload is already running")]
    Busy,
}

/// The last reload that was refused, while no later one succeeded: the server serves an older
/// catalogue than its data folder holds.
#[derive(Debug, Clone)]
pub struct ReloadFailure {
    pub at: time::OffsetDateTime,
    /// One line: what was wrong, with the first problem's file and line.
    pub reason: String,
}

/// One line saying why a reload was refused: the number of problems and the first with its file
/// and line, or the load error's first line.
pub fn refusal_reason(e: &LoadError) -> String {
    match e {
        LoadError::Invalid { problems, .. } => match problems.first() {
            Some(first) => format!(
                "the new catalogue has {} problem(s); the first: {first}",
                problems.len()
            ),
            None => "the new catalogue has problems".to_owned(),
        },
        other => other
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}

/// Shared by all requests: the current services, metrics and settings.
pub struct AppState {
    current: RwLock<Arc<Services>>,
    /// The tenants, regions resolved against the current services' geo data; swapped with them.
    tenants: RwLock<Arc<Tenants>>,
    /// One reload at a time.
    reloading: Mutex<()>,
    /// Set when a reload is refused, cleared when one succeeds.
    last_failure: Mutex<Option<ReloadFailure>>,
    pub metrics: Metrics,
    /// The bounded pool that runs requests' CPU work (`server.max_blocking_jobs` places).
    pub jobs: Jobs,
    /// The pool that checks passwords (`server.max_login_jobs` places): Argon2id is costly on
    /// purpose, so logins have a small pool of their own and cannot take the search pool's.
    pub logins: Jobs,
    /// Requests per tenant key and per client address ([`super::access`]).
    pub limiter: RateLimiter,
    /// Where reloads load from, and the admin token.
    pub config: Config,
    /// The counsellor workspace over its store; `None` serves the job seeker part only.
    pub workspace: Option<Arc<Workspace>>,
    /// Comparing saved plans with the catalogue (change alerts), off the request path.
    pub plan_checks: Arc<PlanChecks>,
    /// Job centres' insight counts not yet in the store ([`super::insight`]).
    pub insight: Insight,
}

impl AppState {
    /// State around already loaded services (an `Arc`, so tests can share one set read-only).
    pub fn new(services: Arc<Services>, config: Config) -> AppState {
        let metrics = Metrics::default();
        let jobs = Jobs::new(
            config.server.max_blocking_jobs,
            metrics.blocking_jobs.clone(),
            metrics.blocking_jobs_stopped.clone(),
        );
        let logins = Jobs::new(
            config.server.max_login_jobs,
            metrics.login_jobs.clone(),
            metrics.login_jobs_stopped.clone(),
        );
        metrics.catalogue_loaded(services.catalogue.content_hash());
        AppState {
            current: RwLock::new(services),
            tenants: RwLock::new(Arc::new(Tenants::default())),
            reloading: Mutex::new(()),
            last_failure: Mutex::new(None),
            metrics,
            jobs,
            logins,
            limiter: RateLimiter::default(),
            config,
            workspace: None,
            plan_checks: Arc::default(),
            insight: Insight::default(),
        }
    }

    /// The same state with the counsellor workspace.
    pub fn with_workspace(mut self, workspace: Arc<Workspace>) -> AppState {
        self.workspace = Some(workspace);
        self
    }

    /// The same state serving these tenants (checked with [`services::tenants_in`]).
    pub fn with_tenants(self, tenants: Tenants) -> AppState {
        *self.tenants.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(tenants);
        self
    }

    /// Compares every saved plan with the catalogue serving now, on a thread of its own
    /// ([`PlanChecks`]); returns at once. Nothing to do without a workspace.
    pub fn check_plans(&self) {
        if let Some(ws) = &self.workspace {
            self.plan_checks.request(Arc::clone(ws), self.current());
        }
    }

    /// The tenants as of now.
    pub fn tenants(&self) -> Arc<Tenants> {
        match self.tenants.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The services to answer this request from; they stay valid for the whole request even
    /// when a reload swaps in new ones meanwhile.
    pub fn current(&self) -> Arc<Services> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// When set, `POST /api/v1/admin/reload` accepts `Authorization: Bearer <token>`.
    pub fn admin_token(&self) -> Option<&str> {
        self.config.server.admin_token.as_deref()
    }

    /// Validates and loads the data again, building the new index beside the old one, and
    /// swaps it in. On any problem the old services keep serving. Blocking: call off the async
    /// threads.
    pub fn reload(&self) -> Result<usize, ReloadError> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|p| p.into_inner());
        self.reload_locked()
    }

    /// Like [`AppState::reload`], but refuses with [`ReloadError::Busy`] when a reload is
    /// already running instead of queueing behind it (for HTTP: answer 429 at once).
    pub fn try_reload(&self) -> Result<usize, ReloadError> {
        let _one_at_a_time = match self.reloading.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return Err(ReloadError::Busy),
        };
        self.reload_locked()
    }

    /// The last refused reload, while no later one succeeded.
    pub fn last_failure(&self) -> Option<ReloadFailure> {
        self.last_failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The data and the config file's tenants, read again; the tenants' regions are checked
    /// against the new data.
    fn load_again(&self) -> Result<(Services, Tenants), LoadError> {
        let written = self
            .config
            .reread_tenants()
            .map_err(|e| LoadError::Config(e.to_string()))?;
        let services = Services::load(&self.config)?;
        let tenants = services::tenants_in(&services.geo, &written)?;
        Ok((services, tenants))
    }

    /// Nothing is swapped unless both the data and the tenants are valid.
    fn reload_locked(&self) -> Result<usize, ReloadError> {
        let loaded = self.load_again();
        let mut last_failure = self.last_failure.lock().unwrap_or_else(|p| p.into_inner());
        let (services, tenants) = match loaded {
            Ok(loaded) => loaded,
            Err(e) => {
                *last_failure = Some(ReloadFailure {
                    at: time::OffsetDateTime::now_utc(),
                    reason: refusal_reason(&e),
                });
                self.metrics.reload_failed();
                return Err(e.into());
            }
        };
        *last_failure = None;
        self.metrics
            .catalogue_loaded(services.catalogue.content_hash());
        self.metrics.reload_succeeded();
        let documents = services.index.reader.searcher().num_docs() as usize;
        {
            let mut guard = self.current.write().unwrap_or_else(|p| p.into_inner());
            let mut tenants_guard = self.tenants.write().unwrap_or_else(|p| p.into_inner());
            *guard = Arc::new(services);
            *tenants_guard = Arc::new(tenants);
        }
        // Saved plans learn what changed; the reload does not wait for it.
        self.check_plans();
        Ok(documents)
    }
}
