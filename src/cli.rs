//! Subcommands: each loads what it needs through the library and prints text or JSON.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use padvinder::catalog::{self, Catalogue, LearningRoute};
use padvinder::geo::Geo;
use padvinder::index::{self, DocKind, IndexInputs};
use padvinder::resolve::Occupations;
use padvinder::search::{self, SearchRequest};
use serde_json::json;

/// Flags of `padvinder search`.
#[derive(Args)]
pub struct SearchArgs {
    /// What to look for, e.g. "elektricien" or "warmtepomp bbl".
    query: Vec<String>,
    /// Only function, course or path.
    #[arg(long)]
    kind: Option<String>,
    /// Only this sector (techniek, bouw, energie, ict).
    #[arg(long)]
    sector: Option<String>,
    /// Only this NLQF level (1-8).
    #[arg(long)]
    level: Option<u8>,
    /// Only courses taught in this labour-market region (code AM01 or name).
    #[arg(long)]
    region: Option<String>,
    /// Only courses with this learning route (BBL, BOL, derde_leerweg, deeltijd, online, kort).
    #[arg(long)]
    route: Option<String>,
    /// How many hits to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Skip this many hits (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[arg(long)]
    json: bool,
}

/// Everything a search needs, loaded from the data folder; refuses an invalid catalogue.
pub struct Loaded {
    pub catalogue: Catalogue,
    pub geo: Geo,
    pub occupations: Occupations,
}

/// Loads catalogue, geo and ESCO data; any catalogue problem is an error (run `validate`).
pub fn load_all(data: &Path) -> Result<Loaded, String> {
    let (catalogue, geo) = load_catalogue(data)?;
    let occupations = load_occupations(data)?;
    Ok(Loaded {
        catalogue,
        geo,
        occupations,
    })
}

/// Loads the catalogue and geo data; any catalogue problem is an error (run `validate`).
fn load_catalogue(data: &Path) -> Result<(Catalogue, Geo), String> {
    let geo = Geo::load(&data.join("reference").join("geo")).map_err(|e| e.to_string())?;
    let (catalogue, problems) = catalog::load_with_geo(data, &geo);
    if !problems.is_empty() {
        let shown: Vec<String> = problems.iter().take(5).map(ToString::to_string).collect();
        return Err(format!(
            "the catalogue in {} has {} problem(s); run `padvinder validate` for all of them:\n  {}",
            data.display(),
            problems.len(),
            shown.join("\n  ")
        ));
    }
    Ok((catalogue, geo))
}

fn load_occupations(data: &Path) -> Result<Occupations, String> {
    let path = data
        .join("reference")
        .join("esco")
        .join("occupations_nl.csv");
    Occupations::load(&path).map_err(|e| e.to_string())
}

pub fn validate(data: &Path, json: bool) -> Result<ExitCode, String> {
    if !data.is_dir() {
        return Err(format!(
            "catalogue folder {} does not exist",
            data.display()
        ));
    }
    let (catalogue, problems) = catalog::load(data);
    if json {
        let out = json!({
            "paths": catalogue.paths.len(),
            "functions": catalogue.functions.len(),
            "courses": catalogue.courses.len(),
            "errors": problems,
        });
        println!("{out}");
    } else {
        for p in &problems {
            println!("{p}");
        }
        let summary = format!(
            "{} paths, {} functions, {} courses, {} providers",
            catalogue.paths.len(),
            catalogue.functions.len(),
            catalogue.courses.len(),
            catalogue.providers.len()
        );
        if problems.is_empty() {
            println!("ok: {summary}; no problems");
        } else {
            println!("{} problem(s) found; read: {summary}", problems.len());
        }
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn index(data: &Path, index_dir: &Path, force: bool) -> Result<ExitCode, String> {
    let loaded = load_all(data)?;
    let started = std::time::Instant::now();
    let inputs = IndexInputs {
        catalogue: &loaded.catalogue,
        geo: &loaded.geo,
        occupations: Some(&loaded.occupations),
    };
    let (built, rebuilt) = if force {
        index::build(index_dir, &inputs).map(|i| (i, true))
    } else {
        index::open_or_build(index_dir, &inputs)
    }
    .map_err(|e| e.to_string())?;
    let docs = built.reader.searcher().num_docs();
    if rebuilt {
        println!(
            "built {} ({docs} documents) in {} ms",
            built.dir.display(),
            started.elapsed().as_millis()
        );
    } else {
        println!("up to date: {} ({docs} documents)", built.dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn search(data: &Path, index_dir: &Path, args: &SearchArgs) -> Result<ExitCode, String> {
    let kind = match args.kind.as_deref() {
        None => None,
        Some(k) => Some(
            DocKind::parse(k)
                .ok_or_else(|| format!("--kind \"{k}\" is not one of function, course, path"))?,
        ),
    };
    let route = match args.route.as_deref() {
        None => None,
        Some(r) => Some(LearningRoute::parse(r).map_err(|e| format!("--route: {e}"))?),
    };
    let (catalogue, geo) = load_catalogue(data)?;
    // The ESCO labels are only needed to build the index; an up-to-date one opens without them.
    let occupations = if index::is_current(index_dir, &catalogue.content_hash) {
        None
    } else {
        Some(load_occupations(data)?)
    };
    let inputs = IndexInputs {
        catalogue: &catalogue,
        geo: &geo,
        occupations: occupations.as_ref(),
    };
    let (idx, _) = index::open_or_build(index_dir, &inputs).map_err(|e| e.to_string())?;
    let request = SearchRequest {
        query: args.query.join(" "),
        kind,
        sector: args.sector.clone(),
        level: args.level,
        route,
        region: args.region.clone(),
        limit: args.limit,
        offset: args.offset,
    };
    let result = search::search(&idx, &catalogue, &geo, &request).map_err(|e| format!("--{e}"))?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&result).map_err(|e| e.to_string())?
        );
        return Ok(ExitCode::SUCCESS);
    }
    if result.hits.is_empty() {
        println!(
            "Niets gevonden voor \"{}\". Probeer een ander woord.",
            request.query
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} resultaten", result.total);
    for hit in &result.hits {
        let snippet = hit.snippet.replace("<mark>", "[").replace("</mark>", "]");
        println!(
            "{:<8} {:<48} {:>7.2}  {}",
            hit.kind.as_str(),
            hit.id,
            hit.score,
            hit.title
        );
        println!("         {}", unescape(&snippet));
    }
    Ok(ExitCode::SUCCESS)
}

/// Undoes [`search::escape`] for terminal output.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub fn resolve(data: &Path, text: &str, limit: usize, json: bool) -> Result<ExitCode, String> {
    let occupations = load_occupations(data)?;
    let candidates = occupations.resolve(text, limit);
    if json {
        println!("{}", json!({ "candidates": candidates }));
        return Ok(ExitCode::SUCCESS);
    }
    if candidates.is_empty() {
        println!("Geen beroep gevonden voor \"{text}\".");
    }
    for c in &candidates {
        let how = serde_json::to_value(c.matched_by)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        println!(
            "{}  {:.2}  {:<14} {}  ({})",
            c.isco, c.score, how, c.label, c.esco_uri
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn synth(data: &Path, courses: usize, out: &Path) -> Result<ExitCode, String> {
    let written = padvinder::synth::write(data, courses, out).map_err(|e| e.to_string())?;
    println!(
        "wrote a synthetic catalogue to {}: {} paths, {} functions, {} courses",
        out.display(),
        written.paths,
        written.functions,
        written.courses
    );
    Ok(ExitCode::SUCCESS)
}

/// The date rules are evaluated on: `--today` or the system date (UTC).
fn today(given: Option<&str>) -> Result<time::Date, String> {
    match given {
        Some(d) => time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|_| format!("--today \"{d}\" is not a date like 2026-11-28")),
        None => Ok(time::OffsetDateTime::now_utc().date()),
    }
}

fn load_slim_parameters(data: &Path) -> Result<padvinder::slim::Parameters, String> {
    padvinder::slim::Parameters::load(&data.join("slim").join("parameters.toml"))
        .map_err(|e| e.to_string())
}

/// Exit code for a refused profile or case: 2, with every bad field named.
fn refused(message: String) -> Result<ExitCode, String> {
    eprintln!("padvinder: {message}");
    Ok(ExitCode::from(2))
}

pub fn match_profile(
    data: &Path,
    profile_file: &Path,
    limit: usize,
    today_arg: Option<&str>,
    json: bool,
) -> Result<ExitCode, String> {
    let today = today(today_arg)?;
    let text = std::fs::read_to_string(profile_file)
        .map_err(|e| format!("cannot read profile {}: {e}", profile_file.display()))?;
    let profile = match padvinder::profile::Profile::from_json(&text) {
        Ok(p) => p,
        Err(e) => return refused(format!("{}: {e}", profile_file.display())),
    };
    let loaded = load_all(data)?;
    let parameters = load_slim_parameters(data)?;
    let skills = padvinder::esco_skills::OccupationSkills::load(
        &data
            .join("reference")
            .join("esco")
            .join("occupation_skills.csv"),
    )
    .map_err(|e| e.to_string())?;
    let terms = padvinder::matching::function_terms_of(&loaded.catalogue);
    let matcher = padvinder::matching::Matcher::new(
        &loaded.catalogue,
        &loaded.geo,
        &loaded.occupations,
        &parameters,
        &terms,
    )
    .with_skills(&skills);
    let options = padvinder::matching::MatchOptions { limit, today };
    let result = match matcher.match_profile(&profile, &options) {
        Ok(r) => r,
        Err(e) => return refused(format!("{}: {e}", profile_file.display())),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", padvinder::matching::render_text(&result));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn slim(
    data: &Path,
    case_file: &Path,
    today_arg: Option<&str>,
    json: bool,
) -> Result<ExitCode, String> {
    let today = today(today_arg)?;
    let text = std::fs::read_to_string(case_file)
        .map_err(|e| format!("cannot read case {}: {e}", case_file.display()))?;
    let case = match padvinder::slim::parse_case(&text) {
        Ok(c) => c,
        Err(e) => return refused(format!("{}: {e}", case_file.display())),
    };
    let parameters = load_slim_parameters(data)?;
    let result = padvinder::slim::evaluate(&parameters, &case, today);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", padvinder::slim::render_text(&result));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn serve(
    data: std::path::PathBuf,
    index_dir: std::path::PathBuf,
    addr: std::net::SocketAddr,
    admin_token: Option<String>,
    log_level: &str,
) -> Result<ExitCode, String> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(log_level))
        .map_err(|e| format!("--log-level \"{log_level}\": {e}"))?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    let config = padvinder::server::Config {
        addr,
        data,
        index_dir,
        admin_token: admin_token.filter(|t| !t.is_empty()),
    };
    runtime.block_on(padvinder::server::serve(config))?;
    Ok(ExitCode::SUCCESS)
}
