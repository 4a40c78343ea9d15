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
//!
//! `GET /api/v1/insight` ([`insight`]) answers a tenant (by its key, or a workspace admin of the
//! organisation it names) its weeks: stored counts
//! plus this instance's unflushed ones, each value shown only when counted at least
//! `insight.min_count` times in a week (k-anonymity).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};

use super::access::KeyTenant;
use super::problem::{ErrorCode, FieldError, Problem};
use super::state::AppState;
use crate::catalog::Catalogue;
use crate::messages::{Lang, api};
use crate::store::{InsightCount, InsightKind, IsoWeek, Store, StoreError, WeekError};

/// How often the counts in memory are added to the store.
pub const FLUSH_INTERVAL: Duration = Duration::from_secs(60);
/// Distinct values per tenant, week and kind held in memory between flushes.
pub const MAX_VALUES: usize = 2000;
/// The most weeks one `GET /api/v1/insight` covers: a year and a week.
pub const MAX_WEEKS: usize = 53;
/// The most values of each list an answer shows.
pub const TOP: usize = 25;
/// Weeks shown when `from` is not given: `to` and the seven before it.
const DEFAULT_WEEKS: usize = 8;

/// One tenant's week, waiting for the store: per kind (`InsightKind as usize`), value → count.
#[derive(Debug, Default)]
struct Week {
    counts: [HashMap<String, u64>; 5],
}

impl Week {
    fn add(&mut self, kind: InsightKind, value: &str, n: u64) {
        let values = &mut self.counts[kind as usize];
        if let Some(count) = values.get_mut(value) {
            *count = count.saturating_add(n);
        } else if values.len() < MAX_VALUES {
            values.insert(value.to_owned(), n);
        }
    }

    /// Every count, with its kind.
    fn iter(&self) -> impl Iterator<Item = (InsightKind, &String, u64)> {
        InsightKind::ALL.into_iter().flat_map(move |kind| {
            self.counts[kind as usize]
                .iter()
                .map(move |(value, &n)| (kind, value, n))
        })
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
                w.iter()
                    .map(|(kind, value, count)| InsightCount {
                        tenant: tenant.clone(),
                        week,
                        kind,
                        value: value.clone(),
                        count,
                    })
                    .collect::<Vec<_>>()
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
    fn pending(&self, tenant: &str, from: IsoWeek, to: IsoWeek) -> Vec<InsightCount> {
        let pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending
            .iter()
            .filter(|((t, week), _)| t == tenant && (from..=to).contains(week))
            .flat_map(|((t, week), w)| {
                w.iter().map(|(kind, value, count)| InsightCount {
                    tenant: t.clone(),
                    week: *week,
                    kind,
                    value: value.clone(),
                    count,
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

/// The query string of `GET /api/v1/insight`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct InsightParams {
    /// The first week, as `YYYY-Www` (ISO 8601, e.g. `2026-W05`); default: 7 weeks before `to`.
    pub from: Option<String>,
    /// The last week, as `YYYY-Www`; default: this week. At most 53 weeks from `from`.
    pub to: Option<String>,
    /// The language of error texts: `nl` or `en`; without it the `Accept-Language` header's
    /// choice of the two, else Dutch.
    #[schemars(with = "Option<crate::messages::Lang>")]
    pub lang: Option<String>,
}

/// A tenant's insight for a range of weeks.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct InsightAnswer {
    /// The tenant answered: the key's, or the one naming the logged-in admin's organisation.
    pub tenant: String,
    /// The first week, `YYYY-Www`.
    pub from: String,
    /// The last week, `YYYY-Www`.
    pub to: String,
    /// A value counted fewer times than this in a week is not counted in the lists below
    /// (`insight.min_count`, k-anonymity).
    pub min_count: u32,
    /// Every week of the range, oldest first, with its searches and matches.
    pub weeks: Vec<InsightWeek>,
    /// The most searched job words (padvinder's stems of words in the catalogue's titles).
    pub words: Vec<Counted>,
    /// The route targets (functions) most often shown.
    pub routes: Vec<Counted>,
    /// The municipalities of the postcodes people matched with.
    pub municipalities: Vec<Counted>,
}

/// One week's totals.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct InsightWeek {
    /// `YYYY-Www`.
    pub week: String,
    /// Searches (first pages of results: the app searches as the person types, so one
    /// person's question may count a few times).
    pub searches: u64,
    /// Route matches.
    pub matches: u64,
}

/// A value with its count over the range: the sum of the weeks in which it was counted at least
/// `min_count` times.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Counted {
    /// The word stem, function id or municipality code (CBS, `GM0599`).
    pub value: String,
    /// What a person reads: the shortest job-title word with that stem, the function's title,
    /// the municipality's name.
    pub label: String,
    /// Times counted in the weeks it reached `min_count`.
    pub count: u64,
}

/// The weeks asked for: `from` and `to` read, checked and defaulted (to: this week).
fn asked_weeks(
    q: &InsightParams,
    lang: Lang,
    this_week: IsoWeek,
) -> Result<(IsoWeek, IsoWeek), Problem> {
    let week = |field: &str, value: &Option<String>| -> Result<Option<IsoWeek>, Problem> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => IsoWeek::parse(v).map(Some).map_err(|e| {
                let v = super::problem::shown(v);
                Problem::bad_field(
                    field,
                    match e {
                        WeekError::NotAWeek => api::not_a_week(lang, &v),
                        WeekError::NoSuchWeek { year, weeks } => {
                            api::no_such_week(lang, &v, year, weeks)
                        }
                    },
                )
            }),
        }
    };
    let to = week("to", &q.to)?.unwrap_or(this_week);
    let from = match week("from", &q.from)? {
        Some(from) => from,
        None => {
            let back = time::Duration::weeks(DEFAULT_WEEKS as i64 - 1);
            IsoWeek::of(to.monday().saturating_sub(back))
        }
    };
    if from > to {
        return Err(Problem::bad_field(
            "from",
            api::week_after(lang, &from.to_string(), &to.to_string()),
        ));
    }
    // Bounded before anything is read: the weeks between are counted without a list.
    let days = (to.monday() - from.monday()).whole_days();
    if days / 7 >= MAX_WEEKS as i64 {
        let message = api::too_many_weeks(lang, MAX_WEEKS);
        return Err(Problem::fields(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("from: {message}"),
            vec![FieldError::new("from", ErrorCode::OutOfRange, message)],
        ));
    }
    Ok((from, to))
}

/// The tenant whose insight a workspace session may read: the session's user is an admin of
/// the organisation a tenant names as its `workspace_organisation` (the first such tenant by
/// id). `Ok(None)` without a session cookie; 401/403 for a session that may not, and the
/// workspace's own answer (503 with `Retry-After`, 500) when the session cannot be read.
async fn admin_tenant(
    state: &AppState,
    headers: &HeaderMap,
    lang: crate::messages::Lang,
) -> Result<Option<Arc<crate::config::ServedTenant>>, Problem> {
    if state.workspace.is_none() || super::workspace_auth::token(headers).is_none() {
        return Ok(None);
    }
    let method = axum::http::Method::GET;
    let me = super::workspace_auth::Counsellor::of_request(state, &method, headers, lang)
        .await
        .map_err(Problem::from)?;
    if me.session.role != crate::store::Role::Admin {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            api::insight_admins_only(lang),
        ));
    }
    let tenants = state.tenants();
    let org = me.session.org.as_str();
    let tenant = tenants
        .iter()
        .find(|t| t.tenant.workspace_organisation.as_deref() == Some(org))
        .cloned();
    tenant
        .map(Some)
        .ok_or_else(|| Problem::new(StatusCode::FORBIDDEN, api::insight_no_tenant(lang)))
}

/// GET /api/v1/insight: the weeks of the tenant of the key, or of the logged-in workspace
/// admin's organisation ([`admin_tenant`]), k-anonymous.
pub async fn insight(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    key: Option<axum::Extension<KeyTenant>>,
    super::bodies::Params(q): super::bodies::Params<InsightParams>,
) -> Result<Json<InsightAnswer>, Problem> {
    let lang = super::routes::lang(q.lang.as_deref(), &headers)?;
    let tenant = match key {
        Some(axum::Extension(KeyTenant(tenant))) => tenant,
        None => admin_tenant(&state, &headers, lang)
            .await?
            .ok_or_else(|| super::access::key_needed(api::insight_needs_key(lang)))?,
    };
    let (from, to) = asked_weeks(&q, lang, super::routes::this_week())?;
    let id = tenant.tenant.id.clone();
    let pending = state.insight.pending(&id, from, to);
    let workspace = state.workspace.clone();
    let k = state.config.insight.min_count;
    let loaded = state.current();
    // The store read and the sums run in the bounded job pool, like a search: 503 when it is
    // full, stopped when the request times out.
    let answered = super::routes::blocking(&state, lang, move || {
        let mut counts = pending;
        if let Some(workspace) = workspace {
            counts.extend(workspace.store().insight(&id, from, to)?);
        }
        let words = word_labels(&loaded.catalogue, &counts);
        let label = |kind: InsightKind, value: &str| -> String {
            match kind {
                InsightKind::Word => words
                    .get(value)
                    .cloned()
                    .unwrap_or_else(|| value.to_owned()),
                InsightKind::Route => loaded
                    .catalogue
                    .function(value)
                    .map_or_else(|| value.to_owned(), |f| f.title.clone()),
                InsightKind::Municipality => loaded
                    .geo
                    .municipality(value)
                    .map_or_else(|| value.to_owned(), |m| m.name.clone()),
                _ => value.to_owned(),
            }
        };
        Ok::<_, StoreError>(answer(&id, from, to, k, counts, label))
    })
    .await?;
    answered.map(Json).map_err(|e| {
        tracing::warn!(error = %e, "insight not read");
        Problem::busy(lang)
    })
}

/// What a person reads for a counted job word, which is kept as a stem ("installatie",
/// "warmtepomp"): a word of the catalogue's job titles with that stem, the stem itself when a
/// title has it ("technicus", not "technici"), else the shortest ("installaties",
/// "warmtepompen"). One pass over the titles, stemming each word once; a stem no title word has
/// stays as it is.
fn word_labels(catalogue: &Catalogue, counts: &[InsightCount]) -> HashMap<String, String> {
    let wanted: HashSet<&str> = counts
        .iter()
        .filter(|c| c.kind == InsightKind::Word)
        .map(|c| c.value.as_str())
        .collect();
    let mut labels: HashMap<String, String> = HashMap::new();
    if wanted.is_empty() {
        return labels;
    }
    let titles = catalogue
        .functions()
        .iter()
        .flat_map(|f| std::iter::once(&f.title).chain(&f.alt_titles));
    for word in titles.flat_map(|title| crate::text::words(title)) {
        let stem = crate::text::stem(&word);
        if !wanted.contains(stem.as_str()) {
            continue;
        }
        // The stem itself first, then shorter words, then the alphabet.
        let rank = |w: &String| (w != &stem, w.len(), w.clone());
        let shorter = |old: &String| rank(&word) < rank(old);
        match labels.get(&stem) {
            Some(old) if !shorter(old) => {}
            _ => {
                labels.insert(stem, word);
            }
        }
    }
    labels
}

/// The answer from the counts of the range (stored and pending, in any order): per-week totals,
/// and per kind the values counted at least `k` times in a week, summed over those weeks.
fn answer(
    tenant: &str,
    from: IsoWeek,
    to: IsoWeek,
    k: u32,
    counts: Vec<InsightCount>,
    label: impl Fn(InsightKind, &str) -> String,
) -> InsightAnswer {
    let mut per_week: HashMap<(IsoWeek, InsightKind, String), u64> = HashMap::new();
    for c in counts {
        let n = per_week.entry((c.week, c.kind, c.value)).or_default();
        *n = n.saturating_add(c.count);
    }
    let total = |week: IsoWeek, kind: InsightKind| {
        per_week
            .get(&(week, kind, String::new()))
            .copied()
            .unwrap_or(0)
    };
    let weeks = from
        .through(to)
        .into_iter()
        .map(|week| InsightWeek {
            week: week.to_string(),
            searches: total(week, InsightKind::Searches),
            matches: total(week, InsightKind::Matches),
        })
        .collect();
    let list = |kind: InsightKind| -> Vec<Counted> {
        let mut sums: HashMap<&str, u64> = HashMap::new();
        for ((_, of, value), &n) in &per_week {
            if *of == kind && n >= u64::from(k) {
                let sum = sums.entry(value.as_str()).or_default();
                *sum = sum.saturating_add(n);
            }
        }
        let mut sorted: Vec<(&str, u64)> = sums.into_iter().collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        sorted
            .into_iter()
            .take(TOP)
            .map(|(value, count)| Counted {
                value: value.to_owned(),
                label: label(kind, value),
                count,
            })
            .collect()
    };
    InsightAnswer {
        tenant: tenant.to_owned(),
        from: from.to_string(),
        to: to.to_string(),
        min_count: k,
        weeks,
        words: list(InsightKind::Word),
        routes: list(InsightKind::Route),
        municipalities: list(InsightKind::Municipality),
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
    fn values_under_k_in_a_week_are_not_shown() {
        let (w1, w2) = (week("2026-W10"), week("2026-W11"));
        let c = |week, kind, value: &str, count| InsightCount {
            tenant: "t".into(),
            week,
            kind,
            value: value.into(),
            count,
        };
        let counts = vec![
            c(w1, InsightKind::Searches, "", 30),
            c(w1, InsightKind::Word, "monteur", 6),
            // The same counter from the store and from memory add up: 6 + 4 = 10 = k.
            c(w1, InsightKind::Word, "monteur", 4),
            c(w2, InsightKind::Word, "monteur", 9),
            c(w2, InsightKind::Word, "lasser", 12),
            c(w2, InsightKind::Municipality, "GM0599", 3),
        ];
        let a = answer("t", w1, w2, 10, counts, |_, v| v.to_uppercase());
        assert_eq!(a.weeks.len(), 2);
        assert_eq!((a.weeks[0].searches, a.weeks[1].searches), (30, 0));
        let words: Vec<(&str, u64)> = a
            .words
            .iter()
            .map(|c| (c.value.as_str(), c.count))
            .collect();
        // monteur: 10 in week 10 shown, 9 in week 11 not.
        assert_eq!(words, [("lasser", 12), ("monteur", 10)]);
        assert_eq!(a.words[0].label, "LASSER");
        assert!(a.municipalities.is_empty());
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
