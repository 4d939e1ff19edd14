//! The fuzz step of `cargo xtask test`: every libFuzzer target of `crates/ptcalc-fuzz` runs
//! briefly over its committed seeds, so a change that breaks an input path (a panic, a NaN in
//! a report, a link that no longer round-trips) fails CI. libFuzzer needs a nightly
//! toolchain; where there is none the step says so and passes (README, Hardening).

use crate::error::Error;
use crate::process::{output, probe, run};
use crate::tempdir::TempDir;
use crate::workspace::Workspace;

/// The fuzz crate, relative to the workspace root (where xtask's commands run).
const FUZZ_DIR: &str = "crates/ptcalc-fuzz";

/// The cargo-fuzz release installed when missing (`cargo install --locked`, about a minute).
const CARGO_FUZZ: &str = "0.13.2";

/// Per target: at most this many executions, seeds included…
const RUNS: &str = "-runs=3000";
/// …and at most this many seconds (the report target evaluates a whole month per input).
const MAX_SECONDS: &str = "-max_total_time=5";
/// The same mutations on every run: CI fails for a change, not for luck (with a random
/// seed, one CI run found an old crash that the runs before had missed). Longer, random
/// runs: `run.sh`.
const SEED: &str = "-seed=1";

/// Runs the step; the outcome line names what ran, or why nothing did.
pub fn run_targets(ws: &Workspace) -> Result<String, Error> {
    let nightly = || {
        let mut command = ws.command("cargo");
        command.arg("+nightly");
        command
    };
    if probe(nightly().arg("--version")).is_none() {
        return Ok(
            "skipped: no nightly toolchain (`rustup toolchain list`); libFuzzer needs one".into(),
        );
    }
    if probe(nightly().args(["fuzz", "--version"])).is_none() {
        run(ws.command("cargo").args([
            "install",
            "cargo-fuzz",
            "--locked",
            "--version",
            CARGO_FUZZ,
        ]))
        .map_err(|e| Error::Install {
            tool: format!("cargo-fuzz {CARGO_FUZZ}"),
            detail: e.to_string(),
        })?;
    }
    run(nightly().args(["fuzz", "build", "--fuzz-dir", FUZZ_DIR]))?;
    let listed = output(nightly().args(["fuzz", "list", "--fuzz-dir", FUZZ_DIR]))?;
    let targets: Vec<&str> = listed
        .lines()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    for target in &targets {
        // New inputs go to a scratch corpus; the committed seeds are only read.
        let scratch = TempDir::new(&format!("fuzz-{target}"))?;
        let seeds = format!("{FUZZ_DIR}/seeds/{target}");
        run(nightly()
            .args(["fuzz", "run", "--fuzz-dir", FUZZ_DIR, target])
            .arg(scratch.path())
            .args([seeds.as_str(), "--", RUNS, MAX_SECONDS, SEED]))?;
    }
    Ok(format!(
        "{} targets over their committed seeds ({RUNS}, {MAX_SECONDS}, {SEED} each)",
        targets.len()
    ))
}
