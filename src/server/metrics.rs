//! Request counts and latency histograms per route, in the OpenMetrics text format
//! (`prometheus-client`).
//!
//! Labels come from fixed sets only: the HTTP method folded to a known verb, the matched route
//! pattern (never the raw path) and the status code, so no user input ends up in metrics.

use std::time::Duration;

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// The content type of the OpenMetrics text format this module writes.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 2.0];

/// An HTTP method as a label: the known verbs, anything else is `OTHER`.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(clippy::upper_case_acronyms)]
pub enum Method {
    GET,
    HEAD,
    POST,
    PUT,
    PATCH,
    DELETE,
    OPTIONS,
    OTHER,
}

impl Method {
    pub fn of(method: &str) -> Method {
        match method {
            "GET" => Method::GET,
            "HEAD" => Method::HEAD,
            "POST" => Method::POST,
            "PUT" => Method::PUT,
            "PATCH" => Method::PATCH,
            "DELETE" => Method::DELETE,
            "OPTIONS" => Method::OPTIONS,
            _ => Method::OTHER,
        }
    }
}

impl Method {
    /// The method as a log field: the same fixed words as the label.
    pub fn word(self) -> &'static str {
        match self {
            Method::GET => "GET",
            Method::HEAD => "HEAD",
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::PATCH => "PATCH",
            Method::DELETE => "DELETE",
            Method::OPTIONS => "OPTIONS",
            Method::OTHER => "OTHER",
        }
    }
}

/// A status as a label: the codes padvinder answers by name, anything else by its class
/// (`2xx` … `5xx`), so the label has a fixed set of values.
pub fn status_label(status: u16) -> &'static str {
    const NAMED: [&str; 17] = [
        "200", "204", "304", "400", "401", "403", "404", "405", "408", "409", "413", "415", "422",
        "429", "431", "500", "503",
    ];
    let code = status.to_string();
    NAMED
        .iter()
        .find(|named| **named == code)
        .copied()
        .unwrap_or(match status / 100 {
            1 => "1xx",
            2 => "2xx",
            3 => "3xx",
            4 => "4xx",
            _ => "5xx",
        })
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: Method,
    route: String,
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CatalogueLabels {
    /// The first 16 hex digits of the catalogue's content hash.
    hash: String,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
enum Outcome {
    Ok,
    Failed,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReloadLabels {
    result: Outcome,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: Method,
    route: String,
}

/// Why padvinder closed a connection (`server.idle_timeout_secs`, `header_read_timeout_secs`,
/// `max_connections`).
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
pub enum Closed {
    /// No request within the idle timeout.
    IdleTimeout,
    /// Request headers not complete within the header-read timeout.
    HeaderTimeout,
    /// Closed to make room for a new connection at the cap.
    Evicted,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ClosedLabels {
    reason: Closed,
}

/// Which limit refused a request ([`super::access`]): never the key, tenant or address itself.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
pub enum Limit {
    /// A tenant's `rate_limit_per_minute`, for requests with its API key.
    ApiKey,
    /// `server.anonymous_rate_limit_per_minute`, per client address.
    Address,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabels {
    limit: Limit,
}

/// The server's metrics: a registry of its own (not a process-global one), so every app in a
/// process (the tests start many) counts only its own requests.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram>,
    open_connections: Gauge,
    closed_connections: Family<ClosedLabels, Counter>,
    /// Jobs holding a place in the blocking pool ([`super::jobs`]).
    pub blocking_jobs: Gauge,
    /// Jobs that stopped early because their request timed out or its client went away.
    pub blocking_jobs_stopped: Counter,
    /// Logins holding a place in the login pool (`server.max_login_jobs`).
    pub login_jobs: Gauge,
    /// Logins whose request gave up before a thread took them up.
    pub login_jobs_stopped: Counter,
    catalogue: Family<CatalogueLabels, Gauge>,
    reloads: Family<ReloadLabels, Counter>,
    last_reload_failed: Gauge,
    rate_limited: Family<LimitLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<RequestLabels, Counter>::default();
        let durations =
            Family::<RouteLabels, Histogram>::new_with_constructor(|| Histogram::new(BUCKETS));
        let mut registry = Registry::default();
        // The counter is written as `padvinder_requests_total`.
        registry.register(
            "padvinder_requests",
            "HTTP requests by route and status.",
            requests.clone(),
        );
        registry.register(
            "padvinder_request_duration_seconds",
            "HTTP request latency by route.",
            durations.clone(),
        );
        let open_connections = Gauge::default();
        registry.register(
            "padvinder_open_connections",
            "Client connections open now.",
            open_connections.clone(),
        );
        let closed_connections = Family::<ClosedLabels, Counter>::default();
        // Written as `padvinder_connections_closed_total`.
        registry.register(
            "padvinder_connections_closed",
            "Connections padvinder closed: idle, headers too slow, or to make room at the cap.",
            closed_connections.clone(),
        );
        let blocking_jobs = Gauge::default();
        registry.register(
            "padvinder_blocking_jobs",
            "Jobs in the blocking pool: running, or stopping after their request gave up.",
            blocking_jobs.clone(),
        );
        let blocking_jobs_stopped = Counter::default();
        registry.register(
            "padvinder_blocking_jobs_stopped",
            "Jobs stopped early because their request timed out or its client went away.",
            blocking_jobs_stopped.clone(),
        );
        let login_jobs = Gauge::default();
        registry.register(
            "padvinder_login_jobs",
            "Logins checking a password now (their own pool: server.max_login_jobs).",
            login_jobs.clone(),
        );
        let login_jobs_stopped = Counter::default();
        registry.register(
            "padvinder_login_jobs_stopped",
            "Logins not checked because their request timed out or its client went away first.",
            login_jobs_stopped.clone(),
        );
        let catalogue = Family::<CatalogueLabels, Gauge>::default();
        registry.register(
            "padvinder_catalogue",
            "The catalogue served: 1 for the first 16 hex digits of its content hash.",
            catalogue.clone(),
        );
        let reloads = Family::<ReloadLabels, Counter>::default();
        registry.register(
            "padvinder_reloads",
            "Reloads of the catalogue (SIGHUP or admin), by result.",
            reloads.clone(),
        );
        let last_reload_failed = Gauge::default();
        registry.register(
            "padvinder_last_reload_failed",
            "1 while the last reload was refused: an older catalogue than the data folder's serves.",
            last_reload_failed.clone(),
        );
        let rate_limited = Family::<LimitLabels, Counter>::default();
        // Written as `padvinder_rate_limited_total`.
        registry.register(
            "padvinder_rate_limited",
            "Requests answered 429 by a rate limit: a tenant's API key, or one client address without a key.",
            rate_limited.clone(),
        );
        Metrics {
            registry,
            requests,
            durations,
            open_connections,
            closed_connections,
            blocking_jobs,
            blocking_jobs_stopped,
            login_jobs,
            login_jobs_stopped,
            catalogue,
            reloads,
            last_reload_failed,
            rate_limited,
        }
    }
}

impl Metrics {
    /// Records one finished request. `route` must be a route pattern (or a fixed marker such as
    /// `(unmatched)`), never a raw path.
    pub fn record(&self, method: Method, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route: route.to_owned(),
                status: status_label(status),
            })
            .inc();
        self.durations
            .get_or_create(&RouteLabels {
                method,
                route: route.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// A catalogue now serves (at start or after a reload).
    pub fn catalogue_loaded(&self, content_hash: &str) {
        let hash = content_hash.chars().take(16).collect();
        self.catalogue.clear();
        self.catalogue
            .get_or_create(&CatalogueLabels { hash })
            .set(1);
        self.last_reload_failed.set(0);
    }

    /// A reload succeeded (after [`Metrics::catalogue_loaded`]).
    pub fn reload_succeeded(&self) {
        self.reloads
            .get_or_create(&ReloadLabels {
                result: Outcome::Ok,
            })
            .inc();
    }

    /// A reload was refused; the old catalogue keeps serving.
    pub fn reload_failed(&self) {
        self.last_reload_failed.set(1);
        self.reloads
            .get_or_create(&ReloadLabels {
                result: Outcome::Failed,
            })
            .inc();
    }

    /// A connection was accepted.
    pub fn connection_opened(&self) {
        self.open_connections.inc();
    }

    /// A connection ended, for whatever reason.
    pub fn connection_ended(&self) {
        self.open_connections.dec();
    }

    /// padvinder closed a connection for this reason.
    pub fn connection_closed(&self, reason: Closed) {
        self.closed_connections
            .get_or_create(&ClosedLabels { reason })
            .inc();
    }

    /// A request was refused 429 by this limit.
    pub fn rate_limited(&self, limit: Limit) {
        self.rate_limited
            .get_or_create(&LimitLabels { limit })
            .inc();
    }

    /// The metrics in OpenMetrics text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_methods_share_one_label() {
        let metrics = Metrics::default();
        metrics.record(
            Method::of("BREW"),
            "(unmatched)",
            405,
            Duration::from_millis(1),
        );
        metrics.record(Method::of("GET"), "/healthz", 200, Duration::from_millis(3));
        metrics.record(Method::of("GET"), "/readyz", 418, Duration::from_millis(3));
        let text = metrics.render();
        assert!(
            text.contains(
                r#"padvinder_requests_total{method="OTHER",route="(unmatched)",status="405"} 1"#
            ),
            "{text}"
        );
        assert!(!text.contains("BREW"), "{text}");
        assert!(
            text.contains(
                r#"padvinder_requests_total{method="GET",route="/readyz",status="4xx"} 1"#
            ),
            "{text}"
        );
        assert!(
            text.contains(
                r#"padvinder_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz"} 1"#
            ),
            "{text}"
        );
        assert!(
            text.contains(
                r#"padvinder_request_duration_seconds_bucket{le="0.002",method="GET",route="/healthz"} 0"#
            ),
            "{text}"
        );
    }
}
