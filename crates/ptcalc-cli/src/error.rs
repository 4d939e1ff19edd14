//! Why a command failed after its arguments parsed: kept typed until `main` prints it as
//! one line (`ptcalc: …`), the only place the CLI turns errors into words.
use std::fmt;

use ptcalc_charts::{ChartError, ChartKind};
use ptcalc_ratecards::EvaluateError;

/// A failure of `eval` or `chart`.
#[derive(Debug)]
pub enum CliError {
    /// The model refused the scenario, or its offering is not in the rate cards.
    Scenario(EvaluateError),
    /// The report could not be written as JSON.
    Json(serde_json::Error),
    /// The chart could not be drawn.
    Chart(ChartKind, ChartError),
    /// The SVG file could not be written.
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
            CliError::Scenario(e) => write!(f, "scenario: {e}"),
            CliError::Json(e) => write!(f, "cannot write JSON: {e}"),
            CliError::Chart(kind, e) => write!(f, "{kind}: {e}"),
            CliError::Write { path, error } => {
                write!(f, "--out {path:?}: cannot write the file: {error}")
            }
        }
    }
}

impl std::error::Error for CliError {}
