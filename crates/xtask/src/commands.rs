//! The `cargo xtask` subcommands other than `setup`.

use std::net::SocketAddr;

use crate::error::Error;
use crate::process::run;
use crate::server::{Log, Server};
use crate::site::Page;
use crate::steps::Steps;
use crate::workspace::Workspace;
use crate::{e2e, fuzz, setup, site, size};

/// The build step's name for `page`.
fn build_step(page: Page) -> &'static str {
    match page {
        Page::Release => "trunk build --release",
        Page::Bench => "trunk build --release --features bench (dist-bench/)",
    }
}

/// `cargo xtask serve [--bench]`: release build (or the bench build), then serve its folder
/// until interrupted.
pub fn serve(ws: &Workspace, steps: &mut Steps, port: u16, page: Page) -> Result<(), Error> {
    setup::run_all(ws, steps)?;
    steps.run("cargo fetch", || site::fetch(ws))?;
    steps.run(build_step(page), || site::build_release(ws, page))?;
    steps.finish();

    let dist = page.dist(ws);
    let server = Server::start(&dist, SocketAddr::from(([127, 0, 0, 1], port)), Log::All)?;
    println!(
        "\nServing {} at http://{}/ — press Ctrl-C to stop.",
        dist.display(),
        server.addr()
    );
    server.wait();
    Ok(())
}

/// `cargo xtask build [--bench]`: the release page in `dist/` (the bench build in
/// `dist-bench/`).
pub fn build(ws: &Workspace, steps: &mut Steps, page: Page) -> Result<(), Error> {
    setup::run_all(ws, steps)?;
    steps.run("cargo fetch", || site::fetch(ws))?;
    steps.run(build_step(page), || site::build_release(ws, page))
}

/// `cargo xtask test`: everything CI checks, in order, stopping at the first failure.
pub fn test(ws: &Workspace, steps: &mut Steps) -> Result<(), Error> {
    const NO_STD_TARGET: &str = "thumbv7em-none-eabihf";

    setup::run_all(ws, steps)?;
    let cargo = |args| cargo_step(ws, args);
    steps.run(
        "cargo fmt --check",
        cargo(&["fmt", "--all", "--", "--check"]),
    )?;
    // The no_std builds take seconds: they go first so a `std`-only call
    // (`f64::powf`, …) fails the run at once, not after the test suite.
    steps.run(
        "ptcalc-core no_std build (thumbv7em)",
        cargo(&[
            "build",
            "-p",
            "ptcalc-core",
            "--no-default-features",
            "--target",
            NO_STD_TARGET,
        ]),
    )?;
    steps.run(
        "ptcalc-core no_std + serde build (thumbv7em)",
        cargo(&[
            "build",
            "-p",
            "ptcalc-core",
            "--no-default-features",
            "--features",
            "serde",
            "--target",
            NO_STD_TARGET,
        ]),
    )?;
    steps.run(
        "cargo clippy (workspace, host)",
        cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    steps.run(
        "cargo clippy (ptcalc-web, wasm32)",
        cargo(&[
            "clippy",
            "-p",
            "ptcalc-web",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // The bench build's code (`?bench=`, the performance measures) is not in the release
    // page: checked here so it keeps compiling, without a second page build.
    steps.run(
        "cargo clippy (ptcalc-web, wasm32, bench feature)",
        cargo(&[
            "clippy",
            "-p",
            "ptcalc-web",
            "--features",
            "bench",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // No test reads the real clock: with the clock off, a CLI run without `--today` fails
    // at once, instead of on the day a dated price takes effect (README, Two commands).
    steps.run("cargo test --workspace (clock off)", || {
        run(ws
            .cargo()
            .env("PTCALC_NO_CLOCK", "1")
            .args(["test", "--workspace"]))?;
        Ok("ok".into())
    })?;
    steps.run("fuzz targets over their seeds (nightly)", || {
        fuzz::run_targets(ws)
    })?;
    steps.run("cargo fetch", || site::fetch(ws))?;
    steps.run(build_step(Page::Release), || {
        site::build_release(ws, Page::Release)
    })?;
    steps.run("page size against crates/xtask/size-budget.toml", || {
        size::check_dist(ws)
    })?;
    steps.run("end-to-end tests (chromium)", || e2e::run_tests(ws, &[]))
}

/// `cargo xtask cards`: writes `crates/ptcalc-ratecards/data/bundled.bin`, the compact form
/// of the bundled `data/*.json` that `ptcalc_ratecards::catalog()` is built from. The
/// staleness test writes it when `PTCALC_UPDATE_CARDS` is set (as `PTCALC_UPDATE_SCHEMA`
/// does for the JSON Schema), so the encoder is the one the test checks.
pub fn cards(ws: &Workspace) -> Result<String, Error> {
    const TEST: &str =
        "compact::tests::the_committed_bundled_bin_is_the_encoding_of_the_json_cards";
    run(ws.cargo().env("PTCALC_UPDATE_CARDS", "1").args([
        "test",
        "-p",
        "ptcalc-ratecards",
        "--lib",
        TEST,
        "--",
        "--exact",
    ]))?;
    Ok("crates/ptcalc-ratecards/data/bundled.bin written".into())
}

/// A step running `cargo ARGS` in the workspace.
fn cargo_step<'a>(
    ws: &'a Workspace,
    args: &'a [&'a str],
) -> impl FnOnce() -> Result<String, Error> + 'a {
    move || {
        run(ws.cargo().args(args))?;
        Ok("ok".into())
    }
}

/// `cargo xtask bench [ARGS..]`: `cargo bench -p ptcalc-core [ARGS..]`, then the page size
/// table of the `dist/` already built (a note if there is none). `cargo xtask bench size`:
/// the size table only, an error if `dist/` has no page; with `--check`, then an error if the
/// page is past its committed budget (`crates/xtask/size-budget.toml`).
pub fn bench(ws: &Workspace, args: &[String]) -> Result<(), Error> {
    if args == ["size"] || args == ["size", "--check"] {
        let files = size::measure(ws)?;
        print!("{}", size::table(&files));
        if args.len() == 2 {
            let budget = size::Budget::load(ws)?;
            let within = size::check(&files, &budget).map_err(|detail| Error::OverBudget {
                file: ws.size_budget(),
                detail,
            })?;
            println!("  within the committed budget: {within}");
        }
        return Ok(());
    }
    run(ws.cargo().args(["bench", "-p", "ptcalc-core"]).args(args))?;
    println!();
    match size::measure(ws) {
        Ok(files) => print!("{}", size::table(&files)),
        Err(e) => println!("Page size: not measured ({e})."),
    }
    Ok(())
}
