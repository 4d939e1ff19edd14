//! Where things are, and how child processes are started (working directory, `PATH`).

use std::env;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Error;

/// The repository checkout xtask operates on.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    /// `PATH` for child processes: the npm tools of tests/e2e (binaryen's `wasm-opt` must win over
    /// any system one), then cargo's bin directory (freshly installed trunk / wasm-bindgen), then
    /// the inherited `PATH`.
    path: OsString,
}

impl Workspace {
    /// The workspace that contains this crate (`crates/xtask` → two levels up).
    pub fn locate() -> Result<Self, Error> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir.join("../..").canonicalize().map_err(|e| {
            Error::io(
                format!("locating the workspace from {}", manifest_dir.display()),
                e,
            )
        })?;

        let mut dirs = vec![root.join("tests/e2e/node_modules/.bin")];
        dirs.extend(cargo_bin_dir());
        dirs.extend(env::var_os("PATH").iter().flat_map(env::split_paths));
        let path = env::join_paths(dirs)
            .map_err(|e| Error::Usage(format!("cannot build PATH for child processes: {e}")))?;
        Ok(Self { root, path })
    }

    /// A workspace rooted at `root` with the inherited `PATH` (for tests of paths and arguments).
    #[cfg(test)]
    pub fn at(root: PathBuf) -> Self {
        Self {
            root,
            path: env::var_os("PATH").unwrap_or_default(),
        }
    }

    pub fn cargo_lock(&self) -> PathBuf {
        self.root.join("Cargo.lock")
    }

    pub fn trunk_toml(&self) -> PathBuf {
        self.root.join("Trunk.toml")
    }

    /// Trunk's output directory (`[build] dist` in Trunk.toml).
    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// The bench build of the page (`cargo xtask build --bench`): the release page with the
    /// `bench` feature (the hidden benchmark and the performance measures).
    pub fn dist_bench(&self) -> PathBuf {
        self.root.join("dist-bench")
    }

    /// The committed size budget of the release page (`cargo xtask bench size --check`).
    pub fn size_budget(&self) -> PathBuf {
        self.root.join("crates/xtask/size-budget.toml")
    }

    /// The npm package with the end-to-end tests.
    pub fn e2e(&self) -> PathBuf {
        self.root.join("tests/e2e")
    }

    /// The `.bin` directory of the e2e npm package (binaryen's `wasm-opt`).
    pub fn npm_bin(&self) -> PathBuf {
        self.e2e().join("node_modules/.bin")
    }

    /// A command running in the workspace root with xtask's `PATH`.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.root).env("PATH", &self.path);
        command
    }

    /// `cargo` — the same one that runs xtask when started through `cargo xtask`.
    pub fn cargo(&self) -> Command {
        self.command(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
    }
}

/// `$CARGO_HOME/bin`, where `cargo install` puts binaries.
fn cargo_bin_dir() -> Option<PathBuf> {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))?;
    Some(home.join("bin"))
}
