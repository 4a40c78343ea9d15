//! The bounded pool for requests' CPU work (search, suggest, match): at most
//! `server.max_blocking_jobs` jobs at once, running or waiting for a core. A request that finds
//! the pool full is answered 503 with `Retry-After` at once instead of queueing without end; a
//! request that times out or whose client goes away raises its job's [`cancel::Flag`], so the
//! job's loops stop and free their place (and the cores) instead of running to the end for
//! nobody.

use std::sync::Arc;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::base::cancel;

/// Why a job did not give an answer.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Every place in the pool is taken.
    #[error("the server is busy")]
    Busy,
    /// The job panicked.
    #[error("the job failed: {0}")]
    Failed(String),
}

/// The pool: places to take, and the metrics that show them.
pub struct Jobs {
    places: Arc<Semaphore>,
    /// Jobs holding a place: running, or stopping after their request gave up.
    in_flight: Gauge,
    /// Jobs that stopped early because their request timed out or its client went away.
    stopped: Counter,
}

/// A place in the pool, held by a job until its work has ended (not when its request ends).
struct Place {
    _permit: OwnedSemaphorePermit,
    in_flight: Gauge,
}

impl Drop for Place {
    fn drop(&mut self) {
        self.in_flight.dec();
    }
}

/// Raises the flag when the request's future is dropped: at the time limit, or when the
/// connection closes. Raising it after the job has ended changes nothing.
struct RaiseOnDrop(Arc<cancel::Flag>);

impl Drop for RaiseOnDrop {
    fn drop(&mut self) {
        self.0.raise();
    }
}

impl Jobs {
    /// A pool of `places` jobs at once, counted in `in_flight` and `stopped`.
    pub fn new(places: usize, in_flight: Gauge, stopped: Counter) -> Jobs {
        Jobs {
            places: Arc::new(Semaphore::new(places)),
            in_flight,
            stopped,
        }
    }

    /// Runs `work` on tokio's blocking threads when a place is free, else [`JobError::Busy`] at
    /// once. Dropping the returned future asks the work to stop ([`cancel::requested`]).
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, JobError> {
        let permit = Arc::clone(&self.places)
            .try_acquire_owned()
            .map_err(|_| JobError::Busy)?;
        self.in_flight.inc();
        let place = Place {
            _permit: permit,
            in_flight: self.in_flight.clone(),
        };
        let flag = Arc::new(cancel::Flag::default());
        let _raise = RaiseOnDrop(Arc::clone(&flag));
        let stopped = self.stopped.clone();
        let job = tokio::task::spawn_blocking(move || {
            let _place = place;
            // A job whose request gave up before a thread took it does not start at all.
            let result = (!flag.is_raised()).then(|| cancel::run(Arc::clone(&flag), work));
            if result.is_none() || flag.was_noticed() {
                stopped.inc();
            }
            result
        });
        match job.await {
            Ok(Some(result)) => Ok(result),
            // Only a raised flag skips the work, and only dropping this future raises it.
            Ok(None) => Err(JobError::Failed("stopped".to_owned())),
            Err(e) => Err(JobError::Failed(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn jobs(places: usize) -> (Jobs, Gauge, Counter) {
        let (gauge, counter) = (Gauge::default(), Counter::default());
        (
            Jobs::new(places, gauge.clone(), counter.clone()),
            gauge,
            counter,
        )
    }

    #[tokio::test]
    async fn a_full_pool_refuses_at_once_and_admits_again_when_a_place_frees() {
        let (jobs, in_flight, _) = jobs(1);
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let held = jobs.run(move || wait.recv().is_ok());
        tokio::pin!(held);
        // Start the first job, then ask for a second place while it runs.
        assert!(
            tokio::time::timeout(Duration::from_millis(50), &mut held)
                .await
                .is_err()
        );
        assert_eq!(in_flight.get(), 1);
        assert!(matches!(jobs.run(|| 1).await, Err(JobError::Busy)));
        release.send(()).expect("send");
        assert!(held.await.expect("first job"));
        assert_eq!(jobs.run(|| 2).await.expect("a place again"), 2);
        assert_eq!(in_flight.get(), 0);
    }

    #[tokio::test]
    async fn a_dropped_request_stops_its_job() {
        let (jobs, in_flight, stopped) = jobs(2);
        // Work that only ends when asked to stop: without the flag it would spin for ever.
        let spin = || while !cancel::requested() {};
        let timed_out = tokio::time::timeout(Duration::from_millis(20), jobs.run(spin)).await;
        assert!(timed_out.is_err());
        for _ in 0..500 {
            if in_flight.get() == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(in_flight.get(), 0, "the job ended");
        assert_eq!(stopped.get(), 1, "it stopped early");
    }
}
