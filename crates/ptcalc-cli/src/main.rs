//! `ptcalc`: evaluate a scenario link, list and check the bundled rate cards, draw charts.
//! Bad input prints one line naming the argument and what is allowed, and exits 2.
mod args;
mod chart;
mod eval;
mod ratecards;

use std::process::ExitCode;

use args::{Command, UsageError};

const HELP: &str = "ptcalc — reserve LLM capacity or pay per token?

Usage:
  ptcalc eval [LINK-OR-QUERY] [--format text|json|md]
      Evaluate a page link (https://…/?v=1&o=azure/gpt-4.1&…), a query (v=1&…)
      or, with no argument, the default scenario.
  ptcalc ratecards [--format text|json] [--check]
      List the bundled offerings with sources and dates; --check validates them
      and prints the warnings.
  ptcalc chart KIND [LINK-OR-QUERY] --out FILE.svg [--width PX] [--height PX] [--dark]
      Draw one chart as SVG: breakeven, hybrid, load, traffic or terms.
  ptcalc --help | --version
";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv) {
        Ok(Command::Help) => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("ptcalc {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Eval { link, format }) => {
            match eval::run(link.as_deref().unwrap_or(""), format) {
                Ok(out) => {
                    print!("{out}");
                    ExitCode::SUCCESS
                }
                Err(message) => fail(&message),
            }
        }
        Ok(Command::Ratecards { format, check }) => {
            let (out, ok) = ratecards::run(format, check);
            print!("{out}");
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Ok(Command::Chart {
            kind,
            link,
            out,
            width,
            height,
            dark,
        }) => {
            match chart::run(
                &kind,
                link.as_deref().unwrap_or(""),
                &out,
                (width, height),
                dark,
            ) {
                Ok(note) => {
                    eprint!("{note}");
                    ExitCode::SUCCESS
                }
                Err(message) => fail(&message),
            }
        }
        Err(UsageError(message)) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("ptcalc: {message}");
    ExitCode::from(2)
}
