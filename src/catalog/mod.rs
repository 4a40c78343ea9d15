//! The catalogue: development paths, functions (jobs), course units and providers, parsed from
//! `paths/` into types that cannot hold a bad value.
//!
//! Nothing here knows about the search index, matching or HTTP. Loading reports every problem
//! with file and line (see [`load`]); a [`Catalogue`] only ever holds records that passed.

mod kind;
mod load;
mod synonyms;
mod types;

pub use kind::DocKind;
pub use load::{Problem, load, load_with_geo};
pub use synonyms::synonym_stems;
pub use types::*;

use std::collections::HashMap;

use crate::geo::Geo;

/// A validated catalogue with lookups by id. Built once, by [`load`], from records that passed
/// every check; its fields are private so that the lookups can never fall out of step with the
/// lists they index.
#[derive(Debug, Default)]
pub struct Catalogue {
    paths: Vec<DevelopmentPath>,
    functions: Vec<Function>,
    courses: Vec<Course>,
    providers: Vec<Provider>,
    offerings: Vec<Offering>,
    /// Groups of words that mean the same to a searcher (`paths/synonyms.toml`), folded.
    synonyms: Vec<Vec<String>>,
    /// SHA-256 over every catalogue file's name and bytes, in name order.
    content_hash: String,
    path_index: HashMap<String, usize>,
    function_index: HashMap<String, usize>,
    course_index: HashMap<String, usize>,
    provider_index: HashMap<String, usize>,
    /// Course id → (path position, membership), confirmed winning over modelled.
    course_paths: HashMap<String, Vec<(usize, Membership)>>,
    /// Function id → (path position, transition position) of the transitions that lead to it.
    incoming: HashMap<String, Vec<(usize, usize)>>,
}

impl Catalogue {
    /// Builds the lookups; records must already be validated (only the loader calls this).
    pub(crate) fn new(
        paths: Vec<DevelopmentPath>,
        functions: Vec<Function>,
        courses: Vec<Course>,
        providers: Vec<Provider>,
        offerings: Vec<Offering>,
        synonyms: Vec<Vec<String>>,
        content_hash: String,
    ) -> Catalogue {
        fn index<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| (id(item).to_owned(), i))
                .collect()
        }
        let mut course_paths: HashMap<String, Vec<(usize, Membership)>> = HashMap::new();
        let mut incoming: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (pi, path) in paths.iter().enumerate() {
            for (ti, t) in path.transitions.iter().enumerate() {
                incoming.entry(t.to.clone()).or_default().push((pi, ti));
                for course in t.course_ids() {
                    let list = course_paths.entry(course.to_owned()).or_default();
                    match list.iter_mut().find(|(p, _)| *p == pi) {
                        Some((_, m)) => *m = (*m).max(t.membership),
                        None => list.push((pi, t.membership)),
                    }
                }
            }
        }
        Catalogue {
            course_paths,
            incoming,
            path_index: index(&paths, |p| &p.id),
            function_index: index(&functions, |f| &f.id),
            course_index: index(&courses, |c| &c.id),
            provider_index: index(&providers, |p| &p.id),
            paths,
            functions,
            courses,
            providers,
            offerings,
            synonyms,
            content_hash,
        }
    }

    /// Every sourced offering (`paths/offerings/`), in catalogue order.
    pub fn offerings(&self) -> &[Offering] {
        &self.offerings
    }

    /// The sourced offerings of one course.
    pub fn offerings_of(&self, course_id: &str) -> impl Iterator<Item = &Offering> {
        self.offerings
            .iter()
            .filter(move |o| o.course_id == course_id)
    }

    /// Every development path, in catalogue order.
    pub fn paths(&self) -> &[DevelopmentPath] {
        &self.paths
    }

    /// Every function (job), in catalogue order.
    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    /// Every course unit, in catalogue order.
    pub fn courses(&self) -> &[Course] {
        &self.courses
    }

    /// Every provider, in catalogue order.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// Groups of words that mean the same to a searcher (`paths/synonyms.toml`), folded.
    pub fn synonyms(&self) -> &[Vec<String>] {
        &self.synonyms
    }

    /// SHA-256 (hex) over every catalogue file's name and bytes, in name order.
    pub fn content_hash(&self) -> &str {
        &self.content_hash
    }

    /// How many mbo qualifications (`mbo_diploma`) have a sourced level: (known, all). Issue 10
    /// targets 95 %; `validate` prints it.
    pub fn mbo_level_coverage(&self) -> (usize, usize) {
        let mbo = self
            .courses
            .iter()
            .filter(|c| c.kind == CourseKind::MboDiploma);
        let all = mbo.clone().count();
        let known = mbo
            .filter(|c| matches!(c.nlqf_level, Known::Known(_)))
            .count();
        (known, all)
    }

    /// The development path with this id.
    pub fn path(&self, id: &str) -> Option<&DevelopmentPath> {
        self.path_index.get(id).map(|&i| &self.paths[i])
    }

    /// The function with this id.
    pub fn function(&self, id: &str) -> Option<&Function> {
        self.function_index.get(id).map(|&i| &self.functions[i])
    }

    /// The course unit with this id.
    pub fn course(&self, id: &str) -> Option<&Course> {
        self.course_index.get(id).map(|&i| &self.courses[i])
    }

    /// The provider with this id.
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.provider_index.get(id).map(|&i| &self.providers[i])
    }

    /// The development paths whose transitions use this course, with the membership of each.
    /// Confirmed by any source wins over modelled.
    pub fn paths_of_course(&self, course_id: &str) -> Vec<(&DevelopmentPath, Membership)> {
        self.course_paths
            .get(course_id)
            .into_iter()
            .flatten()
            .map(|&(p, m)| (&self.paths[p], m))
            .collect()
    }

    /// The sectors of the paths a course belongs to, sorted, each once.
    pub fn sectors_of_course(&self, course_id: &str) -> Vec<&str> {
        let mut sectors: Vec<&str> = self
            .paths_of_course(course_id)
            .into_iter()
            .map(|(p, _)| p.sector.as_str())
            .collect();
        sectors.sort_unstable();
        sectors.dedup();
        sectors
    }

    /// The transitions that lead to a function, with the path each belongs to.
    pub fn transitions_into(&self, function_id: &str) -> Vec<(&DevelopmentPath, &Transition)> {
        self.incoming
            .get(function_id)
            .into_iter()
            .flatten()
            .map(|&(p, t)| (&self.paths[p], &self.paths[p].transitions[t]))
            .collect()
    }

    /// The labour-market region codes where a course is taught, sorted.
    pub fn course_regions(&self, geo: &Geo, course: &Course) -> Vec<String> {
        let mut regions: Vec<String> = course
            .provider_ids
            .iter()
            .filter_map(|id| self.provider(id))
            .flat_map(|p| &p.locations)
            .map(|loc| loc.municipality.as_str())
            .chain(
                self.offerings_of(&course.id)
                    .filter_map(|o| o.location.as_ref())
                    .map(|l| l.municipality.as_str()),
            )
            .filter_map(|code| geo.municipality(code))
            .map(|m| m.region_code.clone())
            .collect();
        regions.sort();
        regions.dedup();
        regions
    }
}
