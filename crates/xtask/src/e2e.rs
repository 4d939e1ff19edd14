//! End-to-end tests: the release `dist/` in real Chromium, served from a sub-folder and embedded
//! in an iframe, as a static host would.

use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::process::run;
use crate::server::{Log, Server};
use crate::tempdir::{copy_tree, TempDir};
use crate::workspace::Workspace;

/// Where the page lives inside the temporary site (relative URLs must work there).
const SUB_FOLDER: &str = "sub/ptcalc";

/// Where the example host page (`web/embed-example.html`) lives: another folder of the same
/// site, so it reaches the calculator at `../ptcalc/`.
const EXAMPLE_FOLDER: &str = "sub/docs";

/// A second copy of the page whose `ratecards.json` is the sample organization's card
/// (`tests/data/org-ratecard.json`), as a team hosting the page internally would serve it.
const ORG_FOLDER: &str = "org/ptcalc";

/// The example host page and the scripts it loads, copied from `web/`.
const EXAMPLE_FILES: [&str; 3] = ["embed-example.html", "embed-host.js", "embed-api.js"];

/// A host page embedding the calculator, at the site root.
const EMBED_HTML: &str = r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>ptcalc embedded</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <h1>A page embedding ptcalc</h1>
    <iframe id="ptcalc-frame" src="sub/ptcalc/?v=1" width="800" height="600" title="ptcalc"></iframe>
  </body>
</html>
"#;

/// Copies `dist/` to `<tmp>/site/sub/ptcalc/` (and, with the sample organization's card as
/// its `ratecards.json`, to `<tmp>/site/org/ptcalc/`), writes `<tmp>/site/embed.html`, serves `<tmp>/site`
/// on a free loopback port and runs `node --test tests/e2e/*.test.mjs` against it.
pub fn run_tests(ws: &Workspace, only: &[String]) -> Result<String, Error> {
    let dist = ws.dist();
    if !dist.join("index.html").is_file() {
        return Err(Error::Config {
            file: dist,
            detail: "no index.html; build the page first (`trunk build --release`)".into(),
        });
    }
    let temp = TempDir::new("e2e")?;
    let site = temp.path().join("site");
    copy_tree(&dist, &site.join(SUB_FOLDER))?;
    let org = site.join(ORG_FOLDER);
    copy_tree(&dist, &org)?;
    let card = ws
        .cargo_lock()
        .with_file_name("tests/data/org-ratecard.json");
    fs::copy(&card, org.join("ratecards.json"))
        .map_err(|e| Error::io(format!("copying {}", card.display()), e))?;
    let embed = site.join("embed.html");
    fs::write(&embed, EMBED_HTML)
        .map_err(|e| Error::io(format!("writing {}", embed.display()), e))?;

    let docs = site.join(EXAMPLE_FOLDER);
    fs::create_dir_all(&docs).map_err(|e| Error::io(format!("creating {}", docs.display()), e))?;
    let web = ws.cargo_lock().with_file_name("web");
    for name in EXAMPLE_FILES {
        let from = web.join(name);
        if from.is_file() {
            fs::copy(&from, docs.join(name))
                .map_err(|e| Error::io(format!("copying {}", from.display()), e))?;
        }
    }

    // The CLI, for the test that the page's export is `ptcalc eval` byte for byte: the one
    // named by PTCALC_CLI, else the workspace's debug build (built here).
    let cli = match std::env::var_os("PTCALC_CLI") {
        Some(path) => PathBuf::from(path),
        None => {
            run(ws.cargo().args(["build", "-q", "-p", "ptcalc-cli"]))?;
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| ws.cargo_lock().with_file_name("target"))
                .join("debug")
                .join("ptcalc")
        }
    };

    let server = Server::start(&site, SocketAddr::from(([127, 0, 0, 1], 0)), Log::Failures)?;
    let origin = format!("http://{}", server.addr());
    println!("serving {} at {origin}/", site.display());
    run(ws
        .command("node")
        .arg("--test")
        .args(test_files(ws, only)?)
        .env("PTCALC_URL", format!("{origin}/{SUB_FOLDER}/"))
        .env("PTCALC_EMBED_URL", format!("{origin}/embed.html"))
        .env("PTCALC_ORG_URL", format!("{origin}/{ORG_FOLDER}/"))
        .env("PTCALC_CLI", &cli)
        .env(
            "PTCALC_EXAMPLE_URL",
            format!("{origin}/{EXAMPLE_FOLDER}/embed-example.html"),
        ))?;
    drop(server);
    drop(temp);
    Ok("ok".into())
}

/// `tests/e2e/*.test.mjs`, relative to the workspace root, sorted. Listed explicitly because
/// `node --test <directory>` is not understood by every Node.js version.
fn test_files(ws: &Workspace, only: &[String]) -> Result<Vec<PathBuf>, Error> {
    let dir = ws.e2e();
    let entries =
        fs::read_dir(&dir).map_err(|e| Error::io(format!("reading {}", dir.display()), e))?;
    let mut files = Vec::new();
    for entry in entries {
        let name = entry
            .map_err(|e| Error::io(format!("reading {}", dir.display()), e))?
            .file_name();
        let name_str = name.to_string_lossy();
        let wanted = only.is_empty()
            || only
                .iter()
                .any(|o| name_str.strip_suffix(".test.mjs") == Some(o.as_str()));
        if name_str.ends_with(".test.mjs") && wanted {
            files.push(Path::new("tests/e2e").join(name));
        }
    }
    if files.is_empty() {
        return Err(Error::Config {
            file: dir,
            detail: if only.is_empty() {
                "no *.test.mjs files".into()
            } else {
                format!("no test file named {}", only.join(", "))
            },
        });
    }
    files.sort();
    Ok(files)
}
