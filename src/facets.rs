//! Facet values of every indexed record, computed once per catalogue, so that counting facets
//! for thousands of hits is a few array increments per hit.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::catalog::{Catalogue, DocKind, Known, NlqfLevel};
use crate::geo::Geo;

/// The facets a search reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Facet {
    Kind = 0,
    Sector = 1,
    Level = 2,
    Route = 3,
    Region = 4,
}

const FACETS: usize = 5;

/// Counts of the matching records per value, for the current query and filters.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Facets {
    pub kind: BTreeMap<String, usize>,
    pub sector: BTreeMap<String, usize>,
    pub level: BTreeMap<String, usize>,
    pub route: BTreeMap<String, usize>,
    pub region: BTreeMap<String, usize>,
}

/// Interned facet values and, per record, the values it counts for.
#[derive(Debug, Default)]
pub struct FacetTable {
    /// Per facet: value names, indexed by value id.
    names: [Vec<String>; FACETS],
    lookup: [HashMap<String, u16>; FACETS],
    /// Per kind (function, course, path) and position: (facet, value id) pairs.
    values: [Vec<Vec<(u8, u16)>>; 3],
}

fn level_name(l: Known<NlqfLevel>) -> String {
    match l {
        Known::Known(l) => l.to_string(),
        Known::Unknown => "unknown".to_owned(),
    }
}

impl FacetTable {
    /// Computes the facet values of every function, course and path.
    pub fn new(cat: &Catalogue, geo: &Geo) -> FacetTable {
        let mut t = FacetTable::default();
        for f in cat.functions() {
            let mut v = vec![t.intern(Facet::Kind, "function")];
            if let Some(p) = cat.path(&f.path_id) {
                v.push(t.intern(Facet::Sector, &p.sector));
            }
            v.push(t.intern(Facet::Level, &level_name(f.nlqf_level)));
            t.values[0].push(v);
        }
        for c in cat.courses() {
            let mut v = vec![t.intern(Facet::Kind, "course")];
            for s in cat.sectors_of_course(&c.id) {
                v.push(t.intern(Facet::Sector, s));
            }
            v.push(t.intern(Facet::Level, &level_name(c.nlqf_level)));
            for r in &c.routes {
                v.push(t.intern(Facet::Route, r.as_str()));
            }
            for region in cat.course_regions(geo, c) {
                v.push(t.intern(Facet::Region, &region));
            }
            t.values[1].push(v);
        }
        for p in cat.paths() {
            let v = vec![
                t.intern(Facet::Kind, "path"),
                t.intern(Facet::Sector, &p.sector),
            ];
            t.values[2].push(v);
        }
        t
    }

    fn intern(&mut self, facet: Facet, value: &str) -> (u8, u16) {
        let f = facet as usize;
        let next = self.names[f].len() as u16;
        let id = *self.lookup[f].entry(value.to_owned()).or_insert(next);
        if id == next {
            self.names[f].push(value.to_owned());
        }
        (facet as u8, id)
    }

    /// Facet counts over the records with these index keys.
    pub fn count(&self, keys: &[u64]) -> Facets {
        let mut counts: [Vec<usize>; FACETS] =
            std::array::from_fn(|f| vec![0; self.names[f].len()]);
        for &key in keys {
            let Some((kind, ord)) = DocKind::from_key(key) else {
                continue;
            };
            let slot = match kind {
                DocKind::Function => 0,
                DocKind::Course => 1,
                DocKind::Path => 2,
            };
            for &(f, v) in self.values[slot].get(ord).into_iter().flatten() {
                counts[f as usize][v as usize] += 1;
            }
        }
        let named = |f: Facet| -> BTreeMap<String, usize> {
            let i = f as usize;
            self.names[i]
                .iter()
                .zip(&counts[i])
                .filter(|(_, n)| **n > 0)
                .map(|(name, n)| (name.clone(), *n))
                .collect()
        };
        Facets {
            kind: named(Facet::Kind),
            sector: named(Facet::Sector),
            level: named(Facet::Level),
            route: named(Facet::Route),
            region: named(Facet::Region),
        }
    }
}
