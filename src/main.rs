//! The `padvinder` command: a thin layer over the library. Flags are parsed here and turned into
//! one validated [`Config`] (flags over environment over `--config` file over defaults), then
//! handed to library calls; output formatting (text or `--json`) is the only logic that lives here.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use padvinder::config::{Config, Flags};

mod cli;
mod cli_tenants;
mod cli_workspace;

// Matching builds and drops many small strings and vectors per request; mimalloc's per-thread
// free lists made HTTP match throughput clearly higher than glibc malloc (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// padvinder: routes into technical and digital work along Dutch development paths.
#[derive(Parser)]
#[command(name = "padvinder", version, about)]
struct Args {
    /// A TOML settings file (see docs/examples/padvinder.toml); env PADVINDER_CONFIG.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The catalogue folder [default: paths; env PADVINDER_DATA].
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The folder of the built search index [default: index; env PADVINDER_INDEX].
    #[arg(long, global = true, value_name = "DIR")]
    index: Option<PathBuf>,
    /// The counsellor workspace's store: a folder (sled) or a postgres:// URL [default: store;
    /// env PADVINDER_STORE].
    #[arg(long, global = true, value_name = "DIR|URL")]
    store: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the catalogue and report every problem with file and line.
    Validate {
        /// Print {"paths","functions","courses","errors":[…]} as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Build the search index from the catalogue (into a fresh folder, then switch).
    Index {
        /// Rebuild even when the catalogue has not changed.
        #[arg(long)]
        force: bool,
    },
    /// Search functions, courses and paths.
    Search(cli::SearchArgs),
    /// Turn a person's words for their job into ESCO occupations with ISCO code.
    Resolve {
        /// The words, e.g. "heftruckchauffeur".
        text: Vec<String>,
        /// How many candidates to show.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Find ranked, explained routes for a person's profile (a JSON file).
    Match {
        /// The profile, e.g. {"current_occupation": "heftruckchauffeur", "postcode": "3071"}, or
        /// a persona file whose "profile" member is one (tests/personas/*.json).
        #[arg(long)]
        profile: PathBuf,
        /// How many routes to show.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// Evaluate SLIM rules as of this date (YYYY-MM-DD); default today.
        #[arg(long)]
        today: Option<String>,
        /// The language of every text: nl (default) or en.
        #[arg(long, default_value = "nl", value_parser = padvinder::messages::Lang::parse)]
        lang: padvinder::messages::Lang,
        /// summary (default) or full: full also gives every SLIM receipt.
        #[arg(long, default_value = "summary", value_parser = padvinder::matching::Detail::parse)]
        detail: padvinder::matching::Detail,
        #[arg(long)]
        json: bool,
    },
    /// Evaluate SLIM eligibility for a case given directly (a JSON file).
    Slim {
        /// The case: {"course": {…}, "path_status", "course_in_path", "situation", …}.
        #[arg(long)]
        case: PathBuf,
        /// Evaluate as of this date (YYYY-MM-DD); default today.
        #[arg(long)]
        today: Option<String>,
        /// The language of every text: nl (default) or en.
        #[arg(long, default_value = "nl", value_parser = padvinder::messages::Lang::parse)]
        lang: padvinder::messages::Lang,
        #[arg(long)]
        json: bool,
    },
    /// Serve the API and the web app (builds the index when needed).
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080; env PADVINDER_ADDR].
        #[arg(long)]
        addr: Option<std::net::SocketAddr>,
        /// Turns on POST /api/v1/admin/reload for requests with this bearer token
        /// [env PADVINDER_ADMIN_TOKEN].
        #[arg(long)]
        admin_token: Option<String>,
        /// Log level filter (error, warn, info, debug) or a tracing filter; RUST_LOG also works
        /// [default: info; env PADVINDER_LOG].
        #[arg(long)]
        log_level: Option<String>,
        /// How many connections may be open at once; over it, the oldest connection without a
        /// request in flight is closed [default: 1024; env PADVINDER_MAX_CONNECTIONS].
        #[arg(long, value_name = "N")]
        max_connections: Option<u64>,
        /// Seconds a client may take to send a request's headers
        /// [default: 10; env PADVINDER_HEADER_READ_TIMEOUT_SECS].
        #[arg(long, value_name = "SECONDS")]
        header_read_timeout: Option<u64>,
        /// Seconds a connection may stay open without a request
        /// [default: 30; env PADVINDER_IDLE_TIMEOUT_SECS].
        #[arg(long, value_name = "SECONDS")]
        idle_timeout: Option<u64>,
        /// Log lines as text or json (one object a line), on standard error
        /// [default: text; env PADVINDER_LOG_FORMAT].
        #[arg(long, value_name = "FORMAT")]
        log_format: Option<String>,
        /// Name the client's IP address in request log lines (personal data: off by default)
        /// [env PADVINDER_LOG_CLIENT_ADDR=true].
        #[arg(long)]
        log_client_addr: bool,
    },
    /// Turn researched offering rows into catalogue records (the data folder's
    /// offerings/imported.toml, written whole; the same rows give the same file).
    ImportOfferings {
        /// The research rows (columns as docs/research/catalogue-depth/README.md describes).
        #[arg(
            long,
            default_value = "docs/research/catalogue-depth/provider_offerings.csv"
        )]
        from: PathBuf,
        /// Rows a reviewer left out (crebo, provider_id, route, source_url, decision, reason)
        /// [default: import_review.csv next to --from, when it exists].
        #[arg(long)]
        review: Option<PathBuf>,
        /// Write nothing; fail when the file is not what the rows give.
        #[arg(long)]
        check: bool,
    },
    /// How far the catalogue reaches: sourced providers per route-starting qualification and
    /// province, distances from each labour-market region's main town, and whether each
    /// persona's top routes name a school near them (issue 10's targets). Markdown on stdout.
    Coverage {
        /// Write the report to this file instead of stdout (docs/catalogue-coverage.md).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The personas' folder (one JSON file each, with a `profile`).
        #[arg(long, default_value = "tests/personas")]
        personas: PathBuf,
        /// Leave out the persona section (needs only the catalogue and geo data).
        #[arg(long)]
        no_personas: bool,
        /// How many top routes of each persona to check.
        #[arg(long, default_value_t = 5)]
        routes: usize,
    },
    /// Counsellors and admins of the workspace (works while a server runs).
    #[command(subcommand)]
    Users(cli_workspace::UsersCommand),
    /// The workspace's store: backup, restore, check, retention sweep.
    #[command(subcommand)]
    Store(cli_workspace::StoreCommand),
    /// Organisations that embed padvinder: check the config's tenants, make an API key.
    #[command(subcommand)]
    Tenants(cli_tenants::TenantsCommand),
    /// Write a valid synthetic catalogue of any size (for benchmarks).
    Synth {
        /// Number of course units.
        #[arg(long)]
        courses: usize,
        /// Output folder (created; must be empty or absent).
        #[arg(long)]
        out: PathBuf,
    },
}

/// Keeps the kernel from backing the heap with transparent huge pages (2 MiB each). mimalloc
/// asks for them on Linux; with them the server held 227-231 MB resident after start instead of
/// 176 MB (a 2 MiB page is resident as a whole however little of it is used), and every fresh
/// page cost zeroing 2 MiB: about 12 % of server CPU under search load on 100,000 courses
/// (docs/PERFORMANCE.md). Set for the whole process, before the first allocations that matter;
/// a kernel without the setting just keeps its default.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let args = Args::parse();
    // `padvinder search x | head` closes the pipe early: a printing command ends quietly like
    // other Unix tools instead of panicking on the failed write (Rust ignores SIGPIPE by
    // default). Not for `serve`: a closed log pipe must not kill a server.
    #[cfg(unix)]
    if !matches!(args.command, Command::Serve { .. }) {
        // SAFETY: called before any other thread exists (argument parsing starts none); only
        // resets a signal disposition to the system default.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let mut flags = Flags {
        config: args.config,
        data: args.data,
        index: args.index,
        store: args.store,
        ..Flags::default()
    };
    if let Command::Serve {
        addr,
        admin_token,
        log_level,
        max_connections,
        header_read_timeout,
        idle_timeout,
        log_format,
        log_client_addr,
    } = &args.command
    {
        flags.addr = *addr;
        flags.admin_token.clone_from(admin_token);
        flags.log_level.clone_from(log_level);
        flags.max_connections = *max_connections;
        flags.header_read_timeout = *header_read_timeout;
        flags.idle_timeout = *idle_timeout;
        flags.log_format.clone_from(log_format);
        flags.log_client_addr = log_client_addr.then_some(true);
    }
    let config = match Config::load(&flags) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("padvinder: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match args.command {
        Command::Validate { json } => cli::validate(&config, json),
        Command::Index { force } => cli::index(&config, force),
        Command::Search(search) => cli::search(&config, &search),
        Command::Resolve { text, limit, json } => {
            cli::resolve(&config, &text.join(" "), limit, json)
        }
        Command::Match {
            profile,
            limit,
            today,
            lang,
            detail,
            json,
        } => cli::match_profile(
            &config,
            &profile,
            limit,
            today.as_deref(),
            lang,
            detail,
            json,
        ),
        Command::Slim {
            case,
            today,
            lang,
            json,
        } => cli::slim(&config, &case, today.as_deref(), lang, json),
        Command::Serve { .. } => cli::serve(config),
        Command::ImportOfferings {
            from,
            review,
            check,
        } => cli::import_offerings(&config, &from, review.as_deref(), check),
        Command::Coverage {
            out,
            personas,
            no_personas,
            routes,
        } => cli::coverage(
            &config,
            out.as_deref(),
            (!no_personas).then_some(personas.as_path()),
            routes,
        ),
        Command::Synth { courses, out } => cli::synth(&config, courses, &out),
        Command::Users(command) => cli_workspace::users(&config, command),
        Command::Store(command) => cli_workspace::store(&config, command),
        Command::Tenants(command) => cli_tenants::tenants(&config, command),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("padvinder: {message}");
            ExitCode::from(2)
        }
    }
}
