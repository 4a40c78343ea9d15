//! Rate limits per client: a token bucket per tenant (requests with its API key) and per client
//! address (requests without a key), held in one map of bounded size.
//!
//! Hand-written rather than `tower_governor`: the limit of a bucket comes from the request (the
//! tenant's `rate_limit_per_minute`, which a reload may change, or the anonymous limit), the
//! key is ours (a tenant id, an IPv4 address or an IPv6 /64), and the map must stay bounded
//! when many addresses pass by; that is about as much code as configuring a keyed governor.

use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

/// The most buckets kept. At the cap, buckets that have refilled (a client quiet for a minute)
/// are dropped, at most once a second; clients that still find no room share one bucket.
pub const MAX_BUCKETS: usize = 100_000;

/// Whose requests a bucket counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Client {
    /// Requests with one of this tenant's API keys (all its keys share the tenant's limit).
    Tenant(String),
    /// Requests without a key from one address: an IPv4 address, or an IPv6 /64 (one
    /// household or office usually holds a whole /64).
    Address(u128),
    /// Clients without a key that found the map full.
    Overflow,
    /// Hand-offs from one tenant's embed ([`super::handoff`]), whoever sends them.
    Handoff(String),
}

impl Client {
    /// The bucket of a client address.
    pub fn address(ip: IpAddr) -> Client {
        match ip {
            IpAddr::V4(v4) => Client::Address(u128::from(u32::from(v4))),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Client::Address(u128::from(u32::from(v4))),
                // The /64 prefix, marked so it cannot equal an IPv4 address.
                None => Client::Address((u128::from(v6) >> 64) | (1 << 127)),
            },
        }
    }
}

/// A request over its client's limit: when one more would be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// Whole seconds until the bucket holds a request again (at least 1), for `Retry-After`.
    pub retry_after_secs: u32,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    /// Requests the bucket holds now (at most a minute's worth).
    tokens: f64,
    /// When `tokens` was computed.
    at: Instant,
    /// The limit the bucket was last used with.
    per_minute: u32,
}

impl Bucket {
    /// The tokens at `now`: refilled evenly over a minute, up to a minute's worth.
    fn tokens_at(&self, now: Instant, per_minute: u32) -> f64 {
        let rate = f64::from(per_minute) / 60.0;
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        (self.tokens + elapsed * rate).min(f64::from(per_minute))
    }
}

struct Buckets {
    map: FxHashMap<Client, Bucket>,
    last_sweep: Option<Instant>,
}

/// The buckets of every client seen in the last minute or so.
pub struct RateLimiter {
    buckets: Mutex<Buckets>,
    max_buckets: usize,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::with_capacity(MAX_BUCKETS)
    }
}

impl RateLimiter {
    /// A limiter that keeps at most `max_buckets` buckets.
    pub fn with_capacity(max_buckets: usize) -> RateLimiter {
        RateLimiter {
            buckets: Mutex::new(Buckets {
                map: FxHashMap::default(),
                last_sweep: None,
            }),
            max_buckets: max_buckets.max(1),
        }
    }

    /// Counts one request of `client`, allowed `per_minute` a minute with a minute's worth at
    /// once; refused when its bucket is empty.
    pub fn check(&self, client: Client, per_minute: u32, now: Instant) -> Result<(), Limited> {
        let per_minute = per_minute.max(1);
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let client = buckets.room_for(client, now, self.max_buckets);
        let bucket = buckets.map.entry(client).or_insert(Bucket {
            tokens: f64::from(per_minute),
            at: now,
            per_minute,
        });
        let tokens = bucket.tokens_at(now, per_minute);
        bucket.at = now;
        bucket.per_minute = per_minute;
        if tokens >= 1.0 {
            bucket.tokens = tokens - 1.0;
            return Ok(());
        }
        bucket.tokens = tokens;
        let wait = (1.0 - tokens) * 60.0 / f64::from(per_minute);
        // At most 60 s (one token at 1 a minute), so the cast cannot overflow.
        let retry_after_secs = (wait.ceil() as u32).max(1);
        Err(Limited { retry_after_secs })
    }

    /// How many buckets are kept now.
    pub fn len(&self) -> usize {
        let buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        buckets.map.len()
    }
}

impl Buckets {
    /// The client itself when its bucket exists or there is room for it, else the shared
    /// overflow bucket.
    fn room_for(&mut self, client: Client, now: Instant, max: usize) -> Client {
        if self.map.len() < max || self.map.contains_key(&client) {
            return client;
        }
        let swept_lately = self
            .last_sweep
            .is_some_and(|at| now.saturating_duration_since(at) < Duration::from_secs(1));
        if !swept_lately {
            self.last_sweep = Some(now);
            // A full bucket is the same as none: forget it.
            self.map
                .retain(|_, b| b.tokens_at(now, b.per_minute) < f64::from(b.per_minute));
        }
        if self.map.len() < max {
            client
        } else {
            Client::Overflow
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Client {
        Client::address(text.parse().expect("ip"))
    }

    #[test]
    fn a_minute_worth_at_once_then_one_as_each_refills() {
        let limiter = RateLimiter::default();
        let t0 = Instant::now();
        for _ in 0..60 {
            assert_eq!(limiter.check(ip("192.0.2.1"), 60, t0), Ok(()));
        }
        assert_eq!(
            limiter.check(ip("192.0.2.1"), 60, t0),
            Err(Limited {
                retry_after_secs: 1
            })
        );
        // Another address has its own bucket.
        assert_eq!(limiter.check(ip("192.0.2.2"), 60, t0), Ok(()));
        // One second later, one more (60 a minute).
        let t1 = t0 + Duration::from_secs(1);
        assert_eq!(limiter.check(ip("192.0.2.1"), 60, t1), Ok(()));
        assert!(limiter.check(ip("192.0.2.1"), 60, t1).is_err());
    }

    #[test]
    fn retry_after_says_when_the_next_request_fits() {
        let limiter = RateLimiter::default();
        let t0 = Instant::now();
        let tenant = || Client::Tenant("rijnmond".to_owned());
        assert_eq!(limiter.check(tenant(), 2, t0), Ok(()));
        assert_eq!(limiter.check(tenant(), 2, t0), Ok(()));
        // Two a minute: one every 30 s.
        assert_eq!(
            limiter.check(tenant(), 2, t0),
            Err(Limited {
                retry_after_secs: 30
            })
        );
        let t29 = t0 + Duration::from_secs(29);
        assert!(limiter.check(tenant(), 2, t29).is_err());
        let t30 = t0 + Duration::from_secs(30);
        assert_eq!(limiter.check(tenant(), 2, t30), Ok(()));
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_a_mapped_ipv4_is_the_ipv4() {
        assert_eq!(ip("2001:db8:1:2::1"), ip("2001:db8:1:2:ffff::9"));
        assert_ne!(ip("2001:db8:1:2::1"), ip("2001:db8:1:3::1"));
        assert_eq!(ip("::ffff:192.0.2.1"), ip("192.0.2.1"));
        assert_ne!(ip("::c000:201"), ip("192.0.2.1"));
    }

    #[test]
    fn the_map_stays_bounded_and_forgets_refilled_buckets() {
        let limiter = RateLimiter::with_capacity(100);
        let t0 = Instant::now();
        let allowed = (0..1000u32)
            .filter(|n| {
                let client = Client::Address(u128::from(*n));
                limiter.check(client, 10, t0).is_ok()
            })
            .count();
        // 100 clients have their own bucket; the other 900 share one of 10.
        assert_eq!(allowed, 110);
        assert_eq!(limiter.len(), 101);
        assert!(limiter.check(Client::Address(5000), 10, t0).is_err());
        // A minute later every bucket has refilled; a new client finds room again.
        let later = t0 + Duration::from_secs(61);
        assert_eq!(limiter.check(Client::Address(5000), 10, later), Ok(()));
        assert_eq!(limiter.len(), 1);
    }
}
