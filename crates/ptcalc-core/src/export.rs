//! Exports of a report for documents and spreadsheets: the CSV table (one row per term
//! and per provisioning point, units in the headers) and the file names charts are saved
//! under. The CLI (`eval --format csv`, `chart --out DIR`) and the page call the same
//! functions, so an export cannot disagree with the screen.
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::calendar::Day;
use crate::chart::ChartKind;
use crate::report::{Report, Split};
use crate::terms::Term;

/// The CSV's header: every column names its unit (`usd_per_month`, `share` = 0..1).
pub const CSV_HEADER: [&str; 18] = [
    "row",
    "term",
    "point",
    "percentile",
    "units",
    "usd_per_unit_month",
    "reserved_usd_per_month",
    "overflow_usd_per_month",
    "total_usd_per_month",
    "full_provisioned_usd_per_month",
    "utilization_share",
    "overflow_share",
    "break_even_utilization_share",
    "break_even_tokens_per_month",
    "horizon_months",
    "horizon_full_usd",
    "horizon_hybrid_usd",
    "unit",
];

fn number(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map(|x| format!("{x}"))
        .unwrap_or_default()
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The report as CSV (RFC 4180, `\n` line ends): a `term` row per priced term (its
/// hybrid optimum, full provisioning, break-even and horizon) and a `point` row per
/// provisioning point on the chosen term (P50 … peak). Empty cells are figures the rate
/// card cannot give. Numbers are written exactly (shortest round-trip form), in dollars,
/// tokens, units and shares (0..1), as the JSON report has them.
///
/// ```
/// use ptcalc_core::{export::{report_csv, CSV_HEADER}, report::evaluate, scenario::Overrides, Offering, Scenario};
/// let s = Scenario { offering: "custom".into(), overrides: Overrides { capacity_per_unit_per_minute: Some(1e5),
///     usd_per_unit_month: Some(900.0), input_usd_per_mtok: Some(2.0), output_usd_per_mtok: Some(8.0),
///     ..Overrides::default() }, ..Scenario::default() };
/// let r = evaluate(&s, &Offering::custom(&s.overrides, s.term)).unwrap().report;
/// let csv = report_csv(&r);
/// let lines: Vec<&str> = csv.lines().collect();
/// assert_eq!(lines[0], CSV_HEADER.join(","));
/// assert_eq!(lines.len(), 1 + r.terms.len() + r.points.len());
/// assert!(lines[1].starts_with("term,1y,hybrid,,"));
/// ```
pub fn report_csv(report: &Report) -> String {
    let mut out = CSV_HEADER.join(",");
    out.push('\n');
    let unit = cell(&report.offering.unit);
    let horizon = report.horizon_months.to_string();
    let mut row = |cells: Vec<String>| {
        out.push_str(&cells.join(","));
        out.push('\n');
    };
    let split_cells = |s: Option<&Split>| -> [String; 6] {
        [
            s.map(|s| s.units.to_string()).unwrap_or_default(),
            String::new(),
            number(s.map(|s| s.reserved_usd)),
            number(s.map(|s| s.overflow_usd)),
            number(s.map(|s| s.total_usd)),
            String::new(),
        ]
    };
    for t in &report.terms {
        let [units, _, reserved, overflow, total, _] = split_cells(t.hybrid.as_ref());
        row(Vec::from([
            "term".into(),
            t.term.as_str().into(),
            "hybrid".into(),
            String::new(),
            units,
            number(t.usd_per_unit_month),
            reserved,
            overflow,
            total,
            number(t.full_provisioned),
            number(t.hybrid.as_ref().map(|h| h.utilization)),
            number(t.hybrid.as_ref().map(|h| h.overflow_share)),
            number(t.break_even_utilization),
            number(t.break_even_tokens_per_month),
            horizon.clone(),
            number(t.horizon_full),
            number(t.horizon_hybrid),
            unit.clone(),
        ]));
    }
    let chosen = report.terms.iter().find(|t| t.term == report.offering.term);
    for p in &report.points {
        let [units, _, reserved, overflow, total, _] = split_cells(Some(&p.split));
        row(Vec::from([
            "point".into(),
            report.offering.term.as_str().into(),
            cell(&p.label),
            p.percentile.to_string(),
            units,
            number(chosen.and_then(|t| t.usd_per_unit_month)),
            reserved,
            overflow,
            total,
            String::new(),
            number(Some(p.split.utilization)),
            number(Some(p.split.overflow_share)),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            unit.clone(),
        ]));
    }
    out
}

/// The file name a chart is saved under: offering, term, date and chart, in characters
/// every file system takes (`/` becomes `-`).
///
/// ```
/// use ptcalc_core::{calendar::Day, chart::ChartKind, export::chart_file_name, Term};
/// let day = Day::new(2026, 11, 27).unwrap();
/// assert_eq!(chart_file_name("azure/gpt-4.1", Term::Year1, day, ChartKind::Hybrid, "svg"),
///            "ptcalc-azure-gpt-4.1-1y-2026-11-27-hybrid.svg");
/// ```
pub fn chart_file_name(offering: &str, term: Term, day: Day, kind: ChartKind, ext: &str) -> String {
    let safe: String = offering
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!(
        "ptcalc-{safe}-{}-{day}-{}.{ext}",
        term.as_str(),
        kind.as_str()
    )
}
