//! Commitment terms and what one unit costs per month on each.
//!
//! A month is `hours_per_month` hours (730 by default). Hourly prices × hours per month;
//! monthly prices as they are; yearly ÷ 12; weekly × hours per month ÷ 168; daily × hours
//! per month ÷ 24.
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// A commitment term, as written in links (`t=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub enum Term {
    /// Pay by the hour, no commitment (Azure "hourly").
    #[cfg_attr(feature = "serde", serde(rename = "hourly"))]
    Hourly,
    /// No commitment, billed while it exists (Bedrock "no commitment").
    #[cfg_attr(feature = "serde", serde(rename = "none"))]
    NoCommit,
    /// One week (Vertex, select models).
    #[cfg_attr(feature = "serde", serde(rename = "1w"))]
    Week1,
    /// 30 days (OpenAI Scale Tier minimum).
    #[cfg_attr(feature = "serde", serde(rename = "30d"))]
    Days30,
    /// One month.
    #[cfg_attr(feature = "serde", serde(rename = "1m"))]
    Month1,
    /// Three months.
    #[cfg_attr(feature = "serde", serde(rename = "3m"))]
    Month3,
    /// Six months.
    #[cfg_attr(feature = "serde", serde(rename = "6m"))]
    Month6,
    /// One year.
    #[cfg_attr(feature = "serde", serde(rename = "1y"))]
    Year1,
}

impl Term {
    /// Every term, shortest commitment first.
    pub const ALL: [Term; 8] = [
        Term::Hourly,
        Term::NoCommit,
        Term::Week1,
        Term::Days30,
        Term::Month1,
        Term::Month3,
        Term::Month6,
        Term::Year1,
    ];

    /// The link spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Term::Hourly => "hourly",
            Term::NoCommit => "none",
            Term::Week1 => "1w",
            Term::Days30 => "30d",
            Term::Month1 => "1m",
            Term::Month3 => "3m",
            Term::Month6 => "6m",
            Term::Year1 => "1y",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Term::Hourly => "hourly",
            Term::NoCommit => "no commitment",
            Term::Week1 => "1-week",
            Term::Days30 => "30-day",
            Term::Month1 => "1-month",
            Term::Month3 => "3-month",
            Term::Month6 => "6-month",
            Term::Year1 => "1-year",
        }
    }

    /// Parses the link spelling.
    ///
    /// ```
    /// use ptcalc_core::Term;
    /// assert_eq!(Term::parse("1y"), Some(Term::Year1));
    /// assert_eq!(Term::parse("2y"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Term> {
        Term::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// How long one term lasts, in months of `hours_per_month` hours. Commitment-free
    /// terms re-choose units every month, so they count as one month.
    ///
    /// ```
    /// use ptcalc_core::Term;
    /// assert_eq!(Term::Year1.months(730.0), 12.0);
    /// assert_eq!(Term::Hourly.months(730.0), 1.0);
    /// assert_eq!(Term::Days30.months(720.0), 1.0);
    /// ```
    pub fn months(self, hours_per_month: f64) -> f64 {
        match self {
            Term::Hourly | Term::NoCommit | Term::Month1 => 1.0,
            Term::Week1 => 168.0 / hours_per_month,
            Term::Days30 => 720.0 / hours_per_month,
            Term::Month3 => 3.0,
            Term::Month6 => 6.0,
            Term::Year1 => 12.0,
        }
    }
}

impl core::fmt::Display for Term {
    /// The link spelling (`1y`, `hourly`…).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a vendor quotes a unit's price.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PriceBasis {
    /// Dollars per unit-hour.
    PerHour(f64),
    /// Dollars per unit-day.
    PerDay(f64),
    /// Dollars per unit-week.
    PerWeek(f64),
    /// Dollars per unit-month.
    PerMonth(f64),
    /// Dollars per unit-year.
    PerYear(f64),
}

impl PriceBasis {
    /// Dollars per unit per month of `hours_per_month` hours.
    ///
    /// ```
    /// use ptcalc_core::PriceBasis;
    /// assert_eq!(PriceBasis::PerHour(25.0).usd_per_unit_month(730.0), 18_250.0);
    /// assert_eq!(PriceBasis::PerYear(2_652.0).usd_per_unit_month(730.0), 221.0);
    /// assert_eq!(PriceBasis::PerMonth(260.0).usd_per_unit_month(720.0), 260.0);
    /// ```
    pub fn usd_per_unit_month(self, hours_per_month: f64) -> f64 {
        match self {
            PriceBasis::PerHour(v) => v * hours_per_month,
            PriceBasis::PerDay(v) => v * hours_per_month / 24.0,
            PriceBasis::PerWeek(v) => v * hours_per_month / 168.0,
            PriceBasis::PerMonth(v) => v,
            PriceBasis::PerYear(v) => v / 12.0,
        }
    }

    /// The same basis with the amount multiplied by `k` (a discount).
    pub fn scaled(self, k: f64) -> PriceBasis {
        match self {
            PriceBasis::PerHour(v) => PriceBasis::PerHour(v * k),
            PriceBasis::PerDay(v) => PriceBasis::PerDay(v * k),
            PriceBasis::PerWeek(v) => PriceBasis::PerWeek(v * k),
            PriceBasis::PerMonth(v) => PriceBasis::PerMonth(v * k),
            PriceBasis::PerYear(v) => PriceBasis::PerYear(v * k),
        }
    }
}
