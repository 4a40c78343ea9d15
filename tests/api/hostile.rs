//! Hostile input, sent as an attacker would: raw bytes over TCP, so that nothing on the way
//! (a client library's URL or header checks) cleans it first. Every case names the status it
//! must get. What all cases share: never a 5xx, never a hang (an answer within [`PATIENCE`]),
//! every error answer is `application/problem+json` (hyper's own early refusals, before the
//! app sees a request, included: the connection loop gives them a body), no raw control bytes
//! in any body, and the server answers a normal request afterwards.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, spawn_app};

/// The longest any hostile request may take to be answered: "never a hang". The server's own
/// time limit is 10 s.
const PATIENCE: Duration = Duration::from_secs(20);

/// An answer read off the wire.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// Cuts an answer at the blank line, reads the status and headers, and undoes chunking.
fn parse(raw: &[u8]) -> Option<Answer> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut plain = Vec::new();
        let mut rest = body.as_slice();
        while let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") {
            let size_text = String::from_utf8_lossy(&rest[..line_end]);
            let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
            rest = &rest[line_end + 2..];
            if size == 0 || rest.len() < size {
                break;
            }
            plain.extend_from_slice(&rest[..size]);
            rest = &rest[(size + 2).min(rest.len())..];
        }
        body = plain;
    }
    Some(Answer {
        status,
        headers,
        body,
    })
}

/// Sends `request` as it is on a new connection and reads the answer until the server closes
/// it. Writing and reading run together: a server that refuses early may stop reading.
async fn send(app: &TestApp, request: &[u8]) -> Answer {
    let addr = app.address.trim_start_matches("http://").to_owned();
    let shown = String::from_utf8_lossy(&request[..request.len().min(120)]).into_owned();
    let exchange = async {
        let stream = TcpStream::connect(&addr).await.expect("connect");
        let (mut reader, mut writer) = stream.into_split();
        let write = async {
            // The server may close before it has read everything; that is its right.
            let _ = writer.write_all(request).await;
        };
        let read = async {
            let mut raw = Vec::new();
            let _ = reader.read_to_end(&mut raw).await;
            raw
        };
        tokio::join!(write, read).1
    };
    let raw = tokio::time::timeout(PATIENCE, exchange)
        .await
        .unwrap_or_else(|_| panic!("no answer within {PATIENCE:?} to {shown:?}"));
    if raw.is_empty() {
        // Closed without a word: what a server does with bytes that are not HTTP/1.
        return Answer {
            status: 0,
            headers: Vec::new(),
            body: Vec::new(),
        };
    }
    parse(&raw).unwrap_or_else(|| {
        panic!(
            "no HTTP answer to {shown:?}: {:?}",
            String::from_utf8_lossy(&raw)
        )
    })
}

fn get(target: &[u8]) -> Vec<u8> {
    [
        b"GET ".as_slice(),
        target,
        b" HTTP/1.1\r\nHost: padvinder.test\r\nConnection: close\r\n\r\n",
    ]
    .concat()
}

/// A POST with this content type (none when `None`) and body.
fn post(target: &str, content_type: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut request =
        format!("POST {target} HTTP/1.1\r\nHost: padvinder.test\r\nConnection: close\r\n");
    if let Some(ct) = content_type {
        request.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    [request.as_bytes(), body].concat()
}

fn post_json(target: &str, body: &[u8]) -> Vec<u8> {
    post(target, Some("application/json"), body)
}

/// What a case must get.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// This status, answered by the app: problem+json for an error.
    App(u16),
    /// This status from hyper itself, before the app sees a request (its body a problem from
    /// the connection loop, in Dutch and English).
    Early(u16),
    /// The connection closed without an answer (status 0 here), at once.
    Closed,
}

/// Sends every case and checks it and what all cases share; fails once, listing every case
/// that went wrong. Returns the answers, for checks of their own.
async fn check(app: &TestApp, cases: Vec<(&str, Vec<u8>, Expect)>) -> Vec<(String, Answer)> {
    let mut wrong = Vec::new();
    let mut answers = Vec::new();
    for (name, request, expect) in cases {
        let answer = send(app, &request).await;
        let status = answer.status;
        let content_type = answer.header("content-type").unwrap_or("").to_owned();
        let (want, problem_wanted) = match expect {
            Expect::App(s) => (s, s >= 400),
            Expect::Early(s) => (s, true),
            Expect::Closed => (0, false),
        };
        if status != want {
            wrong.push(format!(
                "{name}: status {status}, wanted {want}: {}",
                answer.text().chars().take(200).collect::<String>()
            ));
        }
        if status >= 500 {
            wrong.push(format!("{name}: a server error ({status})"));
        }
        if problem_wanted {
            let body = answer.json();
            if !content_type.starts_with("application/problem+json")
                || body["status"] != status
                || body["detail"].as_str().is_none_or(|d| d.is_empty())
            {
                wrong.push(format!(
                    "{name}: not a problem+json with status and detail ({content_type}): {}",
                    answer.text().chars().take(200).collect::<String>()
                ));
            }
        }
        if let Some(b) = answer
            .body
            .iter()
            .find(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r'))
        {
            wrong.push(format!("{name}: a raw control byte {b:#04x} in the body"));
        }
        answers.push((name.to_owned(), answer));
    }
    // The server is still there for everyone else.
    let after = send(app, &get(b"/healthz")).await;
    if after.status != 200 {
        wrong.push(format!(
            "after the cases /healthz answered {}",
            after.status
        ));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    answers
}

/// The fields named in a problem's `errors`.
fn fields(answer: &Answer) -> Vec<String> {
    answer.json()["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn answer<'a>(answers: &'a [(String, Answer)], name: &str) -> &'a Answer {
    &answers
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no case {name}"))
        .1
}

#[tokio::test]
async fn invalid_percent_encoding_is_400_naming_the_query_string() {
    let app = spawn_app(None).await;
    let bad = Expect::App(400);
    let answers = check(
        &app,
        vec![
            ("two letters", get(b"/api/v1/search?q=%ZZ"), bad),
            ("a lone percent", get(b"/api/v1/search?q=100%"), bad),
            ("one hex digit", get(b"/api/v1/search?q=%4"), bad),
            ("not UTF-8", get(b"/api/v1/search?q=%FF%FE"), bad),
            ("overlong UTF-8", get(b"/api/v1/search?q=%C0%AE"), bad),
            ("in a name", get(b"/api/v1/search?%ZZ=1"), bad),
            ("in suggest", get(b"/api/v1/suggest?q=mon%"), bad),
            (
                "in lang",
                post_json("/api/v1/match?lang=%E0%A4", b"{}"),
                bad,
            ),
            ("a path not UTF-8", get(b"/api/v1/paths/%FF"), bad),
            ("a file not UTF-8", get(b"/%C0%AE%C0%AE/Cargo.toml"), bad),
            // Not a record id: the path is fine as text, and nothing has that id.
            (
                "a path with %ZZ",
                get(b"/api/v1/paths/%ZZ"),
                Expect::App(404),
            ),
            // Well-formed encodings still work.
            (
                "plus and %20",
                get(b"/api/v1/search?q=monteur+zonne%20panelen"),
                Expect::App(200),
            ),
            (
                "UTF-8",
                get(b"/api/v1/search?q=%C3%A9lektricien"),
                Expect::App(200),
            ),
        ],
    )
    .await;
    for name in ["two letters", "a lone percent", "not UTF-8", "in a name"] {
        let detail = answer(&answers, name).json()["detail"].to_string();
        assert!(detail.contains("query string"), "{name}: {detail}");
    }
}

#[tokio::test]
async fn nul_control_and_bidi_characters_are_text_not_errors() {
    let app = spawn_app(None).await;
    let ok = Expect::App(200);
    let profile = br#"{"current_occupation":"heftruck\u0000chauffeur\u001b[2J","skills":["\u202eorderpicken","\u200b","\u0007"],"interests":["zonne\ufeffpanelen"],"postcode":"3071"}"#;
    check(
        &app,
        vec![
            ("NUL in q", get(b"/api/v1/search?q=monteur%00"), ok),
            (
                "escape codes in q",
                get(b"/api/v1/search?q=%1B%5B31mmonteur%07"),
                ok,
            ),
            (
                "right-to-left override in q",
                get(b"/api/v1/search?q=%E2%80%AEmonteur"),
                ok,
            ),
            (
                "zero-width and BOM in q",
                get(b"/api/v1/search?q=mon%E2%80%8Bteur%EF%BB%BF"),
                ok,
            ),
            (
                "only combining marks",
                get(b"/api/v1/search?q=%CC%81%CC%81%CC%81"),
                ok,
            ),
            ("NUL in suggest", get(b"/api/v1/suggest?q=mon%00t"), ok),
            (
                "bidi in suggest",
                get(b"/api/v1/suggest?q=%E2%80%AEheftruck"),
                ok,
            ),
            (
                "NUL and bidi in a profile",
                post_json("/api/v1/match", profile),
                ok,
            ),
            // Echoed in the problem's detail, JSON-escaped (no raw control byte goes out).
            (
                "escape codes in an id",
                get(b"/api/v1/courses/%1B%5B2J%00"),
                Expect::App(404),
            ),
            // A raw NUL or control byte in the request line or a header is not HTTP.
            (
                "raw NUL in the target",
                get(b"/api/v1/search?q=a\x00b"),
                Expect::Early(400),
            ),
            (
                "raw escape in a header",
                b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: \x1b[2J\r\nConnection: close\r\n\r\n"
                    .to_vec(),
                Expect::Early(400),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn json_that_attacks_the_parser_is_refused() {
    let app = spawn_app(None).await;
    let deep_arrays = [b"[".repeat(20_000), b"]".repeat(20_000)].concat();
    let deep_objects = [
        br#"{"a":"#.repeat(10_000),
        b"1".to_vec(),
        b"}".repeat(10_000),
    ]
    .concat();
    let slim = |course: &str| {
        format!(
            r#"{{"course":{course},"path_status":"recognised","course_in_path":"confirmed","situation":"employed"}}"#
        )
    };
    let answers = check(
        &app,
        vec![
            (
                "deep arrays",
                post_json("/api/v1/match", &deep_arrays),
                Expect::App(400),
            ),
            (
                "deep objects",
                post_json("/api/v1/match", &deep_objects),
                Expect::App(400),
            ),
            (
                "a key twice",
                post_json("/api/v1/match", br#"{"postcode":"3071","postcode":"1000"}"#),
                Expect::App(400),
            ),
            (
                "a nested key twice",
                post_json(
                    "/api/v1/slim",
                    slim(r#"{"cost_eur":100,"cost_eur":2}"#).as_bytes(),
                ),
                Expect::App(400),
            ),
            (
                "1e400",
                post_json("/api/v1/match", br#"{"hours_per_week":1e400}"#),
                Expect::App(400),
            ),
            (
                "-1e400",
                post_json("/api/v1/slim", slim(r#"{"cost_eur":-1e400}"#).as_bytes()),
                Expect::App(400),
            ),
            (
                "NaN",
                post_json("/api/v1/match", br#"{"hours_per_week":NaN}"#),
                Expect::App(400),
            ),
            (
                "a 30-digit number",
                post_json(
                    "/api/v1/match",
                    br#"{"budget_eur":123456789012345678901234567890}"#,
                ),
                Expect::App(422),
            ),
            (
                "1e17 euros of cost",
                post_json("/api/v1/slim", slim(r#"{"cost_eur":1e17}"#).as_bytes()),
                Expect::App(422),
            ),
            (
                "negative zero hours",
                post_json("/api/v1/match", br#"{"hours_per_week":-0.0}"#),
                Expect::App(422),
            ),
            (
                "a fraction of km",
                post_json("/api/v1/match", br#"{"max_travel_km":1.5}"#),
                Expect::App(422),
            ),
            (
                "a lone surrogate",
                post_json("/api/v1/match", br#"{"current_occupation":"\ud800"}"#),
                Expect::App(400),
            ),
            (
                "bytes not UTF-8",
                post_json("/api/v1/match", b"{\"skills\":[\"\xff\xfe\"]}"),
                Expect::App(400),
            ),
            (
                "a byte order mark",
                post_json("/api/v1/match", b"\xef\xbb\xbf{}"),
                Expect::App(400),
            ),
            (
                "trailing bytes",
                post_json("/api/v1/match", b"{} {}"),
                Expect::App(400),
            ),
            (
                "an empty body",
                post_json("/api/v1/match", b""),
                Expect::App(400),
            ),
            (
                "null",
                post_json("/api/v1/match", b"null"),
                Expect::App(422),
            ),
            (
                "a list",
                post_json("/api/v1/match", b"[1,2,3]"),
                Expect::App(422),
            ),
            (
                "a string",
                post_json("/api/v1/slim", b"\"course\""),
                Expect::App(422),
            ),
        ],
    )
    .await;
    assert_eq!(fields(answer(&answers, "a key twice")), ["postcode"]);
    assert_eq!(
        fields(answer(&answers, "a nested key twice")),
        ["course.cost_eur"]
    );
    assert_eq!(
        fields(answer(&answers, "1e17 euros of cost")),
        ["course.cost_eur"]
    );
    assert_eq!(
        fields(answer(&answers, "a 30-digit number")),
        ["budget_eur"]
    );
}

#[tokio::test]
async fn huge_bodies_and_lists_are_refused_early() {
    let app = spawn_app(None).await;
    let many = |n: usize, item: &str| vec![item; n].join(",");
    let answers = check(
        &app,
        vec![
            (
                "20,000 skills (over 64 kB)",
                post_json("/api/v1/match", format!(r#"{{"skills":[{}]}}"#, many(20_000, r#""a""#)).as_bytes()),
                Expect::App(413),
            ),
            (
                "51 skills",
                post_json("/api/v1/match", format!(r#"{{"skills":[{}]}}"#, many(51, r#""a""#)).as_bytes()),
                Expect::App(422),
            ),
            (
                "30,000 numbers as the profile",
                post_json("/api/v1/match", format!("[{}]", many(30_000, "1")).as_bytes()),
                Expect::App(422),
            ),
            (
                "a 60 kB occupation",
                post_json("/api/v1/match", format!(r#"{{"current_occupation":"{}"}}"#, "a".repeat(60_000)).as_bytes()),
                Expect::App(422),
            ),
            // Refused on the declared length: the server does not wait for 10 MB that never come.
            (
                "10 MB announced, 10 bytes sent",
                b"POST /api/v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n{\"skills\":"
                    .to_vec(),
                Expect::App(413),
            ),
            (
                "chunks past 64 kB",
                [
                    b"POST /api/v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec(),
                    format!("{:x}\r\n", 70_000).into_bytes(),
                    b" ".repeat(70_000),
                    b"\r\n0\r\n\r\n".to_vec(),
                ]
                .concat(),
                Expect::App(413),
            ),
        ],
    )
    .await;
    assert_eq!(fields(answer(&answers, "51 skills")), ["skills"]);
    assert_eq!(
        fields(answer(&answers, "a 60 kB occupation")),
        ["current_occupation"]
    );
}

#[tokio::test]
async fn wrong_content_types_are_415_and_json_ones_are_read() {
    let app = spawn_app(None).await;
    let unsupported = Expect::App(415);
    check(
        &app,
        vec![
            ("text/plain", post("/api/v1/match", Some("text/plain"), b"{}"), unsupported),
            ("a form", post("/api/v1/match", Some("application/x-www-form-urlencoded"), b"a=b"), unsupported),
            ("multipart", post("/api/v1/slim", Some("multipart/form-data; boundary=x"), b"--x\r\n\r\n{}\r\n--x--"), unsupported),
            ("no content type", post("/api/v1/match", None, b"{}"), unsupported),
            ("application/jsonp", post("/api/v1/match", Some("application/jsonp"), b"{}"), unsupported),
            ("xml", post("/api/v1/slim", Some("application/xml"), b"<case/>"), unsupported),
            ("an empty type", post("/api/v1/match", Some(""), b"{}"), unsupported),
            // JSON in UTF-16 is not JSON as the API reads it (RFC 8259: UTF-8).
            (
                "UTF-16",
                post("/api/v1/match", Some("application/json; charset=utf-16"), &[0xff, 0xfe, b'{', 0, b'}', 0]),
                Expect::App(400),
            ),
            ("upper case", post("/api/v1/match", Some("APPLICATION/JSON"), b"{}"), Expect::App(200)),
            ("a +json type", post("/api/v1/match", Some("application/problem+json"), b"{}"), Expect::App(200)),
            // A GET body is ignored, whatever it says.
            (
                "a body on GET",
                b"GET /api/v1/search?q=monteur HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".to_vec(),
                Expect::App(200),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn path_traversal_never_leaves_the_web_app() {
    let app = spawn_app(None).await;
    let none = Expect::App(404);
    let answers = check(
        &app,
        vec![
            ("dot dot", get(b"/../../Cargo.toml"), none),
            ("encoded dots", get(b"/%2e%2e/%2e%2e/Cargo.toml"), none),
            (
                "encoded slashes",
                get(b"/js/..%2f..%2f..%2fCargo.toml"),
                none,
            ),
            (
                "double encoded",
                get(b"/js/%252e%252e/%252e%252e/Cargo.toml"),
                none,
            ),
            ("backslashes", get(b"/..%5c..%5cCargo.toml"), none),
            ("raw backslashes", get(b"/..\\..\\Cargo.toml"), none),
            ("dot dot semicolon", get(b"/..;/..;/Cargo.toml"), none),
            ("an absolute path", get(b"//etc/passwd"), none),
            (
                "through a real file",
                get(b"/index.html/../../../etc/passwd"),
                none,
            ),
            (
                "absolute-form target",
                get(b"http://padvinder.test/../../etc/passwd"),
                none,
            ),
            ("the source", get(b"/../src/main.rs"), none),
            ("a dot file", get(b"/.git/config"), none),
            ("NUL in a file name", get(b"/index.html%00.png"), none),
            // The app itself is served.
            ("the app", get(b"/"), Expect::App(200)),
        ],
    )
    .await;
    for (name, a) in &answers {
        let text = a.text();
        assert!(
            !text.contains("[package]") && !text.contains("root:") && !text.contains("fn main"),
            "{name}: {text:.200}"
        );
    }
}

#[tokio::test]
async fn overlong_requests_are_refused_without_work() {
    let app = spawn_app(None).await;
    let long_id = [b"/api/v1/paths/".to_vec(), b"a".repeat(60_000)].concat();
    let many_headers: Vec<u8> = (0..500)
        .flat_map(|i| format!("X-H{i}: a\r\n").into_bytes())
        .collect();
    let answers = check(
        &app,
        vec![
            (
                "q of 5,000 characters",
                get(&[b"/api/v1/search?q=".to_vec(), b"a".repeat(5_000)].concat()),
                Expect::App(422),
            ),
            (
                "q of 200 words",
                get(&[b"/api/v1/search?q=".to_vec(), b"a+".repeat(200)].concat()),
                Expect::App(422),
            ),
            // Suggest holds its text to search's limits: the same 422 naming `q`.
            (
                "suggest with 5,000 characters",
                get(&[b"/api/v1/suggest?q=".to_vec(), b"zonnepanelen".repeat(400)].concat()),
                Expect::App(422),
            ),
            (
                "suggest with 200 words",
                get(&[b"/api/v1/suggest?q=".to_vec(), b"lasser+".repeat(200)].concat()),
                Expect::App(422),
            ),
            (
                "5,000 parameters",
                get(&[b"/api/v1/search?q=monteur".to_vec(), b"&k=v".repeat(5_000)].concat()),
                Expect::App(200),
            ),
            (
                "an id of 60,000 characters",
                get(&long_id),
                Expect::App(404),
            ),
            (
                "a URI of 100 kB",
                get(&[b"/api/v1/search?q=".to_vec(), b"a".repeat(100_000)].concat()),
                Expect::Early(414),
            ),
            (
                "a URI of 1 MB",
                get(&[b"/api/v1/search?q=".to_vec(), b"a".repeat(1_000_000)].concat()),
                Expect::Early(431),
            ),
            (
                "500 headers",
                [
                    b"GET /healthz HTTP/1.1\r\nHost: x\r\n".to_vec(),
                    many_headers,
                    b"Connection: close\r\n\r\n".to_vec(),
                ]
                .concat(),
                Expect::Early(431),
            ),
            (
                "a header of 1 MB",
                [
                    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ".to_vec(),
                    b"a".repeat(1_000_000),
                    b"\r\nConnection: close\r\n\r\n".to_vec(),
                ]
                .concat(),
                Expect::Early(431),
            ),
        ],
    )
    .await;
    for name in [
        "q of 5,000 characters",
        "suggest with 5,000 characters",
        "suggest with 200 words",
    ] {
        assert_eq!(fields(answer(&answers, name)), ["q"], "{name}");
    }
    let echo = answer(&answers, "an id of 60,000 characters").body.len();
    assert!(echo < 1_000, "a 404 for a long id echoes {echo} bytes");
}

#[tokio::test]
async fn a_text_over_the_limits_is_refused_in_the_persons_language_by_search_and_suggest() {
    let app = spawn_app(None).await;
    let long = "lasser".repeat(100);
    let many = ["lasser"; 11].join(" ");
    for route in ["search", "suggest"] {
        for (q, accept, says) in [
            (&long, "nl", "de zoektekst is langer dan 500 tekens"),
            (&long, "en", "the query is longer than 500 characters"),
            (&many, "nl", "we zoeken op hoogstens 10 woorden"),
            (&many, "en-GB,en;q=0.9", "at most 10 words are searched"),
        ] {
            let r = app
                .client
                .get(format!("{}/api/v1/{route}", app.address))
                .query(&[("q", q)])
                .header("accept-language", accept)
                .send()
                .await
                .expect("request");
            assert_eq!(r.status().as_u16(), 422, "{route} {accept}");
            let body: serde_json::Value = r.json().await.expect("json");
            let message = body["errors"][0]["message"].as_str().unwrap_or("");
            assert!(message.starts_with(says), "{route} {accept}: {body}");
            assert_eq!(body["errors"][0]["field"], "q", "{route}");
        }
    }
}

#[tokio::test]
async fn absurd_numbers_in_the_query_string_are_400_naming_the_parameter() {
    let app = spawn_app(None).await;
    let bad = Expect::App(400);
    let answers = check(
        &app,
        vec![
            (
                "limit",
                get(b"/api/v1/search?q=a&limit=99999999999999999999999"),
                bad,
            ),
            ("negative limit", get(b"/api/v1/search?q=a&limit=-1"), bad),
            (
                "limit over the cap",
                get(b"/api/v1/search?q=a&limit=101"),
                bad,
            ),
            (
                "offset",
                get(b"/api/v1/search?q=a&offset=18446744073709551616"),
                bad,
            ),
            (
                "offset past the cap",
                get(b"/api/v1/search?q=a&offset=10001"),
                bad,
            ),
            ("level", get(b"/api/v1/search?q=a&level=1e3"), bad),
            ("level 0", get(b"/api/v1/search?q=a&level=0"), bad),
            ("level NaN", get(b"/api/v1/search?q=a&level=NaN"), bad),
            (
                "match limit 0",
                post_json("/api/v1/match?limit=0", b"{}"),
                bad,
            ),
            (
                "match limit 51",
                post_json("/api/v1/match?limit=51", b"{}"),
                bad,
            ),
            (
                "match limit 1e2",
                post_json("/api/v1/match?limit=1e2", b"{}"),
                bad,
            ),
            (
                "match limit full-width digits",
                post_json("/api/v1/match?limit=%EF%BC%91", b"{}"),
                bad,
            ),
        ],
    )
    .await;
    for (name, field) in [
        ("limit", "limit"),
        ("offset", "offset"),
        ("level", "level"),
        ("match limit 0", "limit"),
    ] {
        assert_eq!(fields(answer(&answers, name)), [field], "{name}");
    }
}

#[tokio::test]
async fn broken_http_is_refused_and_the_server_stays() {
    let app = spawn_app(None).await;
    check(
        &app,
        vec![
            ("TLS to a plain port", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".iter().chain([0u8; 64].iter()).copied().collect(), Expect::Early(400)),
            ("HTTP/0.9", b"GET /\r\n\r\n".to_vec(), Expect::Early(400)),
            ("a method with @", b"GE@T /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(), Expect::Early(400)),
            (
                "a method of 2,000 letters",
                [b"A".repeat(2_000), b" /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()].concat(),
                Expect::App(405),
            ),
            (
                "two lengths",
                b"POST /api/v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{}".to_vec(),
                Expect::Early(400),
            ),
            (
                "a bad chunk size",
                b"POST /api/v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n".to_vec(),
                Expect::App(400),
            ),
            (
                "length and chunked (smuggling)",
                b"POST /api/v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
                Expect::Early(400),
            ),
            (
                "HTTP/2 preface on HTTP/1",
                b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
                Expect::Closed,
            ),
            ("a version from the future", b"GET /healthz HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(), Expect::Early(400)),
        ],
    )
    .await;
}

/// After a 413 on a kept-alive connection the server closes it, and says so: a client then
/// sends its next request on a new connection instead of losing it.
#[tokio::test]
async fn a_413_on_a_kept_alive_connection_says_connection_close() {
    let app = spawn_app(None).await;
    let body = format!(r#"{{"skills":["{}"]}}"#, "a".repeat(70_000));
    let request = format!(
        "POST /api/v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let answer = send(&app, request.as_bytes()).await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.header("connection"), Some("close"));
}
