//! Tenants in the config file (`[[tenant]]`): every problem is named with file, line and key,
//! at start (`Config::load`), by `padvinder tenants check` and with the region against the
//! geo data. The embed itself is tested in `tests/api/embed.rs`.

mod common;

use std::path::PathBuf;

use padvinder::config::{Config, Flags};
use padvinder::services;

/// A good tenant; tests change one line of it.
const GOOD: &str = r##"[[tenant]]
id = "rijnmond"
name = "Werkcentrum Rijnmond"
origins = ["https://www.werkcentrumrijnmond.nl", "http://127.0.0.1:18116"]
region = "Rijnmond"
lang = "nl"
theme = { "nl-button-primary-background-color" = "#00689e", "nl-paragraph-font-family" = "Open Sans, sans-serif" }
handoff = { label = "Maak een afspraak met een adviseur", url = "https://www.werkcentrumrijnmond.nl/afspraak", phone = "010 123 45 67" }
api_keys = ["sha256:3b3a7a0c1e5a4d6b2f8e9c0d1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"]
rate_limit_per_minute = 600
"##;

fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("padvinder.toml");
    std::fs::write(&path, text).expect("write config");
    (dir, path)
}

fn load(text: &str) -> (Result<Config, String>, PathBuf, tempfile::TempDir) {
    let (dir, path) = write(text);
    let flags = Flags {
        config: Some(path.clone()),
        ..Flags::default()
    };
    let config = Config::from_sources(&flags, |_| None).map_err(|e| e.to_string());
    (config, path, dir)
}

#[test]
fn a_good_tenant_is_read_whole() {
    let (config, _, _dir) = load(GOOD);
    let config = config.expect("good tenant");
    let t = &config.tenants[0];
    assert_eq!(t.id, "rijnmond");
    assert_eq!(
        t.origins,
        [
            "https://www.werkcentrumrijnmond.nl",
            "http://127.0.0.1:18116"
        ]
    );
    assert_eq!(t.handoff.tel().as_deref(), Some("tel:0101234567"));
    assert_eq!(t.rate_limit_per_minute, 600);
    let tenants = services::tenants(
        &Config::with_folders(common::shipped(), "x").layout(),
        &config.tenants,
    )
    .expect("region known");
    let served = tenants.get("rijnmond").expect("tenant");
    assert_eq!(served.region_code, "AM22");
    assert_eq!(served.region_name, "Rijnmond");
}

/// Each broken line is refused, naming the file, the line it is on and its key.
#[test]
fn every_bad_value_names_file_line_and_key() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "id = \"rijnmond\"",
            "id = \"Rijn mond\"",
            "tenant.id",
            "a-z, 0-9 and -",
        ),
        (
            "origins = [\"https://www.werkcentrumrijnmond.nl\", \"http://127.0.0.1:18116\"]",
            "origins = [\"http://www.werkcentrumrijnmond.nl\"]",
            "tenant.origins",
            "plain http",
        ),
        (
            "origins = [\"https://www.werkcentrumrijnmond.nl\", \"http://127.0.0.1:18116\"]",
            "origins = [\"https://www.werkcentrumrijnmond.nl/pagina\"]",
            "tenant.origins",
            "no path",
        ),
        (
            "origins = [\"https://www.werkcentrumrijnmond.nl\", \"http://127.0.0.1:18116\"]",
            "origins = []",
            "tenant.origins",
            "1 to 20",
        ),
        ("lang = \"nl\"", "lang = \"fr\"", "tenant.lang", "nl or en"),
        (
            "theme = { \"nl-button-primary-background-color\" = \"#00689e\", \"nl-paragraph-font-family\" = \"Open Sans, sans-serif\" }",
            "theme = { \"nl-button-primary-background-color\" = \"blue\" }",
            "tenant.theme",
            "not a colour",
        ),
        (
            "theme = { \"nl-button-primary-background-color\" = \"#00689e\", \"nl-paragraph-font-family\" = \"Open Sans, sans-serif\" }",
            "theme = { \"nl-button-primary-background-color\" = \"#66b2d6\" }",
            "tenant.theme",
            "contrast",
        ),
        (
            "theme = { \"nl-button-primary-background-color\" = \"#00689e\", \"nl-paragraph-font-family\" = \"Open Sans, sans-serif\" }",
            "theme = { \"nl-color-primary\" = \"#00689e\" }",
            "tenant.theme",
            "unknown token",
        ),
        (
            "handoff = { label = \"Maak een afspraak met een adviseur\", url = \"https://www.werkcentrumrijnmond.nl/afspraak\", phone = \"010 123 45 67\" }",
            "handoff = { label = \"Bel ons\" }",
            "tenant.handoff",
            "`url`, a `phone` or both",
        ),
        (
            "handoff = { label = \"Maak een afspraak met een adviseur\", url = \"https://www.werkcentrumrijnmond.nl/afspraak\", phone = \"010 123 45 67\" }",
            "handoff = { label = \"Bel\", url = \"javascript:alert(1)\" }",
            "tenant.handoff.url",
            "https address",
        ),
        (
            "api_keys = [\"sha256:3b3a7a0c1e5a4d6b2f8e9c0d1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d\"]",
            "api_keys = [\"mijngeheim\"]",
            "tenant.api_keys",
            "64 lowercase hex",
        ),
        (
            "rate_limit_per_minute = 600",
            "rate_limit_per_minute = 0",
            "tenant.rate_limit_per_minute",
            "1 to 100000",
        ),
        (
            "rate_limit_per_minute = 600",
            "rate_limit_per_minut = 600",
            "rate_limit_per_minut",
            "unknown field",
        ),
    ];
    for (from, to, key, words) in cases {
        assert!(GOOD.contains(from), "case does not apply: {from}");
        let text = GOOD.replace(from, to);
        let line = text.lines().position(|l| l == *to).expect("changed line") + 1;
        let (config, path, _dir) = load(&text);
        let e = config.expect_err(to);
        assert!(
            e.starts_with(&format!("{}:{line}:", path.display())),
            "{to}: names file and line {line}: {e}"
        );
        assert!(e.contains(key), "{to}: names key {key}: {e}");
        assert!(e.contains(words), "{to}: says \"{words}\": {e}");
    }
}

#[test]
fn a_second_tenant_with_the_same_id_is_refused_on_its_line() {
    let text = format!("{GOOD}\n{GOOD}");
    let (config, path, _dir) = load(&text);
    let e = config.expect_err("duplicate");
    let line = GOOD.lines().count() + 3;
    assert!(
        e.starts_with(&format!("{}:{line}: `tenant.id`", path.display())) && e.contains("unique"),
        "{e}"
    );
}

#[test]
fn an_unknown_region_is_named_with_its_line() {
    let text = GOOD.replace("region = \"Rijnmond\"", "region = \"Rotterdam-Zuid\"");
    let (config, path, _dir) = load(&text);
    let config = config.expect("read; the region is checked against the data");
    let e = services::tenants(
        &Config::with_folders(common::shipped(), "x").layout(),
        &config.tenants,
    )
    .expect_err("unknown region")
    .to_string();
    assert!(
        e.starts_with(&format!("{}:5: `tenant.region`", path.display())),
        "{e}"
    );
    assert!(
        e.contains("Rotterdam-Zuid") && e.contains("Rijnmond"),
        "{e}"
    );
}

fn padvinder(args: &[&str]) -> common::Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_padvinder"))
        .env_remove("PADVINDER_CONFIG")
        .args(args)
        .output()
        .expect("run padvinder");
    common::Output::from(out)
}

#[test]
fn tenants_check_validates_without_serving() {
    let shipped = common::shipped();
    let data = shipped.to_str().expect("utf-8");
    let (_dir, path) = write(GOOD);
    let config = path.to_str().expect("utf-8");
    let out = padvinder(&["--config", config, "--data", data, "tenants", "check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("rijnmond: Werkcentrum Rijnmond — region Rijnmond (AM22)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("ok: 1 tenant(s)"), "{}", out.stdout);

    let (_dir, path) = write(&GOOD.replace("region = \"Rijnmond\"", "region = \"Atlantis\""));
    let config = path.to_str().expect("utf-8");
    let out = padvinder(&["--config", config, "--data", data, "tenants", "check"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains(":5: `tenant.region`") && out.stderr.contains("Atlantis"),
        "{}",
        out.stderr
    );

    let out = padvinder(&["--data", data, "tenants", "check"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no config file"), "{}", out.stderr);
}

#[test]
fn tenants_key_prints_a_new_key_and_its_hash() {
    use sha2::{Digest, Sha256};
    let first = padvinder(&["tenants", "key"]);
    let second = padvinder(&["tenants", "key"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let field = |out: &common::Output, name: &str| {
        out.stdout
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .map(str::to_owned)
            .expect(name)
    };
    let key = field(&first, "key:");
    let hash = field(&first, "hash:");
    assert_ne!(key, field(&second, "key:"), "keys are random");
    assert!(key.len() >= 40);
    assert_eq!(hash, format!("sha256:{:x}", Sha256::digest(key.as_bytes())));
    // The hash is what `api_keys` accepts.
    let (config, _, _dir) = load(&GOOD.replace(
        "sha256:3b3a7a0c1e5a4d6b2f8e9c0d1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
        &hash,
    ));
    assert_eq!(config.expect("hash accepted").tenants[0].api_keys, [hash]);
}

/// `workspace_organisation` names the workspace organisation that receives the tenant's
/// hand-offs: the config checks it by the store's rule for organisation ids (one function,
/// `base::is_org_id`), so every id the file accepts is one `padvinder users add --org` takes,
/// and a wrong one is named with its line and key.
#[test]
fn a_workspace_organisation_is_checked_by_the_store_s_rule_for_organisation_ids() {
    for id in [
        "werkcentrum-rijnmond",
        "ab",
        "0-9",
        "a",
        "-ab",
        "Werkcentrum",
        "org a",
        "org/a",
        "",
        &"x".repeat(64),
        &"x".repeat(65),
    ] {
        let text = format!("{GOOD}workspace_organisation = \"{id}\"\n");
        let (config, path, _dir) = load(&text);
        let store_takes = padvinder::store::OrgId::parse(id).is_ok();
        match config {
            Ok(config) => {
                assert!(store_takes, "{id:?} accepted by the config only");
                assert_eq!(
                    config.tenants[0].workspace_organisation.as_deref(),
                    Some(id)
                );
            }
            Err(e) => {
                assert!(!store_takes, "{id:?} refused by the config only: {e}");
                let line = text.lines().count();
                assert!(
                    e.contains(&format!("{}:{line}", path.display()))
                        && e.contains("tenant.workspace_organisation"),
                    "{e}"
                );
            }
        }
    }
    let (config, _, _dir) = load(GOOD);
    assert_eq!(
        config.expect("good").tenants[0].workspace_organisation,
        None
    );
}
