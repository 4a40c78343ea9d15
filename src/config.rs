//! Settings, in two stages as in ripgrep: [`Flags`] are what the command line gave (nothing
//! checked beyond types), [`Config`] is the validated result of flags, environment variables and
//! an optional TOML file, in that order of precedence, over the defaults.
//!
//! The file (`--config FILE` or `PADVINDER_CONFIG`) has the keys of `docs/examples/padvinder.toml`.
//! Later settings are added as new keys of [`FileConfig`] (tenants are `[[tenant]]` tables,
//! checked in `config/tenant.rs`); an unknown key is an error, so a typo never silently falls
//! back to a default.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::layout::DataLayout;

mod tenant;
pub mod theme;

pub use tenant::{Handoff, ServedTenant, Tenant, Tenants, key_hash, parse_origin};

/// The environment variable naming the config file.
pub const CONFIG_ENV: &str = "PADVINDER_CONFIG";

/// What the command line gave; `None` where a flag was not given.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    /// `--config`: the TOML settings file.
    pub config: Option<PathBuf>,
    /// `--data`: the catalogue folder.
    pub data: Option<PathBuf>,
    /// `--index`: the search index folder.
    pub index: Option<PathBuf>,
    /// `--addr` of `serve`.
    pub addr: Option<SocketAddr>,
    /// `--log-level` of `serve`.
    pub log_level: Option<String>,
    /// `--admin-token` of `serve`.
    pub admin_token: Option<String>,
    /// `--store`: the counsellor workspace's store folder or `postgres://` URL.
    pub store: Option<PathBuf>,
    /// `--max-connections` of `serve`.
    pub max_connections: Option<u64>,
    /// `--header-read-timeout` of `serve`, in seconds.
    pub header_read_timeout: Option<u64>,
    /// `--idle-timeout` of `serve`, in seconds.
    pub idle_timeout: Option<u64>,
    /// `--log-format` of `serve`: `text` or `json`.
    pub log_format: Option<String>,
    /// `--log-client-addr` of `serve` (given: true).
    pub log_client_addr: Option<bool>,
}

/// Validated settings: where the data and the index live, and how the server runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The catalogue folder (`paths/`).
    pub data: PathBuf,
    /// The folder of the built search index.
    pub index: PathBuf,
    /// Settings of `padvinder serve`.
    pub server: ServerConfig,
    /// The counsellor workspace: where its store lives and how long it keeps clients.
    pub workspace: WorkspaceConfig,
    /// Job centres' anonymous insight (`[insight]`, docs/embed.md).
    pub insight: InsightConfig,
    /// Organisations that embed padvinder (`[[tenant]]`; regions checked by
    /// [`Tenants::resolve`]).
    pub tenants: Vec<Tenant>,
    /// The config file these settings were read from, if any (read again on reload).
    pub file: Option<PathBuf>,
}

/// Settings of the counsellor workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceConfig {
    /// Where the store lives: a sled folder (created on first use) or a PostgreSQL database.
    pub store: StoreLocation,
    /// Clients without activity for this many months are erased by the retention sweep.
    pub retention_months: u16,
}

/// Settings of the job centres' anonymous insight (`GET /api/v1/insight`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsightConfig {
    /// k of k-anonymity: a value counted fewer times than this in a week is not shown.
    pub min_count: u32,
}

/// The default of `insight.min_count`.
pub const DEFAULT_INSIGHT_MIN_COUNT: u32 = 10;
/// The smallest `insight.min_count`: with 1 every value would be shown.
pub const MIN_INSIGHT_MIN_COUNT: u32 = 2;
/// The largest `insight.min_count`.
pub const MAX_INSIGHT_MIN_COUNT: u32 = 10_000;

/// Where the counsellor workspace's store lives.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// A sled database folder: one instance.
    Dir(PathBuf),
    /// A PostgreSQL database, by its `postgres://` URL: several instances may share it.
    Postgres(String),
}

impl StoreLocation {
    /// Reads a store setting: a `postgres://` or `postgresql://` URL, or else a folder, taken
    /// relative to `base` (the config file's folder) when it is relative.
    pub fn parse(text: &str, base: &Path) -> Result<StoreLocation, String> {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            text.parse::<tokio_postgres::Config>().map_err(|e| {
                format!("is not a PostgreSQL URL like postgres://user@host/database: {e}")
            })?;
            Ok(StoreLocation::Postgres(text.to_owned()))
        } else if text.is_empty() {
            Err("is empty: give a folder or a postgres:// URL".to_owned())
        } else {
            Ok(StoreLocation::Dir(base.join(text)))
        }
    }

    /// The folder of a sled store.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            StoreLocation::Dir(dir) => Some(dir),
            StoreLocation::Postgres(_) => None,
        }
    }
}

/// Shows the location without a password (`postgres://user:***@host/db`): for messages and logs.
impl std::fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreLocation::Dir(dir) => write!(f, "{}", dir.display()),
            StoreLocation::Postgres(url) => {
                let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
                let (authority, tail) = match rest.find(['/', '?']) {
                    Some(at) => rest.split_at(at),
                    None => (rest, ""),
                };
                let authority = match authority.rsplit_once('@') {
                    Some((user, host)) => match user.split_once(':') {
                        Some((name, _)) => format!("{name}:***@{host}"),
                        None => format!("{user}@{host}"),
                    },
                    None => authority.to_owned(),
                };
                let tail: Vec<String> = tail
                    .split('&')
                    .map(|part| match part.split_once("password=") {
                        Some((before, _)) => format!("{before}password=***"),
                        None => part.to_owned(),
                    })
                    .collect();
                write!(f, "{scheme}://{authority}{}", tail.join("&"))
            }
        }
    }
}

impl std::fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoreLocation({self})")
    }
}

/// The longest retention a config may set: 10 years.
pub const MAX_RETENTION_MONTHS: u16 = 120;

/// Settings of a running server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// A tracing filter (`info`, `warn`, `padvinder=debug`); `RUST_LOG` still wins over it.
    pub log_level: String,
    /// Log lines as text (coloured only on a terminal) or as JSON objects, one a line.
    pub log_format: LogFormat,
    /// Whether a request's log line names the client's IP address (off: it is personal data).
    pub log_client_addr: bool,
    /// When set, `POST /api/v1/admin/reload` accepts `Authorization: Bearer <token>`.
    pub admin_token: Option<String>,
    /// How many connections may be open at once. A new connection over the cap closes the
    /// oldest one that has no request in flight; when every one has, it waits to be accepted.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers, from its first byte.
    pub header_read_timeout: Duration,
    /// How long a connection may stay open without a request: after it opens, or after an
    /// answer on a kept-alive connection.
    pub idle_timeout: Duration,
    /// Searches, suggestions and matches running or waiting for a core at once; one more is
    /// answered 503 with `Retry-After` (docs/api.md).
    pub max_blocking_jobs: usize,
    /// Logins checking a password at once (Argon2id: costly on purpose, about 19 MiB and tens of
    /// milliseconds of a core each), in a pool of their own; one more is answered 503 with
    /// `Retry-After`, so a flood of logins can neither take every core nor the search pool.
    pub max_login_jobs: usize,
    /// A request still unanswered after this long is answered 408 and its work stops (all
    /// routes but the admin reload).
    pub request_timeout: Duration,
    /// Requests per minute to the job seeker API (`/api/v1/…` but the workspace and admin
    /// routes) from one client address without a tenant's API key; 0 turns the limit off.
    pub anonymous_rate_limit_per_minute: u32,
    /// How many instances serve behind one round-robin proxy (`server.instances`): each rate
    /// limit is divided by it, so what a client gets from all of them together stays the
    /// configured limit (docs/workspace.md, "Several instances").
    pub instances: u32,
}

impl ServerConfig {
    /// What one instance allows of a rate limit of `per_minute` for all instances together:
    /// the limit divided by [`ServerConfig::instances`], rounded down (the total never exceeds
    /// the limit), at least 1; 0 (no limit) stays 0.
    pub fn per_instance(&self, per_minute: u32) -> u32 {
        if per_minute == 0 {
            return 0;
        }
        (per_minute / self.instances.max(1)).max(1)
    }
}

/// How log lines are written (on standard error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines; ANSI colours only when standard error is a terminal.
    #[default]
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

/// The default of `server.max_connections`.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// The largest `server.max_connections` a config may set.
pub const MAX_CONNECTIONS: u64 = 1_000_000;
/// The longest header-read or idle timeout a config may set, in seconds (one hour).
pub const MAX_TIMEOUT_SECS: u64 = 3600;

/// The default of `server.max_blocking_jobs`: 16 per core of the 2-core machine padvinder is
/// measured on. The heaviest accepted job takes tens of milliseconds in a release build, so
/// the last of 32 still starts well within the time limit, and bursts of the load tests
/// (32 connections) are never refused.
pub const DEFAULT_MAX_BLOCKING_JOBS: usize = 32;
/// The largest `server.max_blocking_jobs` (tokio's own limit of blocking threads is 512).
pub const MAX_BLOCKING_JOBS: usize = 500;
/// The default of `server.max_login_jobs`: one per core of the 2-core machine, so logins alone
/// can keep at most both cores busy, each for a few tens of milliseconds.
pub const DEFAULT_MAX_LOGIN_JOBS: usize = 2;
/// The largest `server.max_login_jobs`: 64 hashes at once hold about 1.2 GB.
pub const MAX_LOGIN_JOBS: usize = 64;
/// The largest `server.request_timeout_secs`: five minutes.
pub const MAX_REQUEST_TIMEOUT_SECS: u64 = 300;
/// The most instances `server.instances` may name: beyond, a limit divided by it is too coarse
/// to mean much (and one PostgreSQL serves about that many instances' connections).
pub const MAX_INSTANCES: u32 = 64;
/// The default of `server.anonymous_rate_limit_per_minute`: four a second on average, with a
/// minute's worth at once. A person typing with typeahead, searching and matching sends a few
/// dozen requests a minute (several people behind one school or office address still fit); a
/// scraper that wants the catalogue or the match results in bulk does not.
pub const DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE: u32 = 240;

impl Default for Config {
    fn default() -> Config {
        Config {
            data: PathBuf::from("paths"),
            index: PathBuf::from("index"),
            server: ServerConfig {
                addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
                log_level: "info".to_owned(),
                log_format: LogFormat::Text,
                log_client_addr: false,
                admin_token: None,
                max_connections: DEFAULT_MAX_CONNECTIONS,
                header_read_timeout: Duration::from_secs(10),
                idle_timeout: Duration::from_secs(30),
                max_blocking_jobs: DEFAULT_MAX_BLOCKING_JOBS,
                max_login_jobs: DEFAULT_MAX_LOGIN_JOBS,
                request_timeout: Duration::from_secs(10),
                anonymous_rate_limit_per_minute: DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE,
                instances: 1,
            },
            workspace: WorkspaceConfig {
                store: StoreLocation::Dir(PathBuf::from("store")),
                retention_months: 12,
            },
            insight: InsightConfig {
                min_count: DEFAULT_INSIGHT_MIN_COUNT,
            },
            tenants: Vec::new(),
            file: None,
        }
    }
}

/// The settings file, as written. Every value is spanned so that a bad one is reported with its
/// line; unknown keys are refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data: Option<Spanned<String>>,
    index: Option<Spanned<String>>,
    store: Option<Spanned<String>>,
    #[serde(default)]
    server: FileServer,
    #[serde(default)]
    workspace: FileWorkspace,
    #[serde(default)]
    insight: FileInsight,
    #[serde(default)]
    tenant: Vec<tenant::FileTenant>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileWorkspace {
    retention_months: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileInsight {
    min_count: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileServer {
    addr: Option<Spanned<String>>,
    log_level: Option<Spanned<String>>,
    log_format: Option<Spanned<String>>,
    log_client_addr: Option<bool>,
    admin_token: Option<Spanned<String>>,
    max_connections: Option<Spanned<i64>>,
    header_read_timeout_secs: Option<Spanned<i64>>,
    idle_timeout_secs: Option<Spanned<i64>>,
    max_blocking_jobs: Option<Spanned<i64>>,
    max_login_jobs: Option<Spanned<i64>>,
    request_timeout_secs: Option<Spanned<i64>>,
    anonymous_rate_limit_per_minute: Option<Spanned<i64>>,
    instances: Option<Spanned<i64>>,
}

/// Settings that cannot be used; the message names the file and line, or the variable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {file}: cannot read: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    File {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{variable}: {message}")]
    Env { variable: String, message: String },
    #[error("{flag}: {message}")]
    Flag { flag: String, message: String },
}

/// Where a value came from, for error messages.
enum Source<'a> {
    File { file: &'a str, text: &'a str },
    Env(&'a str),
    Flag(&'a str),
}

impl Source<'_> {
    fn error(&self, key: &str, span: std::ops::Range<usize>, message: String) -> ConfigError {
        match self {
            Source::File { file, text } => ConfigError::File {
                file: (*file).to_owned(),
                line: line_of(text, span.start),
                message: format!("`{key}`: {message}"),
            },
            Source::Env(variable) => ConfigError::Env {
                variable: (*variable).to_owned(),
                message,
            },
            Source::Flag(flag) => ConfigError::Flag {
                flag: (*flag).to_owned(),
                message,
            },
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The dotted key (`server.addr`) written on the line that holds `offset`, if that line is a
/// `key = value` line.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..)?.lines().next()?;
    let key = line.split_once('=')?.0.trim();
    if key.is_empty() || key.starts_with('#') {
        return None;
    }
    let table = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim());
    Some(match table {
        Some(table) => format!("{table}.{key}"),
        None => key.to_owned(),
    })
}

impl Config {
    /// Flags over the process environment over the config file over the defaults.
    pub fn load(flags: &Flags) -> Result<Config, ConfigError> {
        Config::from_sources(flags, |name| std::env::var(name).ok())
    }

    /// Flags over `env` over the config file over the defaults. An empty environment value
    /// counts as not set.
    pub fn from_sources(
        flags: &Flags,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let env = |name: &str| env(name).filter(|v| !v.is_empty());
        let mut config = Config::default();
        let file = flags
            .config
            .clone()
            .or_else(|| env(CONFIG_ENV).map(PathBuf::from));
        if let Some(file) = file {
            config.apply_file(&file)?;
        }
        config.apply_env(&env)?;
        config.apply_flags(flags)?;
        Ok(config)
    }

    /// The defaults with another data folder and index folder (tests, benches).
    pub fn with_folders(data: impl Into<PathBuf>, index: impl Into<PathBuf>) -> Config {
        Config {
            data: data.into(),
            index: index.into(),
            ..Config::default()
        }
    }

    /// The tenants of the config file as it is now (for a reload); the loaded ones without a
    /// file. Every other setting of the file is checked too, but only the tenants are taken.
    pub fn reread_tenants(&self) -> Result<Vec<Tenant>, ConfigError> {
        match &self.file {
            None => Ok(self.tenants.clone()),
            Some(file) => {
                let mut fresh = Config::default();
                fresh.apply_file(file)?;
                Ok(fresh.tenants)
            }
        }
    }

    /// The layout of the data folder.
    pub fn layout(&self) -> DataLayout {
        DataLayout::new(&self.data)
    }

    fn apply_file(&mut self, file: &Path) -> Result<(), ConfigError> {
        let name = file.display().to_string();
        let text = std::fs::read_to_string(file).map_err(|source| ConfigError::Read {
            file: name.clone(),
            source,
        })?;
        let parsed: FileConfig = toml::from_str(&text).map_err(|e| {
            let at = e.span().map(|s| s.start);
            // The toml parser names unknown keys itself; for a bad value, name its key.
            let key = at
                .filter(|_| !e.message().starts_with("unknown field"))
                .and_then(|at| key_at(&text, at));
            ConfigError::File {
                file: name.clone(),
                line: at.map_or(0, |at| line_of(&text, at)),
                message: match key {
                    Some(key) => format!("`{key}`: {}", e.message()),
                    None => e.message().to_owned(),
                },
            }
        })?;
        self.file = Some(file.to_owned());
        // Relative folders in the file are relative to the file, not to where padvinder runs.
        let base = file.parent().unwrap_or(Path::new(""));
        if let Some(data) = parsed.data {
            self.data = base.join(data.into_inner());
        }
        if let Some(index) = parsed.index {
            self.index = base.join(index.into_inner());
        }
        let source = Source::File {
            file: &name,
            text: &text,
        };
        if let Some(store) = parsed.store {
            self.workspace.store = StoreLocation::parse(store.get_ref(), base)
                .map_err(|m| source.error("store", store.span(), m))?;
        }
        let server = parsed.server;
        if let Some(addr) = server.addr {
            self.server.addr = parse_addr(&source, "server.addr", &addr)?;
        }
        if let Some(level) = server.log_level {
            self.server.log_level = check_log_level(&source, "server.log_level", &level)?;
        }
        if let Some(format) = server.log_format {
            self.server.log_format = log_format(&source, "server.log_format", &format)?;
        }
        if let Some(on) = server.log_client_addr {
            self.server.log_client_addr = on;
        }
        if let Some(token) = server.admin_token {
            self.server.admin_token = Some(token.into_inner()).filter(|t| !t.is_empty());
        }
        if let Some(n) = server.max_connections {
            self.server.max_connections =
                connections(&source, "server.max_connections", n.span(), *n.get_ref())?;
        }
        if let Some(secs) = server.header_read_timeout_secs {
            let key = "server.header_read_timeout_secs";
            self.server.header_read_timeout = seconds(&source, key, secs.span(), *secs.get_ref())?;
        }
        if let Some(secs) = server.idle_timeout_secs {
            let key = "server.idle_timeout_secs";
            self.server.idle_timeout = seconds(&source, key, secs.span(), *secs.get_ref())?;
        }
        if let Some(jobs) = server.max_blocking_jobs {
            let key = "server.max_blocking_jobs";
            self.server.max_blocking_jobs = places(
                &source,
                key,
                jobs.span(),
                *jobs.get_ref(),
                MAX_BLOCKING_JOBS,
            )?;
        }
        if let Some(jobs) = server.max_login_jobs {
            let key = "server.max_login_jobs";
            self.server.max_login_jobs =
                places(&source, key, jobs.span(), *jobs.get_ref(), MAX_LOGIN_JOBS)?;
        }
        if let Some(secs) = server.request_timeout_secs {
            let key = "server.request_timeout_secs";
            self.server.request_timeout =
                request_timeout(&source, key, secs.span(), *secs.get_ref())?;
        }
        if let Some(n) = server.anonymous_rate_limit_per_minute {
            let key = "server.anonymous_rate_limit_per_minute";
            self.server.anonymous_rate_limit_per_minute =
                per_minute_or_off(&source, key, n.span(), *n.get_ref())?;
        }
        if let Some(n) = server.instances {
            self.server.instances = instances(&source, "server.instances", n.span(), *n.get_ref())?;
        }
        if let Some(months) = parsed.workspace.retention_months {
            let span = months.span();
            let months = *months.get_ref();
            self.workspace.retention_months = u16::try_from(months)
                .ok()
                .filter(|m| (1..=MAX_RETENTION_MONTHS).contains(m))
                .ok_or_else(|| {
                    source.error(
                        "workspace.retention_months",
                        span,
                        format!(
                            "{months} is not a number of months from 1 to {MAX_RETENTION_MONTHS}"
                        ),
                    )
                })?;
        }
        if let Some(k) = parsed.insight.min_count {
            let span = k.span();
            let k = *k.get_ref();
            self.insight.min_count = u32::try_from(k)
                .ok()
                .filter(|k| (MIN_INSIGHT_MIN_COUNT..=MAX_INSIGHT_MIN_COUNT).contains(k))
                .ok_or_else(|| {
                    source.error(
                        "insight.min_count",
                        span,
                        format!(
                            "{k} is not a number from {MIN_INSIGHT_MIN_COUNT} to \
                             {MAX_INSIGHT_MIN_COUNT}: a value counted fewer times in a week is \
                             not shown, so 1 would show every value"
                        ),
                    )
                })?;
        }
        self.tenants = tenant::parse_all(&source, &name, &text, parsed.tenant)?;
        Ok(())
    }

    fn apply_env(&mut self, env: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(data) = env("PADVINDER_DATA") {
            self.data = PathBuf::from(data);
        }
        if let Some(index) = env("PADVINDER_INDEX") {
            self.index = PathBuf::from(index);
        }
        if let Some(store) = env("PADVINDER_STORE") {
            self.workspace.store = StoreLocation::parse(&store, Path::new(""))
                .map_err(|m| Source::Env("PADVINDER_STORE").error("store", 0..0, m))?;
        }
        if let Some(addr) = env("PADVINDER_ADDR") {
            let value = Spanned::new(0..0, addr);
            self.server.addr = parse_addr(&Source::Env("PADVINDER_ADDR"), "addr", &value)?;
        }
        if let Some(level) = env("PADVINDER_LOG") {
            let value = Spanned::new(0..0, level);
            self.server.log_level =
                check_log_level(&Source::Env("PADVINDER_LOG"), "log_level", &value)?;
        }
        if let Some(format) = env("PADVINDER_LOG_FORMAT") {
            let value = Spanned::new(0..0, format);
            let source = Source::Env("PADVINDER_LOG_FORMAT");
            self.server.log_format = log_format(&source, "log_format", &value)?;
        }
        if let Some(on) = env("PADVINDER_LOG_CLIENT_ADDR") {
            self.server.log_client_addr = match on.trim() {
                "true" | "1" => true,
                "false" | "0" => false,
                other => {
                    return Err(Source::Env("PADVINDER_LOG_CLIENT_ADDR").error(
                        "log_client_addr",
                        0..0,
                        format!("\"{other}\" is not true or false"),
                    ));
                }
            };
        }
        if let Some(token) = env("PADVINDER_ADMIN_TOKEN") {
            self.server.admin_token = Some(token);
        }
        let number =
            |variable: &'static str| -> Result<Option<(Source<'static>, i64)>, ConfigError> {
                let Some(text) = env(variable) else {
                    return Ok(None);
                };
                let source = Source::Env(variable);
                match text.trim().parse::<i64>() {
                    Ok(n) => Ok(Some((source, n))),
                    Err(_) => Err(source.error(
                        variable,
                        0..0,
                        format!("\"{text}\" is not a whole number"),
                    )),
                }
            };
        if let Some((source, n)) = number("PADVINDER_MAX_CONNECTIONS")? {
            self.server.max_connections = connections(&source, "max_connections", 0..0, n)?;
        }
        if let Some((source, n)) = number("PADVINDER_HEADER_READ_TIMEOUT_SECS")? {
            self.server.header_read_timeout =
                seconds(&source, "header_read_timeout_secs", 0..0, n)?;
        }
        if let Some((source, n)) = number("PADVINDER_IDLE_TIMEOUT_SECS")? {
            self.server.idle_timeout = seconds(&source, "idle_timeout_secs", 0..0, n)?;
        }
        if let Some((source, n)) = number("PADVINDER_MAX_BLOCKING_JOBS")? {
            self.server.max_blocking_jobs =
                places(&source, "max_blocking_jobs", 0..0, n, MAX_BLOCKING_JOBS)?;
        }
        if let Some((source, n)) = number("PADVINDER_MAX_LOGIN_JOBS")? {
            self.server.max_login_jobs =
                places(&source, "max_login_jobs", 0..0, n, MAX_LOGIN_JOBS)?;
        }
        if let Some((source, n)) = number("PADVINDER_REQUEST_TIMEOUT_SECS")? {
            self.server.request_timeout =
                request_timeout(&source, "request_timeout_secs", 0..0, n)?;
        }
        if let Some((source, n)) = number("PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE")? {
            self.server.anonymous_rate_limit_per_minute =
                per_minute_or_off(&source, "anonymous_rate_limit_per_minute", 0..0, n)?;
        }
        if let Some((source, n)) = number("PADVINDER_INSTANCES")? {
            self.server.instances = instances(&source, "instances", 0..0, n)?;
        }
        Ok(())
    }

    fn apply_flags(&mut self, flags: &Flags) -> Result<(), ConfigError> {
        if let Some(data) = &flags.data {
            self.data.clone_from(data);
        }
        if let Some(index) = &flags.index {
            self.index.clone_from(index);
        }
        if let Some(store) = &flags.store {
            self.workspace.store = StoreLocation::parse(&store.to_string_lossy(), Path::new(""))
                .map_err(|m| Source::Flag("--store").error("store", 0..0, m))?;
        }
        if let Some(addr) = flags.addr {
            self.server.addr = addr;
        }
        if let Some(level) = &flags.log_level {
            let value = Spanned::new(0..0, level.clone());
            self.server.log_level =
                check_log_level(&Source::Flag("--log-level"), "log_level", &value)?;
        }
        if let Some(format) = &flags.log_format {
            let value = Spanned::new(0..0, format.clone());
            let source = Source::Flag("--log-format");
            self.server.log_format = log_format(&source, "log_format", &value)?;
        }
        if let Some(on) = flags.log_client_addr {
            self.server.log_client_addr = on;
        }
        if let Some(token) = &flags.admin_token {
            // `--admin-token ""` turns reload over HTTP off, whatever the file or env said.
            self.server.admin_token = Some(token.clone()).filter(|t| !t.is_empty());
        }
        let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        if let Some(n) = flags.max_connections {
            let source = Source::Flag("--max-connections");
            self.server.max_connections = connections(&source, "max_connections", 0..0, as_i64(n))?;
        }
        if let Some(secs) = flags.header_read_timeout {
            let source = Source::Flag("--header-read-timeout");
            self.server.header_read_timeout =
                seconds(&source, "header_read_timeout", 0..0, as_i64(secs))?;
        }
        if let Some(secs) = flags.idle_timeout {
            let source = Source::Flag("--idle-timeout");
            self.server.idle_timeout = seconds(&source, "idle_timeout", 0..0, as_i64(secs))?;
        }
        Ok(())
    }
}

fn parse_addr(
    source: &Source,
    key: &str,
    value: &Spanned<String>,
) -> Result<SocketAddr, ConfigError> {
    value.get_ref().trim().parse().map_err(|_| {
        source.error(
            key,
            value.span(),
            format!(
                "\"{}\" is not an address like 127.0.0.1:8080",
                value.get_ref()
            ),
        )
    })
}

/// A number of places in a pool, from 1 to `max`.
fn places(
    source: &Source,
    key: &str,
    span: std::ops::Range<usize>,
    n: i64,
    max: usize,
) -> Result<usize, ConfigError> {
    let n = counted(source, key, span, n, max as u64, "jobs")?;
    // At most `max`, which fits any usize.
    Ok(usize::try_from(n).unwrap_or(max))
}

/// A request time limit from 1 to [`MAX_REQUEST_TIMEOUT_SECS`] seconds.
fn request_timeout(
    source: &Source,
    key: &str,
    span: std::ops::Range<usize>,
    n: i64,
) -> Result<Duration, ConfigError> {
    counted(source, key, span, n, MAX_REQUEST_TIMEOUT_SECS, "seconds").map(Duration::from_secs)
}

/// A rate limit from 0 (off) to [`tenant::MAX_RATE_LIMIT_PER_MINUTE`] requests a minute.
fn per_minute_or_off(
    source: &Source,
    key: &str,
    span: std::ops::Range<usize>,
    n: i64,
) -> Result<u32, ConfigError> {
    let max = tenant::MAX_RATE_LIMIT_PER_MINUTE;
    u32::try_from(n).ok().filter(|n| *n <= max).ok_or_else(|| {
        source.error(
            key,
            span,
            format!("{n} is not a number of requests a minute from 0 (no limit) to {max}"),
        )
    })
}

/// A number of instances from 1 to [`MAX_INSTANCES`].
fn instances(
    source: &Source,
    key: &str,
    span: std::ops::Range<usize>,
    n: i64,
) -> Result<u32, ConfigError> {
    let n = counted(source, key, span, n, u64::from(MAX_INSTANCES), "instances")?;
    Ok(u32::try_from(n).unwrap_or(MAX_INSTANCES))
}

/// A connection cap from 1 to [`MAX_CONNECTIONS`].
fn connections(
    source: &Source,
    key: &str,
    span: std::ops::Range<usize>,
    n: i64,
) -> Result<usize, ConfigError> {
    let n = counted(source, key, span, n, MAX_CONNECTIONS, "connections")?;
    // At most MAX_CONNECTIONS, which fits any usize padvinder runs on.
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// A timeout from 1 to [`MAX_TIMEOUT_SECS`] seconds.
fn seconds(
    source: &Source,
    key: &str,
    span: std::ops::Range<usize>,
    n: i64,
) -> Result<Duration, ConfigError> {
    counted(source, key, span, n, MAX_TIMEOUT_SECS, "seconds").map(Duration::from_secs)
}

/// A whole number of `what` from 1 to `max`.
fn counted(
    source: &Source,
    key: &str,
    span: std::ops::Range<usize>,
    n: i64,
    max: u64,
    what: &str,
) -> Result<u64, ConfigError> {
    u64::try_from(n)
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            source.error(
                key,
                span,
                format!("{n} is not a number of {what} from 1 to {max}"),
            )
        })
}

fn log_format(
    source: &Source,
    key: &str,
    value: &Spanned<String>,
) -> Result<LogFormat, ConfigError> {
    match value.get_ref().trim() {
        "text" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        other => Err(source.error(
            key,
            value.span(),
            format!("\"{other}\" is not a log format: text or json"),
        )),
    }
}

fn check_log_level(
    source: &Source,
    key: &str,
    value: &Spanned<String>,
) -> Result<String, ConfigError> {
    let level = value.get_ref();
    tracing_subscriber::EnvFilter::try_new(level)
        .map(|_| level.clone())
        .map_err(|e| {
            source.error(
                key,
                value.span(),
                format!("\"{level}\" is not a log level (error, warn, info, debug) or a tracing filter: {e}"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_of_a_value_is_named_with_its_table() {
        let text = "data = 3\n[server]\naddr = 1\n";
        assert_eq!(key_at(text, 7).as_deref(), Some("data"));
        assert_eq!(key_at(text, text.len() - 2).as_deref(), Some("server.addr"));
        assert_eq!(key_at("[server]\n", 3), None);
    }

    #[test]
    fn a_line_is_counted_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }
}
