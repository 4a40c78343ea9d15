//! Every request is counted once with its final status, timeouts and rejections included, and
//! nothing a client sends can add series to `/metrics`.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::spawn_app;

/// The lines of `/metrics` without their values: the series it holds.
async fn series(app: &crate::helpers::TestApp) -> std::collections::BTreeSet<String> {
    let text = app.get("/metrics").await.text().await.expect("metrics");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.rsplit_once(' ').map_or(l, |(name, _)| name).to_owned())
        .collect()
}

/// A pseudo-random generator (xorshift), so the test needs no crate and repeats itself.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// `len` characters from `alphabet`.
    fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

#[tokio::test]
async fn random_methods_and_paths_do_not_grow_metrics() {
    let app = spawn_app(None).await;
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    const METHOD: &[u8] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~";
    const PATH: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-._~%20";
    let send = async |noise: &mut Noise| {
        let method = noise.text(METHOD, 1000);
        let depth = 1 + noise.next() % 4;
        let path: String = (0..depth)
            .map(|_| {
                let len = 1 + (noise.next() % 60) as usize;
                format!("/{}", noise.text(PATH, len))
            })
            .collect();
        let prefix = ["", "/api/v1", "/api/v1/paths"][(noise.next() % 3) as usize];
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let status = app
            .client
            .request(method, format!("{}{prefix}{path}", app.address))
            .send()
            .await
            .expect("answer")
            .status();
        assert!(status.is_client_error(), "{status}");
    };
    // The first such requests add their (fixed) series: OTHER on the routes they reach.
    for _ in 0..20 {
        send(&mut noise).await;
    }
    // And so does asking for /metrics.
    series(&app).await;
    let before = series(&app).await;
    for _ in 0..200 {
        send(&mut noise).await;
    }
    let after = series(&app).await;
    assert_eq!(before, after, "200 random requests added series");
    assert!(
        after.iter().all(|s| s.len() < 200),
        "a long label reached /metrics"
    );
}

/// Sends raw bytes and reads the answer's status line.
async fn raw_status(addr: &str, request: &[u8], pause_after: Option<Duration>) -> String {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("write");
    if let Some(pause) = pause_after {
        tokio::time::sleep(pause).await;
    }
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn timeouts_and_rejections_are_counted() {
    let app = spawn_app(None).await;
    let addr = app.address.trim_start_matches("http://").to_owned();
    // 413: a body over the limit.
    let big = vec![b' '; 70 * 1024];
    let mut request =
        format!("POST /api/v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", big.len())
            .into_bytes();
    request.extend_from_slice(&big);
    let status = raw_status(&addr, &request, None).await;
    assert!(status.contains(" 413 "), "{status}");
    // 408: a body that never comes; the request time limit answers.
    let request = b"POST /api/v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
    let status = raw_status(&addr, request, None).await;
    assert!(status.contains(" 408 "), "{status}");

    let metrics = app.get("/metrics").await.text().await.expect("metrics");
    for status in [413, 408] {
        let line = format!(
            r#"padvinder_requests_total{{method="POST",route="/api/v1/match",status="{status}"}} 1"#
        );
        assert!(metrics.contains(&line), "no {line} in\n{metrics}");
    }
}
