//! Stopping work that nobody waits for any more.
//!
//! The server runs a request's search, match or suggest on a blocking thread inside [`run`] with
//! a [`Flag`]; when the request times out or its client goes away, the server raises the flag,
//! and the loops of search, matching, suggest and the resolver stop at their next
//! [`requested`] check. What a stopped job returns is incomplete, and nobody reads it: the
//! request it was for has already been answered or abandoned. Outside [`run`] (the CLI, tests,
//! benches) [`requested`] is always false, so the library's results never change.
//!
//! A thread-local rather than a parameter: the checks sit deep in loops of several layers, and
//! a flag passed through every signature would change each of them for what only the server
//! needs.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Raised by whoever gave up waiting for the work; read by the work's loops.
#[derive(Debug, Default)]
pub struct Flag {
    raised: AtomicBool,
    /// A loop saw the raised flag and stopped early.
    noticed: AtomicBool,
}

impl Flag {
    /// Asks the work to stop at its next check.
    pub fn raise(&self) {
        self.raised.store(true, Ordering::Relaxed);
    }

    /// Whether the flag was raised.
    pub fn is_raised(&self) -> bool {
        self.raised.load(Ordering::Relaxed)
    }

    /// Whether the work saw the raised flag at one of its checks (and so stopped early).
    pub fn was_noticed(&self) -> bool {
        self.noticed.load(Ordering::Relaxed)
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Flag>>> = const { RefCell::new(None) };
}

/// Runs `work` on this thread with `flag` as the flag its checks read.
pub fn run<T>(flag: Arc<Flag>, work: impl FnOnce() -> T) -> T {
    /// Restores the thread's previous flag even when `work` panics.
    struct Restore(Option<Arc<Flag>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = previous);
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.borrow_mut().replace(flag)));
    work()
}

/// Whether the work running on this thread should stop now. Cheap (a thread-local read and an
/// atomic load): call it once per round of a loop whose rounds can add up.
pub fn requested() -> bool {
    CURRENT.with(|c| {
        c.borrow().as_ref().is_some_and(|flag| {
            let raised = flag.is_raised();
            if raised {
                flag.noticed.store(true, Ordering::Relaxed);
            }
            raised
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_work_run_with_a_raised_flag_is_asked_to_stop() {
        assert!(!requested(), "outside run: never");
        let flag = Arc::new(Flag::default());
        assert!(!run(Arc::clone(&flag), requested));
        assert!(!flag.was_noticed());
        flag.raise();
        assert!(run(Arc::clone(&flag), requested));
        assert!(flag.was_noticed());
        assert!(!requested(), "the flag is gone when run returns");
    }

    #[test]
    fn a_panicking_job_leaves_no_flag_behind() {
        let flag = Arc::new(Flag::default());
        flag.raise();
        let panicked = std::panic::catch_unwind(|| run(flag, || panic!("boom")));
        assert!(panicked.is_err());
        assert!(!requested());
    }
}
