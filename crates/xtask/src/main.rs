//! `cargo xtask` — project automation for ptcalc (see `cargo xtask help`).
//!
//! The alias lives in `.cargo/config.toml`. `cargo xtask test` is what CI runs (`.ci/run`).

mod cli;
mod commands;
mod e2e;
mod error;
mod fuzz;
mod process;
mod server;
mod setup;
mod site;
mod size;
mod steps;
mod tempdir;
mod versions;
mod workspace;

use std::process::ExitCode;

use cli::Command;
use error::Error;
use steps::Steps;
use workspace::Workspace;

fn main() -> ExitCode {
    let command = match cli::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("error: {e}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    let mut steps = Steps::default();
    let result = execute(command, &mut steps);
    steps.finish();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: {e}");
            ExitCode::FAILURE
        }
    }
}

fn execute(command: Command, steps: &mut Steps) -> Result<(), Error> {
    if command == Command::Help {
        println!("{}", cli::USAGE);
        return Ok(());
    }
    let ws = Workspace::locate()?;
    match command {
        Command::Help => Ok(()),
        Command::Setup => setup::run_all(&ws, steps),
        Command::Serve { port, page } => commands::serve(&ws, steps, port, page),
        Command::Test => commands::test(&ws, steps),
        Command::Build { page } => commands::build(&ws, steps, page),
        Command::Cards => steps.run("data/bundled.bin from data/*.json", || commands::cards(&ws)),
        Command::E2e { only } => {
            steps.run("end-to-end tests (chromium)", || e2e::run_tests(&ws, &only))
        }
        Command::Bench { args } => commands::bench(&ws, &args),
    }
}
