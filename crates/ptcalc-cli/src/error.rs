//! Why a command failed after its arguments parsed: kept typed until `main` prints it as
//! one line (`ptcalc: …`), the only place the CLI turns errors into words.
use std::fmt;

use ptcalc_charts::{ChartError, ChartKind};
use ptcalc_core::load_summary::SummaryError;
use ptcalc_ratecards::{CompareError, EvaluateError, LoadError};
use ptcalc_usage::ImportError;

/// A failure of a command.
#[derive(Debug)]
pub enum CliError {
    /// The bundled rate cards failed to load (a build defect; a test guards against it).
    Bundled(LoadError),
    /// A file named on the command line cannot be read.
    Read {
        /// The path as given.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// The `--compare` file is not a LiteLLM price list.
    PriceList {
        /// The path as given.
        path: String,
        /// Where and what.
        error: ptcalc_ratecards::PriceListError,
    },
    /// The `--ratecards` file is not a valid rate card.
    Ratecards(LoadError),
    /// A usage file was rejected.
    Usage {
        /// The path as given.
        path: String,
        /// Why (rows by line and column, or what was expected).
        error: ImportError,
    },
    /// The imported load cannot be summarized.
    Summary(String, SummaryError),
    /// The model refused the scenario, or its offering is not in the rate cards.
    Scenario(EvaluateError),
    /// A workload of a portfolio could not be opened (its offering or deployment is not
    /// in the rate cards).
    Workload {
        /// Its position on the command line, from 1.
        position: usize,
        /// Why.
        error: EvaluateError,
    },
    /// The portfolio cannot be priced.
    Portfolio(ptcalc_core::portfolio::PortfolioError),
    /// `portfolio --usage` was given something it cannot use (the sentence says what).
    PortfolioUsage(String),
    /// A comparison could not be made (`origin`: `--offerings`, `cmp=`, `--all` or
    /// `compare`, where its list came from).
    Compare {
        /// Where the list of offerings came from.
        origin: &'static str,
        /// What is wrong and what is allowed.
        error: CompareError,
    },
    /// The report could not be written as JSON.
    Json(serde_json::Error),
    /// The chart could not be drawn.
    Chart(ChartKind, ChartError),
    /// The PNG could not be made.
    Png(crate::png::PngError),
    /// No `--today` while `PTCALC_NO_CLOCK` forbids reading the system clock.
    NoClock,
    /// The chart file could not be written.
    Write {
        /// The `--out` path.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Bundled(e) => write!(f, "the bundled rate cards failed to load: {e}"),
            CliError::Read { path, error } => write!(f, "{path}: cannot read the file: {error}"),
            CliError::Ratecards(e) => write!(
                f,
                "--ratecards {e} (the format: ratecard.schema.json, README \"Where the figures come from\")"
            ),
            CliError::Usage { path, error } => write!(f, "{path}: {error}"),
            CliError::PriceList { path, error } => write!(f, "--compare {path}: {error}"),
            CliError::Summary(path, e) => write!(f, "{path}: {e}"),
            CliError::Scenario(e) => write!(f, "scenario: {e}"),
            CliError::Workload { position, error } => write!(f, "workload {position}: {error}"),
            CliError::Portfolio(e) => write!(f, "portfolio: {e}"),
            CliError::PortfolioUsage(sentence) => write!(f, "portfolio: {sentence}"),
            CliError::Compare { origin, error } => write!(f, "{origin}: {error}"),
            CliError::Json(e) => write!(f, "cannot write JSON: {e}"),
            CliError::Chart(kind, e) => write!(f, "{kind}: {e}"),
            CliError::Png(e) => write!(f, "--format png: {e}"),
            CliError::NoClock => write!(
                f,
                "--today is missing and {} is set, so the system clock is not read: pass --today YYYY-MM-DD",
                crate::context::NO_CLOCK
            ),
            CliError::Write { path, error } => {
                write!(f, "--out {path:?}: cannot write the file: {error}")
            }
        }
    }
}

impl std::error::Error for CliError {}
