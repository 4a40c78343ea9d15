//! Anonymous insight for job centres (issue 12 §6; docs/embed.md "What you learn").
//!
//! A search or a match made for a tenant (its embed sends `tenant=ID`; a call with its API key
//! counts for the key's tenant) is counted here, in memory, per tenant and ISO week: searches,
//! matches, searched job words (stems of padvinder's analysis that the catalogue's titles hold,
//! so no other text a person types is ever kept), the route targets shown (function ids) and the
//! municipality of the profile's postcode (PC4 → municipality; the postcode is not kept). No
//! address, profile, cookie or query text is counted.
//!
//! Counting takes a lock for a few map updates and never fails: a search is never slowed or
//! refused for it. Memory is bounded: at most [`MAX_VALUES`] distinct values per tenant, week
//! and kind wait for the store; a value beyond that is not counted (the week's searches and
//! matches still are) until the next flush empties memory. Every [`FLUSH_INTERVAL`] and at
//! shutdown the counts are added to the store ([`crate::store::Store::add_insight`]); a flush
//! that fails puts them back for the next one. A crash loses the counts of at most one interval.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::state::AppState;
use crate::store::{InsightCount, InsightKind, IsoWeek, Store, StoreError};

/// How often the counts in memory are added to the store.
pub const FLUSH_INTERVAL: Duration = Duration::from_secs(60);
/// Distinct values per tenant, week and kind held in memory between flushes.
pub const MAX_VALUES: usize = 2000;

/// One tenant's week, waiting for the store.
#[derive(Debug, Default)]
struct Week {
    counts: HashMap<(InsightKind, String), u64>,
    /// Distinct values per kind (`InsightKind as usize`).
    distinct: [usize; 5],
}

impl Week {
    fn add(&mut self, kind: InsightKind, value: &str, n: u64) {
        if let Some(count) = self.counts.get_mut(&(kind, value.to_owned())) {
            *count = count.saturating_add(n);
            return;
        }
        let distinct = &mut self.distinct[kind as usize];
        if *distinct >= MAX_VALUES {
            return;
        }
        *distinct += 1;
        self.counts.insert((kind, value.to_owned()), n);
    }
}

/// The counts of this instance not yet in the store.
#[derive(Debug, Default)]
pub struct Insight {
    pending: Mutex<HashMap<(String, IsoWeek), Week>>,
}

impl Insight {
    fn with_week(&self, tenant: &str, week: IsoWeek, work: impl FnOnce(&mut Week)) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        work(pending.entry((tenant.to_owned(), week)).or_default());
    }

    /// Counts a search for `tenant` with the job words (stems) it searched.
    pub fn searched(&self, tenant: &str, week: IsoWeek, words: &[String]) {
        self.with_week(tenant, week, |w| {
            w.add(InsightKind::Searches, "", 1);
            for word in words {
                w.add(InsightKind::Word, word, 1);
            }
        });
    }

    /// Counts a match for `tenant`: the route targets shown (function ids) and the
    /// municipality of the profile's postcode.
    pub fn matched(
        &self,
        tenant: &str,
        week: IsoWeek,
        targets: &[String],
        municipality: Option<&str>,
    ) {
        self.with_week(tenant, week, |w| {
            w.add(InsightKind::Matches, "", 1);
            for target in targets {
                w.add(InsightKind::Route, target, 1);
            }
            if let Some(code) = municipality {
                w.add(InsightKind::Municipality, code, 1);
            }
        });
    }

    /// Takes every count out of memory.
    fn take(&self) -> Vec<InsightCount> {
        let taken = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()));
        taken
            .into_iter()
            .flat_map(|((tenant, week), w)| {
                w.counts
                    .into_iter()
                    .map(move |((kind, value), count)| InsightCount {
                        tenant: tenant.clone(),
                        week,
                        kind,
                        value,
                        count,
                    })
            })
            .collect()
    }

    /// Puts counts back (a flush failed): added to what was counted meanwhile, within the cap.
    fn put_back(&self, counts: Vec<InsightCount>) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        for c in counts {
            pending
                .entry((c.tenant, c.week))
                .or_default()
                .add(c.kind, &c.value, c.count);
        }
    }

    /// The counts in memory of `tenant` from `from` to `to`.
    #[cfg(test)]
    fn pending(&self, tenant: &str, from: IsoWeek, to: IsoWeek) -> Vec<InsightCount> {
        let pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending
            .iter()
            .filter(|((t, week), _)| t == tenant && (from..=to).contains(week))
            .flat_map(|((t, week), w)| {
                w.counts.iter().map(|((kind, value), count)| InsightCount {
                    tenant: t.clone(),
                    week: *week,
                    kind: *kind,
                    value: value.clone(),
                    count: *count,
                })
            })
            .collect()
    }

    /// Adds the counts in memory to the store; on failure they stay for the next flush.
    /// Blocking: call off the async threads. Answers how many counters were written.
    pub fn flush(&self, store: &dyn Store) -> Result<usize, StoreError> {
        let counts = self.take();
        match store.add_insight(&counts) {
            Ok(()) => Ok(counts.len()),
            Err(e) => {
                self.put_back(counts);
                Err(e)
            }
        }
    }
}

/// Flushes the state's counts to the workspace store, off the async threads; logs a failure.
pub async fn flush(state: &Arc<AppState>) {
    let Some(workspace) = state.workspace.clone() else {
        return;
    };
    let state = Arc::clone(state);
    let flushed = tokio::task::spawn_blocking(move || state.insight.flush(workspace.store())).await;
    match flushed {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "insight counts not stored; kept for the next try")
        }
        Err(e) => tracing::warn!(error = %e, "insight flush failed"),
    }
}

/// Flushes every [`FLUSH_INTERVAL`], for as long as the server runs.
pub async fn flush_periodically(state: Arc<AppState>) {
    let mut every = tokio::time::interval(FLUSH_INTERVAL);
    every.tick().await;
    loop {
        every.tick().await;
        flush(&state).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(text: &str) -> IsoWeek {
        IsoWeek::parse(text).expect("week")
    }

    #[test]
    fn memory_holds_at_most_max_values_per_kind_and_still_counts_totals() {
        let insight = Insight::default();
        let w = week("2026-W10");
        for i in 0..MAX_VALUES + 50 {
            insight.searched("t", w, &[format!("w{i}")]);
        }
        insight.searched("t", w, &["w0".to_owned()]);
        let counts = insight.pending("t", w, w);
        let words = counts
            .iter()
            .filter(|c| c.kind == InsightKind::Word)
            .count();
        assert_eq!(words, MAX_VALUES);
        let searches = counts
            .iter()
            .find(|c| c.kind == InsightKind::Searches)
            .map(|c| c.count);
        assert_eq!(searches, Some(MAX_VALUES as u64 + 51));
        // A value already held keeps counting beyond the cap.
        let w0 = counts.iter().find(|c| c.value == "w0").map(|c| c.count);
        assert_eq!(w0, Some(2));
    }

    #[test]
    fn a_failed_flush_keeps_the_counts() {
        let insight = Insight::default();
        let w = week("2026-W10");
        insight.matched("t", w, &["monteur".to_owned()], Some("GM0599"));
        let taken = insight.take();
        assert_eq!(taken.len(), 3);
        insight.matched("t", w, &[], None);
        insight.put_back(taken);
        let matches = insight
            .pending("t", w, w)
            .into_iter()
            .find(|c| c.kind == InsightKind::Matches)
            .map(|c| c.count);
        assert_eq!(matches, Some(2));
    }
}
