//! Facet values of every indexed record, computed once per catalogue, so that counting facets
//! for thousands of hits is one array increment per hit.
//!
//! Records with the same facet values (kind, sectors, level, routes, regions) share a *group*;
//! a search counts its hits per group and turns the group counts into value counts at the end,
//! so the work per hit does not grow with the number of regions a course is taught in.

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

/// Interned facet values and, per record, the group of values it counts for.
#[derive(Debug, Default)]
pub struct FacetTable {
    /// Per facet: value names, indexed by value id.
    names: [Vec<String>; FACETS],
    lookup: [HashMap<String, u16>; FACETS],
    /// Per group: the (facet, value id) pairs its records count for.
    groups: Vec<Vec<(u8, u16)>>,
    /// Per kind (function, course, path) and position: the record's group.
    group_of: [Vec<u32>; 3],
}

/// Marks a record that counts for no facet (a key that names no record).
pub const NO_GROUP: u32 = u32::MAX;

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
        // The group of each set of values, only while the table is built.
        let mut group_ids: HashMap<Vec<(u8, u16)>, u32> = HashMap::new();
        for f in cat.functions() {
            let mut v = vec![t.intern(Facet::Kind, "function")];
            if let Some(p) = cat.path(&f.path_id) {
                v.push(t.intern(Facet::Sector, &p.sector));
            }
            v.push(t.intern(Facet::Level, &level_name(f.nlqf_level)));
            t.push(&mut group_ids, 0, v);
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
            t.push(&mut group_ids, 1, v);
        }
        for p in cat.paths() {
            let v = vec![
                t.intern(Facet::Kind, "path"),
                t.intern(Facet::Sector, &p.sector),
            ];
            t.push(&mut group_ids, 2, v);
        }
        t
    }

    /// Adds a record of kind `slot` with these values, in the group of records with the same.
    fn push(
        &mut self,
        group_ids: &mut HashMap<Vec<(u8, u16)>, u32>,
        slot: usize,
        values: Vec<(u8, u16)>,
    ) {
        let id = match group_ids.get(&values) {
            Some(&id) => id,
            None => {
                let id = self.groups.len() as u32;
                group_ids.insert(values.clone(), id);
                self.groups.push(values);
                id
            }
        };
        self.group_of[slot].push(id);
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

    /// Number of groups: the length of the counts [`FacetTable::count_groups`] takes.
    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// The group of the record with this index key ([`NO_GROUP`] for a key of no record).
    pub fn group_of_key(&self, key: u64) -> u32 {
        let Some((kind, ord)) = DocKind::from_key(key) else {
            return NO_GROUP;
        };
        let slot = match kind {
            DocKind::Function => 0,
            DocKind::Course => 1,
            DocKind::Path => 2,
        };
        self.group_of[slot].get(ord).copied().unwrap_or(NO_GROUP)
    }

    /// Facet counts from the number of matching records per group.
    pub fn count_groups(&self, per_group: &[u32]) -> Facets {
        let mut counts: [Vec<usize>; FACETS] =
            std::array::from_fn(|f| vec![0; self.names[f].len()]);
        for (values, &n) in self.groups.iter().zip(per_group) {
            if n == 0 {
                continue;
            }
            for &(f, v) in values {
                counts[f as usize][v as usize] += n as usize;
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
