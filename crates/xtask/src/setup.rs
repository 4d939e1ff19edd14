//! `cargo xtask setup`: install whatever is missing, skip what is present at the right version.

use std::fs;
use std::path::Path;

use crate::error::Error;
use crate::process::{probe, run};
use crate::steps::Steps;
use crate::versions::{self, locked_version, toml_file_string};
use crate::workspace::Workspace;

/// Targets beyond the host: the web page, and a bare-metal target proving ptcalc-core is no_std.
const RUST_TARGETS: [&str; 2] = ["wasm32-unknown-unknown", "thumbv7em-none-eabihf"];

/// Browser used by the end-to-end tests (`playwright-core` cannot download one here).
const CHROMIUM: &str = "/usr/bin/chromium";
const APT_PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-dejavu-core"];

/// playwright-core 1.65 needs Node.js 20 or newer.
const NODE_MIN_MAJOR: u32 = 20;

/// Written into node_modules after `npm ci`: a copy of the package-lock.json it installed.
const NPM_STAMP: &str = "node_modules/.xtask-package-lock.json";

/// Runs every setup step.
pub fn run_all(ws: &Workspace, steps: &mut Steps) -> Result<(), Error> {
    steps.run("setup: rust targets and components", || rust_toolchain(ws))?;
    steps.run("setup: trunk", || trunk(ws))?;
    steps.run("setup: wasm-bindgen-cli", || wasm_bindgen(ws))?;
    steps.run("setup: chromium", || chromium(ws))?;
    steps.run("setup: npm packages of tests/e2e", || npm_packages(ws))
}

fn rust_toolchain(ws: &Workspace) -> Result<String, Error> {
    let installed = probe(ws.command("rustup").args(["target", "list", "--installed"]))
        .ok_or_else(|| Error::Install {
            tool: "rust targets".into(),
            detail: format!(
                "`rustup` is not available; install the targets {} by other means",
                RUST_TARGETS.join(", ")
            ),
        })?;
    let missing: Vec<&str> = RUST_TARGETS
        .into_iter()
        .filter(|target| !installed.lines().any(|line| line.trim() == *target))
        .collect();
    let mut done = Vec::new();
    if !missing.is_empty() {
        run(ws.command("rustup").args(["target", "add"]).args(&missing))?;
        done.push(format!("added {}", missing.join(", ")));
    }

    let has = |subcommand: &str| probe(ws.cargo().args([subcommand, "--version"])).is_some();
    let components: Vec<&str> = [("fmt", "rustfmt"), ("clippy", "clippy")]
        .into_iter()
        .filter(|(subcommand, _)| !has(subcommand))
        .map(|(_, component)| component)
        .collect();
    if !components.is_empty() {
        run(ws
            .command("rustup")
            .args(["component", "add"])
            .args(&components))?;
        done.push(format!("added {}", components.join(", ")));
    }
    Ok(if done.is_empty() {
        format!(
            "already installed: {}, rustfmt, clippy",
            RUST_TARGETS.join(", ")
        )
    } else {
        done.join("; ")
    })
}

fn trunk(ws: &Workspace) -> Result<String, Error> {
    // NO_COLOR=1 makes trunk 0.21 reject its own command line (trunk#1065).
    let version = || probe(ws.command("trunk").env_remove("NO_COLOR").arg("--version"));
    cargo_install(ws, "trunk", versions::TRUNK, version, |cmd| {
        cmd.args(["install", "trunk", "--version", versions::TRUNK, "--locked"]);
    })
}

fn wasm_bindgen(ws: &Workspace) -> Result<String, Error> {
    let lock_path = ws.cargo_lock();
    if !lock_path.exists() {
        run(ws.cargo().arg("generate-lockfile"))?;
    }
    let wanted = locked_version(ws, versions::WASM_BINDGEN_CRATE)?;
    check_trunk_pin(ws, &wanted)?;

    let version = || probe(ws.command("wasm-bindgen").arg("--version"));
    cargo_install(ws, "wasm-bindgen-cli", &wanted, version, |cmd| {
        // No `--locked`: its lockfile pins a webpki-roots release the registry here lacks.
        cmd.args(["install", "wasm-bindgen-cli", "--version", &wanted]);
    })
}

/// Trunk.toml's `[tools] wasm_bindgen`, if set, must agree with Cargo.lock.
fn check_trunk_pin(ws: &Workspace, locked: &str) -> Result<(), Error> {
    let path = ws.trunk_toml();
    match toml_file_string(&path, "tools", "wasm_bindgen")? {
        Some(pinned) if pinned != locked => Err(Error::Config {
            file: path,
            detail: format!(
                "[tools] wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen {locked}; \
                 make them equal (and the `=` pin in crates/ptcalc-web/Cargo.toml)"
            ),
        }),
        _ => Ok(()),
    }
}

/// Installs `package` with cargo unless `version()` (`<name> <version>`) already reports `wanted`.
fn cargo_install(
    ws: &Workspace,
    package: &str,
    wanted: &str,
    version: impl Fn() -> Option<String>,
    install_args: impl FnOnce(&mut std::process::Command),
) -> Result<String, Error> {
    let reported = |output: &Option<String>| {
        output
            .as_deref()
            .and_then(|line| line.split_whitespace().nth(1))
            .map(str::to_owned)
    };
    let before = reported(&version());
    if before.as_deref() == Some(wanted) {
        return Ok(format!("already installed: {package} {wanted}"));
    }
    if let Some(other) = &before {
        println!("found {package} {other}, need {wanted}");
    }
    let mut command = ws.cargo();
    install_args(&mut command);
    if before.is_some() {
        command.arg("--force");
    }
    run(&mut command).map_err(|e| Error::Install {
        tool: format!("{package} {wanted}"),
        detail: e.to_string(),
    })?;
    match reported(&version()) {
        Some(after) if after == wanted => Ok(format!("installed {package} {wanted}")),
        after => Err(Error::Install {
            tool: format!("{package} {wanted}"),
            detail: format!(
                "after installing, the first on PATH reports {}; is another one earlier on PATH?",
                after.as_deref().unwrap_or("nothing")
            ),
        }),
    }
}

fn chromium(ws: &Workspace) -> Result<String, Error> {
    if Path::new(CHROMIUM).exists() {
        let version = probe(ws.command(CHROMIUM).arg("--version"));
        return Ok(format!(
            "already installed: {}",
            version.as_deref().unwrap_or(CHROMIUM)
        ));
    }
    let apt = |args: &[&str]| {
        let mut command = if is_root(ws) {
            ws.command("apt-get")
        } else {
            let mut sudo = ws.command("sudo");
            sudo.args(["-n", "apt-get"]);
            sudo
        };
        command.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        run(&mut command)
    };
    let install: Vec<&str> = ["install", "-y"].into_iter().chain(APT_PACKAGES).collect();
    if apt(&install).is_err() {
        println!("apt-get install failed; updating the package lists and retrying");
        apt(&["update"])
            .and_then(|()| apt(&install))
            .map_err(|e| Error::Install {
                tool: APT_PACKAGES.join(" "),
                detail: format!("{e} (needs root or password-less sudo, and the Debian archive)"),
            })?;
    }
    if Path::new(CHROMIUM).exists() {
        Ok(format!("installed {}", APT_PACKAGES.join(" ")))
    } else {
        Err(Error::Install {
            tool: "chromium".into(),
            detail: format!("apt-get succeeded but {CHROMIUM} does not exist"),
        })
    }
}

fn is_root(ws: &Workspace) -> bool {
    probe(ws.command("id").arg("-u")).as_deref() == Some("0")
}

fn npm_packages(ws: &Workspace) -> Result<String, Error> {
    let node = probe(ws.command("node").arg("--version")).ok_or_else(|| Error::Install {
        tool: "Node.js".into(),
        detail: format!("`node` is not on PATH; install Node.js {NODE_MIN_MAJOR} or newer"),
    })?;
    let major = node
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse::<u32>().ok());
    if major.is_none_or(|major| major < NODE_MIN_MAJOR) {
        return Err(Error::Install {
            tool: "Node.js".into(),
            detail: format!("found {node}, playwright-core needs {NODE_MIN_MAJOR} or newer"),
        });
    }

    let e2e = ws.e2e();
    let lock_path = e2e.join("package-lock.json");
    let lock = versions::read(&lock_path)?;
    let stamp_path = e2e.join(NPM_STAMP);
    let up_to_date = fs::read_to_string(&stamp_path).is_ok_and(|stamp| stamp == lock)
        && ws.npm_bin().join("wasm-opt").exists();

    let outcome = if up_to_date {
        "already installed (node_modules matches package-lock.json)"
    } else {
        run(ws
            .command("npm")
            .current_dir(&e2e)
            .args(["ci", "--no-audit", "--no-fund"]))
        .map_err(|e| Error::Install {
            tool: "npm packages of tests/e2e".into(),
            detail: e.to_string(),
        })?;
        fs::write(&stamp_path, &lock)
            .map_err(|e| Error::io(format!("writing {}", stamp_path.display()), e))?;
        "installed with npm ci"
    };

    // Trunk only accepts the wasm-opt named in Trunk.toml; check the one npm provided.
    let trunk_toml = ws.trunk_toml();
    let wanted = toml_file_string(&trunk_toml, "tools", "wasm_opt")?;
    let wasm_opt = ws.npm_bin().join("wasm-opt");
    let found = probe(ws.command(&wasm_opt).arg("--version")).unwrap_or_default();
    if let Some(wanted) = wanted {
        if !found.contains(&format!("({wanted})")) {
            return Err(Error::Install {
                tool: format!("wasm-opt {wanted}"),
                detail: format!(
                    "{} reports `{found}`; Trunk.toml [tools] wasm_opt and the binaryen version in \
                     tests/e2e/package.json must agree",
                    wasm_opt.display()
                ),
            });
        }
    }
    Ok(format!("{outcome}; node {node}; {found}"))
}
