//! Turning researched offering rows (`docs/research/catalogue-depth/provider_offerings.csv`)
//! into catalogue records: `[[offering]]` and, for schools the catalogue does not list yet,
//! `[[provider]]` in one generated file, `paths/offerings/imported.toml`.
//!
//! Repeatable: the file is written whole from the rows, in a fixed order, so the same rows give
//! the same bytes. Nothing is inferred: a row without a crebo the catalogue knows, or that a
//! reviewer marked `skip` in the review file, is left out with its reason; a location is written
//! only when the row states a municipality or postcode; a route only when the row states it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use serde::Deserialize;

use crate::catalog::{Catalogue, CourseKind, LearningRoute};
use crate::geo::Geo;

/// The columns the importer reads (the research file has more; they stay in the research).
#[derive(Debug, Deserialize)]
struct Row {
    crebo: String,
    provider_id: String,
    provider: String,
    route: String,
    municipality: String,
    postcode: String,
    source_kind: String,
    source_url: String,
    checked: String,
}

/// A reviewer's decision on one research row (`import_review.csv`).
#[derive(Debug, Deserialize)]
struct Review {
    crebo: String,
    provider_id: String,
    route: String,
    source_url: String,
    decision: String,
    reason: String,
}

/// What an import did: counts and every row left out, with its line and reason.
#[derive(Debug, Default, PartialEq)]
pub struct ImportReport {
    pub rows: usize,
    pub offerings: usize,
    pub new_providers: Vec<String>,
    /// (CSV line, reason)
    pub skipped: Vec<(u64, String)>,
}

/// The generated file's text and what went into it.
#[derive(Debug)]
pub struct Imported {
    pub toml: String,
    pub report: ImportReport,
}

/// One offering being built: its key and the rows' sources merged.
#[derive(Default)]
struct Draft {
    sources: BTreeSet<String>,
    checked: String,
    website: Option<String>,
}

/// A stated place: name, CBS code, postcode.
type Place = (String, String, Option<String>);

/// Key of an offering: course, provider, route (or "unknown"), place.
type Key = (String, String, String, Option<Place>);

#[derive(Default)]
struct NewProvider {
    name: String,
    sources: BTreeSet<String>,
    checked: String,
    locations: BTreeSet<(String, String)>,
}

/// Builds the generated file from the research rows. `providers_toml` is the text of
/// `paths/providers.toml` (the schools the catalogue lists by hand); `catalogue` supplies the
/// courses by crebo. Errors name the file and line.
pub fn import_offerings(
    catalogue: &Catalogue,
    geo: &Geo,
    providers_toml: &str,
    rows_csv: (&str, &[u8]),
    review_csv: Option<(&str, &[u8])>,
) -> Result<Imported, String> {
    let listed = listed_providers(providers_toml)?;
    let mut by_crebo: HashMap<&str, Vec<&str>> = HashMap::new();
    for c in catalogue.courses() {
        if let (CourseKind::MboDiploma, Some(crebo)) = (c.kind, &c.crebo) {
            by_crebo.entry(crebo.as_str()).or_default().push(&c.id);
        }
    }
    let mut skips: HashMap<(String, String, String, String), String> = HashMap::new();
    if let Some((name, bytes)) = review_csv {
        for (line, r) in read_csv::<Review>(name, bytes)? {
            match r.decision.as_str() {
                "skip" => {
                    skips.insert((r.crebo, r.provider_id, r.route, r.source_url), r.reason);
                }
                other => {
                    return Err(format!(
                        "{name}:{line}: decision \"{other}\" is not \"skip\""
                    ));
                }
            }
        }
    }
    let (name, bytes) = rows_csv;
    let mut report = ImportReport::default();
    let mut drafts: BTreeMap<Key, Draft> = BTreeMap::new();
    let mut new_providers: BTreeMap<String, NewProvider> = BTreeMap::new();
    for (line, row) in read_csv::<Row>(name, bytes)? {
        report.rows += 1;
        let key = (
            row.crebo.clone(),
            row.provider_id.clone(),
            row.route.clone(),
            row.source_url.clone(),
        );
        if let Some(reason) = skips.get(&key) {
            report.skipped.push((line, format!("review: {reason}")));
            continue;
        }
        let courses = match by_crebo.get(row.crebo.trim()) {
            Some(ids) => ids.clone(),
            None if row.crebo.trim() == "unknown" => {
                report.skipped.push((
                    line,
                    "no crebo: the source names no qualification code".into(),
                ));
                continue;
            }
            None => {
                report.skipped.push((
                    line,
                    format!(
                        "crebo {} is not a course in the catalogue",
                        row.crebo.trim()
                    ),
                ));
                continue;
            }
        };
        let provider = row.provider_id.trim();
        if !valid_id(provider) {
            report.skipped.push((
                line,
                format!("provider_id \"{provider}\" is not an id (a-z, 0-9, '-')"),
            ));
            continue;
        }
        if !(row.source_url.starts_with("https://") || row.source_url.starts_with("http://")) {
            report
                .skipped
                .push((line, "source_url is not a web address".into()));
            continue;
        }
        if !valid_date(&row.checked) {
            report.skipped.push((
                line,
                format!("checked \"{}\" is not a date like 2026-12-03", row.checked),
            ));
            continue;
        }
        let routes = match routes(&row.route) {
            Ok(routes) => routes,
            Err(e) => {
                report.skipped.push((line, e));
                continue;
            }
        };
        let location = match location(geo, &row.municipality, &row.postcode) {
            Ok(l) => l,
            Err(e) => {
                report.skipped.push((line, e));
                continue;
            }
        };
        if !listed.contains(provider) {
            let p = new_providers.entry(provider.to_owned()).or_default();
            if p.name.is_empty() {
                p.name = row.provider.trim().to_owned();
            }
            p.sources.insert(row.source_url.clone());
            p.checked = p.checked.clone().max(row.checked.clone());
            if let Some((name, code, _)) = &location {
                p.locations.insert((name.clone(), code.clone()));
            }
        }
        let website = row
            .source_kind
            .starts_with("school_page")
            .then(|| row.source_url.clone());
        for course in courses {
            for route in &routes {
                let d = drafts
                    .entry((
                        course.to_owned(),
                        provider.to_owned(),
                        route.clone(),
                        location.clone(),
                    ))
                    .or_default();
                d.sources.insert(row.source_url.clone());
                d.checked = d.checked.clone().max(row.checked.clone());
                if d.website.is_none() {
                    d.website.clone_from(&website);
                }
            }
        }
    }
    // A route-unknown offering says nothing a route-known one of the same place does not.
    let known: BTreeSet<(String, String, Option<Place>)> = drafts
        .keys()
        .filter(|k| k.2 != "unknown")
        .map(|k| (k.0.clone(), k.1.clone(), k.3.clone()))
        .collect();
    drafts.retain(|k, _| {
        k.2 != "unknown" || !known.contains(&(k.0.clone(), k.1.clone(), k.3.clone()))
    });

    let mut out = String::from(HEADER);
    for (id, p) in &new_providers {
        out.push_str("\n[[provider]]\n");
        let _ = writeln!(out, "id = {}", quote(id));
        let _ = writeln!(out, "name = {}", quote(&p.name));
        write_sources(&mut out, &p.sources);
        let _ = writeln!(out, "checked = {}", p.checked);
        let locs: Vec<String> = p
            .locations
            .iter()
            .map(|(n, c)| format!("{{ name = {}, municipality = {} }}", quote(n), quote(c)))
            .collect();
        let _ = writeln!(out, "locations = [{}]", locs.join(", "));
    }
    for ((course, provider, route, location), d) in &drafts {
        out.push_str("\n[[offering]]\n");
        let _ = writeln!(out, "course = {}", quote(course));
        let _ = writeln!(out, "provider = {}", quote(provider));
        let _ = writeln!(out, "route = {}", quote(route));
        if let Some((name, code, postcode)) = location {
            let pc = postcode
                .as_ref()
                .map(|p| format!(", postcode = {}", quote(p)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "location = {{ name = {}, municipality = {}{pc} }}",
                quote(name),
                quote(code)
            );
        }
        if let Some(w) = &d.website {
            let _ = writeln!(out, "website = {}", quote(w));
        }
        write_sources(&mut out, &d.sources);
        let _ = writeln!(out, "checked = {}", d.checked);
    }
    report.offerings = drafts.len();
    report.new_providers = new_providers.into_keys().collect();
    Ok(Imported { toml: out, report })
}

const HEADER: &str = "\
#:schema ../schema/offering.schema.json
# GENERATED by `padvinder import-offerings` from docs/research/catalogue-depth/provider_offerings.csv
# (rows a reviewer left out: docs/research/catalogue-depth/import_review.csv). Do not edit by hand:
# change the research rows and run the import again. Format: docs/catalogue-format.md.
";

fn write_sources(out: &mut String, sources: &BTreeSet<String>) {
    let list: Vec<String> = sources.iter().map(|s| quote(s)).collect();
    let _ = writeln!(out, "sources = [{}]", list.join(", "));
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn valid_date(s: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, format).is_ok()
}

/// The ids of `[[provider]]` records in `providers.toml`.
fn listed_providers(text: &str) -> Result<BTreeSet<String>, String> {
    let table: toml::Table =
        toml::from_str(text).map_err(|e| format!("providers.toml is not valid TOML: {e}"))?;
    Ok(table
        .get("provider")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("id")?.as_str().map(str::to_owned))
        .collect())
}

/// "BOL", "BBL", "BOL/BBL", "BOL; BBL" or "unknown" → the route words, each once.
fn routes(field: &str) -> Result<Vec<String>, String> {
    let field = field.trim();
    if field.is_empty() || field == "unknown" {
        return Ok(vec!["unknown".into()]);
    }
    let mut out = BTreeSet::new();
    for part in field.split(['/', ';', ',', '+']) {
        let route = LearningRoute::parse(part.trim())?;
        out.insert(route.as_str().to_owned());
    }
    Ok(out.into_iter().collect())
}

/// A stated municipality and/or postcode → (name, CBS code, postcode); none when neither is
/// stated. A postcode alone gives its municipality through the PC4 table.
fn location(geo: &Geo, municipality: &str, postcode: &str) -> Result<Option<Place>, String> {
    let stated = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s != "unknown").then(|| s.to_owned())
    };
    let (municipality, postcode) = (stated(municipality), stated(postcode));
    let pc4 = match &postcode {
        Some(p) => {
            let digits: String = p.chars().take(4).collect();
            match digits.parse::<u16>().ok().and_then(|n| geo.pc4(n)) {
                Some(area) => Some(area),
                None => return Err(format!("postcode \"{p}\" is not a postcode we know")),
            }
        }
        None => None,
    };
    let m = match (&municipality, pc4) {
        (Some(name), _) => match geo.municipality_named(name) {
            Some(m) => m,
            None => {
                return Err(format!(
                    "municipality \"{name}\" is not in reference/geo/municipalities.csv"
                ));
            }
        },
        (None, Some(area)) => match geo.municipality(&area.municipality_code) {
            Some(m) => m,
            None => return Ok(None),
        },
        (None, None) => return Ok(None),
    };
    Ok(Some((
        municipality.unwrap_or_else(|| m.name.clone()),
        m.code.clone(),
        postcode,
    )))
}

fn read_csv<T: for<'de> Deserialize<'de>>(
    name: &str,
    bytes: &[u8],
) -> Result<Vec<(u64, T)>, String> {
    crate::base::rows::csv_rows(name, bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_words_are_split_and_checked() {
        assert_eq!(routes("BOL/BBL").unwrap(), ["BBL", "BOL"]);
        assert_eq!(routes("unknown").unwrap(), ["unknown"]);
        assert!(routes("avond").is_err());
    }
}
