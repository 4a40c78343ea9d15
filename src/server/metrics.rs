//! Request counts and latency histograms per route, in Prometheus text format.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// The content type of the Prometheus text format this module writes.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4";

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 2.0];

#[derive(Default)]
struct RouteStats {
    /// Requests per status code.
    by_status: BTreeMap<u16, u64>,
    /// Cumulative counts per bucket (Prometheus `le`), plus the sum and count.
    buckets: [u64; BUCKETS.len()],
    sum_seconds: f64,
    count: u64,
}

/// Counters per (method, route pattern). The route is the matched pattern (`/api/v1/paths/{id}`),
/// never the raw path, so no user input ends up in metrics.
#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<(String, String), RouteStats>>,
}

impl Metrics {
    /// Records one finished request.
    pub fn record(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        let stats = routes
            .entry((method.to_owned(), route.to_owned()))
            .or_default();
        *stats.by_status.entry(status).or_default() += 1;
        let seconds = elapsed.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                stats.buckets[i] += 1;
            }
        }
        stats.sum_seconds += seconds;
        stats.count += 1;
    }

    /// The metrics in Prometheus text exposition format.
    pub fn render(&self) -> String {
        let routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        out.push_str("# HELP padvinder_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE padvinder_requests_total counter\n");
        for ((method, route), stats) in routes.iter() {
            for (status, n) in &stats.by_status {
                let _ = writeln!(
                    out,
                    "padvinder_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP padvinder_request_duration_seconds HTTP request latency by route.\n");
        out.push_str("# TYPE padvinder_request_duration_seconds histogram\n");
        for ((method, route), stats) in routes.iter() {
            let labels = format!("method=\"{method}\",route=\"{route}\"");
            for (bound, n) in BUCKETS.iter().zip(stats.buckets) {
                let _ = writeln!(
                    out,
                    "padvinder_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "padvinder_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                stats.count
            );
            let _ = writeln!(
                out,
                "padvinder_request_duration_seconds_sum{{{labels}}} {}",
                stats.sum_seconds
            );
            let _ = writeln!(
                out,
                "padvinder_request_duration_seconds_count{{{labels}}} {}",
                stats.count
            );
        }
        out
    }
}
