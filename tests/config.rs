//! Settings: a flag wins over the environment, which wins over the config file, which wins over
//! the defaults; an unknown key or a bad value is refused naming the file, line and key.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use padvinder::config::{Config, ConfigError, Flags, LogFormat, StoreLocation};

/// A config file in a temporary folder.
fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("padvinder.toml");
    std::fs::write(&path, text).expect("write config");
    (dir, path)
}

/// `Config::from_sources` with these environment variables only.
fn resolve(flags: &Flags, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Config::from_sources(flags, |name| env.get(name).cloned())
}

/// Flags that name only a config file.
fn from_file(path: PathBuf) -> Flags {
    Flags {
        config: Some(path),
        ..Flags::default()
    }
}

fn addr(text: &str) -> SocketAddr {
    text.parse().expect("address")
}

const FULL: &str = r#"
data = "from-file/paths"
index = "from-file/index"
store = "from-file/store"

[server]
addr = "127.0.0.1:7001"
log_level = "warn"
admin_token = "file-token"
max_connections = 300
header_read_timeout_secs = 5
idle_timeout_secs = 20
log_format = "json"

[workspace]
retention_months = 6
"#;

#[test]
fn without_any_setting_padvinder_runs_as_before() {
    let config = resolve(&Flags::default(), &[]).expect("defaults");
    assert_eq!(config.data, Path::new("paths"));
    assert_eq!(config.index, Path::new("index"));
    assert_eq!(config.server.addr, addr("127.0.0.1:8080"));
    assert_eq!(config.server.log_level, "info");
    assert_eq!(config.server.admin_token, None);
    assert_eq!(config.workspace.store.dir(), Some(Path::new("store")));
    assert_eq!(config.workspace.retention_months, 12);
    assert_eq!(config.server.max_connections, 1024);
    assert_eq!(config.server.header_read_timeout, Duration::from_secs(10));
    assert_eq!(config.server.idle_timeout, Duration::from_secs(30));
}

#[test]
fn flag_wins_over_env_wins_over_file_wins_over_default() {
    let (dir, path) = file(FULL);
    let base = dir.path();
    let with_file = from_file(path.clone());

    // File over defaults; its relative folders are relative to the file.
    let file_only = resolve(&with_file, &[]).expect("file");
    assert_eq!(file_only.data, base.join("from-file/paths"));
    assert_eq!(file_only.index, base.join("from-file/index"));
    assert_eq!(file_only.server.addr, addr("127.0.0.1:7001"));
    assert_eq!(file_only.server.log_level, "warn");
    assert_eq!(file_only.server.admin_token.as_deref(), Some("file-token"));
    assert_eq!(
        file_only.workspace.store.dir(),
        Some(base.join("from-file/store").as_ref())
    );
    assert_eq!(file_only.workspace.retention_months, 6);
    assert_eq!(file_only.server.max_connections, 300);
    assert_eq!(file_only.server.header_read_timeout, Duration::from_secs(5));
    assert_eq!(file_only.server.idle_timeout, Duration::from_secs(20));
    assert_eq!(file_only.server.log_format, LogFormat::Json);
    assert!(!file_only.server.log_client_addr, "off unless turned on");

    // Environment over the file.
    let env = [
        ("PADVINDER_DATA", "env/paths"),
        ("PADVINDER_INDEX", "env/index"),
        ("PADVINDER_ADDR", "127.0.0.1:7002"),
        ("PADVINDER_LOG", "debug"),
        ("PADVINDER_ADMIN_TOKEN", "env-token"),
        ("PADVINDER_STORE", "env/store"),
        ("PADVINDER_MAX_CONNECTIONS", "400"),
        ("PADVINDER_HEADER_READ_TIMEOUT_SECS", "6"),
        ("PADVINDER_IDLE_TIMEOUT_SECS", "21"),
        ("PADVINDER_LOG_FORMAT", "text"),
    ];
    let from_env = resolve(&with_file, &env).expect("env");
    assert_eq!(from_env.data, Path::new("env/paths"));
    assert_eq!(from_env.index, Path::new("env/index"));
    assert_eq!(from_env.server.addr, addr("127.0.0.1:7002"));
    assert_eq!(from_env.server.log_level, "debug");
    assert_eq!(from_env.server.admin_token.as_deref(), Some("env-token"));
    assert_eq!(from_env.workspace.store.dir(), Some(Path::new("env/store")));
    assert_eq!(from_env.server.max_connections, 400);
    assert_eq!(from_env.server.header_read_timeout, Duration::from_secs(6));
    assert_eq!(from_env.server.idle_timeout, Duration::from_secs(21));
    assert_eq!(from_env.server.log_format, LogFormat::Text);

    // Flags over the environment.
    let flags = Flags {
        config: Some(path),
        data: Some(PathBuf::from("flag/paths")),
        index: Some(PathBuf::from("flag/index")),
        addr: Some(addr("127.0.0.1:7003")),
        log_level: Some("error".to_owned()),
        admin_token: Some("flag-token".to_owned()),
        store: Some(PathBuf::from("flag/store")),
        max_connections: Some(500),
        header_read_timeout: Some(7),
        idle_timeout: Some(22),
        log_format: Some("text".to_owned()),
        log_client_addr: Some(true),
    };
    let from_flags = resolve(&flags, &env).expect("flags");
    assert_eq!(from_flags.data, Path::new("flag/paths"));
    assert_eq!(from_flags.index, Path::new("flag/index"));
    assert_eq!(from_flags.server.addr, addr("127.0.0.1:7003"));
    assert_eq!(from_flags.server.log_level, "error");
    assert_eq!(from_flags.server.admin_token.as_deref(), Some("flag-token"));
    assert_eq!(
        from_flags.workspace.store.dir(),
        Some(Path::new("flag/store"))
    );
    assert_eq!(from_flags.server.max_connections, 500);
    assert_eq!(
        from_flags.server.header_read_timeout,
        Duration::from_secs(7)
    );
    assert_eq!(from_flags.server.idle_timeout, Duration::from_secs(22));
    assert_eq!(from_flags.server.log_format, LogFormat::Text);
    assert!(from_flags.server.log_client_addr);
}

#[test]
fn connection_limits_out_of_range_are_refused_naming_where() {
    for (key, value) in [
        ("max_connections", "0"),
        ("max_connections", "1000001"),
        ("header_read_timeout_secs", "0"),
        ("idle_timeout_secs", "3601"),
        ("idle_timeout_secs", "-1"),
    ] {
        let (_dir, path) = file(&format!("[server]\n{key} = {value}\n"));
        let e = resolve(&from_file(path.clone()), &[])
            .expect_err("refused")
            .to_string();
        assert!(
            e.starts_with(&format!("{}:2:", path.display()))
                && e.contains(&format!("server.{key}")),
            "{e}"
        );
    }
    let e = resolve(&Flags::default(), &[("PADVINDER_MAX_CONNECTIONS", "many")])
        .expect_err("refused")
        .to_string();
    assert!(
        e.contains("PADVINDER_MAX_CONNECTIONS") && e.contains("many"),
        "{e}"
    );
    let flags = Flags {
        idle_timeout: Some(0),
        ..Flags::default()
    };
    let e = resolve(&flags, &[]).expect_err("refused").to_string();
    assert!(e.starts_with("--idle-timeout:"), "{e}");
}

#[test]
fn a_log_format_other_than_text_or_json_is_refused() {
    let (_dir, path) = file("[server]\nlog_format = \"xml\"\n");
    let e = resolve(&from_file(path.clone()), &[])
        .expect_err("refused")
        .to_string();
    assert!(
        e.starts_with(&format!("{}:2:", path.display())) && e.contains("server.log_format"),
        "{e}"
    );
    let e = resolve(&Flags::default(), &[("PADVINDER_LOG_CLIENT_ADDR", "yes")])
        .expect_err("refused")
        .to_string();
    assert!(e.contains("PADVINDER_LOG_CLIENT_ADDR"), "{e}");
}

#[test]
fn a_retention_out_of_range_is_refused_with_file_line_and_key() {
    for months in ["0", "121", "-3"] {
        let (_dir, path) = file(&format!("[workspace]\nretention_months = {months}\n"));
        let e = resolve(&from_file(path.clone()), &[])
            .expect_err("refused")
            .to_string();
        assert!(
            e.starts_with(&format!("{}:2:", path.display()))
                && e.contains("workspace.retention_months"),
            "{e}"
        );
    }
}

#[test]
fn the_insight_threshold_is_10_by_default_and_refused_out_of_range_naming_file_line_and_key() {
    assert_eq!(
        resolve(&Flags::default(), &[])
            .expect("defaults")
            .insight
            .min_count,
        10
    );
    let (_dir, path) = file("[insight]\nmin_count = 25\n");
    let config = resolve(&from_file(path), &[]).expect("config");
    assert_eq!(config.insight.min_count, 25);
    // 1 would show every value: no k-anonymity at all.
    for k in ["1", "0", "-5", "10001"] {
        let (_dir, path) = file(&format!("[insight]\nmin_count = {k}\n"));
        let e = resolve(&from_file(path.clone()), &[])
            .expect_err("refused")
            .to_string();
        assert!(
            e.starts_with(&format!("{}:2:", path.display())) && e.contains("insight.min_count"),
            "{e}"
        );
    }
}

#[test]
fn the_config_file_can_come_from_the_environment() {
    let (_dir, path) = file("[server]\naddr = \"127.0.0.1:7004\"\n");
    let path = path.to_string_lossy().into_owned();
    let config = resolve(&Flags::default(), &[("PADVINDER_CONFIG", &path)]).expect("config");
    assert_eq!(config.server.addr, addr("127.0.0.1:7004"));
}

#[test]
fn an_empty_admin_token_turns_reload_off() {
    let (_dir, path) = file(FULL);
    let flags = Flags {
        config: Some(path),
        admin_token: Some(String::new()),
        ..Flags::default()
    };
    let config = resolve(&flags, &[]).expect("config");
    assert_eq!(config.server.admin_token, None);
}

#[test]
fn an_unknown_key_is_refused_with_file_line_and_key() {
    let (_dir, path) = file("data = \"paths\"\n\n[server]\nadress = \"127.0.0.1:1\"\n");
    let flags = from_file(path.clone());
    let e = resolve(&flags, &[]).expect_err("unknown key").to_string();
    assert!(
        e.starts_with(&format!("{}:4:", path.display())),
        "names file and line: {e}"
    );
    assert!(e.contains("adress"), "names the key: {e}");
    let (_dir, path) = file("tenant = 1\n");
    let flags = from_file(path);
    let e = resolve(&flags, &[]).expect_err("unknown key").to_string();
    assert!(e.contains(":1:") && e.contains("tenant"), "{e}");
}

#[test]
fn a_bad_value_is_refused_naming_the_key_and_line() {
    for (text, line, key) in [
        (
            "[server]\nlog_level = \"info\"\naddr = \"localhost\"\n",
            3,
            "server.addr",
        ),
        ("\n[server]\nlog_level = \"[[\"\n", 3, "server.log_level"),
    ] {
        let (_dir, path) = file(text);
        let flags = from_file(path.clone());
        let e = resolve(&flags, &[]).expect_err(text).to_string();
        assert!(
            e.starts_with(&format!("{}:{line}: `{key}`", path.display())),
            "{e}"
        );
    }
    // A value of the wrong type is named by the toml parser with its line.
    let (_dir, path) = file("data = 3\n");
    let flags = from_file(path.clone());
    let e = resolve(&flags, &[]).expect_err("number").to_string();
    assert!(
        e.starts_with(&format!("{}:1: `data`", path.display())),
        "{e}"
    );
}

#[test]
fn a_bad_environment_value_names_the_variable() {
    let e = resolve(&Flags::default(), &[("PADVINDER_ADDR", "nowhere")])
        .expect_err("bad address")
        .to_string();
    assert!(e.starts_with("PADVINDER_ADDR: \"nowhere\""), "{e}");
}

#[test]
fn a_missing_config_file_is_an_error_naming_it() {
    let flags = Flags {
        config: Some(PathBuf::from("/nonexistent/padvinder.toml")),
        ..Flags::default()
    };
    let e = resolve(&flags, &[]).expect_err("missing").to_string();
    assert!(e.contains("/nonexistent/padvinder.toml"), "{e}");
}

#[test]
fn the_example_config_parses_and_points_at_the_shipped_data() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/padvinder.toml");
    let flags = from_file(example);
    let config = resolve(&flags, &[]).expect("the example parses");
    assert!(
        config.layout().slim_parameters().is_file(),
        "{}",
        config.data.display()
    );
    assert_eq!(config.server.addr, addr("127.0.0.1:8080"));
}

#[test]
fn the_blocking_pool_and_time_limit_come_from_file_or_environment_within_bounds() {
    use std::time::Duration;
    let defaults = resolve(&Flags::default(), &[]).expect("defaults");
    assert_eq!(defaults.server.max_blocking_jobs, 32);
    assert_eq!(defaults.server.max_login_jobs, 2);
    assert_eq!(defaults.server.request_timeout, Duration::from_secs(10));

    let (_dir, path) =
        file("[server]\nmax_blocking_jobs = 8\nrequest_timeout_secs = 3\nmax_login_jobs = 4\n");
    let in_file = resolve(&from_file(path.clone()), &[]).expect("file");
    assert_eq!(in_file.server.max_blocking_jobs, 8);
    assert_eq!(in_file.server.max_login_jobs, 4);
    assert_eq!(in_file.server.request_timeout, Duration::from_secs(3));
    let env = [
        ("PADVINDER_MAX_BLOCKING_JOBS", "64"),
        ("PADVINDER_REQUEST_TIMEOUT_SECS", "20"),
        ("PADVINDER_MAX_LOGIN_JOBS", "1"),
    ];
    let from_env = resolve(&from_file(path), &env).expect("env");
    assert_eq!(from_env.server.max_blocking_jobs, 64);
    assert_eq!(from_env.server.max_login_jobs, 1);
    assert_eq!(from_env.server.request_timeout, Duration::from_secs(20));

    let (_dir, path) = file("[server]\n\nmax_blocking_jobs = 0\n");
    let e = resolve(&from_file(path.clone()), &[])
        .expect_err("0 places")
        .to_string();
    assert!(e.contains(":3:"), "{e}");
    assert!(e.contains("server.max_blocking_jobs"), "{e}");
    assert!(e.contains("from 1 to 500"), "{e}");
    for (variable, value, says) in [
        ("PADVINDER_REQUEST_TIMEOUT_SECS", "301", "from 1 to 300"),
        ("PADVINDER_MAX_BLOCKING_JOBS", "many", "not a whole number"),
        ("PADVINDER_MAX_LOGIN_JOBS", "65", "from 1 to 64"),
        ("PADVINDER_MAX_LOGIN_JOBS", "0", "from 1 to 64"),
    ] {
        let e = resolve(&Flags::default(), &[(variable, value)])
            .expect_err("refused")
            .to_string();
        assert!(e.contains(variable) && e.contains(says), "{e}");
    }
}

#[test]
fn the_anonymous_rate_limit_comes_from_file_or_environment_and_0_turns_it_off() {
    let defaults = resolve(&Flags::default(), &[]).expect("defaults");
    assert_eq!(defaults.server.anonymous_rate_limit_per_minute, 240);

    let (_dir, path) = file("[server]\nanonymous_rate_limit_per_minute = 0\n");
    let off = resolve(&from_file(path.clone()), &[]).expect("file");
    assert_eq!(off.server.anonymous_rate_limit_per_minute, 0);
    let env = [("PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE", "1000")];
    let from_env = resolve(&from_file(path), &env).expect("env");
    assert_eq!(from_env.server.anonymous_rate_limit_per_minute, 1000);

    let (_dir, path) = file("[server]\n\nanonymous_rate_limit_per_minute = -1\n");
    let e = resolve(&from_file(path), &[])
        .expect_err("negative")
        .to_string();
    assert!(e.contains(":3:"), "{e}");
    assert!(e.contains("server.anonymous_rate_limit_per_minute"), "{e}");
    assert!(e.contains("from 0 (no limit) to 100000"), "{e}");
    for value in ["100001", "lots"] {
        let variable = "PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE";
        let e = resolve(&Flags::default(), &[(variable, value)])
            .expect_err("refused")
            .to_string();
        assert!(e.contains(variable), "{e}");
    }
}

#[test]
fn the_store_is_a_folder_or_a_postgres_url_shown_without_its_password() {
    let url =
        "postgres://padvinder:s3cret@db.example:5432/padvinder?password=s3cret&connect_timeout=3";
    let flags = Flags {
        store: Some(PathBuf::from(url)),
        ..Flags::default()
    };
    let config = resolve(&flags, &[]).expect("url");
    assert_eq!(
        config.workspace.store,
        StoreLocation::Postgres(url.to_owned())
    );
    assert_eq!(config.workspace.store.dir(), None);
    // Messages, logs and Debug output never show the password.
    let shown = config.workspace.store.to_string();
    assert_eq!(
        shown,
        "postgres://padvinder:***@db.example:5432/padvinder?password=***&connect_timeout=3"
    );
    assert!(!format!("{config:?}").contains("s3cret"));
    // In the config file a URL is not taken relative to the file's folder.
    let (_dir, path) = file("store = \"postgresql://u@h/db\"\n");
    let in_file = resolve(&from_file(path), &[]).expect("file");
    assert_eq!(
        in_file.workspace.store,
        StoreLocation::Postgres("postgresql://u@h/db".to_owned())
    );
    // A bad URL is refused naming where it came from.
    let bad = "postgres://u@h/db?sslmode=sometimes";
    let (_dir, path) = file(&format!("data = \"paths\"\nstore = \"{bad}\"\n"));
    match resolve(&from_file(path), &[]) {
        Err(ConfigError::File { line, message, .. }) => {
            assert_eq!(line, 2);
            assert!(message.contains("`store`"), "{message}");
            assert!(message.contains("PostgreSQL URL"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    match resolve(&Flags::default(), &[("PADVINDER_STORE", bad)]) {
        Err(ConfigError::Env { variable, .. }) => assert_eq!(variable, "PADVINDER_STORE"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_number_of_instances_divides_every_rate_limit_and_is_refused_out_of_range() {
    let defaults = resolve(&Flags::default(), &[]).expect("defaults");
    assert_eq!(defaults.server.instances, 1);
    assert_eq!(defaults.server.per_instance(240), 240);

    let (_dir, path) = file("[server]\ninstances = 3\n");
    let three = resolve(&from_file(path.clone()), &[]).expect("file");
    assert_eq!(three.server.instances, 3);
    // Rounded down, so all instances together never allow more than the limit; at least 1;
    // 0 (no limit) stays no limit.
    assert_eq!(three.server.per_instance(240), 80);
    assert_eq!(three.server.per_instance(100), 33);
    assert_eq!(three.server.per_instance(2), 1);
    assert_eq!(three.server.per_instance(0), 0);
    let from_env = resolve(&from_file(path), &[("PADVINDER_INSTANCES", "2")]).expect("env");
    assert_eq!(from_env.server.instances, 2);
    assert_eq!(from_env.server.per_instance(240), 120);

    for value in ["0", "-1", "65"] {
        let (_dir, path) = file(&format!("[server]\n\ninstances = {value}\n"));
        let e = resolve(&from_file(path), &[])
            .expect_err("refused")
            .to_string();
        assert!(e.contains(":3:"), "{e}");
        assert!(e.contains("server.instances"), "{e}");
        assert!(e.contains("from 1 to 64"), "{e}");
    }
    for value in ["0", "65", "two"] {
        let e = resolve(&Flags::default(), &[("PADVINDER_INSTANCES", value)])
            .expect_err("refused")
            .to_string();
        assert!(e.contains("PADVINDER_INSTANCES"), "{e}");
    }
}
