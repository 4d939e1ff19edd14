//! A small static-file HTTP server for `dist/` and the end-to-end test site, on the standard
//! library: one thread per connection, one request per connection (`Connection: close`, as
//! Python's `http.server` does), GET and HEAD only, correct MIME types (`application/wasm`
//! matters: browsers only stream-compile WebAssembly served with it).
//!
//! It replaced `tiny_http` 0.12, whose connection pool starts four threads and, when a browser
//! opens several keep-alive connections at once, can queue a new connection behind the ones
//! held open: the page's `.wasm` request then went unanswered until Chromium gave up on an idle
//! socket (reproduced 2026-11-27 on a loaded machine; the first page load of a browser hung for
//! over 60 s). Closing every connection after its response keeps each thread short-lived.
//! It binds to loopback and is meant for development and tests, not for production.

use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::error::Error;

/// How long a connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest request head read (request line plus headers).
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Which requests are logged to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Log {
    All,
    Failures,
}

/// A running server; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    accept_loop: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}

impl Server {
    /// Serves `root` on `addr` (port 0 picks a free port; see [`Server::addr`]).
    pub fn start(root: &Path, addr: SocketAddr, log: Log) -> Result<Self, Error> {
        let listener =
            TcpListener::bind(addr).map_err(|e| Error::io(format!("listening on {addr}"), e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("reading the server address", e))?;
        let root: Arc<Path> = root
            .canonicalize()
            .map_err(|e| Error::io(format!("serving {}", root.display()), e))?
            .into();
        let stopping = Arc::new(AtomicBool::new(false));
        let accept_loop = {
            let stopping = Arc::clone(&stopping);
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stopping.load(Ordering::Acquire) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let root = Arc::clone(&root);
                    thread::spawn(move || serve_connection(stream, &root, log));
                }
            })
        };
        Ok(Self {
            addr,
            stopping,
            accept_loop: Some(accept_loop),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Blocks until the accept loop ends (it does not, short of the process being stopped).
    pub fn wait(mut self) {
        if let Some(accept_loop) = self.accept_loop.take() {
            // A panic in the accept loop is reported by the thread itself.
            let _ = accept_loop.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::Release);
        // Wake the blocking `accept` so the loop sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(accept_loop) = self.accept_loop.take() {
            let _ = accept_loop.join();
        }
    }
}

/// Reads one request from `stream`, answers it and closes the connection.
fn serve_connection(stream: TcpStream, root: &Path, log: Log) {
    let peer = stream
        .peer_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let (method, target, reply) = match read_request_head(BufReader::new(read_half)) {
        Ok(Some((method, target))) => {
            let reply = if method == "GET" || method == "HEAD" {
                respond(root, &target)
            } else {
                Reply::status(405, "Method Not Allowed")
            };
            (method, target, reply)
        }
        // The client connected and went away (a browser's spare socket): nothing to answer.
        Ok(None) => return,
        Err(_) => ("?".into(), "?".into(), Reply::status(400, "Bad Request")),
    };
    if log == Log::All || reply.code >= 400 {
        eprintln!(
            "{peer} {method} {target} -> {} ({} B)",
            reply.code,
            reply.body.len()
        );
    }
    if let Err(e) = write_reply(&stream, &reply, method == "HEAD") {
        if log == Log::All {
            eprintln!("server: {peer}: {e}");
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// The method and target of the request line, after reading the whole head; `None` when the
/// connection closed before sending anything.
fn read_request_head(mut reader: impl BufRead) -> io::Result<Option<(String, String)>> {
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
    let mut line = String::new();
    let mut total = 0;
    let mut request_line: Option<String> = None;
    loop {
        line.clear();
        let n = reader.read_line(&mut line)?;
        total += n;
        if n == 0 {
            return match request_line {
                None => Ok(None),
                Some(_) => Err(bad("the request head ended early")),
            };
        }
        if total > MAX_HEAD_BYTES {
            return Err(bad("the request head is too long"));
        }
        let trimmed = line.trim_end_matches(['\r', '\n']);
        match &request_line {
            None => request_line = Some(trimmed.to_owned()),
            Some(_) if trimmed.is_empty() => break,
            Some(_) => {}
        }
    }
    let request_line = request_line.unwrap_or_default();
    let mut parts = request_line.split(' ');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(method), Some(target), Some(version))
            if !method.is_empty() && version.starts_with("HTTP/1.") =>
        {
            Ok(Some((method.to_owned(), target.to_owned())))
        }
        _ => Err(bad("not an HTTP/1.x request line")),
    }
}

fn write_reply(mut stream: &TcpStream, reply: &Reply, head_only: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n",
        reply.code,
        reason(reply.code),
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    }
}

#[derive(Debug)]
struct Reply {
    code: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn status(code: u16, reason: &'static str) -> Self {
        Self {
            code,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".to_owned())],
            body: format!("{code} {reason}\n").into_bytes(),
        }
    }
}

fn respond(root: &Path, target: &str) -> Reply {
    match resolve(root, target) {
        Resolved::File(path) => match fs::read(&path) {
            Ok(body) => Reply {
                code: 200,
                headers: vec![("Content-Type", mime_type(&path).to_owned())],
                body,
            },
            Err(_) => Reply::status(404, "Not Found"),
        },
        Resolved::Redirect(location) => {
            let mut response = Reply::status(301, "Moved Permanently");
            response.headers.push(("Location", location));
            response
        }
        Resolved::NotFound => Reply::status(404, "Not Found"),
        Resolved::BadRequest => Reply::status(400, "Bad Request"),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(PathBuf),
    /// A directory requested without its trailing slash: relative URLs inside it need one.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Maps a request target (`/sub/ptcalc/?v=1`) to a file below `root`.
fn resolve(root: &Path, target: &str) -> Resolved {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let path = path.split('#').next().unwrap_or("");
    if !path.starts_with('/') {
        return Resolved::BadRequest;
    }
    let Some(decoded) = percent_decode(path) else {
        return Resolved::BadRequest;
    };
    let relative = Path::new(decoded.trim_start_matches('/'));
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        || decoded.contains('\0')
    {
        return Resolved::BadRequest;
    }
    let file = root.join(relative);
    if file.is_dir() {
        if !path.ends_with('/') {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            return Resolved::Redirect(format!("{path}/{query}"));
        }
        let index = file.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if file.is_file() {
        Resolved::File(file)
    } else {
        Resolved::NotFound
    }
}

/// `%XX` decoding of a URL path; `None` for malformed escapes or non-UTF-8 results.
fn percent_decode(path: &str) -> Option<String> {
    // `percent-encoding` passes a malformed escape through unchanged; a path with one is refused.
    let malformed = path.bytes().enumerate().any(|(i, b)| {
        b == b'%'
            && !path
                .as_bytes()
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// Content type by file extension.
fn mime_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("txt") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use std::io::{self, Read, Write};
    use std::net::TcpStream;

    use super::*;
    use crate::tempdir::TempDir;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/a%20b/").as_deref(), Some("/a b/"));
        assert_eq!(percent_decode("/%2e%2E").as_deref(), Some("/.."));
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(percent_decode("/%2"), None);
        assert_eq!(percent_decode("/%ff"), None);
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime_type(Path::new("app_bg.wasm")), "application/wasm");
        assert_eq!(
            mime_type(Path::new("app.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            mime_type(Path::new("INDEX.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(mime_type(Path::new("favicon.svg")), "image/svg+xml");
        assert_eq!(mime_type(Path::new("LICENSE")), "application/octet-stream");
    }

    #[test]
    fn resolves_requests() -> Result<(), Error> {
        let dir = TempDir::new("server-test")?;
        let root = dir.path();
        let sub = root.join("sub");
        fs::create_dir_all(&sub).map_err(|e| Error::io("mkdir", e))?;
        fs::write(sub.join("index.html"), "<p>hi</p>").map_err(|e| Error::io("write", e))?;
        fs::write(sub.join("a b.js"), "").map_err(|e| Error::io("write", e))?;

        let index = sub.join("index.html");
        assert_eq!(resolve(root, "/sub/"), Resolved::File(index.clone()));
        assert_eq!(resolve(root, "/sub/?v=1"), Resolved::File(index));
        assert_eq!(resolve(root, "/sub"), Resolved::Redirect("/sub/".into()));
        assert_eq!(
            resolve(root, "/sub?v=1"),
            Resolved::Redirect("/sub/?v=1".into())
        );
        assert_eq!(
            resolve(root, "/sub/a%20b.js"),
            Resolved::File(sub.join("a b.js"))
        );
        assert_eq!(resolve(root, "/"), Resolved::NotFound);
        assert_eq!(resolve(root, "/missing.js"), Resolved::NotFound);
        assert_eq!(resolve(root, "/sub/../../etc/passwd"), Resolved::BadRequest);
        assert_eq!(
            resolve(root, "/sub/%2e%2e/%2e%2e/etc/passwd"),
            Resolved::BadRequest
        );
        assert_eq!(resolve(root, "sub/"), Resolved::BadRequest);
        Ok(())
    }

    /// A server on a free port over a folder holding `m.wasm`; the folder lives as long as
    /// the returned guard.
    fn serving_a_module(name: &str) -> Result<(TempDir, Server), Error> {
        let dir = TempDir::new(name)?;
        fs::write(dir.path().join("m.wasm"), b"\0asm").map_err(|e| Error::io("write", e))?;
        let server = Server::start(
            dir.path(),
            SocketAddr::from(([127, 0, 0, 1], 0)),
            Log::Failures,
        )?;
        Ok((dir, server))
    }

    #[test]
    fn serves_over_http() -> Result<(), Error> {
        let (_dir, server) = serving_a_module("server-http-test")?;

        let get = |target: &str| -> io::Result<String> {
            let mut stream = TcpStream::connect(server.addr())?;
            write!(
                stream,
                "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )?;
            let mut response = String::new();
            stream.read_to_string(&mut response)?;
            Ok(response)
        };
        let ok = get("/m.wasm").map_err(|e| Error::io("GET", e))?;
        assert!(ok.starts_with("HTTP/1.1 200 OK\r\n"), "{ok}");
        assert!(ok.contains("Content-Type: application/wasm\r\n"), "{ok}");
        assert!(ok.contains("X-Content-Type-Options: nosniff\r\n"), "{ok}");
        assert!(ok.ends_with("\r\n\r\n\0asm"), "{ok}");
        let missing = get("/nope").map_err(|e| Error::io("GET", e))?;
        assert!(missing.starts_with("HTTP/1.1 404 "), "{missing}");
        drop(server);
        Ok(())
    }

    /// A browser opens several sockets at once and keeps some idle; a request on another one
    /// is still answered at once (tiny_http's four-thread pool queued it behind the idle ones).
    #[test]
    fn idle_connections_do_not_hold_up_a_request() -> Result<(), Error> {
        let (_dir, server) = serving_a_module("server-idle-test")?;
        let idle: Vec<TcpStream> = (0..8)
            .map(|_| TcpStream::connect(server.addr()))
            .collect::<io::Result<_>>()
            .map_err(|e| Error::io("connect", e))?;
        let mut stream = TcpStream::connect(server.addr()).map_err(|e| Error::io("connect", e))?;
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .map_err(|e| Error::io("timeout", e))?;
        stream
            .write_all(b"HEAD /m.wasm HTTP/1.1\r\nHost: x\r\n\r\n")
            .map_err(|e| Error::io("write", e))?;
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .map_err(|e| Error::io("answer within 5 s", e))?;
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
        assert!(response.contains("Content-Length: 4\r\n"), "{response}");
        assert!(
            response.ends_with("\r\n\r\n"),
            "HEAD has no body: {response}"
        );
        drop(idle);
        drop(server);
        Ok(())
    }

    #[test]
    fn refuses_what_is_not_a_request() {
        let head = |text: &str| read_request_head(io::Cursor::new(text.as_bytes().to_vec()));
        assert_eq!(
            head("GET /a?b HTTP/1.1\r\nHost: x\r\n\r\n").ok().flatten(),
            Some(("GET".into(), "/a?b".into()))
        );
        assert!(matches!(head(""), Ok(None)));
        assert!(
            head("GET /a HTTP/1.1\r\nHost: x\r\n").is_err(),
            "no end of head"
        );
        assert!(head("hello\r\n\r\n").is_err());
        assert!(head("GET /a SPDY/3\r\n\r\n").is_err());
        let long = format!(
            "GET /a HTTP/1.1\r\nX: {}\r\n\r\n",
            "a".repeat(MAX_HEAD_BYTES)
        );
        assert!(head(&long).is_err(), "a head over the limit");
    }
}
