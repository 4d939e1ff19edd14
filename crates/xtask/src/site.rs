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

/// `trunk build --release` into `dist/`; reports the size of the WebAssembly module.
pub fn build_release(ws: &Workspace) -> Result<String, Error> {
    // NO_COLOR=1 makes trunk 0.21 reject its own command line (trunk#1065). The workspace PATH
    // puts binaryen 132's wasm-opt (tests/e2e/node_modules/.bin) before Debian's broken one.
    run(ws
        .command("trunk")
        .env_remove("NO_COLOR")
        .args(["build", "--release"]))?;
    let wasm = wasm_module(&ws.dist())?;
    let raw = fs::metadata(&wasm)
        .map_err(|e| Error::io(format!("reading {}", wasm.display()), e))?
        .len();
    let gzip = gzip_size(ws, &wasm).map_or_else(String::new, |n| format!(", {n} B gzip -9"));
    let name = wasm
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    Ok(format!("dist/{name}: {raw} B{gzip}"))
}

/// The single `.wasm` file Trunk wrote into `dist`.
fn wasm_module(dist: &Path) -> Result<PathBuf, Error> {
    let entries =
        fs::read_dir(dist).map_err(|e| Error::io(format!("reading {}", dist.display()), e))?;
    let mut modules = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| Error::io(format!("reading {}", dist.display()), e))?
            .path();
        if path.extension().is_some_and(|e| e == "wasm") {
            modules.push(path);
        }
    }
    match <[PathBuf; 1]>::try_from(modules) {
        Ok([module]) => Ok(module),
        Err(modules) => Err(Error::Config {
            file: dist.to_owned(),
            detail: format!(
                "expected one .wasm file after the build, found {}",
                modules.len()
            ),
        }),
    }
}

/// Compressed size, if `gzip` is available (size budget information only).
fn gzip_size(ws: &Workspace, file: &Path) -> Option<usize> {
    let mut command = ws.command("gzip");
    command.args(["-9", "-c"]).arg(file);
    let output = command.output().ok()?;
    output.status.success().then_some(output.stdout.len())
}
