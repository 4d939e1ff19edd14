//! What a file held, in figures: the text of `ptcalc usage FILE` and the
//! page's "read from" line.
use std::fmt;

use crate::error::ImportError;
use crate::summary::percentile_index;
use crate::time::format_minute;
use crate::usage::{MinuteSeries, Selection, Usage, Warning};
use crate::{Format, TokenKind};

/// The percentiles listed.
pub const PERCENTILES: [u8; 5] = [50, 90, 95, 99, 100];

/// What was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Description {
    /// The recognized format.
    pub format: Format,
    /// First minute, `YYYY-MM-DDTHH:MMZ`.
    pub start: String,
    /// The minute after the last, `YYYY-MM-DDTHH:MMZ`.
    pub end: String,
    /// Minutes in the period.
    pub minutes: usize,
    /// The data's step in minutes.
    pub step_minutes: u64,
    /// Minutes with no data.
    pub missing_minutes: u64,
    /// Rows or points read.
    pub rows: u64,
    /// The series in the file.
    pub series: Vec<String>,
    /// Which were described.
    pub selection: Selection,
    /// Tokens of each kind over the period (input, cached, cache-write, output).
    pub tokens: [f64; 4],
    /// Mean tokens (all kinds) per minute.
    pub mean_tokens_per_minute: f64,
    /// The busiest minute's tokens.
    pub peak_tokens_per_minute: f64,
    /// (percentile, tokens per minute) for each of [`PERCENTILES`], nearest rank as the core picks.
    pub percentiles: Vec<(u8, f64)>,
    /// The import's warnings.
    pub warnings: Vec<Warning>,
}

/// Describes the selected series of an import (tokens of all kinds per minute).
///
/// # Errors
/// [`ImportError::NoSuchSeries`] for a name the file does not hold.
///
/// ```
/// use ptcalc_usage::{describe, import_bytes, ImportOptions, Selection};
/// let u = import_bytes(b"time,input,output\n2025-08-18 09:00,90,10\n2025-08-18 09:01,30,10\n",
///     ImportOptions::default()).unwrap();
/// let d = describe(&u, &Selection::All).unwrap();
/// assert_eq!(d.mean_tokens_per_minute, 70.0);
/// assert_eq!(d.peak_tokens_per_minute, 100.0);
/// assert!(d.to_string().contains("2 minutes"));
/// ```
pub fn describe(usage: &Usage, which: &Selection) -> Result<Description, ImportError> {
    Ok(describe_selected(usage, which, &usage.select(which)?))
}

/// [`describe`] for a series already selected (`s` is `usage.select(which)`): the page
/// selects it once for both the description and the summary.
///
/// ```
/// use ptcalc_usage::{describe, describe_selected, import_bytes, ImportOptions, Selection};
/// let u = import_bytes(b"time,input,output\n2025-08-18 09:00,90,10\n2025-08-18 09:01,30,10\n",
///     ImportOptions::default()).unwrap();
/// let s = u.select(&Selection::All).unwrap();
/// assert_eq!(describe_selected(&u, &Selection::All, &s), describe(&u, &Selection::All).unwrap());
/// ```
pub fn describe_selected(usage: &Usage, which: &Selection, s: &MinuteSeries) -> Description {
    let total = s.total();
    let n = total.len();
    let sum: f64 = total.iter().sum();
    let tokens = TokenKind::ALL.map(|k| s.tokens(k).iter().sum());
    // the percentiles' ranks, then rank 0: the busiest minute
    let mut ranks: Vec<usize> = PERCENTILES
        .iter()
        .map(|p| percentile_index(*p, n))
        .collect();
    ranks.push(0);
    let mut picked = descending_ranks(total, &ranks);
    let peak = picked.pop().unwrap_or(0.0);
    let percentiles = PERCENTILES.iter().copied().zip(picked).collect();
    Description {
        format: usage.format,
        start: format_minute(usage.start_unix_minute),
        end: format_minute(usage.start_unix_minute + n as i64),
        minutes: n,
        step_minutes: usage.step_minutes,
        missing_minutes: usage.missing_minutes,
        rows: usage.rows,
        series: usage.series_names().iter().map(|s| s.to_string()).collect(),
        selection: which.clone(),
        tokens,
        mean_tokens_per_minute: if n > 0 { sum / n as f64 } else { 0.0 },
        peak_tokens_per_minute: peak,
        percentiles,
        warnings: usage.warnings.clone(),
    }
}

/// The values at the 0-based `ranks` of `values` sorted from highest to lowest (0 for a
/// rank past the end), found by selection instead of sorting the whole period: one quick
/// select per rank, lowest rank first, each in the part after the one before.
fn descending_ranks(mut values: Vec<f64>, ranks: &[usize]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ranks.len()).collect();
    order.sort_unstable_by_key(|i| ranks[*i]);
    let mut out = vec![0.0; ranks.len()];
    // values[from..] holds exactly the values ranked from `from` on
    let mut from = 0;
    for i in order {
        let r = ranks[i];
        if r >= values.len() {
            continue;
        }
        if r < from {
            // a repeated rank, already in place
            out[i] = values[r];
            continue;
        }
        let (_, v, _) = values[from..].select_nth_unstable_by(r - from, |a, b| b.total_cmp(a));
        out[i] = *v;
        from = r + 1;
    }
    out
}

fn grouped(v: f64) -> String {
    let digits = format!("{:.0}", v.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Description {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "format:   {} ({})", self.format.name(), self.format.id())?;
        writeln!(
            f,
            "period:   {} to {} ({} minutes, {} rows)",
            self.start, self.end, self.minutes, self.rows
        )?;
        let step = match self.step_minutes {
            1 => "1 minute".to_string(),
            m => format!("{m} minutes (spread over their minutes)"),
        };
        writeln!(f, "step:     {step}")?;
        let gaps = if self.format.gaps_are_zero() {
            format!("{} minutes with no traffic", self.missing_minutes)
        } else {
            format!(
                "{} minutes with no data (counted as zero)",
                self.missing_minutes
            )
        };
        writeln!(f, "gaps:     {gaps}")?;
        if self.series.len() > 1 || self.series.first().is_some_and(|s| !s.is_empty()) {
            let chosen = match &self.selection {
                Selection::All => "all".to_string(),
                Selection::Named(n) => n.clone(),
            };
            writeln!(f, "series:   {} (using: {chosen})", self.series.join(", "))?;
        }
        writeln!(
            f,
            "tokens:   input {}, cached {}, cache-write {}, output {}",
            grouped(self.tokens[0]),
            grouped(self.tokens[1]),
            grouped(self.tokens[2]),
            grouped(self.tokens[3])
        )?;
        writeln!(
            f,
            "per minute: mean {}, peak {} ({:.2} × mean)",
            grouped(self.mean_tokens_per_minute),
            grouped(self.peak_tokens_per_minute),
            if self.mean_tokens_per_minute > 0.0 {
                self.peak_tokens_per_minute / self.mean_tokens_per_minute
            } else {
                0.0
            }
        )?;
        let p: Vec<String> = self
            .percentiles
            .iter()
            .map(|(p, v)| format!("P{p} {}", grouped(*v)))
            .collect();
        writeln!(f, "percentiles: {}", p.join(", "))?;
        for w in &self.warnings {
            writeln!(f, "warning:  {w}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod rank_tests {
    use super::descending_ranks;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn selection_picks_what_a_full_sort_picks(
            values in prop::collection::vec(prop_oneof![Just(0.0), Just(5.0), 0.0f64..1e6], 0..400),
            ranks in prop::collection::vec(0usize..420, 0..8),
        ) {
            let mut sorted = values.clone();
            sorted.sort_unstable_by(|a, b| b.total_cmp(a));
            let expected: Vec<f64> = ranks.iter().map(|r| sorted.get(*r).copied().unwrap_or(0.0)).collect();
            prop_assert_eq!(descending_ranks(values, &ranks), expected);
        }
    }
}
