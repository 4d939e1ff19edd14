//! A comparison as a file: the JSON document `ptcalc compare --format json` prints and the
//! CSV of `--format csv`, one function each, so the page's exports and the CLI write the
//! same bytes from the same [`Comparison`].
use ptcalc_core::link::LinkWarning;
use serde::Serialize;

use crate::compare::{missing_name, Comparison};
use crate::document::AsOfJson;
use crate::pipeline::Opened;

/// The JSON document: the comparison, the date and edition its figures are read at, and
/// what the link asked for that could not be used.
#[derive(Debug, Serialize)]
pub struct ComparisonDocument<'a> {
    #[serde(flatten)]
    comparison: &'a Comparison,
    as_of: AsOfJson,
    warnings: &'a [LinkWarning],
}

impl<'a> ComparisonDocument<'a> {
    /// The document of `comparison`, made from the scenario `opened`.
    pub fn new(comparison: &'a Comparison, opened: &'a Opened) -> ComparisonDocument<'a> {
        ComparisonDocument {
            comparison,
            as_of: AsOfJson {
                date: opened.as_of.date.to_string(),
                edition: opened.as_of.edition.to_string(),
            },
            warnings: &opened.warnings,
        }
    }

    /// The JSON text: pretty, keys sorted (through `serde_json::Value`), a final newline.
    ///
    /// # Errors
    /// When serde_json fails (a number it cannot write).
    ///
    /// ```
    /// use ptcalc_ratecards::{catalog, ComparisonDocument, Selection};
    /// let opened = catalog().open_link_on("v=1", "2026-11-27".parse().unwrap());
    /// let c = catalog().compare(&opened, &Selection::SameModel).unwrap();
    /// let json = ComparisonDocument::new(&c, &opened).json().unwrap();
    /// assert!(json.contains("\"rows\"") && json.ends_with("}\n"));
    /// ```
    pub fn json(&self) -> Result<String, serde_json::Error> {
        crate::json_text(self)
    }
}

/// One CSV cell: quoted when it holds a comma, a quote or a line break.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The JSON spelling of a fact's value (`increase_only`, `pay_as_you_go`).
fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The comparison as CSV: the note as a first `#` line, then one row per offering,
/// cheapest first, units in the headers, figures unrounded (empty where unknown).
///
/// ```
/// use ptcalc_ratecards::{catalog, comparison_csv, Selection};
/// let opened = catalog().open_link_on("v=1", "2026-11-27".parse().unwrap());
/// let c = catalog().compare(&opened, &Selection::SameModel).unwrap();
/// let csv = comparison_csv(&c);
/// assert!(csv.starts_with("# Token counts"));
/// assert_eq!(csv.lines().count(), c.rows.len() + 2);
/// ```
pub fn comparison_csv(c: &Comparison) -> String {
    let mut out = format!("# {}\n", c.note);
    out.push_str(
        "rank,offering,deployment,own,option,term,units,unit,monthly_usd,on_demand_usd,saving_vs_on_demand_usd,saving_share,break_even_utilization_share,break_even_term,usd_per_mtok,shortest_winning_term,answer_range_low_multiple,answer_range_high_multiple,missing,commitment,commitment_term,minimum_term,cancellable,refundable,refund_cap_usd_per_12_months,exchangeable,resizable,model_change,overflow,throughput_per_unit_published,scenario\n",
    );
    for r in &c.rows {
        let f = r.flexibility.as_ref();
        let b = |v: Option<bool>| v.map(|v| v.to_string()).unwrap_or_default();
        let cells: Vec<String> = vec![
            r.rank.to_string(),
            r.offering.clone(),
            r.deployment.as_str().into(),
            r.own.to_string(),
            r.best
                .as_ref()
                .map(|b| b.option.as_str().into())
                .unwrap_or_default(),
            r.best
                .as_ref()
                .and_then(|b| b.term)
                .map(|t| t.as_str().into())
                .unwrap_or_default(),
            r.best
                .as_ref()
                .map(|b| b.units.to_string())
                .unwrap_or_default(),
            r.unit.clone(),
            num(r.monthly_usd),
            num(r.on_demand_usd),
            num(r.saving_vs_on_demand_usd),
            num(r.saving_share),
            num(r.break_even_utilization),
            r.break_even_term
                .map(|t| t.as_str().into())
                .unwrap_or_default(),
            num(r.usd_per_mtok),
            r.shortest_winning_term
                .map(|t| t.as_str().into())
                .unwrap_or_default(),
            num(r.answer_range.and_then(|a| a.low)),
            num(r.answer_range.and_then(|a| a.high)),
            r.missing
                .iter()
                .map(|m| missing_name(*m))
                .collect::<Vec<_>>()
                .join(" "),
            f.and_then(|f| f.commitment.clone()).unwrap_or_default(),
            f.map(|f| f.term.as_str().into()).unwrap_or_default(),
            f.and_then(|f| f.minimum_term.as_ref())
                .map(|t| t.value.as_str().into())
                .unwrap_or_default(),
            b(f.and_then(|f| f.cancellable.as_ref()).map(|x| x.value)),
            b(f.and_then(|f| f.refundable.as_ref()).map(|x| x.value)),
            num(f.and_then(|f| f.refund_cap_usd_per_12_months)),
            b(f.and_then(|f| f.exchangeable.as_ref()).map(|x| x.value)),
            f.and_then(|f| f.resizable.as_ref())
                .map(|x| serde_name(&x.value))
                .unwrap_or_default(),
            f.and_then(|f| f.model_change.as_ref())
                .map(|x| serde_name(&x.value))
                .unwrap_or_default(),
            f.and_then(|f| f.overflow.as_ref())
                .map(|x| serde_name(&x.value))
                .unwrap_or_default(),
            b(f.map(|f| f.throughput_per_unit_published.value)),
            r.scenario.clone(),
        ];
        let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}
