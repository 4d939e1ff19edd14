//! The evaluation of a link as one document: the report with the link's warnings ahead of
//! the model's, the verdict, the date and edition its figures are read at and, for a link
//! made with an older edition, what changed since. `ptcalc eval --format json` prints it, the
//! page exports it and hands it to its JavaScript API, so all three show the same fields.
use ptcalc_core::report::{Analysis, Report};
use ptcalc_core::verdict::{range_of, verdict, Range};
use ptcalc_core::Deployment;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::date::Date;
use crate::figures::FigureChange;
use crate::pipeline::{EvaluateError, Opened};

/// The report's fields and the verdict sentence, as `eval --format json` writes them.
#[derive(Clone, Debug, Serialize)]
pub struct EvalDocument {
    /// The report, its link warnings first.
    #[serde(flatten)]
    pub report: Report,
    /// The recommendation in words.
    pub verdict: String,
    /// The day whose prices apply and the rate-card edition.
    pub as_of: AsOfJson,
    /// Each figure that changed since the link's edition (empty for the current one).
    pub changed_since: Vec<ChangeJson>,
    /// The traffic multiples over which the answer holds (the page's "holds from ×… to
    /// ×…"); absent when the report has no answer to scan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_range: Option<RangeJson>,
}

/// [`Range`] in the JSON: multiples of the traffic, `null` where the answer still holds at
/// the end of the scan (÷10, ×10).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RangeJson {
    /// The lowest multiple at which the answer still holds.
    pub low: Option<f64>,
    /// The highest multiple at which the answer still holds.
    pub high: Option<f64>,
}

impl From<Range> for RangeJson {
    fn from(r: Range) -> RangeJson {
        RangeJson {
            low: r.low,
            high: r.high,
        }
    }
}

/// `as_of`: the day whose prices apply and the rate-card edition.
#[derive(Clone, Debug, Serialize)]
pub struct AsOfJson {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The edition key.
    pub edition: String,
}

/// One figure that changed since the link's edition.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeJson {
    /// The offering id.
    pub offering: String,
    /// The deployments the figure is for.
    pub deployments: Vec<Deployment>,
    /// What the figure is, `null` when the whole offering was added or removed.
    pub figure: Option<String>,
    /// The link's edition's value.
    pub old: Option<f64>,
    /// Today's value.
    pub new: Option<f64>,
    /// Where the new value comes from.
    pub source: Option<String>,
    /// The date that source carries.
    pub source_as_of: Option<String>,
}

impl From<&FigureChange> for ChangeJson {
    fn from(c: &FigureChange) -> ChangeJson {
        ChangeJson {
            offering: c.offering.clone(),
            deployments: c.deployments.clone(),
            figure: c.what.as_ref().map(|w| w.to_string()),
            old: c.old,
            new: c.new,
            source: c.provenance.as_ref().map(|p| p.source.clone()),
            source_as_of: c.provenance.as_ref().map(|p| p.as_of.clone()),
        }
    }
}

impl EvalDocument {
    /// The document of a link already opened and evaluated (`report` from
    /// [`Catalog::evaluate_opened`], which puts the link's warnings first).
    pub fn new(report: Report, range: Option<Range>, opened: &Opened) -> EvalDocument {
        EvalDocument {
            answer_range: range.map(RangeJson::from),
            verdict: verdict(&report).text,
            report,
            as_of: AsOfJson {
                date: opened.as_of.date.to_string(),
                edition: opened.as_of.edition.to_string(),
            },
            changed_since: opened.changed_since.iter().map(ChangeJson::from).collect(),
        }
    }

    /// The document of an analysis from [`Catalog::evaluate_opened_with`], the answer's
    /// range read off it: what the page holds is what it exports.
    pub fn of(analysis: &Analysis, opened: &Opened) -> EvalDocument {
        EvalDocument::new(analysis.report.clone(), range_of(analysis), opened)
    }

    /// The JSON text: pretty, keys sorted (through `serde_json::Value`), a final newline.
    ///
    /// # Errors
    /// When serde_json fails (a number it cannot write).
    pub fn json(&self) -> Result<String, serde_json::Error> {
        json_text(self)
    }
}

/// The JSON text every command and export writes: pretty, keys sorted (through
/// `serde_json::Value`), `<` and `>` inside strings written as `\u003c` and `\u003e` (text
/// from a link, such as an unknown key quoted in a warning, never reads as markup where the
/// file is shown), a final newline.
///
/// ```
/// let text = ptcalc_ratecards::json_text(&serde_json::json!({ "b": "<script>", "a": 1 })).unwrap();
/// assert_eq!(text, "{\n  \"a\": 1,\n  \"b\": \"\\u003cscript\\u003e\"\n}\n");
/// ```
///
/// # Errors
/// When serde_json fails (a number it cannot write).
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let text = serde_json::to_value(value).and_then(|v| serde_json::to_string_pretty(&v))?;
    // Outside strings JSON has no `<` or `>`, so every one is inside a string.
    let mut out = text.replace('<', "\\u003c").replace('>', "\\u003e");
    out.push('\n');
    Ok(out)
}

/// Opens `link` against `catalog` on `today` and evaluates it; the link's problems become the
/// report's first warnings (the link never fails to parse).
///
/// # Errors
/// The offering cannot be resolved or the model refuses the scenario.
pub fn eval_link_on(
    catalog: &Catalog,
    link: &str,
    today: Date,
) -> Result<(EvalDocument, Opened), EvaluateError> {
    let opened = catalog.open_link_on(link, today);
    let analysis = catalog.evaluate_opened(&opened)?;
    Ok((EvalDocument::of(&analysis, &opened), opened))
}

/// [`eval_link_on`] with the bundled cards on the current edition's own date.
///
/// ```
/// let d = ptcalc_ratecards::eval_link("v=1&bogus=1").unwrap();
/// assert_eq!(d.report.warnings[0].key.as_deref(), Some("bogus"));
/// assert!(d.json().unwrap().contains("\"verdict\""));
/// ```
///
/// # Errors
/// As [`eval_link_on`].
pub fn eval_link(link: &str) -> Result<EvalDocument, EvaluateError> {
    eval_link_on(crate::catalog(), link, crate::AsOf::current().date).map(|(d, _)| d)
}
