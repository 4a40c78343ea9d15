//! `padvinder tenants …`: check the config's tenants without serving; make an API key.

use std::process::ExitCode;

use clap::Subcommand;
use padvinder::config::Config;
use padvinder::services;

/// Subcommands of `padvinder tenants`.
#[derive(Subcommand)]
pub enum TenantsCommand {
    /// Check every [[tenant]] of the config file (with --config or PADVINDER_CONFIG), regions
    /// against the data folder's geo data; exits 2 naming file, line and key of a problem.
    Check,
    /// Print a new random API key and its hash for `api_keys`, once; the key is not kept.
    Key,
}

pub fn tenants(config: &Config, command: TenantsCommand) -> Result<ExitCode, String> {
    match command {
        TenantsCommand::Check => check(config),
        TenantsCommand::Key => key(),
    }
}

fn check(config: &Config) -> Result<ExitCode, String> {
    if config.file.is_none() {
        return Err(
            "no config file: give --config FILE or PADVINDER_CONFIG (docs/embed.md)".to_owned(),
        );
    }
    let tenants =
        services::tenants(&config.layout(), &config.tenants).map_err(|e| e.to_string())?;
    for t in tenants.iter() {
        println!(
            "{}: {} — region {} ({}), {} origin(s), {} API key(s), theme with {} token(s)",
            t.tenant.id,
            t.tenant.name,
            t.region_name,
            t.region_code,
            t.tenant.origins.len(),
            t.tenant.api_keys.len(),
            padvinder::config::theme::TOKENS
                .iter()
                .filter(|k| t.tenant.theme.get(k.name).is_some())
                .count(),
        );
    }
    println!("ok: {} tenant(s); no problems", tenants.len());
    Ok(ExitCode::SUCCESS)
}

fn key() -> Result<ExitCode, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness from the system: {e}"))?;
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let key = format!("pvk_{key}");
    let hash = padvinder::config::key_hash(&key);
    println!("key:  {key}");
    println!("hash: {hash}");
    println!(
        "Give the key to the tenant once (it is not kept anywhere); put the hash in its api_keys."
    );
    Ok(ExitCode::SUCCESS)
}
