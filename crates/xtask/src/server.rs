//! A small static-file HTTP server for `dist/` and the end-to-end test site, on `tiny_http`
//! (HTTP parsing, keep-alive and HEAD are the crate's; this module maps paths to files).
//!
//! GET and HEAD only, one thread per request, correct MIME types
//! (`application/wasm` matters: browsers only stream-compile WebAssembly served with it).
//! It binds to loopback and is meant for development and tests, not for production.

use std::fs;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::error::Error;

/// Which requests are logged to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Log {
    All,
    Failures,
}

/// A running server; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    http: Arc<tiny_http::Server>,
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
        let http = tiny_http::Server::http(addr)
            .map_err(|e| Error::io(format!("listening on {addr}"), std::io::Error::other(e)))?;
        let addr = http.server_addr().to_ip().ok_or_else(|| {
            Error::io(
                "reading the server address",
                std::io::Error::other("not an IP socket"),
            )
        })?;
        let root: Arc<Path> = root
            .canonicalize()
            .map_err(|e| Error::io(format!("serving {}", root.display()), e))?
            .into();
        let http = Arc::new(http);
        let accept_loop = {
            let http = Arc::clone(&http);
            thread::spawn(move || {
                for request in http.incoming_requests() {
                    let root = Arc::clone(&root);
                    thread::spawn(move || handle(request, &root, log));
                }
            })
        };
        Ok(Self {
            addr,
            http,
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
        self.http.unblock();
        if let Some(accept_loop) = self.accept_loop.take() {
            let _ = accept_loop.join();
        }
    }
}

fn handle(request: Request, root: &Path, log: Log) {
    let method = request.method().clone();
    let target = request.url().to_owned();
    let peer = request
        .remote_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let reply = if method != Method::Get && method != Method::Head {
        Reply::status(405, "Method Not Allowed")
    } else {
        respond(root, &target)
    };
    if log == Log::All || reply.code >= 400 {
        eprintln!(
            "{peer} {method} {target} -> {} ({} B)",
            reply.code,
            reply.body.len()
        );
    }
    let mut response = Response::from_data(reply.body).with_status_code(StatusCode(reply.code));
    let headers = [
        ("Cache-Control", "no-cache".to_owned()),
        ("X-Content-Type-Options", "nosniff".to_owned()),
    ];
    for (name, value) in headers.into_iter().chain(reply.headers) {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // tiny_http answers HEAD without the body itself.
    if let Err(e) = request.respond(response) {
        eprintln!("server: {e}");
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
}
