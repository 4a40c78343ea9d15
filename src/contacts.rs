//! Places a person can ask, besides the catalogue's providers: the mbo schools' branches
//! (`paths/reference/providers/`, KiesMBO as of February 2025) and the regional desks for work
//! and learning (`paths/reference/desks/`).
//!
//! A school branch here is a place to *ask*, never a provider of a course: the data says where
//! schools are, not what they teach. Each branch cites the school's own website as the source of
//! its address (the reference data's licence note asks for that); a branch without one is left out.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::geo::distance_km;
use crate::layout::DataLayout;

/// One branch of an mbo school.
#[derive(Debug, Clone)]
pub struct SchoolBranch {
    pub institution_code: String,
    pub school: String,
    pub location: String,
    pub street: String,
    pub postcode: String,
    pub place: String,
    /// The school's own website (the branch's, else the school's): the source of the address.
    pub website: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// A school to ask whether it offers a course, with its nearest branch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SchoolToAsk {
    pub school: String,
    /// The branch's street, postcode and place, as the school lists them.
    pub address: String,
    /// Straight-line distance from the person's postcode.
    pub distance_km: f64,
    /// The school's own website, the source of this address.
    pub website: String,
}

/// What kind of desk a regional desk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeskKind {
    /// Leerwerkloket: free advice on learning and work, one per labour-market region.
    Leerwerkloket,
    /// Werkcentrum (or a desk that plays its role): walk-in help towards work.
    Werkcentrum,
}

impl DeskKind {
    fn default_kind() -> DeskKind {
        DeskKind::Leerwerkloket
    }
}

/// A desk a person can call or visit about work and learning, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RegionalDesk {
    /// Leerwerkloket or Werkcentrum (not in JSON: the name says it, and answers stay small).
    #[serde(skip, default = "DeskKind::default_kind")]
    pub kind: DeskKind,
    pub name: String,
    /// The labour-market region it serves (`AM22`); none for the national entry. Not in JSON:
    /// the desks of an answer are those of the person's region.
    #[serde(skip)]
    pub region_code: Option<String>,
    /// Left out when no source states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Street or square as the source states it; left out when none does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The phone number as the source writes it (digits, spaces, hyphens, a leading `+`); left
    /// out when no source states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Where we read that this desk exists.
    pub source: String,
    /// When the source was read (YYYY-MM-DD).
    pub checked: String,
}

/// School branches and regional desks, loaded once.
#[derive(Debug, Default)]
pub struct Contacts {
    branches: Vec<SchoolBranch>,
    desks: Vec<RegionalDesk>,
}

/// A reference file could not be read, or a row of it breaks the rules.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {}{message}", if *line == 0 { String::new() } else { format!("line {line}: ") })]
pub struct ContactsError {
    /// The file as given.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u64,
    pub message: String,
}

#[derive(Deserialize)]
struct InstitutionRow {
    institution_code: String,
    name: String,
    website: String,
}

#[derive(Deserialize)]
struct LocationRow {
    institution_code: String,
    location_name: String,
    street: String,
    postcode: String,
    place: String,
    website: String,
    latitude: f64,
    longitude: f64,
}

#[derive(Deserialize)]
struct NotAskedRow {
    institution_code: String,
}

#[derive(Deserialize)]
struct DeskRow {
    region_code: String,
    desk_kind: String,
    desk_name: String,
    website: String,
    address: String,
    /// Optional column: a desks file written before phone numbers were recorded has none.
    #[serde(default)]
    phone: String,
    source_url: String,
    checked: String,
    shown: String,
}

impl Contacts {
    /// Reads the school branches and the regional desks of a data folder.
    pub fn load(layout: &DataLayout) -> Result<Contacts, ContactsError> {
        let institutions: Vec<InstitutionRow> = read(&layout.school_institutions())?;
        let not_asked: HashSet<String> = read::<NotAskedRow>(&layout.schools_not_asked())?
            .into_iter()
            .map(|r| r.institution_code)
            .collect();
        let names: HashMap<&str, (&str, &str)> = institutions
            .iter()
            .map(|i| {
                (
                    i.institution_code.as_str(),
                    (i.name.as_str(), i.website.as_str()),
                )
            })
            .collect();
        let mut branches = Vec::new();
        for r in read::<LocationRow>(&layout.school_locations())? {
            if not_asked.contains(&r.institution_code) {
                continue;
            }
            let Some(&(school, school_site)) = names.get(r.institution_code.as_str()) else {
                continue;
            };
            let website = [r.website.as_str(), school_site]
                .into_iter()
                .flat_map(|w| w.split(';'))
                .map(str::trim)
                .find(|w| !w.is_empty())
                .map(|w| {
                    if w.starts_with("http://") || w.starts_with("https://") {
                        w.to_owned()
                    } else {
                        format!("https://{w}")
                    }
                });
            let Some(website) = website else { continue };
            branches.push(SchoolBranch {
                institution_code: r.institution_code,
                school: school.to_owned(),
                location: r.location_name,
                street: r.street,
                postcode: r.postcode,
                place: r.place,
                website,
                latitude: r.latitude,
                longitude: r.longitude,
            });
        }
        let desks = load_desks(&layout.regional_desks())?;
        Ok(Contacts { branches, desks })
    }

    /// Every school branch that may be named as a place to ask.
    pub fn branches(&self) -> &[SchoolBranch] {
        &self.branches
    }

    /// The schools with a branch within `max_km` of a point, nearest first, each school once
    /// (its nearest branch), at most `limit`.
    pub fn schools_near(&self, lat: f64, lon: f64, max_km: f64, limit: usize) -> Vec<SchoolToAsk> {
        let mut near: Vec<(f64, &SchoolBranch)> = self
            .branches
            .iter()
            .map(|b| (distance_km(lat, lon, b.latitude, b.longitude), b))
            .filter(|(d, _)| *d <= max_km)
            .collect();
        near.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| a.1.institution_code.cmp(&b.1.institution_code))
        });
        let mut seen = HashSet::new();
        near.into_iter()
            .filter(|(_, b)| seen.insert(b.institution_code.as_str()))
            .take(limit)
            .map(|(d, b)| SchoolToAsk {
                school: b.school.clone(),
                address: format!("{}, {} {}", b.street, b.postcode, b.place),
                distance_km: (d * 10.0).round() / 10.0,
                website: b.website.clone(),
            })
            .collect()
    }

    /// The desks of a labour-market region, then the national Leerwerkloket (which finds the
    /// region's own desk); only the national entry when the region is unknown.
    pub fn desks_for(&self, region_code: Option<&str>) -> Vec<RegionalDesk> {
        let regional = self
            .desks
            .iter()
            .filter(|d| region_code.is_some() && d.region_code.as_deref() == region_code);
        let national = self.desks.iter().filter(|d| d.region_code.is_none());
        regional.chain(national).cloned().collect()
    }

    /// Every shown desk, regional and national, in file order.
    pub fn desks(&self) -> &[RegionalDesk] {
        &self.desks
    }

    /// The regions (codes) with at least one desk of their own.
    pub fn regions_with_desks(&self) -> HashSet<&str> {
        self.desks
            .iter()
            .filter_map(|d| d.region_code.as_deref())
            .collect()
    }
}

/// The desks a person is shown (`shown = yes`) from a regional desks file. A shown row must name
/// its source (`source_url`, a web address) and the date it was read (`checked`, YYYY-MM-DD); a
/// phone number holds only digits, spaces, hyphens and a leading `+`, with 7 to 15 digits. A row
/// that breaks this is an error naming the file, line and column.
pub fn load_desks(path: &Path) -> Result<Vec<RegionalDesk>, ContactsError> {
    let (file, bytes) = file_bytes(path)?;
    desks_from(&file, &bytes)
}

fn desks_from(file: &str, bytes: &[u8]) -> Result<Vec<RegionalDesk>, ContactsError> {
    let mut desks = Vec::new();
    for (line, r) in rows::<DeskRow>(file, bytes)? {
        if r.shown != "yes" {
            continue;
        }
        let bad = |column: &str, why: &str| ContactsError {
            file: file.to_owned(),
            line,
            message: format!("{column}: {why}"),
        };
        if !(r.source_url.starts_with("https://") || r.source_url.starts_with("http://")) {
            return Err(bad(
                "source_url",
                "a shown desk needs the web address of its source",
            ));
        }
        if !is_date(&r.checked) {
            return Err(bad(
                "checked",
                "write the date the source was read as YYYY-MM-DD",
            ));
        }
        if !r.phone.trim().is_empty() && !is_phone(r.phone.trim()) {
            return Err(bad(
                "phone",
                "only digits, spaces, hyphens and a leading + (7 to 15 digits), as the source writes it",
            ));
        }
        let kind = match r.desk_kind.as_str() {
            "leerwerkloket" => DeskKind::Leerwerkloket,
            _ => DeskKind::Werkcentrum,
        };
        let some = |s: String| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        desks.push(RegionalDesk {
            kind,
            name: r.desk_name,
            region_code: some(r.region_code),
            website: some(r.website),
            address: some(r.address),
            phone: some(r.phone),
            source: r.source_url,
            checked: r.checked,
        });
    }
    Ok(desks)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && s.char_indices()
            .all(|(i, c)| c.is_ascii_digit() || c == ' ' || c == '-' || (c == '+' && i == 0))
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, ContactsError> {
    let (file, bytes) = file_bytes(path)?;
    Ok(rows(&file, &bytes)?
        .into_iter()
        .map(|(_, row)| row)
        .collect())
}

fn file_bytes(path: &Path) -> Result<(String, Vec<u8>), ContactsError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ContactsError {
        file: file.clone(),
        line: 0,
        message: format!("cannot read: {e}"),
    })?;
    Ok((file, bytes))
}

fn rows<T: for<'de> Deserialize<'de>>(
    file: &str,
    bytes: &[u8],
) -> Result<Vec<(u64, T)>, ContactsError> {
    crate::base::rows::csv_rows(file, bytes).map_err(|e| ContactsError {
        file: e.file,
        line: e.line,
        message: e.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "region_code,region,desk_kind,desk_name,website,address,phone,source_kind,source_url,quote,checked,note,shown,why_not_shown\n";

    #[test]
    fn shown_desks_keep_the_phone_and_website_their_source_gives() {
        let csv = format!(
            "{HEAD}AM05,Twente,leerwerkloket,Leerwerkloket Twente,https://twente.example/,,053 123 45 67,own_page,https://twente.example/contact,q,2026-12-04,,yes,\n\
             AM22,Rijnmond,werkcentrum,Werkcentrum Rijnmond,,,,news,https://news.example/a,q,2026-12-02,,yes,\n\
             AM02,Friesland,werkbedrijf,Lead,,,not a number,news,,q,someday,,no,lead only\n"
        );
        let desks = desks_from("desks.csv", csv.as_bytes()).unwrap();
        assert_eq!(
            desks.len(),
            2,
            "a row not shown is neither read nor checked"
        );
        assert_eq!(desks[0].phone.as_deref(), Some("053 123 45 67"));
        assert_eq!(desks[0].website.as_deref(), Some("https://twente.example/"));
        assert_eq!(desks[1].phone, None);
        assert_eq!(desks[1].kind, DeskKind::Werkcentrum);
        let json = serde_json::to_value(&desks[1]).unwrap();
        assert!(json.get("phone").is_none(), "unknown stays out: {json}");
    }

    #[test]
    fn a_desks_file_without_a_phone_column_still_reads() {
        let csv = "region_code,region,desk_kind,desk_name,website,address,source_kind,source_url,quote,checked,note,shown,why_not_shown\n\
                   AM13,Midden-Utrecht,leerwerkloket,Leerwerkloket regio Utrecht,,,news,https://news.example/u,q,2026-12-02,,yes,\n";
        let desks = desks_from("desks.csv", csv.as_bytes()).unwrap();
        assert_eq!(desks[0].phone, None);
    }

    #[test]
    fn a_shown_desk_with_a_bad_phone_source_or_date_names_line_and_column() {
        let row = |phone: &str, source: &str, checked: &str| {
            format!(
                "{HEAD}AM05,Twente,leerwerkloket,Leerwerkloket Twente,,,,own_page,https://a.example/,q,2026-12-04,,yes,\n\
                 AM07,Midden-Gelderland,leerwerkloket,Leerwerkloket,,,{phone},own_page,{source},q,{checked},,yes,\n"
            )
        };
        let error = |csv: String| {
            desks_from("desks.csv", csv.as_bytes())
                .unwrap_err()
                .to_string()
        };
        for phone in ["bel ons", "12345", "026+1234567", "0800 123 456 789 0123"] {
            let e = error(row(phone, "https://b.example/", "2026-12-04"));
            assert!(e.starts_with("desks.csv: line 3: phone:"), "{phone}: {e}");
        }
        for phone in ["026 123 45 67", "+31 26 123 4567", "0800-1234"] {
            desks_from(
                "desks.csv",
                row(phone, "https://b.example/", "2026-12-04").as_bytes(),
            )
            .unwrap_or_else(|e| panic!("{phone}: {e}"));
        }
        let e = error(row("", "leerwerkloket.nl", "2026-12-04"));
        assert!(e.starts_with("desks.csv: line 3: source_url:"), "{e}");
        let e = error(row("", "https://b.example/", "4 december"));
        assert!(e.starts_with("desks.csv: line 3: checked:"), "{e}");
    }
}
