//! The evaluation of a link as one document: the report with the link's warnings ahead of
//! the model's, and the verdict. `ptcalc eval --format json` prints it, the page exports it
//! and hands it to its JavaScript API, so all three show the same fields.
use ptcalc_core::report::{Report, Warning};
use ptcalc_core::verdict::verdict;
use serde::Serialize;

use crate::scenario::{evaluate, open_link, EvaluateError};

/// The report's fields and the verdict sentence, as `eval --format json` writes them.
#[derive(Clone, Debug, Serialize)]
pub struct EvalDocument {
    /// The report, its link warnings first.
    #[serde(flatten)]
    pub report: Report,
    /// The recommendation in words.
    pub verdict: String,
}

impl EvalDocument {
    /// The JSON text: pretty, keys sorted (through `serde_json::Value`), a final newline.
    ///
    /// # Errors
    /// When serde_json fails (a number it cannot write).
    pub fn json(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_value(self).and_then(|v| serde_json::to_string_pretty(&v))?;
        text.push('\n');
        Ok(text)
    }
}

/// Opens `link` against the rate cards and evaluates it; the link's problems become the
/// report's first warnings (the link never fails to parse).
///
/// # Errors
/// The offering cannot be resolved or the model refuses the scenario.
///
/// ```
/// let d = ptcalc_ratecards::eval_link("v=1&bogus=1").unwrap();
/// assert_eq!(d.report.warnings[0].key.as_deref(), Some("bogus"));
/// assert!(d.json().unwrap().contains("\"verdict\""));
/// ```
pub fn eval_link(link: &str) -> Result<EvalDocument, EvaluateError> {
    let opened = open_link(link);
    let mut report = evaluate(&opened.scenario)?.report;
    report
        .warnings
        .splice(0..0, opened.warnings.iter().map(Warning::from));
    Ok(EvalDocument {
        verdict: verdict(&report).text,
        report,
    })
}
