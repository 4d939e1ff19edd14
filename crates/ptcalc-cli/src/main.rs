//! `ptcalc`: evaluate a scenario link, compare its workload across offerings, list and check
//! the bundled rate cards, draw charts.
//! Bad input prints one line naming the argument and what is allowed, and exits 2.
mod args;
mod chart;
mod compare;
mod context;
mod error;
mod eval;
mod png;
mod portfolio;
mod ratecards;
mod usage;

use std::io::Write;
use std::process::ExitCode;

use args::Command;
use clap::error::ErrorKind;
use context::Context;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let cli = match args::parse_all(&argv) {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            return emit(&e.render().to_string(), ExitCode::SUCCESS);
        }
        Err(e) => return fail(&args::one_line(&e, &argv)),
    };
    let Some(command) = cli.command else {
        return emit(&args::help(), ExitCode::SUCCESS);
    };
    let ctx = match Context::new(cli.ratecards.as_deref(), cli.today) {
        Ok(ctx) => ctx,
        Err(e) => return fail(&e.to_string()),
    };
    match command {
        Command::Eval {
            link,
            format,
            usage: file,
            series,
            peak_factor,
        } => {
            let link = link.as_deref().unwrap_or("");
            let out = match file {
                Some(file) => {
                    usage::run_eval(&ctx, link, &file, series.as_deref(), peak_factor, format)
                }
                None => eval::run(&ctx, link, format),
            };
            print_or_fail(out)
        }
        Command::Portfolio {
            links,
            format,
            usage: file,
            series,
            peak_factor,
        } => print_or_fail(match file {
            Some(file) => {
                usage::run_portfolio(&ctx, &links, &file, series.as_deref(), peak_factor, format)
            }
            None => portfolio::run(&ctx, &links, format),
        }),
        Command::Compare {
            link,
            offerings,
            all,
            format,
        } => {
            let pick = match (all, offerings.as_deref()) {
                (true, _) => compare::Pick::All,
                (false, Some(list)) => compare::Pick::Offerings(list),
                (false, None) => compare::Pick::FromLink,
            };
            print_or_fail(compare::run(
                &ctx,
                link.as_deref().unwrap_or(""),
                pick,
                format,
            ))
        }
        Command::Usage {
            file,
            series,
            peak_factor,
            format,
        } => print_or_fail(usage::run_describe(
            &file,
            series.as_deref(),
            peak_factor,
            format,
        )),
        Command::Ratecards {
            format,
            compare: Some(file),
            ..
        } => print_or_fail(ratecards::run_compare(&ctx, &file, format)),
        Command::Ratecards { format, check, .. } => {
            let (out, ok) = ratecards::run(&ctx, format, check);
            emit(
                &out,
                if ok {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                },
            )
        }
        Command::Chart {
            kind,
            link,
            out,
            format,
            scale,
            width,
            height,
            dark,
        } => {
            let request = chart::ChartRequest {
                kind: kind.0,
                link: link.as_deref().unwrap_or(""),
                out: &out,
                format,
                scale,
                size: (width, height),
                dark,
            };
            match chart::run(&ctx, &request) {
                Ok(note) => {
                    eprint!("{note}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e.to_string()),
            }
        }
    }
}

fn print_or_fail(out: Result<String, error::CliError>) -> ExitCode {
    match out {
        Ok(out) => emit(&out, ExitCode::SUCCESS),
        Err(e) => fail(&e.to_string()),
    }
}

/// Writes `out` to standard output and returns `code`. A reader that went away
/// (`ptcalc ratecards --check | head -1`) ends the output quietly, as `cat` does; `print!`
/// would panic on the broken pipe. Any other write error is reported (exit 2).
fn emit(out: &str, code: ExitCode) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => fail(&format!("cannot write the output: {e}")),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("ptcalc: {message}");
    ExitCode::from(2)
}
