//! Where each file of the data folder lives. The one place that spells the folder's file names:
//! everything else asks a [`DataLayout`].

use std::path::{Path, PathBuf};

/// The folder of offering files, relative to the data folder (read by `catalog::load`).
pub const OFFERINGS_FOLDER: &str = "offerings";

/// The data folder (`paths/` by default) and the names of the files in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLayout {
    root: PathBuf,
}

impl DataLayout {
    /// The layout of the data folder at `root`.
    pub fn new(root: impl Into<PathBuf>) -> DataLayout {
        DataLayout { root: root.into() }
    }

    /// The data folder itself (the catalogue's TOML files live under it).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Reference data copied from public sources (geo, ESCO, qualifications).
    pub fn reference_dir(&self) -> PathBuf {
        self.root.join("reference")
    }

    /// Municipalities, labour-market regions and PC4 points.
    pub fn geo_dir(&self) -> PathBuf {
        self.reference_dir().join("geo")
    }

    /// The municipalities with their labour-market regions.
    pub fn municipalities(&self) -> PathBuf {
        self.geo_dir().join("municipalities.csv")
    }

    /// The 35 labour-market regions with their main towns (`padvinder coverage`).
    pub fn labour_market_regions(&self) -> PathBuf {
        self.geo_dir().join("labour_market_regions.csv")
    }

    /// PC4 postcode points.
    pub fn pc4(&self) -> PathBuf {
        self.geo_dir().join("pc4.csv")
    }

    /// ESCO occupations and their links.
    pub fn esco_dir(&self) -> PathBuf {
        self.reference_dir().join("esco")
    }

    /// ESCO occupations with ISCO codes and labels (the resolver's and the index's input).
    pub fn occupations(&self) -> PathBuf {
        self.esco_dir().join("occupations_nl.csv")
    }

    /// ESCO occupation labels in another language (`code`: "en", "pl", …), joined to the Dutch
    /// file by URI; optional.
    pub fn occupation_labels(&self, code: &str) -> PathBuf {
        self.esco_dir().join(format!("occupations_{code}.csv"))
    }

    /// ESCO occupation → skill links (matching's skill overlap).
    pub fn occupation_skills(&self) -> PathBuf {
        self.esco_dir().join("occupation_skills.csv")
    }

    /// Dutch labels of ESCO skills (matching a person's skill words to a function's skills).
    pub fn skill_labels(&self) -> PathBuf {
        self.esco_dir().join("skills_nl.csv")
    }

    /// Sourced offerings (`[[offering]]`), hand-written or imported.
    pub fn offerings_dir(&self) -> PathBuf {
        self.root.join(OFFERINGS_FOLDER)
    }

    /// The offerings file `padvinder import-offerings` writes.
    pub fn imported_offerings(&self) -> PathBuf {
        self.offerings_dir().join("imported.toml")
    }

    /// The catalogue's hand-written providers.
    pub fn providers(&self) -> PathBuf {
        self.root.join("providers.toml")
    }

    /// The mbo schools and their branches (KiesMBO, February 2025): places to ask.
    pub fn schools_dir(&self) -> PathBuf {
        self.reference_dir().join("providers")
    }

    /// The mbo schools (institutions) with their websites.
    pub fn school_institutions(&self) -> PathBuf {
        self.schools_dir().join("institutions.csv")
    }

    /// The branches of the mbo schools, with addresses and coordinates.
    pub fn school_locations(&self) -> PathBuf {
        self.schools_dir().join("locations.csv")
    }

    /// Schools not suggested as places to ask about technical courses, with the reason.
    pub fn schools_not_asked(&self) -> PathBuf {
        self.schools_dir().join("not_asked.csv")
    }

    /// The regional desks for work and learning, with sources.
    pub fn regional_desks(&self) -> PathBuf {
        self.reference_dir()
            .join("desks")
            .join("regional_desks.csv")
    }

    /// The SLIM regulation's data.
    pub fn slim_dir(&self) -> PathBuf {
        self.root.join("slim")
    }

    /// The dated SLIM parameters with their sources.
    pub fn slim_parameters(&self) -> PathBuf {
        self.slim_dir().join("parameters.toml")
    }

    /// The legal mbo fees per school year with their sources.
    pub fn mbo_fees(&self) -> PathBuf {
        self.root.join("fees").join("mbo.toml")
    }
}
