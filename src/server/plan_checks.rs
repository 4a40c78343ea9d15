//! Change alerts, the server's part: every saved plan compared with the catalogue that serves
//! ([`Workspace::check_plans`]), at start, once a day and after every successful reload. The
//! work runs on one thread of its own, never on a request's path: a request never waits for
//! it, and a reload that comes while a comparison runs asks for one more run with the newest
//! catalogue when this one ends (so at most one runs and one waits).

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::services::Services;
use crate::workspace::Workspace;

/// The comparisons asked for and done.
#[derive(Default)]
pub struct PlanChecks {
    inner: Mutex<Inner>,
    finished: Condvar,
}

#[derive(Default)]
struct Inner {
    /// The catalogue to compare with next, when a comparison was asked for.
    pending: Option<Arc<Services>>,
    running: bool,
    /// Comparisons finished since start.
    runs: u64,
}

impl PlanChecks {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Asks for a comparison with `services`; starts the thread unless one runs.
    pub fn request(self: &Arc<Self>, workspace: Arc<Workspace>, services: Arc<Services>) {
        let mut inner = self.lock();
        inner.pending = Some(services);
        if inner.running {
            return;
        }
        inner.running = true;
        drop(inner);
        let me = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("plan-checks".to_owned())
            .spawn(move || me.run(&workspace));
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "cannot start comparing saved plans");
            self.lock().running = false;
        }
    }

    fn run(&self, workspace: &Workspace) {
        loop {
            let services = {
                let mut inner = self.lock();
                match inner.pending.take() {
                    Some(s) => s,
                    None => {
                        inner.running = false;
                        return;
                    }
                }
            };
            let started = Instant::now();
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                workspace.check_plans(&services.matcher(), time::OffsetDateTime::now_utc())
            }));
            let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            // Counts only: which plans changed is the counsellors' to read, not the log's.
            match checked {
                Ok(Ok(s)) if s.claimed_elsewhere => tracing::info!(
                    "another instance compares saved plans with this catalogue today; skipped"
                ),
                Ok(Ok(s)) => tracing::info!(
                    compared = s.compared,
                    skipped = s.skipped,
                    changes_added = s.added,
                    millis,
                    "saved plans compared with the catalogue"
                ),
                Ok(Err(e)) => tracing::warn!(error = %e, "comparing saved plans failed"),
                Err(_) => tracing::error!("comparing saved plans panicked"),
            }
            self.lock().runs += 1;
            self.finished.notify_all();
        }
    }

    /// How many comparisons have finished since start.
    pub fn finished(&self) -> u64 {
        self.lock().runs
    }

    /// Waits until at least `runs` comparisons have finished, at most `timeout`; answers how
    /// many have (for tests and tools, never for a request).
    pub fn wait_for(&self, runs: u64, timeout: Duration) -> u64 {
        let inner = self.lock();
        let (inner, _) = self
            .finished
            .wait_timeout_while(inner, timeout, |i| i.runs < runs)
            .unwrap_or_else(|p| p.into_inner());
        inner.runs
    }
}
