//! The connections of `padvinder serve`: padvinder's own accept loop around hyper's HTTP/1
//! server, so that no client can hold the server's connections or file handles.
//!
//! - A connection that sends no request for `idle_timeout` (after it opens, or after an answer
//!   on a kept-alive connection) is closed, and so is one whose request headers take longer than
//!   `header_read_timeout` from their first byte (slowloris). hyper's own header-read timer is
//!   set to the sum of both, as a backstop.
//! - At most `max_connections` are open. A new connection over the cap closes the oldest one
//!   that has no request in flight (idle, or still sending headers), as nginx reuses idle
//!   connections; when every open connection is answering a request, the new one waits in the
//!   listen queue until one finishes. So thousands of idle or slow connections cannot lock out
//!   a client that sends a request.
//! - On shutdown the loop stops accepting and closes the listening socket (new connections are
//!   refused), closes connections without a request in flight and lets the others finish their
//!   answer.
//! - hyper's own answers to requests it cannot read (400, 414, 431) have an empty body; the
//!   socket wrapper writes them with a problem+json body instead ([`early_problem`]).

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::time::Instant;
use tower::ServiceExt as _;

use super::metrics::Closed;
use super::state::AppState;
use crate::config::ServerConfig;

/// The connection settings of a server.
#[derive(Debug, Clone, Copy)]
struct Limits {
    max_connections: usize,
    header_read_timeout: Duration,
    idle_timeout: Duration,
}

impl Limits {
    fn of(server: &ServerConfig) -> Limits {
        Limits {
            max_connections: server.max_connections,
            header_read_timeout: server.header_read_timeout,
            idle_timeout: server.idle_timeout,
        }
    }
}

/// Where a connection is in its life; its deadline follows from it.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// Open without a request since then: idle.
    Waiting(Instant),
    /// The first bytes of a request arrived then; its headers are not complete.
    Head(Instant),
    /// A request is being answered, until its answer's body is written: no connection deadline
    /// (the request timeout applies).
    Busy,
    /// Chosen to be closed then: `hard` drops it at once (it was sending headers), otherwise
    /// hyper closes it once anything it still writes is out, within `header_read_timeout`.
    Closing { since: Instant, hard: bool },
}

/// One open connection, shared by its task, its socket wrapper, its request handler and the
/// registry of open connections.
struct Conn {
    phase: Mutex<Phase>,
    /// Wakes the connection's task when its phase changes.
    changed: Notify,
}

impl Conn {
    fn new() -> Conn {
        Conn {
            phase: Mutex::new(Phase::Waiting(Instant::now())),
            changed: Notify::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn phase(&self) -> Phase {
        *self.lock()
    }

    /// Sets the phase and wakes the connection's task.
    fn set(&self, mut guard: std::sync::MutexGuard<'_, Phase>, phase: Phase) {
        *guard = phase;
        drop(guard);
        self.changed.notify_one();
    }

    /// Bytes arrived: an idle connection starts a request's headers.
    fn bytes_arrived(&self) {
        let phase = self.lock();
        if let Phase::Waiting(_) = *phase {
            self.set(phase, Phase::Head(Instant::now()));
        }
    }

    /// A request's headers are complete and it is handed to the router; false when the
    /// connection is being closed.
    fn start_request(&self) -> bool {
        let mut phase = self.lock();
        if let Phase::Closing { .. } = *phase {
            return false;
        }
        *phase = Phase::Busy;
        true
    }

    /// The answer is written: the connection waits for the next request.
    fn end_request(&self) {
        let phase = self.lock();
        if let Phase::Busy = *phase {
            self.set(phase, Phase::Waiting(Instant::now()));
        }
    }

    /// Chooses the connection for closing when no request is in flight.
    fn try_close(&self) -> bool {
        let phase = self.lock();
        let hard = match *phase {
            Phase::Waiting(_) => false,
            Phase::Head(_) => true,
            Phase::Busy | Phase::Closing { .. } => return false,
        };
        let since = Instant::now();
        self.set(phase, Phase::Closing { since, hard });
        true
    }

    /// When the connection times out, and why (none for one already chosen for closing: it
    /// was counted then).
    fn deadline(&self, limits: &Limits) -> Option<(Instant, Option<Closed>)> {
        match self.phase() {
            Phase::Waiting(since) => Some((since + limits.idle_timeout, Some(Closed::IdleTimeout))),
            Phase::Head(since) => Some((
                since + limits.header_read_timeout,
                Some(Closed::HeaderTimeout),
            )),
            Phase::Closing { since, .. } => Some((since + limits.header_read_timeout, None)),
            Phase::Busy => None,
        }
    }
}

/// The open connections, oldest first, and how many connection tasks still run.
#[derive(Default)]
struct Registry {
    open: Mutex<BTreeMap<u64, Arc<Conn>>>,
    next: AtomicUsize,
    tasks: AtomicUsize,
    /// A connection was removed from `open`, or a task ended.
    freed: Notify,
}

impl Registry {
    fn open(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Conn>>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn len(&self) -> usize {
        self.open().len()
    }

    fn add(&self, conn: Arc<Conn>) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed) as u64;
        self.open().insert(id, conn);
        id
    }

    fn remove(&self, id: u64) {
        if self.open().remove(&id).is_some() {
            self.freed.notify_waiters();
        }
    }

    /// Closes the oldest connection without a request in flight; false when all are busy.
    fn evict_one(&self) -> bool {
        let mut open = self.open();
        let victim = open
            .iter()
            .find(|(_, conn)| conn.try_close())
            .map(|(id, _)| *id);
        match victim {
            Some(id) => {
                open.remove(&id);
                true
            }
            None => false,
        }
    }
}

/// Raises the open-file soft limit to the hard limit (as Go programs do), and warns when the
/// connection cap does not fit under it: each connection is one open file, and the index, the
/// store and the logs need some too.
#[cfg(unix)]
pub fn raise_open_file_limit(max_connections: usize) {
    const RESERVE: u64 = 128;
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    let soft = unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                ..limit
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
        limit.rlim_cur
    };
    if (max_connections as u64).saturating_add(RESERVE) > soft {
        tracing::warn!(
            max_connections,
            open_file_limit = soft,
            "server.max_connections is near or over the open-file limit (ulimit -n): connections \
             may be refused before the cap is reached; lower the cap or raise the limit"
        );
    }
}

#[cfg(not(unix))]
pub fn raise_open_file_limit(_: usize) {}

/// Serves `router` on `listener` until `shutdown` completes, then lets requests in flight
/// finish. Accept errors (such as too many open files) pause accepting briefly instead of
/// ending the server.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) {
    let limits = Limits::of(&state.config.server);
    let registry = Arc::new(Registry::default());
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                tracing::warn!(error = %e, "cannot accept a connection; pausing for 100 ms");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // Make room: close the oldest connection without a request in flight, or wait until
        // one is free.
        while registry.len() >= limits.max_connections {
            if registry.evict_one() {
                state.metrics.connection_closed(Closed::Evicted);
                continue;
            }
            let freed = registry.freed.notified();
            if registry.len() < limits.max_connections {
                break;
            }
            tokio::select! {
                () = &mut shutdown => {
                    drop(stream);
                    drop(listener);
                    return finish(&registry, &stop).await;
                }
                () = freed => {}
            }
        }
        let _ = stream.set_nodelay(true);
        let conn = Arc::new(Conn::new());
        let id = registry.add(Arc::clone(&conn));
        registry.tasks.fetch_add(1, Ordering::Relaxed);
        state.metrics.connection_opened();
        let task = Task {
            conn,
            id,
            peer,
            limits,
            router: router.clone(),
            state: Arc::clone(&state),
            registry: Arc::clone(&registry),
            stopping: stopping.clone(),
        };
        tokio::spawn(task.run(stream));
    }
    // Closed before the requests in flight finish: a new connection is refused at once, so a
    // proxy in front passes it (a write too, as it was never received) to another instance,
    // instead of it waiting in the listen queue of a server that will not accept it.
    drop(listener);
    finish(&registry, &stop).await;
}

/// After the last accept: tells every connection to close after its answer in flight (idle ones
/// close at once) and waits for every connection task to end.
async fn finish(registry: &Registry, stop: &watch::Sender<bool>) {
    let _ = stop.send(true);
    loop {
        let freed = registry.freed.notified();
        if registry.tasks.load(Ordering::Acquire) == 0 {
            return;
        }
        freed.await;
    }
}

/// One connection's task.
struct Task {
    conn: Arc<Conn>,
    id: u64,
    peer: SocketAddr,
    limits: Limits,
    router: Router,
    state: Arc<AppState>,
    registry: Arc<Registry>,
    stopping: watch::Receiver<bool>,
}

impl Task {
    async fn run(mut self, stream: TcpStream) {
        let reason = self.drive(stream).await;
        if let Some(reason) = reason {
            self.state.metrics.connection_closed(reason);
        }
        self.state.metrics.connection_ended();
        self.registry.remove(self.id);
        self.registry.tasks.fetch_sub(1, Ordering::AcqRel);
        self.registry.freed.notify_waiters();
    }

    /// Serves the connection until it ends; the reason when padvinder closed it for a timeout.
    async fn drive(&mut self, stream: TcpStream) -> Option<Closed> {
        let io = TokioIo::new(Watched::new(stream, Arc::clone(&self.conn)));
        let conn = Arc::clone(&self.conn);
        let router = self.router.clone();
        let peer = self.peer;
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let conn = Arc::clone(&conn);
            let router = router.clone();
            async move {
                if !conn.start_request() {
                    return Ok::<_, Infallible>(closing());
                }
                let end = EndRequest(conn);
                let mut request = request;
                request.extensions_mut().insert(ConnectInfo(peer));
                let response = router.oneshot(request).await?;
                Ok(response.map(|body| Body::new(Tracked { body, _end: end })))
            }
        });
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(self.limits.idle_timeout + self.limits.header_read_timeout);
        let mut connection = pin!(http.serve_connection(io, service));
        let mut graceful = false;
        loop {
            if let Phase::Closing { hard, .. } = self.conn.phase() {
                if hard {
                    // It was still sending headers: nothing is in flight.
                    return None;
                }
                if !graceful {
                    // Idle: hyper closes it at once, or once what it still writes is out.
                    connection.as_mut().graceful_shutdown();
                    graceful = true;
                }
            }
            let deadline = self.conn.deadline(&self.limits);
            let sleep = async {
                match deadline {
                    Some((at, _)) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                    return None;
                }
                () = self.conn.changed.notified() => {}
                () = sleep => {
                    // Still the same deadline (the phase may have changed meanwhile)?
                    if let Some((at, why)) = self.conn.deadline(&self.limits)
                        && at <= Instant::now()
                    {
                        return why;
                    }
                }
                changed = self.stopping.changed(), if !graceful => {
                    if (changed.is_err() || *self.stopping.borrow()) && !self.conn.try_close() {
                        // Finish the answer in flight, then close. (Without one, the connection
                        // is closing now: see the top of the loop.)
                        connection.as_mut().graceful_shutdown();
                        graceful = true;
                    }
                }
            }
        }
    }
}

/// Ends the request's phase when its answer's body is written (hyper drops it then), or when
/// hyper drops the request because the client went away.
struct EndRequest(Arc<Conn>);

impl Drop for EndRequest {
    fn drop(&mut self) {
        self.0.end_request();
    }
}

/// An answer's body that ends its request's phase when hyper drops it (written or abandoned).
struct Tracked {
    body: Body,
    _end: EndRequest,
}

impl http_body::Body for Tracked {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// The answer to a request that arrives on a connection chosen for closing (it is never sent:
/// the connection is dropped right after).
fn closing() -> Response {
    let mut response = StatusCode::SERVICE_UNAVAILABLE.into_response();
    response.headers_mut().insert(
        header::CONNECTION,
        axum::http::HeaderValue::from_static("close"),
    );
    response
}

/// The socket, telling its connection when bytes arrive (so that an idle connection's deadline
/// becomes the header-read deadline), and giving hyper's own refusals a problem body.
struct Watched {
    stream: TcpStream,
    conn: Arc<Conn>,
    /// A problem answer written in place of hyper's bare one: its bytes, and how many are out.
    replacing: Option<(Vec<u8>, usize)>,
}

impl Watched {
    fn new(stream: TcpStream, conn: Arc<Conn>) -> Watched {
        Watched {
            stream,
            conn,
            replacing: None,
        }
    }

    /// Writes `buf`, or, when it is hyper's own answer to a request it could not read, the
    /// same answer with a problem body ([`early_problem`]). Reports `buf` written once the
    /// whole replacement is out, so hyper goes on as if its own bytes were sent.
    fn write_or_replace(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.replacing.is_none() && !matches!(self.conn.phase(), Phase::Busy) {
            self.replacing = early_problem(buf).map(|answer| (answer, 0));
        }
        let Some((answer, written)) = &mut self.replacing else {
            return Pin::new(&mut self.stream).poll_write(cx, buf);
        };
        while *written < answer.len() {
            match Pin::new(&mut self.stream).poll_write(cx, &answer[*written..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => *written += n,
                other => return other,
            }
        }
        self.replacing = None;
        Poll::Ready(Ok(buf.len()))
    }
}

/// hyper answers a request it cannot read (400: broken HTTP; 414: a URI over 64 kB; 431: more
/// than 100 headers or headers past its buffer) itself, before the app sees a request, with an
/// empty body and no hook to add one. Such an answer is recognised by what no answer of the app
/// has: no `Content-Type` and `Content-Length: 0` with one of those statuses, written while no
/// request is being answered. This returns it with a problem+json body (Dutch and English: the
/// request's language cannot be read) and the app's `nosniff` and `no-store`.
fn early_problem(buf: &[u8]) -> Option<Vec<u8>> {
    let status = buf.strip_prefix(b"HTTP/1.1 ")?.get(..3)?;
    let (status, detail) = match status {
        b"400" => (
            StatusCode::BAD_REQUEST,
            "Dit is geen geldig HTTP-verzoek. / This is not a valid HTTP request.",
        ),
        b"414" => (
            StatusCode::URI_TOO_LONG,
            "Het adres van het verzoek is langer dan 64 kB. / The request's URI is longer than 64 kB.",
        ),
        b"431" => (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "Het verzoek heeft te veel of te grote headers (ten hoogste 100). / The request has too \
             many or too large headers (at most 100).",
        ),
        _ => return None,
    };
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let mut kept = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "content-type" => return None,
            "content-length" if value.trim() != "0" => return None,
            "content-length" | "connection" => {}
            _ => kept.push(line),
        }
    }
    let body = serde_json::to_vec(&super::problem::Problem::new(status, detail)).ok()?;
    let mut answer = format!("{status_line}\r\n");
    for line in kept {
        answer.push_str(line);
        answer.push_str("\r\n");
    }
    answer.push_str(&format!(
        "content-type: application/problem+json\r\nx-content-type-options: nosniff\r\n\
         cache-control: no-store\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
        body.len()
    ));
    let mut answer = answer.into_bytes();
    answer.extend_from_slice(&body);
    Some(answer)
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.stream).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = result
            && buf.filled().len() > before
        {
            self.conn.bytes_arrived();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.get_mut().write_or_replace(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        // An answer's head comes first and whole: the one slice a replacement looks at.
        match bufs.iter().find(|b| !b.is_empty()) {
            Some(first) if this.replacing.is_some() || first.starts_with(b"HTTP/1.1 4") => {
                this.write_or_replace(cx, first)
            }
            _ => Pin::new(&mut this.stream).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::early_problem;

    #[test]
    fn only_hypers_bare_refusals_get_a_problem_body() {
        let bare = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\n\
                     content-length: 0\r\ndate: Thu, 03 Dec 2026 11:00:00 GMT\r\n\r\n";
        let answer = early_problem(bare).expect("replaced");
        let text = String::from_utf8(answer).expect("text");
        let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
        assert!(head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assert!(
            head.contains("\r\ndate: Thu, 03 Dec 2026 11:00:00 GMT"),
            "{head}"
        );
        assert!(head.contains("\r\ncontent-type: application/problem+json"));
        assert!(head.contains("\r\nconnection: close"));
        assert!(head.contains(&format!("\r\ncontent-length: {}", body.len())));
        assert_eq!(head.matches("content-length").count(), 1, "{head}");
        let problem: serde_json::Value = serde_json::from_str(body).expect("json");
        assert_eq!(problem["status"], 431);
        assert!(
            problem["detail"]
                .as_str()
                .is_some_and(|d| d.contains("headers"))
        );
        for status in ["400 Bad Request", "414 URI Too Long"] {
            let bare = format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n");
            assert!(early_problem(bare.as_bytes()).is_some(), "{status}");
        }
        // The app's own answers are left alone: they have a type, or a length (a HEAD answer
        // says the length of a body it does not send), or another status.
        for own in [
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\n\
             content-length: 0\r\n\r\n",
            "HTTP/1.1 400 Bad Request\r\ncontent-length: 90\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n",
        ] {
            assert!(early_problem(own.as_bytes()).is_none(), "{own}");
        }
    }
}
