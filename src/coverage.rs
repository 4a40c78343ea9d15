//! How far the catalogue reaches (`padvinder coverage`, docs/catalogue-coverage.md): per mbo
//! qualification that starts a route, who a source says teaches it and in which provinces; per
//! labour-market region, how far its main town is from the nearest such school; and, given the
//! personas' top routes (computed by the caller), whether each names a school near the person.
//!
//! Issue 10's targets: every qualification that starts a route has sourced providers in at least
//! [`PROVINCE_TARGET`] of the 12 provinces; every persona's top five routes show a sourced
//! provider within [`PERSONA_KM`] km or schools to ask. The report states them and every miss.
//!
//! Who to call: per region, the desks of `paths/reference/desks/` a person is shown, and how many
//! of them give a phone number or a website.
//!
//! A provider counts where a source places the course: an offering's stated place, else the
//! school's own locations (as matching does). A provider without any known place is counted as a
//! provider but in no province and at no distance.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Deserialize;

use crate::catalog::{Catalogue, CourseKind, TransitionKind};
use crate::contacts::RegionalDesk;
use crate::geo::{Geo, distance_km};

/// Provinces a route-starting qualification should have sourced providers in (of 12).
pub const PROVINCE_TARGET: usize = 5;
/// A persona's route shows a school near them when its first course's provider is this close.
pub const PERSONA_KM: f64 = 40.0;

/// One place where a source says a provider teaches a course.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub provider_id: String,
    pub provider_name: String,
    /// Municipality name.
    pub municipality: String,
    pub province: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// An mbo qualification that is the first course of at least one transition.
#[derive(Debug, Clone)]
pub struct StartingCourse {
    pub course_id: String,
    pub crebo: String,
    pub title: String,
    /// The paths whose transitions start with it, sorted.
    pub paths: Vec<String>,
    /// It starts a move into a path from outside it (an `instroom` transition).
    pub instroom: bool,
    /// Every provider the catalogue names for it (course `providers` and offerings), sorted.
    pub providers: Vec<String>,
    /// How many `[[offering]]` records (each with its own source) it has.
    pub offering_records: usize,
    /// Where they teach it, by provider and municipality, each once.
    pub places: Vec<Place>,
    /// Providers with no known place (no stated offering place, no school location).
    pub unplaced: Vec<String>,
}

impl StartingCourse {
    /// The provinces it is taught in, sorted.
    pub fn provinces(&self) -> BTreeSet<&str> {
        self.places.iter().map(|p| p.province.as_str()).collect()
    }

    /// The nearest place to a point, with its distance in km.
    pub fn nearest(&self, latitude: f64, longitude: f64) -> Option<(&Place, f64)> {
        self.places
            .iter()
            .map(|p| (p, distance_km(latitude, longitude, p.latitude, p.longitude)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// The mbo qualifications that start a transition, in crebo order.
pub fn starting_courses(catalogue: &Catalogue, geo: &Geo) -> Vec<StartingCourse> {
    let mut starts: BTreeMap<&str, (BTreeSet<&str>, bool)> = BTreeMap::new();
    for path in catalogue.paths() {
        for t in &path.transitions {
            let Some(first) = t.steps.first() else {
                continue;
            };
            for id in first.course_ids() {
                let Some(c) = catalogue.course(id) else {
                    continue;
                };
                if c.kind != CourseKind::MboDiploma {
                    continue;
                }
                let entry = starts.entry(c.id.as_str()).or_default();
                entry.0.insert(path.id.as_str());
                entry.1 |= t.kind == TransitionKind::Instroom;
            }
        }
    }
    let mut out: Vec<StartingCourse> = starts
        .into_iter()
        .filter_map(|(id, (paths, instroom))| {
            let c = catalogue.course(id)?;
            let mut places: Vec<Place> = Vec::new();
            let mut unplaced = Vec::new();
            for provider in c.provider_ids.iter().filter_map(|p| catalogue.provider(p)) {
                let stated: Vec<(&str, Option<u16>)> = catalogue
                    .offerings_of(id)
                    .filter(|o| o.provider_id == provider.id)
                    .filter_map(|o| o.location.as_ref())
                    .map(|l| (l.municipality.as_str(), l.pc4()))
                    .collect();
                let at: Vec<(&str, Option<u16>)> = if stated.is_empty() {
                    provider
                        .locations
                        .iter()
                        .map(|l| (l.municipality.as_str(), None))
                        .collect()
                } else {
                    stated
                };
                for (code, pc4) in at {
                    let Some(m) = geo.municipality(code) else {
                        continue;
                    };
                    let (latitude, longitude) = pc4
                        .and_then(|n| geo.pc4(n))
                        .map_or((m.latitude, m.longitude), |a| (a.latitude, a.longitude));
                    let place = Place {
                        provider_id: provider.id.clone(),
                        provider_name: provider.name.clone(),
                        municipality: m.name.clone(),
                        province: m.province.clone(),
                        latitude,
                        longitude,
                    };
                    if !places.iter().any(|p| {
                        p.provider_id == place.provider_id && p.municipality == place.municipality
                    }) {
                        places.push(place);
                    }
                }
                if !places.iter().any(|p| p.provider_id == provider.id) {
                    unplaced.push(provider.id.clone());
                }
            }
            let mut providers = c.provider_ids.clone();
            providers.sort();
            providers.dedup();
            unplaced.sort();
            unplaced.dedup();
            Some(StartingCourse {
                course_id: c.id.clone(),
                crebo: c
                    .crebo
                    .as_ref()
                    .map_or(String::new(), |k| k.as_str().to_owned()),
                title: c.title.clone(),
                paths: paths.into_iter().map(str::to_owned).collect(),
                instroom,
                providers,
                offering_records: catalogue.offerings_of(id).count(),
                places,
                unplaced,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.crebo, &a.course_id).cmp(&(&b.crebo, &b.course_id)));
    out
}

/// A labour-market region and its main town (`paths/reference/geo/labour_market_regions.csv`).
#[derive(Debug, Clone, Deserialize)]
pub struct Region {
    #[serde(rename = "arbeidsmarktregio_code")]
    pub code: String,
    #[serde(rename = "arbeidsmarktregio")]
    pub name: String,
    #[serde(rename = "central_municipality")]
    pub town: String,
    #[serde(rename = "central_latitude")]
    pub latitude: f64,
    #[serde(rename = "central_longitude")]
    pub longitude: f64,
}

/// The regions of `labour_market_regions.csv` (its text, read from `file`), in code order.
pub fn regions(file: &str, bytes: &[u8]) -> Result<Vec<Region>, String> {
    let mut out: Vec<Region> = crate::base::rows::csv_rows::<Region>(file, bytes)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// What a persona's route shows for its first course.
#[derive(Debug, Clone, PartialEq)]
pub enum FirstCourse {
    /// A sourced provider at this distance (km), by name and place.
    Provider {
        name: String,
        place: String,
        km: f64,
    },
    /// No provider within reach; the answer names this many mbo schools to ask.
    AskSchools {
        provider_km: Option<f64>,
        schools: usize,
    },
    /// No provider within reach and no school to ask.
    Nothing { provider_km: Option<f64> },
}

/// One of a persona's top routes, as the caller's matcher gave it.
#[derive(Debug, Clone)]
pub struct PersonaRoute {
    pub rank: usize,
    pub target: String,
    pub path: String,
    /// The first course's id (its first step the person takes).
    pub course_id: String,
    /// Its kind as the files write it (`mbo_diploma`, `vendor_certificate`, …): schools to ask
    /// are only named for mbo qualifications.
    pub course_kind: String,
    pub first: FirstCourse,
}

impl PersonaRoute {
    /// The route shows a sourced provider within [`PERSONA_KM`] or schools to ask.
    pub fn meets_target(&self) -> bool {
        match &self.first {
            FirstCourse::Provider { km, .. } => *km <= PERSONA_KM,
            FirstCourse::AskSchools { schools, .. } => *schools > 0,
            FirstCourse::Nothing { .. } => false,
        }
    }
}

/// A persona (file name without `.json`) with the town of its postcode and its top routes.
#[derive(Debug, Clone)]
pub struct Persona {
    pub name: String,
    pub town: String,
    pub routes: Vec<PersonaRoute>,
}

/// The report's Markdown: deterministic for the same catalogue and personas.
pub fn report(
    catalogue: &Catalogue,
    courses: &[StartingCourse],
    regions: &[Region],
    personas: &[Persona],
    desks: Option<&[RegionalDesk]>,
) -> String {
    let mut out = String::new();
    let w = &mut out;
    let instroom: Vec<&StartingCourse> = courses.iter().filter(|c| c.instroom).collect();
    let met = |list: &[&StartingCourse]| {
        list.iter()
            .filter(|c| c.provinces().len() >= PROVINCE_TARGET)
            .count()
    };
    let every: Vec<&StartingCourse> = courses.iter().collect();
    let places: BTreeSet<(&str, &str)> = courses
        .iter()
        .flat_map(|c| &c.places)
        .map(|p| (p.provider_id.as_str(), p.province.as_str()))
        .collect();
    let provinces: BTreeSet<&str> = places.iter().map(|p| p.1).collect();
    let _ = writeln!(w, "# Catalogue coverage\n");
    let _ = writeln!(
        w,
        "Generated by `padvinder coverage --out docs/catalogue-coverage.md` from the catalogue \
         (`paths/`) and the personas (`tests/personas/`); do not edit by hand. Issue 10 §1 sets \
         the targets. A provider counts where a source places the course: an offering's stated \
         place, else the school's own locations; a provider with no known place counts in no \
         province and at no distance. Distances are straight lines between municipality (or \
         postcode) centres.\n"
    );
    let _ = writeln!(w, "## Summary\n");
    let _ = writeln!(
        w,
        "- Catalogue: {} providers, {} offering records (`paths/offerings/`).",
        catalogue.providers().len(),
        catalogue.offerings().len()
    );
    let _ = writeln!(
        w,
        "- mbo qualifications that start a route (the first course of a transition): {}; of \
         these, {} start a move into a path from outside it (instroom).",
        courses.len(),
        instroom.len()
    );
    let _ = writeln!(
        w,
        "- Target: sourced providers in at least {PROVINCE_TARGET} of the 12 provinces. Met by \
         {} of {} instroom qualifications and {} of {} in all. **{}**",
        met(&instroom),
        instroom.len(),
        met(&every),
        every.len(),
        if met(&instroom) == instroom.len() {
            "Met."
        } else {
            "Not met."
        }
    );
    let _ = writeln!(
        w,
        "- Provinces with any sourced provider of these qualifications: {} of 12 ({}).",
        provinces.len(),
        provinces.iter().copied().collect::<Vec<_>>().join(", ")
    );
    let without: Vec<&str> = courses
        .iter()
        .filter(|c| c.places.is_empty())
        .map(|c| c.crebo.as_str())
        .collect();
    let _ = writeln!(
        w,
        "- Qualifications with no provider at a known place: {} ({}).",
        without.len(),
        if without.is_empty() {
            "none".to_owned()
        } else {
            without.join(", ")
        }
    );
    match desks {
        Some(desks) => {
            let d = DeskSummary::of(regions, desks);
            let _ = writeln!(
                w,
                "- Who to call (`paths/reference/desks/regional_desks.csv`, shown rows): {} of {} \
                 regions have a desk of their own; of their {} desks, {} give a phone number and \
                 {} a website. Everyone is also shown the national desk{}.",
                d.regions_with_desk,
                regions.len(),
                d.desks,
                d.with_phone,
                d.with_website,
                if d.national == 1 { "" } else { "s" },
            );
        }
        None => {
            let _ = writeln!(
                w,
                "- Who to call: no regional desks file (`reference/desks/regional_desks.csv`)."
            );
        }
    }
    if !personas.is_empty() {
        let routes: Vec<&PersonaRoute> = personas.iter().flat_map(|p| &p.routes).collect();
        let ok = routes.iter().filter(|r| r.meets_target()).count();
        let _ = writeln!(
            w,
            "- Target: each persona's top {} routes show a sourced provider within {PERSONA_KM:.0} \
             km or schools to ask. Met by {ok} of {} routes. **{}**",
            personas.iter().map(|p| p.routes.len()).max().unwrap_or(0),
            routes.len(),
            if ok == routes.len() {
                "Met."
            } else {
                "Not met."
            }
        );
    }

    let _ = writeln!(w, "\n## Per qualification\n");
    let _ = writeln!(
        w,
        "`instroom`: starts a move into a path from outside it. Providers: every school the \
         catalogue names (course `providers` and offerings); offerings: `[[offering]]` records, \
         each with its own source.\n"
    );
    let _ = writeln!(
        w,
        "| crebo | qualification | instroom | paths | providers | offerings | provinces | where |"
    );
    let _ = writeln!(w, "| --- | --- | --- | --- | ---: | ---: | ---: | --- |");
    for c in courses {
        // One entry per provider, its places in the order the sources give them.
        let mut by_provider: Vec<(&str, Vec<&str>)> = Vec::new();
        for p in &c.places {
            match by_provider
                .iter_mut()
                .find(|(name, _)| *name == p.provider_name)
            {
                Some((_, towns)) => towns.push(&p.municipality),
                None => by_provider.push((&p.provider_name, vec![&p.municipality])),
            }
        }
        let mut wheres: Vec<String> = by_provider
            .iter()
            .map(|(name, towns)| format!("{name} ({})", towns.join(", ")))
            .collect();
        wheres.extend(c.unplaced.iter().map(|id| format!("{id} (place unknown)")));
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            c.crebo,
            c.title,
            if c.instroom { "yes" } else { "no" },
            c.paths.join(", "),
            c.providers.len(),
            c.offering_records,
            c.provinces().len(),
            if wheres.is_empty() {
                "—".to_owned()
            } else {
                wheres.join("; ")
            }
        );
    }

    let _ = writeln!(w, "\n## Per labour-market region\n");
    let _ = writeln!(
        w,
        "For each region's main town: how many of the {} instroom qualifications have a sourced \
         provider within 25 km, within 40 km, further, or at no known place; then the distance \
         (km) from the town to the nearest sourced provider of each.\n",
        instroom.len()
    );
    let _ = writeln!(
        w,
        "| region | main town | ≤ 25 km | ≤ 40 km | > 40 km | no known place |"
    );
    let _ = writeln!(w, "| --- | --- | ---: | ---: | ---: | ---: |");
    for r in regions {
        let (mut near, mut reach, mut far, mut none) = (0, 0, 0, 0);
        for c in &instroom {
            match c.nearest(r.latitude, r.longitude) {
                None => none += 1,
                Some((_, d)) if d <= 25.0 => {
                    near += 1;
                    reach += 1;
                }
                Some((_, d)) if d <= 40.0 => reach += 1,
                Some(_) => far += 1,
            }
        }
        let _ = writeln!(
            w,
            "| {} {} | {} | {near} | {reach} | {far} | {none} |",
            r.code, r.name, r.town
        );
    }
    let _ = writeln!(
        w,
        "\nDistance in km from each region's main town (columns: region codes as above) to the \
         nearest sourced provider; `—`: no provider at a known place.\n"
    );
    let mut head = String::from("| crebo |");
    let mut rule = String::from("| --- |");
    for r in regions {
        let _ = write!(head, " {} |", r.code);
        rule.push_str(" ---: |");
    }
    let _ = writeln!(w, "{head}\n{rule}");
    for c in &instroom {
        let _ = write!(w, "| {} |", c.crebo);
        for r in regions {
            match c.nearest(r.latitude, r.longitude) {
                Some((_, d)) => {
                    let _ = write!(w, " {} |", d.round());
                }
                None => w.push_str(" — |"),
            }
        }
        w.push('\n');
    }

    if let Some(desks) = desks {
        desk_section(w, regions, desks);
    }

    if !personas.is_empty() {
        let _ = writeln!(w, "\n## Personas\n");
        let _ = writeln!(
            w,
            "Each persona's top routes (as `padvinder match` ranks them today) and what the route \
             shows for its first course. Schools to ask are named only for mbo qualifications; a \
             certificate or hbo course without a provider near the person misses the target.\n"
        );
        let _ = writeln!(
            w,
            "| persona | # | target | first course | shows | target met |"
        );
        let _ = writeln!(w, "| --- | ---: | --- | --- | --- | --- |");
        for p in personas {
            for r in &p.routes {
                let km = |d: &Option<f64>| {
                    d.map_or("no provider at a known place".to_owned(), |d| {
                        format!("nearest provider {d:.0} km")
                    })
                };
                let shows = match &r.first {
                    FirstCourse::Provider { name, place, km } => {
                        format!("{name} ({place}), {km:.0} km")
                    }
                    FirstCourse::AskSchools {
                        provider_km,
                        schools,
                    } => format!("{schools} schools to ask; {}", km(provider_km)),
                    FirstCourse::Nothing { provider_km } => {
                        format!("no school to ask; {}", km(provider_km))
                    }
                };
                let _ = writeln!(
                    w,
                    "| {} ({}) | {} | {} [{}] | {} ({}) | {shows} | {} |",
                    p.name,
                    p.town,
                    r.rank,
                    r.target,
                    r.path,
                    r.course_id,
                    r.course_kind,
                    if r.meets_target() { "yes" } else { "**no**" }
                );
            }
        }
    }
    out
}

/// How far the regional desks reach: counted over the regions of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeskSummary {
    /// Regions of the report with at least one desk of their own.
    pub regions_with_desk: usize,
    /// Desks of those regions (a region may have a Leerwerkloket and a Werkcentrum).
    pub desks: usize,
    /// Of these, the desks whose source gives a phone number.
    pub with_phone: usize,
    /// Of these, the desks whose source gives their website.
    pub with_website: usize,
    /// National desks (no region), shown to everyone.
    pub national: usize,
}

impl DeskSummary {
    /// Counts the desks of the given regions; a desk whose region code is not one of them is
    /// not counted (the report lists it).
    pub fn of(regions: &[Region], desks: &[RegionalDesk]) -> DeskSummary {
        let codes: BTreeSet<&str> = regions.iter().map(|r| r.code.as_str()).collect();
        let regional: Vec<&RegionalDesk> = desks
            .iter()
            .filter(|d| d.region_code.as_deref().is_some_and(|c| codes.contains(c)))
            .collect();
        DeskSummary {
            regions_with_desk: regional
                .iter()
                .filter_map(|d| d.region_code.as_deref())
                .collect::<BTreeSet<_>>()
                .len(),
            desks: regional.len(),
            with_phone: regional.iter().filter(|d| d.phone.is_some()).count(),
            with_website: regional.iter().filter(|d| d.website.is_some()).count(),
            national: desks.iter().filter(|d| d.region_code.is_none()).count(),
        }
    }
}

/// Per region: its desks with what a person can do with each (call, visit the website), and the
/// regions without one.
fn desk_section(w: &mut String, regions: &[Region], desks: &[RegionalDesk]) {
    let _ = writeln!(w, "\n## Who to call, per labour-market region\n");
    let _ = writeln!(
        w,
        "The desks a person of the region is shown (`shown = yes` in \
         `paths/reference/desks/regional_desks.csv`), each from a dated source; phone and website \
         only where that source states them. `—`: no desk of its own found yet (the person sees \
         the national Leerwerkloket).\n"
    );
    let _ = writeln!(w, "| region | main town | desks | phone | website |");
    let _ = writeln!(w, "| --- | --- | --- | ---: | ---: |");
    for r in regions {
        let own: Vec<&RegionalDesk> = desks
            .iter()
            .filter(|d| d.region_code.as_deref() == Some(r.code.as_str()))
            .collect();
        let names: Vec<&str> = own.iter().map(|d| d.name.as_str()).collect();
        let _ = writeln!(
            w,
            "| {} {} | {} | {} | {} | {} |",
            r.code,
            r.name,
            r.town,
            if names.is_empty() {
                "—".to_owned()
            } else {
                names.join("; ")
            },
            own.iter().filter(|d| d.phone.is_some()).count(),
            own.iter().filter(|d| d.website.is_some()).count(),
        );
    }
    let stray: Vec<String> = desks
        .iter()
        .filter_map(|d| {
            let code = d.region_code.as_deref()?;
            (!regions.iter().any(|r| r.code == code)).then(|| format!("{} ({code})", d.name))
        })
        .collect();
    if !stray.is_empty() {
        let _ = writeln!(
            w,
            "\nDesks with a region code that is not a labour-market region (not counted): {}.",
            stray.join("; ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(province: &str, latitude: f64) -> Place {
        Place {
            provider_id: format!("school-{province}"),
            provider_name: format!("School {province}"),
            municipality: province.to_owned(),
            province: province.to_owned(),
            latitude,
            longitude: 5.0,
        }
    }

    #[test]
    fn provinces_count_each_province_once_and_nearest_is_the_closest_place() {
        let c = StartingCourse {
            course_id: "mbo-1".into(),
            crebo: "1".into(),
            title: "T".into(),
            paths: vec![],
            instroom: true,
            providers: vec![],
            offering_records: 0,
            places: vec![place("A", 52.0), place("A", 52.5), place("B", 53.0)],
            unplaced: vec![],
        };
        assert_eq!(c.provinces().len(), 2);
        let (p, d) = c.nearest(52.9, 5.0).unwrap();
        assert_eq!(p.province, "B");
        assert!((d - 11.1).abs() < 0.2, "{d}");
        let none = StartingCourse {
            places: vec![],
            ..c
        };
        assert!(none.nearest(52.0, 5.0).is_none());
    }

    #[test]
    fn a_route_meets_the_target_only_with_a_provider_in_reach_or_schools_to_ask() {
        let route = |first| PersonaRoute {
            rank: 1,
            target: "t".into(),
            path: "p".into(),
            course_id: "c".into(),
            course_kind: "mbo_diploma".into(),
            first,
        };
        let provider = |km| FirstCourse::Provider {
            name: "S".into(),
            place: "P".into(),
            km,
        };
        assert!(route(provider(40.0)).meets_target());
        assert!(!route(provider(40.1)).meets_target());
        assert!(
            route(FirstCourse::AskSchools {
                provider_km: Some(64.0),
                schools: 3
            })
            .meets_target()
        );
        assert!(
            !route(FirstCourse::AskSchools {
                provider_km: None,
                schools: 0
            })
            .meets_target()
        );
        assert!(!route(FirstCourse::Nothing { provider_km: None }).meets_target());
    }

    #[test]
    fn regions_are_read_in_code_order_and_a_bad_row_names_its_line() {
        let csv = "arbeidsmarktregio_code,arbeidsmarktregio,central_municipality,central_latitude,central_longitude\n\
                   AM02,Friesland,Leeuwarden,53.17,5.79\n\
                   AM01,Groningen,Groningen,53.21,6.62\n";
        let r = regions("regions.csv", csv.as_bytes()).unwrap();
        assert_eq!(r[0].code, "AM01");
        assert_eq!(r[1].town, "Leeuwarden");
        let bad = "arbeidsmarktregio_code,arbeidsmarktregio,central_municipality,central_latitude,central_longitude\n\
                   AM01,Groningen,Groningen,north,6.62\n";
        let e = regions("regions.csv", bad.as_bytes()).unwrap_err();
        assert!(e.starts_with("regions.csv:2:"), "{e}");
    }

    fn desk(region: Option<&str>, phone: bool, website: bool) -> RegionalDesk {
        RegionalDesk {
            kind: crate::contacts::DeskKind::Leerwerkloket,
            name: format!("Desk {}", region.unwrap_or("NL")),
            region_code: region.map(str::to_owned),
            website: website.then(|| "https://desk.example/".to_owned()),
            address: None,
            phone: phone.then(|| "088 123 45 67".to_owned()),
            source: "https://desk.example/contact".into(),
            checked: "2026-12-04".into(),
        }
    }

    fn region(code: &str) -> Region {
        Region {
            code: code.into(),
            name: format!("Region {code}"),
            town: format!("Town {code}"),
            latitude: 52.0,
            longitude: 5.0,
        }
    }

    #[test]
    fn desks_count_regions_once_and_phones_and_websites_per_desk() {
        let regions = [region("AM01"), region("AM02"), region("AM03")];
        let desks = [
            desk(None, false, true),
            desk(Some("AM01"), true, true),
            desk(Some("AM01"), false, false),
            desk(Some("AM03"), true, false),
            // Not a region of the report: not counted, listed.
            desk(Some("AM99"), true, true),
        ];
        let d = DeskSummary::of(&regions, &desks);
        assert_eq!(
            d,
            DeskSummary {
                regions_with_desk: 2,
                desks: 3,
                with_phone: 2,
                with_website: 1,
                national: 1,
            }
        );
        let mut w = String::new();
        desk_section(&mut w, &regions, &desks);
        assert!(
            w.contains("| AM01 Region AM01 | Town AM01 | Desk AM01; Desk AM01 | 1 | 1 |"),
            "{w}"
        );
        assert!(
            w.contains("| AM02 Region AM02 | Town AM02 | — | 0 | 0 |"),
            "{w}"
        );
        assert!(w.contains("not counted): Desk AM99 (AM99)."), "{w}");
    }
}
