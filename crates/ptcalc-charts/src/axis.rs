//! Axes: ranges rounded to 1-2-5 steps and compact tick labels in the reader's units
//! (`$48k`, `1.2B`, `25%`, `Mon`): `ptcalc_core::numfmt`'s k/M/B suffixes with only as
//! many decimals as a round tick needs.
use ptcalc_core::numfmt::{compact, usd_compact};
use ptcalc_core::report::PoolName;

/// How tick values read.
#[derive(Clone, Debug, PartialEq)]
pub enum TickFormat {
    /// Dollars, compact: `$48k`.
    Usd,
    /// Counts, compact: `1.2B`.
    Count,
    /// A share 0..1 as a whole percentage: `25%`.
    Percent,
    /// Hours from Monday 00:00, labelled with the weekday at each day's start.
    Weekday,
    /// Category `i` at value `i`: (long name, short name used when long ones do not fit).
    Category(Vec<(String, String)>),
}

impl TickFormat {
    /// The label of one tick value.
    ///
    /// ```
    /// use ptcalc_charts::axis::TickFormat;
    /// assert_eq!(TickFormat::Usd.label(48_000.0), "$48k");
    /// assert_eq!(TickFormat::Usd.label(1_250_000.0), "$1.25M");
    /// assert_eq!(TickFormat::Count.label(1.5e9), "1.5B");
    /// assert_eq!(TickFormat::Percent.label(0.25), "25%");
    /// assert_eq!(TickFormat::Weekday.label(48.0), "Wed");
    /// ```
    pub fn label(&self, v: f64) -> String {
        match self {
            TickFormat::Usd => exact_compact(v, "$"),
            TickFormat::Count => exact_compact(v, ""),
            TickFormat::Percent => format!("{}%", (v * 100.0).round() as i64),
            TickFormat::Weekday => weekday_label(v),
            TickFormat::Category(names) => {
                let i = v.round();
                if i >= 0.0 && (i as usize) < names.len() && (v - i).abs() < 1e-9 {
                    names[i as usize].0.clone()
                } else {
                    String::new()
                }
            }
        }
    }
}

/// A tick value with the k/M/B/T suffix `numfmt::compact` picks, but with as many
/// decimals as the value needs to be exact (ticks sit on round numbers, so at most
/// two): `$48k`, `$1.25M`, `1.5B`. Falls back to `numfmt` for values that are not round.
fn exact_compact(v: f64, prefix: &str) -> String {
    let a = v.abs();
    let (scaled, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(f, _)| a >= *f)
        .map(|(f, s)| (a / f, s))
        .unwrap_or((a, ""));
    let sign = if v < 0.0 { "-" } else { "" };
    for decimals in 0..=2 {
        let m = 10f64.powi(decimals);
        if ((scaled * m).round() - scaled * m).abs() < 1e-6 * m.max(scaled) {
            return format!("{sign}{prefix}{scaled:.*}{suffix}", decimals as usize);
        }
    }
    if prefix.is_empty() {
        compact(v)
    } else {
        usd_compact(v)
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// `Mon` at a day's start, `Mon 14:00` elsewhere; hours from Monday 00:00.
pub(crate) fn weekday_label(hours: f64) -> String {
    let h = hours.max(0.0);
    let day = (h / 24.0).floor() as usize;
    let hour_of_day = h - day as f64 * 24.0;
    let name = WEEKDAYS[day % 7];
    if hour_of_day.abs() < 1e-9 {
        name.to_string()
    } else {
        let minutes = (hour_of_day * 60.0).round() as u32;
        format!("{name} {:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// Where ticks go.
#[derive(Clone, Debug, PartialEq)]
pub enum TickRule {
    /// 1-2-5 steps, as many as fit.
    Nice,
    /// 1-2-5 steps of at least 1 (unit counts).
    Whole,
    /// Exactly these values.
    Fixed(Vec<f64>),
}

/// One axis as the model describes it, before layout.
#[derive(Clone, Debug, PartialEq)]
pub struct AxisSpec {
    /// The axis title in the reader's units (`$ per month`).
    pub title: String,
    /// Lowest value shown.
    pub lo: f64,
    /// Highest value to show (rounded up to a tick when `round_up`).
    pub hi: f64,
    /// Whether to extend `hi` to the next tick.
    pub round_up: bool,
    /// Where ticks go.
    pub rule: TickRule,
    /// How ticks read.
    pub format: TickFormat,
}

impl AxisSpec {
    /// The load axis of a pool: tokens per minute from 0 to a little above `max`.
    pub(crate) fn tokens_per_minute(pool: PoolName, max: f64) -> AxisSpec {
        AxisSpec {
            title: match pool {
                PoolName::Normalized => "tokens per minute (normalized)".to_string(),
                PoolName::Input | PoolName::Output => format!("{pool} tokens per minute"),
            },
            lo: 0.0,
            hi: max * 1.1,
            round_up: true,
            rule: TickRule::Nice,
            format: TickFormat::Count,
        }
    }
}

/// An axis laid out: its range and its ticks with their labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    /// Value at the start of the axis.
    pub lo: f64,
    /// Value at the end of the axis.
    pub hi: f64,
    /// Tick values and labels.
    pub ticks: Vec<(f64, String)>,
}

impl AxisSpec {
    /// Lays the axis out with at most `max_ticks` ticks (fixed ticks are kept as given).
    pub fn scale(&self, max_ticks: usize) -> Scale {
        let lo = if self.lo.is_finite() { self.lo } else { 0.0 };
        let mut hi = if self.hi.is_finite() && self.hi > lo {
            self.hi
        } else {
            lo + 1.0
        };
        let values: Vec<f64> = match &self.rule {
            TickRule::Fixed(values) => values.clone(),
            rule => {
                let mut step = nice_step(hi - lo, max_ticks.max(1));
                if *rule == TickRule::Whole {
                    step = step.max(1.0).round();
                }
                if self.round_up {
                    hi = lo + ((hi - lo) / step - 1e-9).ceil().max(1.0) * step;
                }
                let first = (lo / step - 1e-9).ceil();
                let count = ((hi - first * step) / step + 1e-9).floor().max(0.0) as usize + 1;
                (0..count.min(64))
                    .map(|i| (first + i as f64) * step)
                    .collect()
            }
        };
        let ticks = values
            .into_iter()
            .filter(|v| *v >= lo - 1e-9 * (hi - lo) && *v <= hi + 1e-9 * (hi - lo))
            .map(|v| (v, self.format.label(v)))
            .collect();
        Scale { lo, hi, ticks }
    }
}

/// The 1-2-2.5-5 × 10ⁿ step that splits `span` into at most `max_ticks` parts.
///
/// ```
/// use ptcalc_charts::axis::nice_step;
/// assert_eq!(nice_step(100.0, 5), 20.0);
/// assert_eq!(nice_step(48_000.0, 6), 10_000.0);
/// assert_eq!(nice_step(1.0, 4), 0.25);
/// ```
pub fn nice_step(span: f64, max_ticks: usize) -> f64 {
    let raw = span.abs() / max_ticks.max(1) as f64;
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|n| norm <= *n + 1e-9)
        .unwrap_or(10.0);
    nice * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_cover_the_range_and_round_up() {
        let spec = AxisSpec {
            title: String::new(),
            lo: 0.0,
            hi: 47_300.0,
            round_up: true,
            rule: TickRule::Nice,
            format: TickFormat::Usd,
        };
        let s = spec.scale(5);
        assert_eq!(s.hi, 50_000.0);
        assert_eq!(s.ticks.first().map(|t| t.1.as_str()), Some("$0"));
        assert_eq!(s.ticks.last().map(|t| t.1.as_str()), Some("$50k"));
    }

    #[test]
    fn whole_ticks_never_split_a_unit() {
        let spec = AxisSpec {
            title: String::new(),
            lo: 0.0,
            hi: 3.0,
            round_up: false,
            rule: TickRule::Whole,
            format: TickFormat::Count,
        };
        assert!(spec.scale(10).ticks.iter().all(|(v, _)| v.fract() == 0.0));
    }

    #[test]
    fn tick_labels_are_exact_and_short() {
        assert_eq!(exact_compact(48_000.0, "$"), "$48k");
        assert_eq!(exact_compact(1_050_000.0, "$"), "$1.05M");
        assert_eq!(exact_compact(1_500_000_000.0, ""), "1.5B");
        assert_eq!(exact_compact(0.0, "$"), "$0");
        assert_eq!(exact_compact(250.0, ""), "250");
    }
}
