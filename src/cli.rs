//! Subcommands: each loads what it needs through the library and prints text or JSON.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use padvinder::config::{Config, LogFormat};
use padvinder::search::{self, SearchRequest};
use padvinder::services::{self, Domain, SearchParts};
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

pub fn validate(config: &Config, json: bool) -> Result<ExitCode, String> {
    if !config.data.is_dir() {
        return Err(format!(
            "catalogue folder {} does not exist",
            config.data.display()
        ));
    }
    let (catalogue, problems) = services::check(&config.layout());
    let (levels_known, mbo) = catalogue.mbo_level_coverage();
    if json {
        let out = json!({
            "paths": catalogue.paths().len(),
            "functions": catalogue.functions().len(),
            "courses": catalogue.courses().len(),
            "mbo_levels": { "known": levels_known, "mbo_courses": mbo },
            "errors": problems,
        });
        println!("{out}");
    } else {
        for p in &problems {
            println!("{p}");
        }
        let summary = format!(
            "{} paths, {} functions, {} courses, {} providers",
            catalogue.paths().len(),
            catalogue.functions().len(),
            catalogue.courses().len(),
            catalogue.providers().len()
        );
        if problems.is_empty() {
            println!("ok: {summary}; no problems");
        } else {
            println!("{} problem(s) found; read: {summary}", problems.len());
        }
        // After the verdict line, which scripts read first.
        if mbo > 0 {
            let percent = levels_known as f64 * 100.0 / mbo as f64;
            println!("mbo courses with a sourced level: {levels_known} of {mbo} ({percent:.1} %)");
        }
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn index(config: &Config, force: bool) -> Result<ExitCode, String> {
    let started = std::time::Instant::now();
    let parts = SearchParts::load(config, force).map_err(|e| e.to_string())?;
    let (built, rebuilt) = (&parts.index, parts.rebuilt);
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

pub fn search(config: &Config, args: &SearchArgs) -> Result<ExitCode, String> {
    let flag = |e: search::SearchError| match e {
        // The query is the positional words, not a flag.
        search::SearchError::OverLimit { message, .. } => format!("query: {message}"),
        other => format!("--{other}"),
    };
    let kind = args
        .kind
        .as_deref()
        .map(search::parse_kind)
        .transpose()
        .map_err(flag)?;
    let route = args
        .route
        .as_deref()
        .map(search::parse_route)
        .transpose()
        .map_err(flag)?;
    let SearchParts {
        catalogue,
        geo,
        index: idx,
        ..
    } = SearchParts::load(config, false).map_err(|e| e.to_string())?;
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
    let result = search::search(&idx, &catalogue, &geo, &request).map_err(flag)?;
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
        if !result.suggestions.is_empty() {
            println!("Bedoelde je: {}?", result.suggestions.join(", "));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if result.relaxed {
        println!(
            "Niets met alle woorden; we zochten op \"{}\".",
            result.used_words.join(" ")
        );
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

pub fn resolve(config: &Config, text: &str, limit: usize, json: bool) -> Result<ExitCode, String> {
    let occupations = services::occupations(&config.layout()).map_err(|e| e.to_string())?;
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
        let matched = c
            .matched
            .as_ref()
            .map(|m| format!(" — {} [{}]", m.label, m.lang))
            .unwrap_or_default();
        println!(
            "{}  {:.2}  {:<14} {}{matched}  ({})",
            c.isco, c.score, how, c.label, c.esco_uri
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn synth(config: &Config, courses: usize, out: &Path) -> Result<ExitCode, String> {
    let written = padvinder::synth::write(&config.data, courses, out).map_err(|e| e.to_string())?;
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

/// Most bytes read from a `--profile` or `--case` file: a profile or case is a few hundred bytes.
pub const MAX_INPUT_FILE_BYTES: u64 = 1024 * 1024;

/// Reads a JSON input file given by `--<flag>`: only a regular file of at most
/// [`MAX_INPUT_FILE_BYTES`], so `/dev/zero`, a directory or a pipe is refused at once (a pipe is
/// never opened: that would wait for a writer) instead of being read without end.
fn read_input_file(flag: &str, path: &Path) -> Result<String, String> {
    use std::io::Read;
    let shown = path.display();
    let cannot = |e: std::io::Error| format!("--{flag} {shown}: cannot read: {e}");
    let kind = std::fs::metadata(path).map_err(cannot)?.file_type();
    if !kind.is_file() {
        let what = if kind.is_dir() {
            "a directory"
        } else {
            "a device, pipe or socket"
        };
        return Err(format!(
            "--{flag} {shown}: is {what}, not a file; give a JSON file"
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(cannot)?
        // One byte more than allowed tells "too large" from "exactly at the limit"; a file that
        // grows while read (or a /proc file that reports size 0) is still cut off here.
        .take(MAX_INPUT_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_INPUT_FILE_BYTES {
        return Err(format!(
            "--{flag} {shown}: is larger than {} MB; a {flag} is a small JSON file",
            MAX_INPUT_FILE_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "--{flag} {shown}: is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to() + 1
        )
    })
}

/// Exit code for a refused profile or case: 2, with every bad field named.
fn refused(message: String) -> Result<ExitCode, String> {
    eprintln!("padvinder: {message}");
    Ok(ExitCode::from(2))
}

pub fn match_profile(
    config: &Config,
    profile_file: &Path,
    limit: usize,
    today_arg: Option<&str>,
    lang: padvinder::messages::Lang,
    detail: padvinder::matching::Detail,
    json: bool,
) -> Result<ExitCode, String> {
    let today = today(today_arg)?;
    let text = read_input_file("profile", profile_file)?;
    let profile = match padvinder::profile::Profile::from_file_json(&text) {
        Ok(p) => p,
        Err(e) => return refused(format!("{}: {e}", profile_file.display())),
    };
    let domain = Domain::load(&config.layout()).map_err(|e| e.to_string())?;
    let matcher = domain.matcher();
    let options = padvinder::matching::MatchOptions {
        limit,
        today,
        lang,
        detail,
        prefer_region: None,
    };
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
        print!("{}", padvinder::matching::render_text(&result, lang));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn slim(
    config: &Config,
    case_file: &Path,
    today_arg: Option<&str>,
    lang: padvinder::messages::Lang,
    json: bool,
) -> Result<ExitCode, String> {
    let today = today(today_arg)?;
    let text = read_input_file("case", case_file)?;
    let case = match padvinder::slim::parse_case(&text, lang) {
        Ok(c) => c,
        Err(e) => return refused(format!("{}: {e}", case_file.display())),
    };
    let parameters = services::slim_parameters(&config.layout()).map_err(|e| e.to_string())?;
    let result = padvinder::slim::evaluate(&parameters, &case, today, lang);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", padvinder::slim::render_text(&result, lang));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn serve(config: Config) -> Result<ExitCode, String> {
    let log_level = &config.server.log_level;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(log_level))
        .map_err(|e| format!("log level \"{log_level}\": {e}"))?;
    // Logs go to standard error, coloured only when it is a terminal (and NO_COLOR is unset),
    // so a log file or collector never gets escape codes.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr);
    match config.server.log_format {
        LogFormat::Text => {
            use std::io::IsTerminal as _;
            let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            builder.with_ansi(colour).init();
        }
        LogFormat::Json => builder.json().with_ansi(false).init(),
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(padvinder::server::serve(config))?;
    Ok(ExitCode::SUCCESS)
}

pub fn import_offerings(
    config: &Config,
    from: &Path,
    review: Option<&Path>,
    check: bool,
) -> Result<ExitCode, String> {
    let layout = config.layout();
    let read =
        |p: &Path| std::fs::read(p).map_err(|e| format!("{}: cannot read: {e}", p.display()));
    let geo = padvinder::geo::Geo::load(&layout).map_err(|e| e.to_string())?;
    // The catalogue as it stands (problems of the old generated file do not matter here: it is
    // replaced whole); only its courses by crebo are used.
    let (catalogue, _) = padvinder::catalog::load_with_geo(layout.root(), &geo);
    let providers = std::fs::read_to_string(layout.providers())
        .map_err(|e| format!("{}: cannot read: {e}", layout.providers().display()))?;
    let rows = read(from)?;
    let default_review = from.with_file_name("import_review.csv");
    let review = match review {
        Some(p) => Some((p.to_owned(), read(p)?)),
        None if default_review.is_file() => {
            let bytes = read(&default_review)?;
            Some((default_review, bytes))
        }
        None => None,
    };
    let review_name = review.as_ref().map(|(p, _)| p.display().to_string());
    let imported = padvinder::import::import_offerings(
        &catalogue,
        &geo,
        &providers,
        (&from.display().to_string(), &rows),
        review
            .as_ref()
            .zip(review_name.as_deref())
            .map(|((_, bytes), name)| (name, bytes.as_slice())),
    )?;
    let target = layout.imported_offerings();
    let r = &imported.report;
    for (line, reason) in &r.skipped {
        println!("skipped {}:{line}: {reason}", from.display());
    }
    println!(
        "{} rows: {} offerings, {} new providers ({}), {} rows skipped",
        r.rows,
        r.offerings,
        r.new_providers.len(),
        r.new_providers.join(", "),
        r.skipped.len()
    );
    let current = std::fs::read_to_string(&target).unwrap_or_default();
    if check {
        return Ok(if current == imported.toml {
            println!("{} is current", target.display());
            ExitCode::SUCCESS
        } else {
            println!(
                "{} is not what the rows give: run `padvinder import-offerings`",
                target.display()
            );
            ExitCode::from(1)
        });
    }
    if current != imported.toml {
        std::fs::create_dir_all(layout.offerings_dir())
            .map_err(|e| format!("{}: {e}", layout.offerings_dir().display()))?;
        std::fs::write(&target, &imported.toml)
            .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
        println!("wrote {}", target.display());
    } else {
        println!("{} unchanged", target.display());
    }
    let (_, problems) = padvinder::catalog::load_with_geo(layout.root(), &geo);
    for p in &problems {
        println!("{p}");
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `padvinder coverage`: the catalogue's reach (issue 10 §1) as Markdown, to stdout or `out`.
/// Personas are matched as `padvinder match` would today; a persona file that cannot be read is
/// an error naming the file.
pub fn coverage(
    config: &Config,
    out: Option<&Path>,
    personas_dir: Option<&Path>,
    routes: usize,
) -> Result<ExitCode, String> {
    use padvinder::coverage::{self, FirstCourse, Persona, PersonaRoute};
    let layout = config.layout();
    let regions_file = layout.labour_market_regions();
    let bytes = std::fs::read(&regions_file)
        .map_err(|e| format!("{}: cannot read: {e}", regions_file.display()))?;
    let regions = coverage::regions(&regions_file.display().to_string(), &bytes)?;
    let mut personas = Vec::new();
    // Matching needs everything (ESCO, fees, SLIM, contacts); the catalogue part only the
    // catalogue and geo.
    let (catalogue, geo, domain);
    if let Some(personas_dir) = personas_dir {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(personas_dir)
            .map_err(|e| format!("--personas {}: cannot read: {e}", personas_dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        domain = Domain::load(&layout).map_err(|e| e.to_string())?;
        let matcher = domain.matcher();
        let options = padvinder::matching::MatchOptions {
            limit: routes,
            today: today(None)?,
            lang: padvinder::messages::Lang::Nl,
            detail: padvinder::matching::Detail::Summary,
            prefer_region: None,
        };
        for file in files {
            let text = read_input_file("personas", &file)?;
            let value: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| format!("{}: not JSON: {e}", file.display()))?;
            let profile = padvinder::profile::Profile::from_value(&value["profile"])
                .map_err(|e| format!("{}: profile: {e}", file.display()))?;
            let result = matcher
                .match_profile(&profile, &options)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            let schools = result.schools_to_ask.len();
            let town = profile
                .postcode
                .as_ref()
                .and_then(|p| domain.geo.pc4(p.pc4))
                .and_then(|a| domain.geo.municipality(&a.municipality_code))
                .map_or("no postcode".to_owned(), |m| m.name.clone());
            let routes = result
                .routes
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    let step = r.steps.iter().find(|s| !s.skipped)?;
                    let km = step.provider.as_ref().and_then(|p| p.distance_km);
                    let first = match (&step.provider, km) {
                        (Some(p), Some(d)) if d <= coverage::PERSONA_KM => FirstCourse::Provider {
                            name: p.name.clone(),
                            place: p.municipality.clone(),
                            km: d,
                        },
                        _ if step.ask_schools => FirstCourse::AskSchools {
                            provider_km: km,
                            schools,
                        },
                        _ => FirstCourse::Nothing { provider_km: km },
                    };
                    Some(PersonaRoute {
                        rank: i + 1,
                        target: r.target.id.clone(),
                        path: r.path.id.clone(),
                        course_id: step.course.id.clone(),
                        course_kind: step.course.kind.as_str().to_owned(),
                        first,
                    })
                })
                .collect();
            let name = file
                .file_stem()
                .map_or(String::new(), |s| s.to_string_lossy().into_owned());
            personas.push(Persona { name, town, routes });
        }
        (catalogue, geo) = (domain.catalogue, domain.geo);
    } else {
        let (c, g) = services::valid_catalogue(&layout).map_err(|e| e.to_string())?;
        (catalogue, geo) = (c, g);
    }
    // Who to call: the desks file alone (a test catalogue may have no school branches).
    let desks_file = layout.regional_desks();
    let desks = if desks_file.is_file() {
        Some(padvinder::contacts::load_desks(&desks_file).map_err(|e| e.to_string())?)
    } else {
        None
    };
    let courses = coverage::starting_courses(&catalogue, &geo);
    let text = coverage::report(&catalogue, &courses, &regions, &personas, desks.as_deref());
    match out {
        Some(path) => {
            std::fs::write(path, &text)
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            println!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
