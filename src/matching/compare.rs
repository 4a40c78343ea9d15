//! Routes side by side: the figures a counsellor compares for two or three routes (duration,
//! cost and net cost, hours, distance, level, SLIM status, flags and demand), read from the
//! routes of one answer. Pure: it computes nothing the route does not already hold.

use serde::{Deserialize, Serialize};

use super::{Flag, MatchResult, PathRef, Route, RouteLabel, RouteSlimStatus};
use crate::catalog::{Cents, HoursRange, Known};

/// At most this many routes are compared at once.
pub const MAX_COMPARED: usize = 3;

/// One route in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComparedRoute {
    /// The target function's id.
    pub target: String,
    /// The target function's title.
    pub title: String,
    pub path: PathRef,
    /// Weeks of the steps still to take: shortest and longest durations.
    pub total_weeks: u32,
    pub total_weeks_max: u32,
    /// Steps whose duration no source gives; the totals leave them out.
    pub steps_with_unknown_weeks: usize,
    /// Euros of the steps still to take, when every one has a known cost.
    pub total_cost_eur: Option<Cents>,
    /// Steps whose cost no source gives.
    pub steps_with_unknown_cost: usize,
    /// Cost minus the indicative SLIM amount (only when SLIM may be possible).
    pub net_cost_eur: Option<Cents>,
    /// Hours a week the job asks.
    pub job_hours_per_week: Option<HoursRange>,
    /// The most hours a week any step still to take asks; `null` when no source gives them.
    pub study_hours_per_week: Option<u8>,
    /// The farthest provider of the steps still to take, in km from the person's postcode;
    /// `null` without a postcode or a provider with a known place.
    pub farthest_provider_km: Option<f64>,
    /// Steps still to take.
    pub steps: usize,
    /// The target function's level (NLQF).
    pub nlqf_level: Known<u8>,
    pub slim_status: RouteSlimStatus,
    /// The route's subsidy in one line, in the answer's language (indicative, never a decision).
    pub slim_summary: String,
    pub flags: Vec<Flag>,
    /// Labour-market demand for the target, 0 to 1; `null` when no source gives it.
    pub demand: Option<f32>,
    pub score: f32,
    pub label: RouteLabel,
    pub label_text: String,
}

/// The compared figures of every route of `result`, in its order.
pub fn compare(result: &MatchResult) -> Vec<ComparedRoute> {
    result
        .routes
        .iter()
        .map(|r| compared(r, result.summary(r.slim.summary)))
        .collect()
}

fn compared(route: &Route, slim_summary: &str) -> ComparedRoute {
    let open = || route.steps.iter().filter(|s| !s.skipped);
    ComparedRoute {
        target: route.target.id.clone(),
        title: route.target.title.clone(),
        path: route.path.clone(),
        total_weeks: route.total_weeks,
        total_weeks_max: route.total_weeks_max,
        steps_with_unknown_weeks: route.steps_with_unknown_weeks,
        total_cost_eur: route.total_cost_eur,
        steps_with_unknown_cost: route.steps_with_unknown_cost,
        net_cost_eur: route.net_cost_eur,
        job_hours_per_week: route.target.hours_per_week,
        study_hours_per_week: open().filter_map(|s| s.hours_per_week).max(),
        farthest_provider_km: open()
            .filter_map(|s| s.provider.as_ref()?.distance_km)
            .max_by(f64::total_cmp),
        steps: open().count(),
        nlqf_level: route.target.nlqf_level,
        slim_status: route.slim.status,
        slim_summary: slim_summary.to_owned(),
        flags: route.flags.clone(),
        demand: route.components.demand,
        score: route.score,
        label: route.label,
        label_text: route.label_text.clone(),
    }
}
