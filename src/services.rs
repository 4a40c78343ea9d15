//! Everything padvinder answers from, loaded one way for every caller: the CLI commands, the
//! server (which swaps a whole [`Services`] on reload), the tests and the benches.
//!
//! [`Domain`] is what the data folder holds (catalogue, reference data, SLIM parameters and what
//! is derived from them); [`Services`] adds the search index. Commands that need less load a part
//! through the functions here ([`check`], [`valid_catalogue`], [`SearchParts::load`]).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::catalog::{self, Catalogue, Problem};
use crate::config::{Config, Tenant, Tenants};
use crate::contacts::Contacts;
use crate::esco_skills::OccupationSkills;
use crate::fees::{Fees, FeesError};
use crate::geo::Geo;
use crate::index::{self, IndexError, IndexInputs, SearchIndex};
use crate::layout::DataLayout;
use crate::matching::{FunctionTerms, Matcher, function_terms_of};
use crate::resolve::{FOREIGN, Occupations};
use crate::slim;
use crate::suggest::{self, Suggester, Suggestion};

/// How many of a catalogue's problems an error message lists.
const PROBLEMS_SHOWN: usize = 5;

/// Loading failed: the catalogue has problems, a reference file cannot be read, or the index
/// cannot be opened or built.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}", invalid_message(.data, .problems))]
    Invalid {
        /// The data folder.
        data: PathBuf,
        problems: Vec<Problem>,
    },
    #[error("{0}")]
    Reference(String),
    /// The config file (its tenants) cannot be read or names an unknown region; with file and
    /// line.
    #[error("{0}")]
    Config(String),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// "The catalogue in … has N problem(s)", with the first few listed.
fn invalid_message(data: &Path, problems: &[Problem]) -> String {
    let shown: Vec<String> = problems
        .iter()
        .take(PROBLEMS_SHOWN)
        .map(ToString::to_string)
        .collect();
    format!(
        "the catalogue in {} has {} problem(s); run `padvinder validate` for all of them:\n  {}",
        data.display(),
        problems.len(),
        shown.join("\n  ")
    )
}

fn reference(e: impl std::fmt::Display) -> LoadError {
    LoadError::Reference(e.to_string())
}

/// Reads and checks the catalogue, returning it with every problem (for `validate`); geo data
/// that cannot be read is one more problem, and so is a broken legal-fees or regional-desks file.
pub fn check(layout: &DataLayout) -> (Catalogue, Vec<Problem>) {
    let (catalogue, mut problems) = catalog::load(layout.root());
    // The legal mbo fees are catalogue data too (a test catalogue may have none).
    // Named like the catalogue's problems: from the catalogue folder ("paths/fees/mbo.toml").
    let folder = layout
        .root()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let named = |file: &str| format!("{folder}/{file}");
    let fees = layout.mbo_fees();
    if fees.is_file() {
        match Fees::load(&fees) {
            Ok(_) => {}
            Err(FeesError::Invalid { problems: found }) => {
                problems.extend(found.into_iter().map(|p| Problem {
                    file: named(&p.file),
                    ..p
                }));
            }
            Err(e) => problems.push(Problem {
                file: named("fees/mbo.toml"),
                line: 0,
                message: e.to_string(),
            }),
        }
    }
    // The regional desks a person is shown (a test catalogue may have none).
    let desks = layout.regional_desks();
    if desks.is_file()
        && let Err(e) = crate::contacts::load_desks(&desks)
    {
        problems.push(Problem {
            file: named("reference/desks/regional_desks.csv"),
            line: usize::try_from(e.line).unwrap_or(0),
            message: e.message,
        });
    }
    (catalogue, problems)
}

/// The school branches and regional desks; none when the data folder has no such reference
/// data (a test catalogue), an error when it has them but they cannot be read.
pub fn contacts(layout: &DataLayout) -> Result<Contacts, LoadError> {
    if !layout.schools_dir().is_dir() {
        return Ok(Contacts::default());
    }
    Contacts::load(layout).map_err(reference)
}

/// Tenants with their regions found in the data folder's geo data (`tenants check`, `serve`,
/// reload): an unknown region is named with the config file's line.
pub fn tenants(layout: &DataLayout, tenants: &[Tenant]) -> Result<Tenants, LoadError> {
    let geo = Geo::load(layout).map_err(reference)?;
    tenants_in(&geo, tenants)
}

/// Tenants with their regions found in already loaded geo data.
pub fn tenants_in(geo: &Geo, tenants: &[Tenant]) -> Result<Tenants, LoadError> {
    Tenants::resolve(tenants, &geo.regions()).map_err(|e| LoadError::Config(e.to_string()))
}

/// The catalogue and the geo data, refused when the catalogue has any problem.
pub fn valid_catalogue(layout: &DataLayout) -> Result<(Catalogue, Geo), LoadError> {
    let geo = Geo::load(layout).map_err(reference)?;
    let (catalogue, problems) = catalog::load_with_geo(layout.root(), &geo);
    if !problems.is_empty() {
        return Err(LoadError::Invalid {
            data: layout.root().to_owned(),
            problems,
        });
    }
    Ok((catalogue, geo))
}

/// The ESCO occupations file, read once: its bytes are hashed for the index key and parsed for
/// the resolver only when needed.
struct OccupationsFile {
    name: String,
    bytes: Vec<u8>,
    hash: String,
}

impl OccupationsFile {
    fn read(layout: &DataLayout) -> Result<OccupationsFile, LoadError> {
        let path = layout.occupations();
        let name = path.display().to_string();
        let bytes = std::fs::read(&path)
            .map_err(|e| LoadError::Reference(format!("{name}: cannot read: {e}")))?;
        let hash = format!("{:x}", Sha256::digest(&bytes));
        Ok(OccupationsFile { name, bytes, hash })
    }

    /// The occupations as ESCO gives them (what the search index reads).
    fn parse(&self) -> Result<Occupations, LoadError> {
        Occupations::from_reader(self.bytes.as_slice(), &self.name).map_err(reference)
    }

    /// The resolver's occupations: the catalogue's one-word job names as hidden labels
    /// ([`Occupations::from_reader_with_job_names`]) and the labels in every other language
    /// whose file is in the data folder (`occupations_en.csv`, …; a missing file is a language
    /// not offered).
    fn parse_with_languages(
        &self,
        layout: &DataLayout,
        catalogue: &Catalogue,
    ) -> Result<Occupations, LoadError> {
        let mut occupations = Occupations::from_reader_with_job_names(
            self.bytes.as_slice(),
            &self.name,
            &job_names(catalogue),
        )
        .map_err(reference)?;
        add_languages(&mut occupations, layout)?;
        Ok(occupations)
    }
}

/// The Dutch job names the catalogue gives its functions (title and alternative titles), as
/// (ESCO URI, name), for the resolver.
fn job_names(catalogue: &Catalogue) -> Vec<(String, String)> {
    catalogue
        .functions()
        .iter()
        .filter_map(|f| Some((f.esco_uri.as_deref()?, f)))
        .flat_map(|(uri, f)| {
            std::iter::once(&f.title)
                .chain(&f.alt_titles)
                .map(move |name| (uri.to_owned(), name.clone()))
        })
        .collect()
}

/// Adds the label files of the other languages found in the data folder.
fn add_languages(occupations: &mut Occupations, layout: &DataLayout) -> Result<(), LoadError> {
    let mut files = Vec::new();
    for lang in FOREIGN {
        let path = layout.occupation_labels(lang.code());
        let name = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => files.push((lang, bytes, name)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(LoadError::Reference(format!("{name}: cannot read: {e}"))),
        }
    }
    occupations.add_languages(&files).map_err(reference)
}

/// The key of exactly what the index is built from: the catalogue files, the municipalities
/// (regions) and the ESCO labels. PC4 points, skills and SLIM parameters are not in it, so an
/// update of those does not rebuild the index.
fn index_key(catalogue: &Catalogue, geo: &Geo, occupations_hash: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [
        catalogue.content_hash(),
        geo.regions_hash(),
        occupations_hash,
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    format!("{:x}", hasher.finalize())
}

/// Everything loaded from the data folder except the search index. Immutable once built.
pub struct Domain {
    pub layout: DataLayout,
    pub catalogue: Catalogue,
    pub geo: Geo,
    pub occupations: Occupations,
    pub slim: slim::Parameters,
    /// The legal mbo fees (a course's cost by rule).
    pub fees: Fees,
    pub skills: OccupationSkills,
    /// Analysed words of each function, for matching a person's words to functions.
    pub terms: Vec<FunctionTerms>,
    pub suggester: Suggester,
    /// School branches to ask and regional desks (empty when the data folder has none).
    pub contacts: Contacts,
    /// The index key of this data ([`index_key`]).
    index_key: String,
}

impl Domain {
    /// Loads and validates everything in the data folder.
    pub fn load(layout: &DataLayout) -> Result<Domain, LoadError> {
        let (catalogue, geo) = valid_catalogue(layout)?;
        let file = OccupationsFile::read(layout)?;
        let occupations = file.parse_with_languages(layout, &catalogue)?;
        let slim = slim_parameters(layout)?;
        let skills = OccupationSkills::load(&layout.occupation_skills(), &layout.skill_labels())
            .map_err(reference)?;
        let contacts = contacts(layout)?;
        let fees = Fees::load(&layout.mbo_fees()).map_err(reference)?;
        let index_key = index_key(&catalogue, &geo, &file.hash);
        Ok(Domain {
            layout: layout.clone(),
            terms: function_terms_of(&catalogue, &skills),
            suggester: Suggester::new(&occupations),
            catalogue,
            geo,
            occupations,
            slim,
            fees,
            skills,
            contacts,
            index_key,
        })
    }

    /// A matcher over this data, ESCO skill overlap included.
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher::new(
            &self.catalogue,
            &self.geo,
            &self.occupations,
            &self.slim,
            &self.terms,
        )
        .with_skills(&self.skills)
        .with_contacts(&self.contacts)
        .with_fees(&self.fees)
    }

    /// What the index is built from.
    pub fn index_inputs(&self) -> IndexInputs<'_> {
        IndexInputs {
            catalogue: &self.catalogue,
            geo: &self.geo,
            occupations: Some(&self.occupations),
            key: &self.index_key,
        }
    }
}

/// The data with its search index: what every request and command is answered from.
pub struct Services {
    domain: Domain,
    pub index: SearchIndex,
}

/// `services.catalogue`, `services.matcher()`: a `Services` is its domain plus an index.
impl std::ops::Deref for Services {
    type Target = Domain;

    fn deref(&self) -> &Domain {
        &self.domain
    }
}

impl Services {
    /// Loads the data folder of `config` and opens its index, building it when it was built
    /// from other inputs (or not at all).
    pub fn load(config: &Config) -> Result<Services, LoadError> {
        let domain = Domain::load(&config.layout())?;
        let (index, _) = index::open_or_build(&config.index, &domain.index_inputs())?;
        Ok(Services { domain, index })
    }

    /// Typeahead suggestions for the text typed so far.
    pub fn suggest(&self, typed: &str) -> Vec<Suggestion> {
        let sources = suggest::Sources {
            index: &self.index,
            catalogue: &self.catalogue,
            geo: &self.geo,
            occupations: &self.occupations,
        };
        self.suggester.suggest(&sources, typed)
    }
}

/// What a search needs, loaded without the ESCO resolver when the index is up to date.
pub struct SearchParts {
    pub catalogue: Catalogue,
    pub geo: Geo,
    pub index: SearchIndex,
    /// Whether the index was (re)built now.
    pub rebuilt: bool,
}

impl SearchParts {
    /// Opens the index of `config`, building it first when it is missing or stale, or always
    /// when `force` is set.
    pub fn load(config: &Config, force: bool) -> Result<SearchParts, LoadError> {
        let layout = config.layout();
        let (catalogue, geo) = valid_catalogue(&layout)?;
        let file = OccupationsFile::read(&layout)?;
        let key = index_key(&catalogue, &geo, &file.hash);
        // The ESCO labels are only needed to build the index; an up-to-date, intact one opens
        // without parsing them.
        let without_labels = IndexInputs {
            catalogue: &catalogue,
            geo: &geo,
            occupations: None,
            key: &key,
        };
        if !force && let Some(index) = index::reuse(&config.index, &without_labels) {
            return Ok(SearchParts {
                catalogue,
                geo,
                index,
                rebuilt: false,
            });
        }
        let occupations = file.parse()?;
        let inputs = IndexInputs {
            catalogue: &catalogue,
            geo: &geo,
            occupations: Some(&occupations),
            key: &key,
        };
        let index = index::build(&config.index, &inputs)?;
        Ok(SearchParts {
            catalogue,
            geo,
            index,
            rebuilt: true,
        })
    }

    /// The catalogue with an index built in memory (tests and benches of search).
    pub fn in_memory(layout: &DataLayout) -> Result<SearchParts, LoadError> {
        let (catalogue, geo) = valid_catalogue(layout)?;
        let file = OccupationsFile::read(layout)?;
        let occupations = file.parse()?;
        let key = index_key(&catalogue, &geo, &file.hash);
        let index = index::build_in_ram(&IndexInputs {
            catalogue: &catalogue,
            geo: &geo,
            occupations: Some(&occupations),
            key: &key,
        })?;
        Ok(SearchParts {
            catalogue,
            geo,
            index,
            rebuilt: true,
        })
    }
}

/// The ESCO occupations with the catalogue's job names (for `resolve`). The catalogue is read
/// as it is: checking it is `validate`'s job, and the resolver takes the names that loaded.
pub fn occupations(layout: &DataLayout) -> Result<Occupations, LoadError> {
    let (catalogue, _problems) = catalog::load(layout.root());
    OccupationsFile::read(layout)?.parse_with_languages(layout, &catalogue)
}

/// The SLIM parameters alone (for `slim`).
pub fn slim_parameters(layout: &DataLayout) -> Result<slim::Parameters, LoadError> {
    slim::Parameters::load(&layout.slim_parameters()).map_err(reference)
}

/// Opens the counsellor workspace's store where the config says: a sled folder, or a
/// PostgreSQL database (whose missing migrations run first).
pub fn open_store(
    location: &crate::config::StoreLocation,
) -> Result<std::sync::Arc<dyn crate::store::Store>, crate::store::StoreError> {
    use crate::config::StoreLocation;
    Ok(match location {
        StoreLocation::Dir(dir) => std::sync::Arc::new(crate::store::SledStore::open(dir)?),
        StoreLocation::Postgres(url) => std::sync::Arc::new(crate::store::PgStore::open(url)?),
    })
}
