//! What the server serves from: one [`Services`] (catalogue with its index), swapped whole on
//! reload.

use std::sync::{Arc, Mutex, RwLock};

use crate::config::Config;
use crate::services::{LoadError, Services};
use crate::workspace::Workspace;

use super::jobs::Jobs;
use super::metrics::Metrics;

/// A reload was refused: the new data cannot be loaded, or another reload is running.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("a reload is already running")]
    Busy,
}

/// Shared by all requests: the current services, metrics and settings.
pub struct AppState {
    current: RwLock<Arc<Services>>,
    /// One reload at a time.
    reloading: Mutex<()>,
    pub metrics: Metrics,
    /// The bounded pool that runs requests' CPU work (`server.max_blocking_jobs` places).
    pub jobs: Jobs,
    /// Where reloads load from, and the admin token.
    pub config: Config,
    /// The counsellor workspace over its store; `None` serves the job seeker part only.
    pub workspace: Option<Arc<Workspace>>,
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
        AppState {
            current: RwLock::new(services),
            reloading: Mutex::new(()),
            metrics,
            jobs,
            config,
            workspace: None,
        }
    }

    /// The same state with the counsellor workspace.
    pub fn with_workspace(mut self, workspace: Arc<Workspace>) -> AppState {
        self.workspace = Some(workspace);
        self
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

    fn reload_locked(&self) -> Result<usize, ReloadError> {
        let services = Services::load(&self.config)?;
        let documents = services.index.reader.searcher().num_docs() as usize;
        let mut guard = self.current.write().unwrap_or_else(|p| p.into_inner());
        *guard = Arc::new(services);
        Ok(documents)
    }
}
