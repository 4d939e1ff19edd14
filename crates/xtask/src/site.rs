//! The web page: release build with Trunk, and its size.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::process::run;
use crate::workspace::Workspace;

/// `cargo fetch`: Trunk.toml sets `offline = true`, which passes `--offline` to cargo.
pub fn fetch(ws: &Workspace) -> Result<String, Error> {
    run(ws.cargo().arg("fetch"))?;
    Ok("ok".into())
}

/// Which page a build makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// The release page, into `dist/`.
    Release,
    /// The release page with ptcalc-web's `bench` feature (`?bench=`, the `ptcalc:*`
    /// performance measures that `tests/e2e/bench.mjs` reads), into `dist-bench/`.
    Bench,
}

impl Page {
    /// The folder the page is built into.
    pub fn dist(self, ws: &Workspace) -> PathBuf {
        match self {
            Page::Release => ws.dist(),
            Page::Bench => ws.dist_bench(),
        }
    }

    /// The `trunk build` arguments.
    fn trunk_args(self, ws: &Workspace) -> Vec<String> {
        let mut args = vec![String::from("build"), String::from("--release")];
        if self == Page::Bench {
            // Trunk 0.21 passes `--features` to cargo when the rust link in index.html sets
            // no `data-cargo-features` of its own (src/pipelines/rust/mod.rs).
            args.extend([
                String::from("--features"),
                String::from("bench"),
                String::from("--dist"),
                self.dist(ws).to_string_lossy().into_owned(),
            ]);
        }
        args
    }
}

/// `trunk build --release` into `dist/` (or the bench build into `dist-bench/`); reports the
/// size of the WebAssembly module.
pub fn build_release(ws: &Workspace, page: Page) -> Result<String, Error> {
    // NO_COLOR=1 makes trunk 0.21 reject its own command line (trunk#1065). The workspace PATH
    // puts binaryen 132's wasm-opt (tests/e2e/node_modules/.bin) before Debian's broken one.
    run(ws
        .command("trunk")
        .env_remove("NO_COLOR")
        .args(page.trunk_args(ws)))?;
    let dist = page.dist(ws);
    finish(ws, &dist)?;
    let wasm = wasm_module(&dist)?;
    let raw = fs::metadata(&wasm)
        .map_err(|e| Error::io(format!("reading {}", wasm.display()), e))?
        .len();
    let gzip = gzip_size(ws, &wasm).map_or_else(String::new, |n| format!(", {n} B gzip -9"));
    let name = wasm
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let folder = dist
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    Ok(format!("{folder}/{name}: {raw} B{gzip}"))
}

/// What Trunk leaves to do for a page that runs under a strict Content-Security-Policy and offline:
///
/// - Trunk 0.21 writes its loader as an inline `<script type="module">`, which `script-src 'self'`
///   forbids: each inline script moves to `start-<hash>.js` beside it, loaded by `src`;
/// - the loader registers the service worker, and `dist/sw.js` is written from `web/sw.js` with
///   this build's version (a hash of every file) and its file list.
pub fn finish(ws: &Workspace, dist: &Path) -> Result<(), Error> {
    let dist = dist.to_owned();
    let index_path = dist.join("index.html");
    let read = |path: &Path| {
        fs::read_to_string(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))
    };
    let write = |path: &Path, text: &str| {
        fs::write(path, text).map_err(|e| Error::io(format!("writing {}", path.display()), e))
    };
    let (index, scripts) = externalize_inline_scripts(&read(&index_path)?);
    let index = match hash_worker(&dist)? {
        Some(loader) => name_worker_loader(&index, &loader),
        None => index,
    };
    for (name, body) in &scripts {
        write(
            &dist.join(name),
            &format!("{body}\n{SERVICE_WORKER_REGISTRATION}"),
        )?;
    }
    write(&index_path, &index)?;
    write(&dist.join(API_FILE), &api_module(&dist)?)?;
    // The page fetches `ratecards.json` from its folder at start: an empty card, so a site
    // that hosts no organization's card answers 200 (no 404 in the console). A team that
    // hosts the page replaces it with its own card.
    let org_card = dist.join(ORG_CARD_FILE);
    if !org_card.exists() {
        write(&org_card, EMPTY_ORG_CARD)?;
    }

    let mut assets = vec![String::from("index.html")];
    let mut everything = index.clone().into_bytes();
    let entries =
        fs::read_dir(&dist).map_err(|e| Error::io(format!("reading {}", dist.display()), e))?;
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("reading {}", dist.display()), e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file() && name != "index.html" && name != "sw.js" {
            names.push(name);
        }
    }
    names.sort();
    for name in &names {
        let path = dist.join(name);
        everything.extend(
            fs::read(&path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?,
        );
        assets.push(name.clone());
    }
    let template_path = ws.cargo_lock().with_file_name("web/sw.js");
    let list = assets
        .iter()
        .map(|a| format!("\"./{a}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let worker = read(&template_path)?
        .replace(
            "__PTCALC_VERSION__",
            &format!("{:016x}", fnv1a(&everything)),
        )
        .replace("__PTCALC_ASSETS__", &format!("[{list}]"));
    write(&dist.join("sw.js"), &worker)
}

/// The tools' worker files Trunk writes under the bin's plain name (a worker's files are not
/// hashed: Trunk 0.21 `hashed_wasm_base`).
const WORKER: &str = "ptcalc-worker";

/// Gives the tools' worker's files content-hashed names, as Trunk gives the page's (a new
/// release's worker is never mixed with an old one from a cache): `ptcalc-worker-<hash>.js`
/// and `_bg.wasm`, and a loader `ptcalc-worker-<hash>_loader.js` naming them. Returns the
/// loader's name, or `None` when the build has no worker.
fn hash_worker(dist: &Path) -> Result<Option<String>, Error> {
    let glue = dist.join(format!("{WORKER}.js"));
    let wasm = dist.join(format!("{WORKER}_bg.wasm"));
    let loader = dist.join(format!("{WORKER}_loader.js"));
    if !wasm.is_file() {
        return Ok(None);
    }
    let read = |path: &Path| {
        fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))
    };
    let mut both = read(&glue)?;
    both.extend(read(&wasm)?);
    let base = format!("{WORKER}-{:016x}", fnv1a(&both));
    let rename = |from: &Path, to: String| {
        fs::rename(from, dist.join(&to))
            .map_err(|e| Error::io(format!("renaming {}", from.display()), e))
    };
    rename(&glue, format!("{base}.js"))?;
    rename(&wasm, format!("{base}_bg.wasm"))?;
    if loader.is_file() {
        fs::remove_file(&loader)
            .map_err(|e| Error::io(format!("removing {}", loader.display()), e))?;
    }
    let name = format!("{base}_loader.js");
    let path = dist.join(&name);
    fs::write(&path, worker_loader(&base))
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    Ok(Some(name))
}

/// The worker's loader (a classic worker script, wasm-bindgen's `no-modules` glue).
fn worker_loader(base: &str) -> String {
    format!("importScripts(\"./{base}.js\");wasm_bindgen({{ module_or_path: \"./{base}_bg.wasm\" }});\n")
}

/// Names the worker's loader in the page, for the first module to start it at the first
/// use of a tool (`ptcalc_web::tools::LOADER_META`).
fn name_worker_loader(index: &str, loader: &str) -> String {
    let meta = format!("<meta name=\"{WORKER}\" content=\"./{loader}\">");
    match index.find("</head>") {
        Some(at) => format!("{}{meta}{}", &index[..at], &index[at..]),
        None => format!("{meta}{index}"),
    }
}

/// The organization's rate card the page fetches from its own folder.
const ORG_CARD_FILE: &str = "ratecards.json";

/// A valid rate card with no offerings: the page adds nothing and says nothing. The page
/// knows this very file (`ptcalc_web`'s orgcards.rs includes it too) and does not start its
/// rate-card reader (the tools' worker) for it.
const EMPTY_ORG_CARD: &str = include_str!("../../../web/ratecards-empty.json");

/// The stable name of the JavaScript API module for host pages.
const API_FILE: &str = "ptcalc-api.js";

/// `ptcalc-api.js`: imports Trunk's hashed glue (`ptcalc-web-<hash>.js`), starts the module
/// as a library (the flag tells `main` not to mount the page) and re-exports the API.
fn api_module(dist: &Path) -> Result<String, Error> {
    let entries =
        fs::read_dir(dist).map_err(|e| Error::io(format!("reading {}", dist.display()), e))?;
    let mut glue = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("reading {}", dist.display()), e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("ptcalc-web-") && name.ends_with(".js") {
            glue.push(name);
        }
    }
    let glue = match <[String; 1]>::try_from(glue) {
        Ok([glue]) => glue,
        Err(found) => {
            return Err(Error::Config {
                file: dist.to_owned(),
                detail: format!(
                    "expected one ptcalc-web-<hash>.js after the build, found {}",
                    found.len()
                ),
            })
        }
    };
    let wasm = wasm_module(dist)?;
    let wasm = wasm
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(api_source(&glue, &wasm))
}

fn api_source(glue: &str, wasm: &str) -> String {
    format!(
        r#"// ptcalc's JavaScript API for host pages (README, "JavaScript API"); written by `cargo xtask build`.
//   import {{ evaluate, link }} from "./ptcalc-api.js";
//   evaluate("v=1&in=2M")  -> the report, as `ptcalc eval --format json` prints it
//   link("?in=500k&v=1")   -> the canonical link query, "v=1"
globalThis.__ptcalcLibrary = true;
const glue = await import("./{glue}");
await glue.default({{ module_or_path: new URL("./{wasm}", import.meta.url) }});
export const evaluate = glue.evaluate;
export const link = glue.link;
"#
    )
}

/// Registers `sw.js` (same folder) where service workers are available; appended to the loader.
const SERVICE_WORKER_REGISTRATION: &str = r#"// Offline: cache this release (see sw.js). Not available on file:// or in some sandboxes.
if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
  navigator.serviceWorker.register("./sw.js").catch((e) => console.warn("ptcalc: offline cache unavailable:", e));
}
"#;

/// Moves every inline `<script …>…</script>` (one without `src`) of an HTML page into a file
/// `start-<hash>.js`; returns the new page and the files' names and contents.
fn externalize_inline_scripts(html: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(html.len());
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let Some(tag_end) = rest[open..].find('>').map(|i| open + i) else {
            break;
        };
        let Some(close) = rest[tag_end..].find("</script>").map(|i| tag_end + i) else {
            break;
        };
        let tag = &rest[open..=tag_end];
        let body = &rest[tag_end + 1..close];
        out.push_str(&rest[..open]);
        if tag.contains(" src=") || body.trim().is_empty() {
            out.push_str(&rest[open..close + "</script>".len()]);
        } else {
            let name = format!("start-{:016x}.js", fnv1a(body.as_bytes()));
            // Trunk minifies the release page: `type=module` may lose its quotes.
            let module = if ["type=module", "type=\"module\"", "type='module'"]
                .iter()
                .any(|t| tag.contains(t))
            {
                " type=\"module\""
            } else {
                ""
            };
            out.push_str(&format!("<script{module} src=\"./{name}\"></script>"));
            scripts.push((name, body.trim().to_owned()));
        }
        rest = &rest[close + "</script>".len()..];
    }
    out.push_str(rest);
    (out, scripts)
}

/// 64-bit FNV-1a: a stable content hash for file names and the cache version (not security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The page's own `.wasm` file (`ptcalc-web-<hash>_bg.wasm`) Trunk wrote into `dist`; the
/// tools' worker has its own.
fn wasm_module(dist: &Path) -> Result<PathBuf, Error> {
    let entries =
        fs::read_dir(dist).map_err(|e| Error::io(format!("reading {}", dist.display()), e))?;
    let mut modules = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| Error::io(format!("reading {}", dist.display()), e))?
            .path();
        let first = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("ptcalc-web-"));
        if first && path.extension().is_some_and(|e| e == "wasm") {
            modules.push(path);
        }
    }
    match <[PathBuf; 1]>::try_from(modules) {
        Ok([module]) => Ok(module),
        Err(modules) => Err(Error::Config {
            file: dist.to_owned(),
            detail: format!(
                "expected one ptcalc-web-<hash>_bg.wasm file after the build, found {}",
                modules.len()
            ),
        }),
    }
}

/// Compressed size, if `gzip` is available (size budget information only).
fn gzip_size(ws: &Workspace, file: &Path) -> Option<u64> {
    crate::size::gzip_bytes(ws, file).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bench_page_is_built_with_the_feature_into_its_own_folder() {
        let ws = Workspace::at(PathBuf::from("/w"));
        assert_eq!(Page::Release.trunk_args(&ws), ["build", "--release"]);
        assert_eq!(
            Page::Bench.trunk_args(&ws),
            [
                "build",
                "--release",
                "--features",
                "bench",
                "--dist",
                "/w/dist-bench"
            ]
        );
        assert_eq!(Page::Release.dist(&ws), PathBuf::from("/w/dist"));
    }

    #[test]
    fn inline_scripts_move_to_files_and_others_stay() {
        let html = "<head><script src=\"./a.js\"></script><script type=\"module\">\nimport init from './x.js';\nawait init();\n</script></head><body><script>  </script></body>";
        let (page, scripts) = externalize_inline_scripts(html);
        assert_eq!(scripts.len(), 1);
        let (name, body) = &scripts[0];
        assert!(
            name.starts_with("start-") && name.ends_with(".js"),
            "{name}"
        );
        assert_eq!(body, "import init from './x.js';\nawait init();");
        assert_eq!(
            page,
            format!("<head><script src=\"./a.js\"></script><script type=\"module\" src=\"./{name}\"></script></head><body><script>  </script></body>")
        );
        // Minified markup keeps the module type.
        let (page, _) =
            externalize_inline_scripts("<script type=module>import x from './x.js';</script>");
        assert!(
            page.starts_with("<script type=\"module\" src=\"./start-"),
            "{page}"
        );
        // Same content, same name: a rebuild without changes keeps the cache.
        assert_eq!(externalize_inline_scripts(html).1[0].0, *name);
        let (_, other) = externalize_inline_scripts(&html.replace("init()", "init(1)"));
        assert_ne!(other[0].0, *name);
    }

    #[test]
    fn the_api_module_imports_the_hashed_glue_and_sets_the_library_flag_first() {
        let js = api_source("ptcalc-web-abc.js", "ptcalc-web-abc_bg.wasm");
        let flag = js.find("globalThis.__ptcalcLibrary = true;").expect("flag");
        let import = js
            .find("await import(\"./ptcalc-web-abc.js\")")
            .expect("import");
        assert!(flag < import, "{js}");
        assert!(
            js.contains("new URL(\"./ptcalc-web-abc_bg.wasm\", import.meta.url)"),
            "{js}"
        );
        assert!(js.contains("export const evaluate = glue.evaluate;"));
        assert!(js.contains("export const link = glue.link;"));
    }

    #[test]
    fn a_minified_module_loader_stays_a_module() {
        let (page, scripts) =
            externalize_inline_scripts("<script type=module>import x from './x.js';</script>");
        assert_eq!(scripts.len(), 1);
        assert!(page.contains("<script type=\"module\" src="), "{page}");
    }

    #[test]
    fn the_worker_loader_is_named_in_the_head_and_loads_the_hashed_files() {
        let page = name_worker_loader(
            "<html><head><title>t</title></head><body></body></html>",
            "ptcalc-worker-ab_loader.js",
        );
        assert_eq!(
            page,
            "<html><head><title>t</title><meta name=\"ptcalc-worker\" content=\"./ptcalc-worker-ab_loader.js\"></head><body></body></html>"
        );
        let loader = worker_loader("ptcalc-worker-ab");
        assert!(
            loader.starts_with("importScripts(\"./ptcalc-worker-ab.js\");"),
            "{loader}"
        );
        assert!(
            loader.contains("module_or_path: \"./ptcalc-worker-ab_bg.wasm\""),
            "{loader}"
        );
    }

    #[test]
    fn the_worker_files_get_hashed_names_and_the_first_module_stays_the_only_one() {
        let dir = crate::tempdir::TempDir::new("ptcalc-site-test").expect("temp dir");
        let dist = dir.path();
        for (name, text) in [
            ("ptcalc-worker.js", "glue"),
            ("ptcalc-worker_bg.wasm", "wasm"),
            ("ptcalc-worker_loader.js", "trunk's"),
            ("ptcalc-web-1f_bg.wasm", "page"),
        ] {
            fs::write(dist.join(name), text).expect("write");
        }
        let loader = hash_worker(dist).expect("hashes").expect("a worker");
        let base = loader.trim_end_matches("_loader.js");
        assert!(
            base.starts_with("ptcalc-worker-") && base.len() == "ptcalc-worker-".len() + 16,
            "{base}"
        );
        assert!(dist.join(format!("{base}.js")).is_file());
        assert!(dist.join(format!("{base}_bg.wasm")).is_file());
        assert!(!dist.join("ptcalc-worker_loader.js").exists());
        assert_eq!(
            fs::read_to_string(dist.join(&loader)).expect("loader"),
            worker_loader(base)
        );
        assert_eq!(
            wasm_module(dist)
                .expect("one")
                .file_name()
                .map(|n| n.to_string_lossy().into_owned()),
            Some("ptcalc-web-1f_bg.wasm".into())
        );
        // A build without a worker is left as it is.
        let none = crate::tempdir::TempDir::new("ptcalc-site-test").expect("temp dir");
        assert_eq!(hash_worker(none.path()).expect("nothing"), None);
    }

    #[test]
    fn fnv1a_known_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
