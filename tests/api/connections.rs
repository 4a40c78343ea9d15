//! Connections an attacker holds open cannot lock others out: idle and slowloris connections
//! time out, and over `server.max_connections` the oldest connection without a request in
//! flight makes room for a new one.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, spawn_app_with};

/// Raises this process's open-file soft limit to its hard limit (the test holds thousands of
/// sockets, and the in-process server holds the other end of up to its cap).
fn raise_open_file_limit() -> u64 {
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        limit.rlim_cur = limit.rlim_max;
        if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
            libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        }
        limit.rlim_cur
    }
}

/// A client that opens a new connection per request, like a new visitor.
fn visitor() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// One search by a visitor: its time, after checking it answered 200.
async fn timed_search(client: &reqwest::Client, app: &TestApp) -> Duration {
    let started = Instant::now();
    let r = client
        .get(format!("{}/api/v1/search?q=monteur", app.address))
        .send()
        .await
        .expect("the visitor gets an answer");
    assert_eq!(r.status(), 200);
    r.bytes().await.expect("body");
    started.elapsed()
}

/// A metric's value from `/metrics` (0 when the series is absent).
async fn metric(app: &TestApp, series: &str) -> f64 {
    let text = app.get("/metrics").await.text().await.expect("metrics");
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.trim().parse().ok())
        .unwrap_or(0.0)
}

/// Whether the server has closed this connection (EOF or reset), without waiting.
fn is_closed(stream: &TcpStream) -> bool {
    let mut buf = [0u8; 64];
    match stream.try_read(&mut buf) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_idle_and_slow_connections_do_not_lock_out_a_visitor() {
    let files = raise_open_file_limit();
    // The attacker's sockets plus the server's (at most the cap) plus this process's others.
    let attackers = usize::try_from(files.saturating_sub(600).min(2000)).unwrap_or(0);
    assert!(attackers >= 1000, "open-file limit {files} is too low");
    const CAP: usize = 200;
    // Timeouts far longer than the test: only the cap can keep the visitor served.
    let app = spawn_app_with(|c| {
        c.server.max_connections = CAP;
        c.server.header_read_timeout = Duration::from_secs(120);
        c.server.idle_timeout = Duration::from_secs(120);
    })
    .await;
    let client = visitor();
    let mut usual = Duration::ZERO;
    for _ in 0..10 {
        usual = usual.max(timed_search(&client, &app).await);
    }

    // Half the connections say nothing; the other half start a request and never finish its
    // headers, sending one more header line now and then (slowloris).
    let addr = app.address.trim_start_matches("http://").to_owned();
    let mut idle = Vec::new();
    let mut slow = Vec::new();
    for i in 0..attackers {
        let mut stream = TcpStream::connect(&addr).await.expect("connect");
        if i % 2 == 1 {
            let _ = stream
                .write_all(b"GET /api/v1/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .await;
            slow.push(stream);
        } else {
            idle.push(stream);
        }
    }
    for round in 0..3 {
        for stream in &mut slow {
            let _ = stream
                .write_all(format!("X-Slow-{round}: 1\r\n").as_bytes())
                .await;
        }
        // The visitor keeps getting answers in its usual time while they hold on.
        for _ in 0..5 {
            let took = timed_search(&client, &app).await;
            assert!(
                took <= usual * 10 + Duration::from_secs(2),
                "a search took {took:?} under attack, usually at most {usual:?}"
            );
        }
    }

    // The server held at most its cap; it closed the oldest attackers to make room.
    let mut open = f64::MAX;
    for _ in 0..50 {
        open = metric(&app, "padvinder_open_connections").await;
        if open <= CAP as f64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        open <= CAP as f64,
        "{open} connections open over a cap of {CAP}"
    );
    let evicted = metric(
        &app,
        r#"padvinder_connections_closed_total{reason="Evicted"}"#,
    )
    .await;
    assert!(
        evicted >= (attackers - CAP) as f64,
        "evicted {evicted} of {attackers}"
    );
    let closed = idle.iter().chain(&slow).filter(|s| is_closed(s)).count();
    assert!(
        closed >= attackers - CAP,
        "only {closed} of {attackers} attacking connections were closed"
    );
}

#[tokio::test]
async fn idle_and_slow_connections_are_closed_after_their_timeouts() {
    let app = spawn_app_with(|c| {
        c.server.header_read_timeout = Duration::from_secs(1);
        c.server.idle_timeout = Duration::from_secs(2);
    })
    .await;
    let addr = app.address.trim_start_matches("http://").to_owned();

    // Says nothing at all.
    let mut silent = TcpStream::connect(&addr).await.expect("connect");
    // Keeps sending header lines, never the end of its headers.
    let mut slowloris = TcpStream::connect(&addr).await.expect("connect");
    slowloris
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .expect("write");
    // Asks once, then keeps the connection open without asking again.
    let mut kept = TcpStream::connect(&addr).await.expect("connect");
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .expect("write");
    let mut answer = Vec::new();
    while !answer.ends_with(b"\r\n\r\nok") {
        let mut buf = [0u8; 1024];
        let n = kept.read(&mut buf).await.expect("read answer");
        assert!(n > 0, "closed before answering: {answer:?}");
        answer.extend_from_slice(&buf[..n]);
    }
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");

    let started = Instant::now();
    let mut trickle = 0;
    loop {
        let closed = [&silent, &slowloris, &kept].map(is_closed);
        if closed.iter().all(|c| *c) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "still open after 30 s (silent, slowloris, kept): {closed:?}"
        );
        if !closed[1] {
            trickle += 1;
            let _ = slowloris
                .write_all(format!("X-Slow-{trickle}: 1\r\n").as_bytes())
                .await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let _ = silent.shutdown().await;
    assert!(
        metric(
            &app,
            r#"padvinder_connections_closed_total{reason="HeaderTimeout"}"#
        )
        .await
            >= 1.0
    );
    assert!(
        metric(
            &app,
            r#"padvinder_connections_closed_total{reason="IdleTimeout"}"#
        )
        .await
            >= 2.0
    );
}
