//! Tenants: organisations (job centres) that embed padvinder in their own website
//! (`[[tenant]]` tables of the config file; docs/embed.md).
//!
//! Everything a tenant says is checked here when the file is read, naming file, line and key;
//! only the region is checked later, against the geo data ([`Tenants::resolve`]), because the
//! config is read before the data folder is.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use toml::Spanned;

use super::theme::Theme;
use super::{ConfigError, Source};

/// The requests per minute a tenant's API key may make when the file does not say.
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 600;
/// The highest `rate_limit_per_minute` a file may set.
pub const MAX_RATE_LIMIT_PER_MINUTE: u32 = 100_000;
/// The most origins one tenant may list.
pub const MAX_ORIGINS: usize = 20;

/// One organisation that embeds padvinder, as the config file states it (checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    /// `[a-z0-9-]`, unique: the `{tenant}` of `/embed/{tenant}/`.
    pub id: String,
    /// The organisation's name as people know it ("Werkcentrum Rijnmond").
    pub name: String,
    /// Web origins that may frame the embed (`https://www.example.nl`), normalised: lowercase,
    /// no default port, no trailing slash.
    pub origins: Vec<String>,
    /// The labour-market region as written (a name or a code); see [`Tenants::resolve`].
    pub region: String,
    /// `nl` or `en`: the embed's first language.
    pub lang: String,
    /// The tenant's look.
    pub theme: Theme,
    /// Where people go to talk about a route with the tenant's advisers.
    pub handoff: Handoff,
    /// `sha256:` + lowercase hex of each API key (the keys themselves are never stored).
    pub api_keys: Vec<String>,
    /// The most API requests per minute for this tenant's keys.
    pub rate_limit_per_minute: u32,
    /// The counsellor workspace organisation whose caseload receives this tenant's hand-offs
    /// ("Stuur mijn profiel en deze route naar een adviseur", docs/embed.md §5); `None` offers
    /// only the link or phone number.
    pub workspace_organisation: Option<String>,
    /// Where the region was written, to name it when it is unknown.
    region_at: (String, usize),
}

/// A tenant's hand-off: a link, a phone number or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    /// The link's text ("Maak een afspraak met een adviseur").
    pub label: String,
    /// An https address.
    pub url: Option<String>,
    /// A phone number as people write it ("010 123 45 67").
    pub phone: Option<String>,
}

impl Handoff {
    /// The phone number as a `tel:` address (digits and a leading +).
    pub fn tel(&self) -> Option<String> {
        self.phone.as_ref().map(|p| {
            let digits: String = p
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{digits}")
        })
    }
}

/// A tenant whose region was found in the geo data: what the server serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedTenant {
    pub tenant: Tenant,
    /// The labour-market region's code (`AM24`).
    pub region_code: String,
    /// The labour-market region's name (`Rijnmond`).
    pub region_name: String,
}

/// The tenants the server knows, by id.
#[derive(Debug, Clone, Default)]
pub struct Tenants {
    by_id: BTreeMap<String, Arc<ServedTenant>>,
    /// Every tenant's origins, for CORS.
    origins: BTreeSet<String>,
}

/// How an API key is written in `api_keys`: `sha256:` + the lowercase hex SHA-256 of its bytes.
pub fn key_hash(key: &str) -> String {
    format!("sha256:{:x}", Sha256::digest(key.as_bytes()))
}

impl Tenants {
    /// Finds each tenant's region among `regions` (code, name), by name or code, ignoring case.
    pub fn resolve(
        tenants: &[Tenant],
        regions: &[(String, String)],
    ) -> Result<Tenants, ConfigError> {
        let mut by_id = BTreeMap::new();
        let mut origins = BTreeSet::new();
        for tenant in tenants {
            let written = tenant.region.trim();
            let found = regions.iter().find(|(code, name)| {
                code.eq_ignore_ascii_case(written) || name.to_lowercase() == written.to_lowercase()
            });
            let Some((code, name)) = found else {
                let (file, line) = tenant.region_at.clone();
                let mut names: Vec<&str> = regions.iter().map(|(_, n)| n.as_str()).collect();
                names.sort_unstable();
                return Err(ConfigError::File {
                    file,
                    line,
                    message: format!(
                        "`tenant.region`: tenant \"{}\": \"{written}\" is not a labour-market region; known: {}",
                        tenant.id,
                        names.join(", ")
                    ),
                });
            };
            origins.extend(tenant.origins.iter().cloned());
            by_id.insert(
                tenant.id.clone(),
                Arc::new(ServedTenant {
                    tenant: tenant.clone(),
                    region_code: code.clone(),
                    region_name: name.clone(),
                }),
            );
        }
        Ok(Tenants { by_id, origins })
    }

    /// The tenant one of whose `api_keys` is this key's hash. Every stored hash is compared,
    /// each in constant time, so an answer's timing says nothing about how close a guess was.
    pub fn by_api_key(&self, key: &str) -> Option<&Arc<ServedTenant>> {
        let presented = key_hash(key);
        let mut found = None;
        for tenant in self.by_id.values() {
            for stored in &tenant.tenant.api_keys {
                if bool::from(stored.as_bytes().ct_eq(presented.as_bytes())) {
                    found = Some(tenant);
                }
            }
        }
        found
    }

    /// Whether a browser's `Origin` is one that a tenant lists (as browsers write origins:
    /// lowercase, without a default port).
    pub fn lists_origin(&self, origin: &str) -> bool {
        self.origins.contains(origin)
    }

    /// The tenant with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<ServedTenant>> {
        self.by_id.get(id)
    }

    /// Every tenant, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<ServedTenant>> {
        self.by_id.values()
    }

    /// How many tenants there are.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True without tenants.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// A `[[tenant]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileTenant {
    id: Spanned<String>,
    name: Spanned<String>,
    origins: Spanned<Vec<Spanned<String>>>,
    region: Spanned<String>,
    lang: Option<Spanned<String>>,
    theme: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    handoff: Spanned<FileHandoff>,
    #[serde(default)]
    api_keys: Vec<Spanned<String>>,
    rate_limit_per_minute: Option<Spanned<i64>>,
    workspace_organisation: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileHandoff {
    label: Spanned<String>,
    url: Option<Spanned<String>>,
    phone: Option<Spanned<String>>,
}

/// Checks every `[[tenant]]` table; the first problem is named with file, line and key.
pub(super) fn parse_all(
    source: &Source,
    file: &str,
    text: &str,
    tables: Vec<FileTenant>,
) -> Result<Vec<Tenant>, ConfigError> {
    let mut seen = BTreeSet::new();
    let mut tenants = Vec::with_capacity(tables.len());
    for table in tables {
        let span = table.id.span();
        let tenant = parse_one(source, file, text, table)?;
        if !seen.insert(tenant.id.clone()) {
            return Err(source.error(
                "tenant.id",
                span,
                format!(
                    "\"{}\" is used by an earlier tenant; ids must be unique",
                    tenant.id
                ),
            ));
        }
        tenants.push(tenant);
    }
    Ok(tenants)
}

fn parse_one(
    source: &Source,
    file: &str,
    text: &str,
    t: FileTenant,
) -> Result<Tenant, ConfigError> {
    let id = t.id.get_ref().trim().to_owned();
    let id_ok = !id.is_empty()
        && id.len() <= 40
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !id_ok {
        return Err(source.error(
            "tenant.id",
            t.id.span(),
            format!("\"{id}\" is not an id of 1 to 40 characters a-z, 0-9 and -"),
        ));
    }
    let err = |key: &str, span: std::ops::Range<usize>, message: String| {
        source.error(key, span, format!("tenant \"{id}\": {message}"))
    };
    let name =
        plain_text(t.name.get_ref(), 100).map_err(|m| err("tenant.name", t.name.span(), m))?;
    let mut origins = Vec::new();
    if t.origins.get_ref().is_empty() || t.origins.get_ref().len() > MAX_ORIGINS {
        return Err(err(
            "tenant.origins",
            t.origins.span(),
            format!("list 1 to {MAX_ORIGINS} origins, like [\"https://www.example.nl\"]"),
        ));
    }
    for origin in t.origins.get_ref() {
        let parsed =
            parse_origin(origin.get_ref()).map_err(|m| err("tenant.origins", origin.span(), m))?;
        if !origins.contains(&parsed) {
            origins.push(parsed);
        }
    }
    let region = t.region.get_ref().trim().to_owned();
    if region.is_empty() {
        return Err(err(
            "tenant.region",
            t.region.span(),
            "name a labour-market region, like \"Rijnmond\"".to_owned(),
        ));
    }
    let region_at = (file.to_owned(), super::line_of(text, t.region.span().start));
    let lang = match &t.lang {
        None => "nl".to_owned(),
        Some(l) if matches!(l.get_ref().as_str(), "nl" | "en") => l.get_ref().clone(),
        Some(l) => {
            return Err(err(
                "tenant.lang",
                l.span(),
                format!(
                    "\"{}\" is not a language padvinder speaks: nl or en",
                    l.get_ref()
                ),
            ));
        }
    };
    let theme = match &t.theme {
        None => Theme::default(),
        Some(theme) => {
            let entries = theme.get_ref();
            Theme::parse(
                entries
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.get_ref().as_str())),
            )
            .map_err(|e| {
                // Name the line of the token the problem is about.
                let span = entries
                    .iter()
                    .find(|(k, _)| k.trim_start_matches("--") == e.token.trim_start_matches("--"))
                    .map_or_else(|| theme.span(), |(_, v)| v.span());
                err("tenant.theme", span, e.message)
            })?
        }
    };
    let handoff = parse_handoff(t.handoff.get_ref(), t.handoff.span())
        .map_err(|(key, span, m)| err(key, span, m))?;
    let mut api_keys = Vec::new();
    for key in &t.api_keys {
        let k = key.get_ref();
        let ok = k.strip_prefix("sha256:").is_some_and(|hex| {
            hex.len() == 64
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        });
        if !ok {
            return Err(err(
                "tenant.api_keys",
                key.span(),
                "a key is stored as \"sha256:\" and 64 lowercase hex digits; `padvinder tenants key` prints one"
                    .to_owned(),
            ));
        }
        api_keys.push(k.clone());
    }
    let rate_limit_per_minute = match &t.rate_limit_per_minute {
        None => DEFAULT_RATE_LIMIT_PER_MINUTE,
        Some(n) => u32::try_from(*n.get_ref())
            .ok()
            .filter(|n| (1..=MAX_RATE_LIMIT_PER_MINUTE).contains(n))
            .ok_or_else(|| {
                err(
                    "tenant.rate_limit_per_minute",
                    n.span(),
                    format!(
                        "{} is not a number from 1 to {MAX_RATE_LIMIT_PER_MINUTE}",
                        n.get_ref()
                    ),
                )
            })?,
    };
    let workspace_organisation = match &t.workspace_organisation {
        None => None,
        Some(org) => Some(
            organisation_id(org.get_ref())
                .map_err(|m| err("tenant.workspace_organisation", org.span(), m))?,
        ),
    };
    Ok(Tenant {
        id,
        name,
        origins,
        region,
        lang,
        theme,
        handoff,
        api_keys,
        rate_limit_per_minute,
        workspace_organisation,
        region_at,
    })
}

/// A workspace organisation's id as `padvinder users add --org` takes it: the store's rule,
/// [`crate::base::is_org_id`].
fn organisation_id(text: &str) -> Result<String, String> {
    let text = text.trim();
    if crate::base::is_org_id(text) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "\"{text}\" is not a workspace organisation id: 2 to 64 lowercase letters, digits and hyphens, like werkcentrum-rijnmond"
        ))
    }
}

type KeyProblem = (&'static str, std::ops::Range<usize>, String);

fn parse_handoff(h: &FileHandoff, span: std::ops::Range<usize>) -> Result<Handoff, KeyProblem> {
    let label = plain_text(h.label.get_ref(), 120)
        .map_err(|m| ("tenant.handoff.label", h.label.span(), m))?;
    let url = match &h.url {
        None => None,
        Some(u) => Some(parse_url(u.get_ref()).map_err(|m| ("tenant.handoff.url", u.span(), m))?),
    };
    let phone = match &h.phone {
        None => None,
        Some(p) => {
            let text = p.get_ref().trim();
            let digits = text.chars().filter(char::is_ascii_digit).count();
            let ok = (3..=20).contains(&digits)
                && text.len() <= 30
                && text
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'));
            if !ok {
                return Err((
                    "tenant.handoff.phone",
                    p.span(),
                    format!(
                        "\"{text}\" is not a phone number like \"010 123 45 67\" or \"+31 10 123 45 67\""
                    ),
                ));
            }
            Some(text.to_owned())
        }
    };
    if url.is_none() && phone.is_none() {
        return Err((
            "tenant.handoff",
            span,
            "give a `url`, a `phone` or both, so people can reach an adviser".to_owned(),
        ));
    }
    Ok(Handoff { label, url, phone })
}

/// Text shown to people: trimmed, not empty, no control characters, at most `max` characters.
fn plain_text(text: &str, max: usize) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > max || text.chars().any(char::is_control) {
        return Err(format!(
            "write 1 to {max} characters of plain text (no line breaks or control characters)"
        ));
    }
    Ok(text.to_owned())
}

/// A host name: dot-separated labels of a-z, 0-9 and -.
fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Loopback hosts allowed over plain http (tests and local trials only).
fn is_loopback(host: &str) -> bool {
    host == "127.0.0.1" || host == "localhost"
}

/// An origin as a browser writes it: `https://host[:port]`, or `http://127.0.0.1:PORT` /
/// `http://localhost:PORT` for tests.
pub fn parse_origin(text: &str) -> Result<String, String> {
    let bad = |why: &str| {
        format!(
            "\"{text}\" is not an origin: {why} (write https://www.example.nl; http only for 127.0.0.1 or localhost with a port)"
        )
    };
    let lower = text.trim().to_ascii_lowercase();
    let lower = lower.strip_suffix('/').unwrap_or(&lower);
    let (scheme, rest) = lower.split_once("://").ok_or_else(|| bad("no scheme"))?;
    if rest.contains(['/', '?', '#', '@', '*']) {
        return Err(bad("an origin has no path, query, user or wildcard"));
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => {
            let port: u16 = port
                .parse()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| bad("the port is not a number from 1 to 65535"))?;
            (host, Some(port))
        }
        None => (rest, None),
    };
    if !is_host(host) {
        return Err(bad("the host name is not valid"));
    }
    match (scheme, port) {
        ("https", Some(443) | None) => Ok(format!("https://{host}")),
        ("https", Some(port)) => Ok(format!("https://{host}:{port}")),
        ("http", Some(port)) if is_loopback(host) => Ok(format!("http://{host}:{port}")),
        ("http", _) => Err(bad(
            "plain http is only for 127.0.0.1 or localhost with a port",
        )),
        _ => Err(bad("the scheme must be https")),
    }
}

/// An https address for a link (or http on 127.0.0.1/localhost for tests).
fn parse_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let bad = || format!("\"{text}\" is not an https address like https://www.example.nl/afspraak");
    if text.len() > 500
        || text.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
        })
    {
        return Err(bad());
    }
    let (scheme, rest) = text.split_once("://").ok_or_else(bad)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let origin = format!("{}://{authority}", scheme.to_ascii_lowercase());
    match parse_origin(&origin) {
        Ok(_) => Ok(text.to_owned()),
        Err(_) => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_or_refused() {
        assert_eq!(
            parse_origin("https://www.Example.nl/").as_deref(),
            Ok("https://www.example.nl")
        );
        assert_eq!(
            parse_origin("https://example.nl:443").as_deref(),
            Ok("https://example.nl")
        );
        assert_eq!(
            parse_origin("https://example.nl:8443").as_deref(),
            Ok("https://example.nl:8443")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:18116").as_deref(),
            Ok("http://127.0.0.1:18116")
        );
        for bad in [
            "http://www.example.nl",
            "http://127.0.0.1",
            "https://example.nl/pad",
            "https://*.example.nl",
            "https://user@example.nl",
            "example.nl",
            "https://exa mple.nl",
            "https://example.nl:0",
            "https://example.nl:99999",
            "javascript://x",
            "https://-x.nl",
            "https://example.nl; frame-ancestors *",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn handoff_urls_are_https_addresses() {
        assert!(parse_url("https://www.example.nl/afspraak?x=1").is_ok());
        for bad in [
            "http://example.nl/a",
            "javascript:alert(1)",
            "https://ex ample.nl",
            "https://e.nl/\"><script>",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_phone_number_becomes_a_tel_address() {
        let h = Handoff {
            label: "Bel".to_owned(),
            url: None,
            phone: Some("+31 (0)10 123-45 67".to_owned()),
        };
        assert_eq!(h.tel().as_deref(), Some("tel:+310101234567"));
    }
}
