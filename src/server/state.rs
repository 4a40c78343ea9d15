//! What the server serves from: one loaded catalogue with its index, swapped whole on reload.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use crate::catalog::{self, Catalogue, Problem};
use crate::esco_skills::OccupationSkills;
use crate::geo::Geo;
use crate::index::{self, IndexInputs, SearchIndex};
use crate::matching::{Matcher, function_terms_of};
use crate::resolve::Occupations;
use crate::slim;

use super::metrics::Metrics;

/// Everything one version of the catalogue needs to answer requests. Immutable once built.
pub struct Loaded {
    pub catalogue: Catalogue,
    pub geo: Geo,
    pub occupations: Occupations,
    pub slim: slim::Parameters,
    pub skills: OccupationSkills,
    pub index: SearchIndex,
    pub terms: Vec<HashSet<String>>,
    /// Folded occupation labels for typeahead, preferred labels first.
    pub labels: Vec<Label>,
}

/// One occupation label, folded for prefix matching.
pub struct Label {
    pub folded: String,
    pub alternative: bool,
    pub esco_uri: String,
    pub label: String,
    pub isco: String,
}

fn labels_of(occupations: &Occupations) -> Vec<Label> {
    let mut out = Vec::new();
    for o in occupations.iter() {
        let entry = |text: &str, alternative| Label {
            folded: crate::text::words(text).join(" "),
            alternative,
            esco_uri: o.esco_uri.clone(),
            label: o.label.clone(),
            isco: o.isco.clone(),
        };
        out.push(entry(&o.label, false));
        out.extend(o.alt_labels.iter().map(|a| entry(a, true)));
    }
    // Preferred labels before alternatives, then shorter (likelier) labels first.
    out.sort_by(|a, b| {
        (a.alternative, a.folded.len(), &a.folded).cmp(&(b.alternative, b.folded.len(), &b.folded))
    });
    out
}

/// Loading failed: the catalogue's problems, or a reference file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("the catalogue has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    #[error("{0}")]
    Other(String),
    #[error("a reload is already running")]
    Busy,
}

impl Loaded {
    /// Validates the catalogue in `data` and opens (or builds) its index in `index_dir`.
    pub fn load(data: &Path, index_dir: &Path) -> Result<Loaded, LoadError> {
        let geo =
            Geo::load(&data.join("reference/geo")).map_err(|e| LoadError::Other(e.to_string()))?;
        let (catalogue, problems) = catalog::load_with_geo(data, &geo);
        if !problems.is_empty() {
            return Err(LoadError::Invalid(problems));
        }
        let occupations = Occupations::load(&data.join("reference/esco/occupations_nl.csv"))
            .map_err(|e| LoadError::Other(e.to_string()))?;
        let slim = slim::Parameters::load(&data.join("slim/parameters.toml"))
            .map_err(|e| LoadError::Other(e.to_string()))?;
        let skills = OccupationSkills::load(&data.join("reference/esco/occupation_skills.csv"))
            .map_err(|e| LoadError::Other(e.to_string()))?;
        let inputs = IndexInputs {
            catalogue: &catalogue,
            geo: &geo,
            occupations: Some(&occupations),
        };
        let (index, _) = index::open_or_build(index_dir, &inputs)
            .map_err(|e| LoadError::Other(e.to_string()))?;
        let terms = function_terms_of(&catalogue);
        let labels = labels_of(&occupations);
        Ok(Loaded {
            catalogue,
            geo,
            occupations,
            slim,
            skills,
            index,
            terms,
            labels,
        })
    }

    /// A matcher over this catalogue.
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher::new(
            &self.catalogue,
            &self.geo,
            &self.occupations,
            &self.slim,
            &self.terms,
        )
        .with_skills(&self.skills)
    }
}

/// Shared by all requests: the current catalogue, metrics and settings.
pub struct AppState {
    current: RwLock<Arc<Loaded>>,
    /// One reload at a time.
    reloading: Mutex<()>,
    pub metrics: Metrics,
    pub data: PathBuf,
    pub index_dir: PathBuf,
    /// When set, `POST /api/v1/admin/reload` accepts `Authorization: Bearer <token>`.
    pub admin_token: Option<String>,
}

impl AppState {
    /// State around an already loaded catalogue.
    pub fn new(
        loaded: Loaded,
        data: PathBuf,
        index_dir: PathBuf,
        admin_token: Option<String>,
    ) -> AppState {
        AppState {
            current: RwLock::new(Arc::new(loaded)),
            reloading: Mutex::new(()),
            metrics: Metrics::default(),
            data,
            index_dir,
            admin_token,
        }
    }

    /// The catalogue to answer this request from; stays valid for the whole request even when a
    /// reload swaps in a new one meanwhile.
    pub fn current(&self) -> Arc<Loaded> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Validates and loads the catalogue again, building the new index beside the old one, and
    /// swaps it in. On any problem the old catalogue keeps serving. Blocking: call off the async
    /// threads.
    pub fn reload(&self) -> Result<usize, LoadError> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|p| p.into_inner());
        self.reload_locked()
    }

    /// Like [`AppState::reload`], but refuses with [`LoadError::Busy`] when a reload is already
    /// running instead of queueing behind it (for HTTP: answer 429 at once).
    pub fn try_reload(&self) -> Result<usize, LoadError> {
        let _one_at_a_time = match self.reloading.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return Err(LoadError::Busy),
        };
        self.reload_locked()
    }

    fn reload_locked(&self) -> Result<usize, LoadError> {
        let loaded = Loaded::load(&self.data, &self.index_dir)?;
        let documents = loaded.index.reader.searcher().num_docs() as usize;
        let mut guard = self.current.write().unwrap_or_else(|p| p.into_inner());
        *guard = Arc::new(loaded);
        Ok(documents)
    }
}
