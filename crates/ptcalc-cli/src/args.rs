//! Command-line arguments, described once with clap's derive: the parser, `--help` and the
//! usage errors all come from these types. A usage error is said in one line naming the
//! argument and what is allowed ([`one_line`]).
use clap::builder::PossibleValue;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use ptcalc_core::chart::ChartKind;
use ptcalc_core::verdict::{join_choices, join_words};
use ptcalc_ratecards::Date;

/// ptcalc — reserve LLM capacity or pay per token?
#[derive(Debug, Parser)]
#[command(name = "ptcalc", version)]
pub struct Cli {
    /// What to do (with none, this help).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// An organization's rate-card file (the bundled JSON format): its offerings are added,
    /// and replace bundled ones with the same id.
    #[arg(long, global = true, value_name = "FILE")]
    pub ratecards: Option<String>,
    /// The day taken as today for links without at= (default: the system clock, UTC).
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = day)]
    pub today: Option<Date>,
}

/// What to do.
#[derive(Clone, Debug, PartialEq, Subcommand)]
pub enum Command {
    /// Evaluate a page link (https://…/?v=1&o=azure/gpt-4.1&…), a query (v=1&…) or, with
    /// no argument, the default scenario.
    Eval {
        /// The page link or query; quote it so the shell keeps the & in it.
        #[arg(value_name = "LINK-OR-QUERY")]
        link: Option<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// A usage export (CSV or JSON, README "Real traffic"; `-` reads standard input):
        /// evaluate on its measured load and volume, and print the summary link.
        #[arg(long, value_name = "FILE")]
        usage: Option<String>,
        /// With --usage: the deployment or model to use, or all of them summed.
        #[arg(long, value_name = "NAME|all", requires = "usage")]
        series: Option<String>,
        /// With --usage: for hourly or daily data, the busiest minute of a bucket as a
        /// multiple of its mean, from 1 (spread evenly) to 60.
        #[arg(long, value_name = "X", default_value_t = 1.0, value_parser = peak_factor, requires = "usage")]
        peak_factor: f64,
    },
    /// Price several workloads together: each link is one workload (its name in `name=`),
    /// or a portfolio link holding several (`w=`, as the page writes it);
    /// workloads on the same model and deployment type share one pool of reserved capacity,
    /// and each pool's cost is split by use, in proportion to cost alone and by Shapley value.
    Portfolio {
        /// One page link or query per workload, or portfolio links; quote each so the shell
        /// keeps the & in it.
        #[arg(value_name = "LINK", required = true, num_args = 1..)]
        links: Vec<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Read a usage file (or - for standard input): each of its series becomes a
        /// workload named after it, on the one LINK's offering and deployment, summed minute
        /// by minute with the others.
        #[arg(long, value_name = "FILE")]
        usage: Option<String>,
        /// With --usage: the series to take, separated by commas, or all of them.
        #[arg(long, value_name = "all|NAME,...", requires = "usage")]
        series: Option<String>,
        /// With --usage: for hourly or daily data, the busiest minute of a bucket as a
        /// multiple of its mean, from 1 (spread evenly) to 60.
        #[arg(long, value_name = "X", default_value_t = 1.0, value_parser = peak_factor, requires = "usage")]
        peak_factor: f64,
    },
    /// Compare the link's workload across offerings: each at its best (on-demand, full or
    /// hybrid, on its cheapest term), ranked by monthly cost, with what each commitment
    /// locks you into.
    Compare {
        /// The page link or query (the default scenario without one); its cmp= names the
        /// offerings when neither --offerings nor --all does.
        #[arg(value_name = "LINK-OR-QUERY")]
        link: Option<String>,
        /// The offerings, separated by commas: ids (azure/gpt-4.1), an id with ~ and a
        /// deployment type (azure/gpt-4.1~datazone), a vendor (all of its offerings) or all.
        /// Default: the scenario's model wherever the rate cards sell it.
        #[arg(long, value_name = "ID,...", conflicts_with = "all")]
        offerings: Option<String>,
        /// Every offering of the rate cards.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// What a usage export holds: format, period, minutes, gaps, mean, peak, percentiles.
    Usage {
        /// The usage export (CSV or JSON; `-` reads standard input).
        #[arg(value_name = "FILE")]
        file: String,
        /// The deployment or model to describe, or all of them summed.
        #[arg(long, value_name = "NAME|all")]
        series: Option<String>,
        /// For hourly or daily data, the busiest minute of a bucket as a multiple of its
        /// mean, from 1 (spread evenly) to 60.
        #[arg(long, value_name = "X", default_value_t = 1.0, value_parser = peak_factor)]
        peak_factor: f64,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// List the bundled offerings with sources and dates.
    Ratecards {
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Validate the rate cards and print the warnings.
        #[arg(long)]
        check: bool,
        /// Compare every on-demand price and retirement day with a copy of LiteLLM's
        /// model_prices_and_context_window.json: ours, theirs, agree, explained or differs.
        #[arg(long, value_name = "FILE", conflicts_with = "check")]
        compare: Option<String>,
    },
    /// Draw one of the page's charts as an SVG or PNG file.
    Chart {
        /// Which chart.
        #[arg(value_name = "KIND")]
        kind: Kind,
        /// The page link or query (the default scenario without one).
        #[arg(value_name = "LINK-OR-QUERY")]
        link: Option<String>,
        /// The file to write, or an existing directory: then the file is named after the
        /// offering, term, date and chart (ptcalc-azure-gpt-4.1-1y-2026-11-27-hybrid.svg).
        #[arg(short, long, value_name = "FILE|DIR")]
        out: String,
        /// Image format (a FILE ending in .png also selects png).
        #[arg(short, long, value_enum)]
        format: Option<ImageFormat>,
        /// PNG pixels per chart pixel, from 1 to 4 (2 = sharp on slides).
        #[arg(long, value_name = "X", default_value_t = 2.0, value_parser = scale)]
        scale: f32,
        /// Width in pixels, from 240 to 4000.
        #[arg(long, value_name = "PX", default_value_t = 720, value_parser = pixels)]
        width: u32,
        /// Height in pixels, from 240 to 4000.
        #[arg(long, value_name = "PX", default_value_t = 420, value_parser = pixels)]
        height: u32,
        /// Dark theme.
        #[arg(long)]
        dark: bool,
    },
}

/// `eval` output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text tables.
    Text,
    /// The report as JSON (fields in the README).
    Json,
    /// A Markdown summary: verdict, key figures, units, sources with dates, the link.
    #[value(name = "md")]
    Markdown,
    /// CSV: one row per term and per provisioning point, units in the headers.
    Csv,
}

/// `chart` image formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImageFormat {
    /// Scalable vector graphics, as the page draws it.
    Svg,
    /// A bitmap of the same drawing (at --scale).
    Png,
}

impl ImageFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

/// `ratecards` output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One block per offering.
    Text,
    /// One JSON array.
    Json,
}

/// A chart kind as the command line spells it: the core's names (and aliases).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind(pub ChartKind);

const KINDS: [Kind; 5] = [
    Kind(ChartKind::BY_NAME[0]),
    Kind(ChartKind::BY_NAME[1]),
    Kind(ChartKind::BY_NAME[2]),
    Kind(ChartKind::BY_NAME[3]),
    Kind(ChartKind::BY_NAME[4]),
];

impl ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &KINDS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.0.as_str()).help(self.0.title());
        Some(match self.0 {
            ChartKind::BreakEven => value.alias("break-even"),
            ChartKind::LoadDuration => value.alias("load-duration"),
            _ => value,
        })
    }
}

fn day(text: &str) -> Result<Date, String> {
    text.parse::<Date>().map_err(|e| e.to_string())
}

fn peak_factor(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (1.0..=60.0).contains(&v) => Ok(v),
        _ => Err(String::from("use a number from 1 to 60")),
    }
}

fn scale(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(v) if (1.0..=4.0).contains(&v) => Ok(v),
        _ => Err(String::from("use a number from 1 to 4")),
    }
}

fn pixels(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(v) if (240..=4000).contains(&v) => Ok(v),
        _ => Err(String::from(
            "use a whole number of pixels from 240 to 4000",
        )),
    }
}

/// Parses the arguments after the program name. A `command` of `None` means: print the help.
///
/// # Errors
/// clap's error: help and version requests (printed as they are, exit 0) and usage
/// mistakes (said with [`one_line`], exit 2).
pub fn parse_all(argv: &[String]) -> Result<Cli, clap::Error> {
    let args = std::iter::once("ptcalc").chain(argv.iter().map(String::as_str));
    Cli::try_parse_from(args)
}

/// The command alone (see [`parse_all`]).
#[cfg(test)]
pub fn parse(argv: &[String]) -> Result<Option<Command>, clap::Error> {
    parse_all(argv).map(|cli| cli.command)
}

/// The help text, from the same description as the parser.
pub fn help() -> String {
    Cli::command().render_help().to_string()
}

fn text(value: Option<&ContextValue>) -> Option<String> {
    match value? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(" ")),
        _ => None,
    }
}

fn strings(value: Option<&ContextValue>) -> Vec<String> {
    match value {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// `--format <FORMAT>` → `--format`; `<KIND>` → `KIND`.
fn arg_name(arg: &str) -> String {
    match arg.split_once(' ') {
        Some((flag, _)) if flag.starts_with('-') => flag.to_string(),
        _ => arg.trim_matches(|c| c == '<' || c == '>').to_string(),
    }
}

/// The options of `subcommand` as `--format text|json`, `--check`, for "allowed are …".
fn options_of(subcommand: &str) -> String {
    let command = Cli::command();
    let Some(sub) = command.find_subcommand(subcommand) else {
        return String::new();
    };
    let options: Vec<String> = sub
        .get_arguments()
        .filter_map(|a| {
            let long = a.get_long()?;
            if long == "help" {
                return None;
            }
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let value = a
                .get_value_names()
                .and_then(|names| names.first())
                .map(|n| n.to_string());
            Some(
                match (a.get_action().takes_values(), values.is_empty(), value) {
                    (true, false, _) => format!("--{long} {}", values.join("|")),
                    (true, true, Some(name)) => format!("--{long} {name}"),
                    _ => format!("--{long}"),
                },
            )
        })
        .collect();
    let options: Vec<&str> = options.iter().map(String::as_str).collect();
    join_words(&options)
}

/// The help line of option `--long` of `subcommand`, lower-cased: "width in pixels, from 240 to 4000".
fn help_of(subcommand: &str, long: &str) -> Option<String> {
    let command = Cli::command();
    let help = command
        .find_subcommand(subcommand)?
        .get_arguments()
        .find(|a| a.get_long() == Some(long))?
        .get_help()?
        .to_string();
    let mut chars = help.trim_end_matches('.').chars();
    let first = chars.next()?;
    Some(first.to_lowercase().chain(chars).collect())
}

/// A usage mistake in one line naming the argument and what is allowed. `argv` is what
/// was parsed (its first word names the command the mistake is in).
pub fn one_line(e: &clap::Error, argv: &[String]) -> String {
    // The command is the first word that is neither an option nor a global option's value.
    let mut words = argv.iter().map(String::as_str);
    let mut subcommand = "";
    while let Some(word) = words.next() {
        match word {
            "--ratecards" | "--today" => {
                words.next();
            }
            w if w.starts_with('-') => {}
            w => {
                subcommand = w;
                break;
            }
        }
    }
    let arg = text(e.get(ContextKind::InvalidArg)).unwrap_or_default();
    let value = text(e.get(ContextKind::InvalidValue)).unwrap_or_default();
    match e.kind() {
        ErrorKind::InvalidValue => {
            let valid = strings(e.get(ContextKind::ValidValue));
            let valid: Vec<&str> = valid.iter().map(String::as_str).collect();
            if value.is_empty() && valid.is_empty() {
                let name = arg_name(&arg);
                let help = help_of(subcommand, name.trim_start_matches('-')).unwrap_or(arg);
                format!("{name} needs a value: {help}")
            } else if value.is_empty() {
                format!("{} needs a value: {}", arg_name(&arg), join_choices(&valid))
            } else {
                format!(
                    "{} {value:?} is not allowed: use {}",
                    arg_name(&arg),
                    join_choices(&valid)
                )
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("{} {value:?} is not allowed: {why}", arg_name(&arg))
        }
        ErrorKind::InvalidSubcommand => {
            let name = text(e.get(ContextKind::InvalidSubcommand)).unwrap_or_default();
            let commands: Vec<String> = Cli::command()
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .filter(|n| n != "help")
                .chain([String::from("--help")])
                .collect();
            let commands: Vec<&str> = commands.iter().map(String::as_str).collect();
            format!(
                "unknown command {name:?}: use {}",
                join_choices(&commands)
            )
        }
        ErrorKind::UnknownArgument if !arg.starts_with('-') => format!(
            "{subcommand} takes one link or query, got a second one: {arg:?} (quote the link so the shell keeps the & in it)"
        ),
        ErrorKind::UnknownArgument => format!(
            "{subcommand}: unknown option {arg:?}: allowed are {}",
            options_of(subcommand)
        ),
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<String> = strings(e.get(ContextKind::InvalidArg))
                .iter()
                .map(|a| a.replace(['<', '>'], ""))
                .collect();
            let missing: Vec<&str> = missing.iter().map(String::as_str).collect();
            let kinds: Vec<&str> = ChartKind::BY_NAME.iter().map(|k| k.as_str()).collect();
            let mut line = format!("{subcommand} needs {}", join_words(&missing));
            if subcommand == "portfolio" {
                line.push_str(" (one page link or query per workload, each quoted, its name in name=)");
            }
            if subcommand == "chart" && missing.contains(&"KIND") {
                line.push_str(&format!(" (KIND: {})", join_choices(&kinds)));
            }
            line
        }
        _ => e
            .render()
            .to_string()
            .lines()
            .next()
            .unwrap_or("invalid arguments")
            .trim_start_matches("error: ")
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    fn error(a: &[&str]) -> String {
        let argv = args(a);
        one_line(&parse(&argv).expect_err("a usage error"), &argv)
    }

    #[test]
    fn the_description_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn eval_takes_a_link_and_a_format() {
        assert_eq!(
            parse(&args(&["eval", "v=1&in=1M", "--format", "json"])).ok(),
            Some(Some(Command::Eval {
                link: Some("v=1&in=1M".into()),
                format: Format::Json,
                usage: None,
                series: None,
                peak_factor: 1.0,
            }))
        );
        assert_eq!(
            parse(&args(&["eval", "--format=md"])).ok(),
            Some(Some(Command::Eval {
                link: None,
                format: Format::Markdown,
                usage: None,
                series: None,
                peak_factor: 1.0,
            }))
        );
        assert_eq!(parse(&[]).ok(), Some(None));
    }

    #[test]
    fn bad_format_names_what_is_allowed() {
        assert_eq!(
            error(&["eval", "--format", "xml"]),
            "--format \"xml\" is not allowed: use text, json, md or csv"
        );
        assert_eq!(
            error(&["ratecards", "--format", "md"]),
            "--format \"md\" is not allowed: use text or json"
        );
    }

    #[test]
    fn compare_takes_a_link_a_list_or_all() {
        assert_eq!(
            parse(&args(&[
                "compare",
                "v=1",
                "--offerings",
                "vertex,openai/o3-scale"
            ]))
            .ok(),
            Some(Some(Command::Compare {
                link: Some("v=1".into()),
                offerings: Some("vertex,openai/o3-scale".into()),
                all: false,
                format: Format::Text,
            }))
        );
        assert!(matches!(
            parse(&args(&["compare", "--all", "--format", "csv"])),
            Ok(Some(Command::Compare {
                all: true,
                format: Format::Csv,
                ..
            }))
        ));
        assert!(error(&["compare", "--all", "--offerings", "vertex"]).contains("--all"));
        assert_eq!(
            error(&["compare", "--fast"]),
            "compare: unknown option \"--fast\": allowed are --offerings ID,..., --all and --format text|json|md|csv"
        );
    }

    #[test]
    fn chart_needs_a_kind_and_an_output() {
        assert_eq!(
            parse(&args(&["chart", "hybrid", "v=1", "--out", "x.svg"])).ok(),
            Some(Some(Command::Chart {
                kind: Kind(ChartKind::Hybrid),
                link: Some("v=1".into()),
                out: "x.svg".into(),
                format: None,
                scale: 2.0,
                width: 720,
                height: 420,
                dark: false
            }))
        );
        assert_eq!(
            error(&["chart"]),
            "chart needs --out FILE|DIR and KIND (KIND: breakeven, hybrid, load, traffic or terms)"
        );
        assert_eq!(error(&["chart", "hybrid"]), "chart needs --out FILE|DIR");
        assert_eq!(
            error(&["chart", "hybrid", "--out", "x.svg", "--width", "9"]),
            "--width \"9\" is not allowed: use a whole number of pixels from 240 to 4000"
        );
        assert_eq!(
            error(&["chart", "pie", "--out", "x.svg"]),
            "KIND \"pie\" is not allowed: use breakeven, hybrid, load, traffic or terms"
        );
    }

    #[test]
    fn chart_kinds_accept_the_core_aliases() {
        let parsed = parse(&args(&["chart", "load-duration", "--out", "x.svg"]));
        assert!(
            matches!(
                parsed,
                Ok(Some(Command::Chart {
                    kind: Kind(ChartKind::LoadDuration),
                    ..
                }))
            ),
            "{parsed:?}"
        );
    }

    #[test]
    fn unknown_command_and_option_are_refused_in_one_line() {
        assert_eq!(
            error(&["frobnicate"]),
            "unknown command \"frobnicate\": use eval, portfolio, compare, usage, ratecards, chart or --help"
        );
        assert_eq!(
            error(&["eval", "--fast"]),
            "eval: unknown option \"--fast\": allowed are --format text|json|md|csv, --usage FILE, --series NAME|all and --peak-factor X"
        );
        assert_eq!(
            error(&["ratecards", "--bogus"]),
            "ratecards: unknown option \"--bogus\": allowed are --format text|json, --check and --compare FILE"
        );
        assert!(error(&["eval", "a", "b"]).starts_with("eval takes one link or query"));
        assert_eq!(
            error(&["eval", "--format"]),
            "--format needs a value: text, json, md or csv"
        );
        assert_eq!(
            error(&["chart", "hybrid", "--out", "x.svg", "--width"]),
            "--width needs a value: width in pixels, from 240 to 4000"
        );
        assert_eq!(
            error(&["chart", "hybrid", "--out"]),
            "--out needs a value: the file to write, or an existing directory: then the file is named after the offering, term, date and chart (ptcalc-azure-gpt-4.1-1y-2026-11-27-hybrid.svg)"
        );
    }
}
