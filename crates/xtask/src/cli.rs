//! Command-line parsing (no dependencies, so by hand).

use crate::error::Error;
use crate::site::Page;

/// Default port of `cargo xtask serve`.
pub const DEFAULT_PORT: u16 = 8080;

pub const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup            install what is missing: rust targets, trunk, wasm-bindgen-cli,
                   chromium (apt), the npm packages of tests/e2e
  serve [--port N] [--bench]
                   setup, release build of the web page, serve dist/ on
                   http://127.0.0.1:8080/ (or port N); with --bench the bench build
                   (the `bench` feature: ?bench= and the performance measures that
                   tests/e2e/bench.mjs reads) into dist-bench/, served instead
  build [--bench]  setup, release build of the web page into dist/ (with --bench:
                   the bench build into dist-bench/)
  cards            write crates/ptcalc-ratecards/data/bundled.bin again: the compact
                   form of data/*.json that the catalog is built from (a test fails
                   when it is stale)
  e2e [NAME..]     the browser end-to-end tests against the dist/ already built
                   (only tests/e2e/NAME.test.mjs when names are given)
  test             setup, then fmt, clippy, tests, no_std builds, release build of the
                   web page and the browser end-to-end tests; stops at the first failure
  bench [ARGS..]   cargo bench -p ptcalc-core [ARGS..], then the page's size (gzip -9
                   of every file of dist/, from `build`) against the 250 KB budget
  bench size [--check]
                   only the page's size table; with --check, fail when the first
                   module or the first load is past crates/xtask/size-budget.toml
  help             this text";

/// A parsed `cargo xtask` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Setup,
    Serve { port: u16, page: Page },
    Test,
    Build { page: Page },
    Cards,
    E2e { only: Vec<String> },
    Bench { args: Vec<String> },
    Help,
}

/// Parses the arguments after `cargo xtask`.
pub fn parse<I>(args: I) -> Result<Command, Error>
where
    I: IntoIterator<Item = String>,
{
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        return Ok(Command::Help);
    };
    let rest: Vec<String> = args.collect();
    match command.as_str() {
        "setup" => no_arguments(&command, &rest).map(|()| Command::Setup),
        "test" => no_arguments(&command, &rest).map(|()| Command::Test),
        "cards" => no_arguments(&command, &rest).map(|()| Command::Cards),
        "build" => match rest.as_slice() {
            [] => Ok(Command::Build {
                page: Page::Release,
            }),
            [flag] if flag == "--bench" => Ok(Command::Build { page: Page::Bench }),
            [extra, ..] => Err(Error::Usage(format!(
                "`build` takes only `--bench` (got `{extra}`)"
            ))),
        },
        "e2e" => Ok(Command::E2e { only: rest }),
        "serve" => parse_serve(&rest),
        "bench" => Ok(Command::Bench { args: rest }),
        "help" | "-h" | "--help" => Ok(Command::Help),
        other => Err(Error::Usage(format!("unknown command `{other}`"))),
    }
}

fn no_arguments(command: &str, rest: &[String]) -> Result<(), Error> {
    match rest.first() {
        None => Ok(()),
        Some(extra) => Err(Error::Usage(format!(
            "`{command}` takes no arguments (got `{extra}`)"
        ))),
    }
}

fn parse_serve(rest: &[String]) -> Result<Command, Error> {
    let mut port = DEFAULT_PORT;
    let mut page = Page::Release;
    let mut iter = rest.iter();
    while let Some(arg) = iter.next() {
        if arg == "--bench" {
            page = Page::Bench;
            continue;
        }
        let value = if let Some(value) = arg.strip_prefix("--port=") {
            value
        } else if arg == "--port" || arg == "-p" {
            iter.next()
                .ok_or_else(|| Error::Usage("`--port` needs a value".into()))?
        } else {
            return Err(Error::Usage(format!("`serve`: unknown argument `{arg}`")));
        };
        port = value
            .parse()
            .map_err(|_| Error::Usage(format!("`--port`: `{value}` is not a port number")))?;
    }
    Ok(Command::Serve { port, page })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, Error> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn commands() {
        assert!(matches!(parse_strs(&[]), Ok(Command::Help)));
        assert!(matches!(parse_strs(&["setup"]), Ok(Command::Setup)));
        assert!(matches!(parse_strs(&["test"]), Ok(Command::Test)));
        assert!(matches!(parse_strs(&["test", "x"]), Err(Error::Usage(_))));
        assert_eq!(parse_strs(&["cards"]).unwrap(), Command::Cards);
        assert!(matches!(parse_strs(&["cards", "x"]), Err(Error::Usage(_))));
        assert_eq!(
            parse_strs(&["build"]).unwrap(),
            Command::Build {
                page: Page::Release
            }
        );
        assert_eq!(
            parse_strs(&["build", "--bench"]).unwrap(),
            Command::Build { page: Page::Bench }
        );
        assert!(matches!(
            parse_strs(&["build", "--release"]),
            Err(Error::Usage(_))
        ));
        assert_eq!(parse_strs(&["e2e"]).unwrap(), Command::E2e { only: vec![] });
        assert_eq!(
            parse_strs(&["e2e", "embed"]).unwrap(),
            Command::E2e {
                only: vec!["embed".into()]
            }
        );
        assert!(matches!(parse_strs(&["frobnicate"]), Err(Error::Usage(_))));
        assert!(matches!(
            parse_strs(&["bench", "--", "--quick"]),
            Ok(Command::Bench { args }) if args == ["--", "--quick"]
        ));
    }

    #[test]
    fn serve_port() {
        assert!(matches!(
            parse_strs(&["serve"]),
            Ok(Command::Serve {
                port: DEFAULT_PORT,
                page: Page::Release
            })
        ));
        assert!(matches!(
            parse_strs(&["serve", "--port", "9000"]),
            Ok(Command::Serve {
                port: 9000,
                page: Page::Release
            })
        ));
        assert!(matches!(
            parse_strs(&["serve", "--port=9001"]),
            Ok(Command::Serve {
                port: 9001,
                page: Page::Release
            })
        ));
        assert!(matches!(
            parse_strs(&["serve", "--bench", "--port", "9002"]),
            Ok(Command::Serve {
                port: 9002,
                page: Page::Bench
            })
        ));
        assert!(matches!(
            parse_strs(&["serve", "--port"]),
            Err(Error::Usage(_))
        ));
        assert!(matches!(
            parse_strs(&["serve", "--port", "http"]),
            Err(Error::Usage(_))
        ));
        assert!(matches!(
            parse_strs(&["serve", "--port", "70000"]),
            Err(Error::Usage(_))
        ));
    }
}
