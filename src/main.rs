//! The `padvinder` command: a thin layer over the library. Flags are parsed here, then handed to
//! library calls; output formatting (text or `--json`) is the only logic that lives here.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

/// padvinder: routes into technical and digital work along Dutch development paths.
#[derive(Parser)]
#[command(name = "padvinder", version, about)]
struct Args {
    /// The catalogue folder.
    #[arg(long, global = true, env = "PADVINDER_DATA", default_value = "paths")]
    data: PathBuf,
    /// The folder of the built search index.
    #[arg(long, global = true, env = "PADVINDER_INDEX", default_value = "index")]
    index: PathBuf,
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
        /// The profile, e.g. {"current_occupation": "heftruckchauffeur", "postcode": "3071"}.
        #[arg(long)]
        profile: PathBuf,
        /// How many routes to show.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// Evaluate SLIM rules as of this date (YYYY-MM-DD); default today.
        #[arg(long)]
        today: Option<String>,
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
        #[arg(long)]
        json: bool,
    },
    /// Serve the API and the web app (builds the index when needed).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "PADVINDER_ADDR", default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Turns on POST /api/v1/admin/reload for requests with this bearer token.
        #[arg(long, env = "PADVINDER_ADMIN_TOKEN", hide_env_values = true)]
        admin_token: Option<String>,
        /// Log level filter (error, warn, info, debug) or a tracing filter; RUST_LOG also works.
        #[arg(long, env = "PADVINDER_LOG", default_value = "info")]
        log_level: String,
    },
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

fn main() -> ExitCode {
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
    let result = match args.command {
        Command::Validate { json } => cli::validate(&args.data, json),
        Command::Index { force } => cli::index(&args.data, &args.index, force),
        Command::Search(search) => cli::search(&args.data, &args.index, &search),
        Command::Resolve { text, limit, json } => {
            cli::resolve(&args.data, &text.join(" "), limit, json)
        }
        Command::Match {
            profile,
            limit,
            today,
            json,
        } => cli::match_profile(&args.data, &profile, limit, today.as_deref(), json),
        Command::Slim { case, today, json } => cli::slim(&args.data, &case, today.as_deref(), json),
        Command::Serve {
            addr,
            admin_token,
            log_level,
        } => cli::serve(args.data, args.index, addr, admin_token, &log_level),
        Command::Synth { courses, out } => cli::synth(&args.data, courses, &out),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("padvinder: {message}");
            ExitCode::from(2)
        }
    }
}
