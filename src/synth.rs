//! A synthetic catalogue of any size, for benchmarks. Every record says it is synthetic; the
//! words are real job words so that searches behave as on real data.

use std::fmt::Write as _;
use std::path::Path;

use crate::layout::DataLayout;

/// Counts of what [`write`] produced.
pub struct Written {
    pub paths: usize,
    pub functions: usize,
    pub courses: usize,
}

/// Writing the synthetic catalogue failed.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0} exists and is not empty; choose a new folder")]
    NotEmpty(String),
}

const HEADS: &[&str] = &[
    "monteur",
    "technicus",
    "medewerker",
    "installateur",
    "operator",
    "engineer",
    "ontwikkelaar",
    "werkvoorbereider",
    "lasser",
    "timmerman",
    "elektricien",
    "beheerder",
    "specialist",
    "planner",
];
const DOMAINS: &[&str] = &[
    "elektrotechnische installaties",
    "warmtepompen",
    "zonnepanelen",
    "laagspanning",
    "middenspanning",
    "datanetwerken",
    "werktuigbouw",
    "mechatronica",
    "koudetechniek",
    "voertuigen",
    "software",
    "ict support",
    "procesindustrie",
    "infra",
    "gas en water",
    "klimaatsystemen",
    "metaalbewerking",
    "onderhoud",
    "utiliteitsbouw",
    "woningbouw",
];
const MUNICIPALITIES: &[&str] = &[
    "GM0363", "GM0599", "GM0518", "GM0344", "GM0772", "GM0014", "GM0193", "GM0202", "GM0758",
    "GM0917", "GM0034", "GM0080", "GM0153", "GM0855", "GM0935", "GM0268",
];
const SECTORS: &[&str] = &["techniek", "bouw", "energie", "ict"];
const SOURCE: &str = "https://example.org/padvinder/synthetisch";

/// A small deterministic generator, so the same size gives the same catalogue.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Writes a valid catalogue with `courses` course units into `out`, copying the reference data,
/// SLIM parameters and legal mbo fees from the real catalogue folder `data`.
pub fn write(data: &Path, courses: usize, out: &Path) -> Result<Written, SynthError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| SynthError::Io { path, source }
    };
    if out.exists() && std::fs::read_dir(out).map_err(io(out))?.next().is_some() {
        return Err(SynthError::NotEmpty(out.display().to_string()));
    }
    let (from, to) = (DataLayout::new(data), DataLayout::new(out));
    for sub in [out.join("courses"), out.join("paths"), to.reference_dir()] {
        std::fs::create_dir_all(&sub).map_err(io(&sub))?;
    }
    copy_dir(&from.reference_dir(), &to.reference_dir())?;
    // The SLIM parameters too, so the output is a whole data folder that loads like `paths/`.
    if from.slim_dir().is_dir() {
        std::fs::create_dir_all(to.slim_dir()).map_err(io(out))?;
        copy_dir(&from.slim_dir(), &to.slim_dir())?;
    }
    // The legal mbo fees likewise: `match` and `serve` compute mbo costs from them.
    let fees = from.mbo_fees();
    if fees.is_file() {
        let target = to.mbo_fees();
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).map_err(io(folder))?;
        }
        std::fs::copy(&fees, &target).map_err(io(&fees))?;
    }
    let synonyms = data.join("synonyms.toml");
    if synonyms.exists() {
        std::fs::copy(&synonyms, out.join("synonyms.toml")).map_err(io(&synonyms))?;
    }

    let mut rng = Lcg(42);
    let mut providers = String::new();
    let n_providers = (courses / 200).clamp(4, 400);
    for p in 0..n_providers {
        let m = MUNICIPALITIES[p % MUNICIPALITIES.len()];
        let _ = write!(
            providers,
            "[[provider]]\nid = \"synth-school-{p}\"\nname = \"Synthetische school {p}\"\nsources = [\"{SOURCE}\"]\nchecked = 2026-11-28\nlocations = [{{ name = \"Locatie {p}\", municipality = \"{m}\" }}]\n\n"
        );
    }
    std::fs::write(out.join("providers.toml"), providers).map_err(io(out))?;

    const PER_FILE: usize = 5_000;
    let mut file = String::new();
    for c in 0..courses {
        let head = HEADS[rng.next(HEADS.len())];
        let domain = DOMAINS[rng.next(DOMAINS.len())];
        let level = 1 + rng.next(4);
        let weeks = 4 + rng.next(200);
        let cost = rng.next(5_000);
        let provider = rng.next(n_providers);
        let route = ["BBL", "BOL", "deeltijd", "online"][rng.next(4)];
        let _ = write!(
            file,
            "[[course]]\nid = \"synth-course-{c}\"\ntitle = \"{head} {domain} {c}\"\nkind = \"other\"\nnlqf_level = {level}\nsector = \"{domain}\"\ndescription = \"Synthetische opleiding voor benchmarks: {head} in {domain}, niveau {level}.\"\nroutes = [\"{route}\"]\nduration_weeks = {weeks}\ncost_eur = {cost}\nwork_and_learn = true\nproviders = [\"synth-school-{provider}\"]\nsources = [\"{SOURCE}\"]\nchecked = 2026-11-28\n\n"
        );
        if (c + 1) % PER_FILE == 0 || c + 1 == courses {
            let name = out
                .join("courses")
                .join(format!("synth-{:04}.toml", c / PER_FILE));
            std::fs::write(&name, std::mem::take(&mut file)).map_err(io(&name))?;
        }
    }

    // One function per 10 courses, 10 functions per path, each function reached by an instroom
    // whose step offers ten courses.
    let functions = (courses / 10).max(1);
    let paths = functions.div_ceil(10);
    for p in 0..paths {
        let sector = SECTORS[p % SECTORS.len()];
        let mut text = format!(
            "[path]\nid = \"synth-path-{p}\"\nname = \"Synthetisch pad {p}\"\nsector = \"{sector}\"\ndescription = \"Synthetisch ontwikkelpad voor benchmarks.\"\nstatus = \"modelled\"\nsources = [\"{SOURCE}\"]\nchecked = 2026-11-28\n\n"
        );
        let mut transitions = String::new();
        for f in (p * 10)..((p + 1) * 10).min(functions) {
            let head = HEADS[rng.next(HEADS.len())];
            let domain = DOMAINS[rng.next(DOMAINS.len())];
            let _ = write!(
                text,
                "[[function]]\nid = \"synth-function-{f}\"\ntitle = \"{head} {domain} {f}\"\nnlqf_level = {}\ndescription = \"Synthetische functie voor benchmarks.\"\nsources = [\"{SOURCE}\"]\nchecked = 2026-11-28\n\n",
                1 + rng.next(4)
            );
            let options: Vec<String> = (0..10)
                .map(|i| format!("\"synth-course-{}\"", (f * 10 + i) % courses.max(1)))
                .collect();
            let _ = write!(
                transitions,
                "[[transition]]\nkind = \"instroom\"\nto = \"synth-function-{f}\"\nmembership = \"modelled\"\nsteps = [{{ one_of = [{}] }}]\nsources = [\"{SOURCE}\"]\nchecked = 2026-11-28\n\n",
                options.join(", ")
            );
        }
        text.push_str(&transitions);
        let name = out.join("paths").join(format!("synth-path-{p:05}.toml"));
        std::fs::write(&name, text).map_err(io(&name))?;
    }
    Ok(Written {
        paths,
        functions,
        courses,
    })
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), SynthError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| SynthError::Io { path, source }
    };
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(io(&target))?;
        }
    }
    Ok(())
}
