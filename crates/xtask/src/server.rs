//! A small static-file HTTP server (std only) for `dist/` and the end-to-end test site.
//!
//! GET and HEAD only, one thread per connection, `Connection: close`, correct MIME types
//! (`application/wasm` matters: browsers only stream-compile WebAssembly served with it).
//! It binds to loopback and is meant for development and tests, not for production.

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::error::Error;

/// Which requests are logged to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Log {
    All,
    Failures,
}

/// A running server; dropping it stops the accept loop.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept_loop: Option<JoinHandle<()>>,
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
        let stop = Arc::new(AtomicBool::new(false));
        let accept_loop = {
            let stop = Arc::clone(&stop);
            thread::spawn(move || accept(&listener, &root, &stop, log))
        };
        Ok(Self {
            addr,
            stop,
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
        self.stop.store(true, Ordering::SeqCst);
        if let Some(accept_loop) = self.accept_loop.take() {
            // Wake the blocking `accept` so it sees the flag.
            let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
            let _ = accept_loop.join();
        }
    }
}

fn accept(listener: &TcpListener, root: &Arc<Path>, stop: &AtomicBool, log: Log) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        match stream {
            Ok(stream) => {
                let root = Arc::clone(root);
                thread::spawn(move || {
                    if let Err(e) = handle(stream, &root, log) {
                        eprintln!("server: {e}");
                    }
                });
            }
            Err(e) => eprintln!("server: accept failed: {e}"),
        }
    }
}

/// Upper bound on the request line plus headers.
const MAX_HEAD: u64 = 64 * 1024;

fn handle(stream: TcpStream, root: &Path, log: Log) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let peer = stream.peer_addr()?;
    let mut reader = BufReader::new((&stream).take(MAX_HEAD));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(()); // connected and closed, e.g. the shutdown wake-up
    }
    let mut complete = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 {
            break;
        }
        if header == "\r\n" || header == "\n" {
            complete = true;
            break;
        }
    }

    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let response = if !complete {
        Response::status(431, "Request Header Fields Too Large")
    } else if method != "GET" && method != "HEAD" {
        Response::status(405, "Method Not Allowed")
    } else {
        respond(root, target)
    };

    if log == Log::All || response.code >= 400 {
        eprintln!(
            "{peer} {method} {target} -> {} ({} B)",
            response.code,
            response.body.len()
        );
    }
    let mut stream = stream;
    response.write_to(&mut stream, method == "HEAD")
}

#[derive(Debug)]
struct Response {
    code: u16,
    reason: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn status(code: u16, reason: &'static str) -> Self {
        Self {
            code,
            reason,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".to_owned())],
            body: format!("{code} {reason}\n").into_bytes(),
        }
    }

    fn write_to(&self, stream: &mut TcpStream, head_only: bool) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.code,
            self.reason,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

fn respond(root: &Path, target: &str) -> Response {
    match resolve(root, target) {
        Resolved::File(path) => match fs::read(&path) {
            Ok(body) => Response {
                code: 200,
                reason: "OK",
                headers: vec![("Content-Type", mime_type(&path).to_owned())],
                body,
            },
            Err(_) => Response::status(404, "Not Found"),
        },
        Resolved::Redirect(location) => {
            let mut response = Response::status(301, "Moved Permanently");
            response.headers.push(("Location", location));
            response
        }
        Resolved::NotFound => Response::status(404, "Not Found"),
        Resolved::BadRequest => Response::status(400, "Bad Request"),
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
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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

    #[test]
    fn serves_over_http() -> Result<(), Error> {
        let dir = TempDir::new("server-http-test")?;
        fs::write(dir.path().join("m.wasm"), b"\0asm").map_err(|e| Error::io("write", e))?;
        let server = Server::start(
            dir.path(),
            SocketAddr::from(([127, 0, 0, 1], 0)),
            Log::Failures,
        )?;

        let get = |target: &str| -> io::Result<String> {
            let mut stream = TcpStream::connect(server.addr())?;
            write!(stream, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n")?;
            let mut response = String::new();
            stream.read_to_string(&mut response)?;
            Ok(response)
        };
        let ok = get("/m.wasm").map_err(|e| Error::io("GET", e))?;
        assert!(ok.starts_with("HTTP/1.1 200 OK\r\n"), "{ok}");
        assert!(ok.contains("Content-Type: application/wasm\r\n"), "{ok}");
        assert!(ok.ends_with("\r\n\r\n\0asm"), "{ok}");
        let missing = get("/nope").map_err(|e| Error::io("GET", e))?;
        assert!(missing.starts_with("HTTP/1.1 404 "), "{missing}");
        drop(server);
        Ok(())
    }
}
