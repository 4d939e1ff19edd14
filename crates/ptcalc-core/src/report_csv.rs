//! The report as CSV: one row per commitment term and one per provisioning point, the
//! units stated in the headers (RFC 4180 quoting). The page exports it; the figures are the
//! report's own, unrounded.
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::report::{Report, Split};

/// The header row.
pub const HEADERS: [&str; 13] = [
    "row",
    "name",
    "reserved_units",
    "utilization_share",
    "overflow_share",
    "reserved_usd_per_month",
    "overflow_usd_per_month",
    "total_usd_per_month",
    "usd_per_unit_month",
    "full_provisioned_usd_per_month",
    "break_even_utilization_share",
    "horizon_full_usd",
    "horizon_hybrid_usd",
];

fn number(v: Option<f64>) -> String {
    // Every digit a spreadsheet needs (the link's spelling would shorten 1500 to `1.5k`).
    v.filter(|v| v.is_finite())
        .map(|v| format!("{v}"))
        .unwrap_or_default()
}

/// A field quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn split_cells(s: Option<&Split>) -> [String; 6] {
    [
        s.map(|s| s.units.to_string()).unwrap_or_default(),
        number(s.map(|s| s.utilization)),
        number(s.map(|s| s.overflow_share)),
        number(s.map(|s| s.reserved_usd)),
        number(s.map(|s| s.overflow_usd)),
        number(s.map(|s| s.total_usd)),
    ]
}

/// The CSV text, `\r\n` line ends, a header row first.
/// (Tested with real reports in the page's `export` module.)
pub fn report_csv(r: &Report) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    rows.push(HEADERS.iter().map(|h| h.to_string()).collect());
    for t in &r.terms {
        let mut row = alloc::vec![String::from("term"), String::from(t.term.as_str())];
        row.extend(split_cells(t.hybrid.as_ref()));
        row.push(number(t.usd_per_unit_month));
        row.push(number(t.full_provisioned));
        row.push(number(t.break_even_utilization));
        row.push(number(t.horizon_full));
        row.push(number(t.horizon_hybrid));
        rows.push(row);
    }
    for p in &r.points {
        let mut row = alloc::vec![String::from("point"), p.label.clone()];
        row.extend(split_cells(Some(&p.split)));
        row.extend(core::iter::repeat_n(String::new(), 5));
        rows.push(row);
    }
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
