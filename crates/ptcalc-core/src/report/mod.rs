//! The report: everything the page and the CLI show for one scenario, computed from
//! the scenario and its resolved offering. [`evaluate`] returns an [`Analysis`]: the
//! serializable [`Report`] plus the per-minute models the charts draw from.
//!
//! This module holds the report's data types; the steps that fill them are beside it:
//! `evaluate` (the model's steps in order), `pools` (per-pool models), `splits` (full
//! provisioning, hybrid and the user's count across pools), `term_rows` (figures per term),
//! `points` (provisioning points), `best` (the best-option rule) and `warnings`.
use alloc::string::String;
use alloc::vec::Vec;
#[cfg(feature = "serde")]
use serde::Serialize;

use crate::capacity::PerKind;
use crate::hybrid::SplitPoint;
use crate::offering::Deployment;
use crate::terms::Term;

mod analysis;
mod best;
mod dated;
mod evaluate;
mod missing;
mod points;
mod pools;
mod splits;
mod term_rows;
mod warnings;

pub use analysis::{Analysis, PoolFigures, PoolModel, ScaleCosts};
pub use best::{best_of_pools, Best, BestOption};
pub use dated::{evaluate_dated, evaluate_dated_with};
pub use evaluate::{
    evaluate, evaluate_full_data, evaluate_series, evaluate_with, MonthTraffic, TrafficInputs,
};
pub use missing::MissingFigure;

pub use warnings::{Warning, WarningCode, OVERFLOW_WARNING_SHARE, UTILIZATION_WARNING};

/// The standard provisioning points, as percentiles of per-minute demand.
pub const PROVISIONING_PERCENTILES: [u8; 6] = [50, 75, 90, 95, 99, 100];

/// Which offering, deployment and term.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct OfferingSummary {
    /// Link id.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Unit name.
    pub unit: String,
    /// Deployment type (serialized in its link spelling).
    pub deployment: Deployment,
    /// Term (serialized in its link spelling).
    pub term: Term,
    /// Input and output reserved separately.
    pub per_dimension: bool,
    /// The model's lifecycle on the scenario's day, where the cards record one.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub lifecycle: Option<crate::lifecycle::Lifecycle>,
}

/// The load in normalized tokens per minute (summed over pools for per-dimension offerings).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct LoadSummary {
    /// Mean minute.
    pub mean_normalized_tpm: f64,
    /// Busiest minute.
    pub peak_normalized_tpm: f64,
    /// The sizing percentile's minute.
    pub sizing_normalized_tpm: f64,
    /// The sizing percentile (100 = peak).
    pub sizing_percentile: u8,
    /// Average tokens per minute of each kind (batch included).
    pub tokens_per_minute: PerKind<f64>,
    /// All tokens in the month.
    pub tokens_per_month: f64,
    /// Minutes in the month.
    pub minutes_per_month: usize,
    /// Imported traffic: where the load comes from (absent for a synthetic shape).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub measured: Option<Measured>,
}

/// The imported traffic a report works from: a summary of measured per-minute load,
/// scaled to the scenario's month.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Measured {
    /// Minutes in the imported period the summary was made from.
    pub period_minutes: usize,
    /// The same, in days.
    pub period_days: f64,
    /// The busiest minute over the mean minute, as measured.
    pub peak_to_average: f64,
    /// What the report says about it, for people: the period and how it was scaled.
    pub note: String,
}

/// Units for the sizing load.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct UnitsSummary {
    /// Sizing load ÷ capacity per unit, before rounding.
    pub raw: Option<f64>,
    /// Rounded up to the minimum and increment.
    pub required: Option<u64>,
    /// The vendor's minimum.
    pub min_units: u64,
    /// The vendor's increment.
    pub increment: u64,
}

/// Monthly cost of each option on the chosen term (batch tokens included in each).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Monthly {
    /// Everything on-demand.
    pub on_demand: Option<f64>,
    /// Units for the sizing load (overflow above it on-demand).
    pub full_provisioned: Option<f64>,
    /// The hybrid optimum.
    pub hybrid: Option<f64>,
    /// The user's own unit count (`units`).
    pub chosen: Option<f64>,
    /// The batch-tier share's cost, part of every option above.
    pub batch: f64,
}

/// A split summarised: units, costs and shares.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Split {
    /// Reserved units.
    pub units: u64,
    /// Σ served / reserved capacity.
    pub utilization: f64,
    /// Σ overflow / Σ demand (the share throttled with spillover off).
    pub overflow_share: f64,
    /// Reserved cost per month.
    pub reserved_usd: f64,
    /// Overflow cost per month.
    pub overflow_usd: f64,
    /// Total per month, batch included.
    pub total_usd: f64,
}

impl Split {
    /// A split point with the batch share's cost added to its total (batch tokens are
    /// part of every option's bill).
    pub fn with_batch(p: &SplitPoint, batch_usd_per_month: f64) -> Split {
        Split {
            units: p.units,
            utilization: p.utilization,
            overflow_share: p.overflow_share,
            reserved_usd: p.reserved_usd,
            overflow_usd: p.overflow_usd,
            total_usd: p.total_usd + batch_usd_per_month,
        }
    }
}

/// A named provisioning point (P50 … peak, optimum).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct NamedPoint {
    /// `P50`, …, `peak`.
    pub label: String,
    /// The percentile, 100 = peak.
    pub percentile: u8,
    /// The split there.
    pub split: Split,
}

/// One term's figures.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct TermRow {
    /// The term (serialized in its link spelling).
    pub term: Term,
    /// Label for people.
    pub label: &'static str,
    /// Dollars per unit per month (single-pool offerings).
    pub usd_per_unit_month: Option<f64>,
    /// Full provisioning per month.
    pub full_provisioned: Option<f64>,
    /// Hybrid optimum per month.
    pub hybrid: Option<Split>,
    /// Break-even utilization u*.
    pub break_even_utilization: Option<f64>,
    /// Monthly token volume above which full provisioning stays cheaper than on-demand.
    pub break_even_tokens_per_month: Option<f64>,
    /// Why there is no break-even volume, when there is none.
    pub break_even_never: Option<String>,
    /// Full provisioning over the horizon.
    pub horizon_full: Option<f64>,
    /// Hybrid over the horizon.
    pub horizon_hybrid: Option<f64>,
}

/// Which capacity pool: the one normalized pool of most offerings, or the input and
/// output pools of an offering that reserves them separately (OpenAI Scale Tier).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PoolName {
    /// The single pool that carries every token kind, weighted (named by the empty string).
    #[cfg_attr(feature = "serde", serde(rename = ""))]
    Normalized,
    /// The input pool.
    Input,
    /// The output pool.
    Output,
}

impl PoolName {
    /// The rate-card spelling: empty, `input` or `output`.
    pub fn as_str(self) -> &'static str {
        match self {
            PoolName::Normalized => "",
            PoolName::Input => "input",
            PoolName::Output => "output",
        }
    }

    /// The pool named `name` in a rate card (the cards' validation allows exactly these
    /// three spellings).
    ///
    /// ```
    /// use ptcalc_core::report::PoolName;
    /// assert_eq!(PoolName::parse("output"), Some(PoolName::Output));
    /// assert_eq!(PoolName::parse(""), Some(PoolName::Normalized));
    /// assert_eq!(PoolName::parse("cache"), None);
    /// ```
    pub fn parse(name: &str) -> Option<PoolName> {
        [PoolName::Normalized, PoolName::Input, PoolName::Output]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
}

impl core::fmt::Display for PoolName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Per-pool figures for per-dimension offerings.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct PoolSummary {
    /// Which pool (serialized as `input`, `output`, or empty for a normalized pool).
    pub name: PoolName,
    /// Unit name.
    pub unit: String,
    /// Mean load in the pool's tokens per minute.
    pub mean_tpm: f64,
    /// Peak load.
    pub peak_tpm: f64,
    /// Units for the sizing load.
    pub required_units: Option<u64>,
    /// Hybrid optimum units on the chosen term.
    pub hybrid_units: Option<u64>,
    /// u* on the chosen term.
    pub break_even_utilization: Option<f64>,
}

/// Everything shown for a scenario.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Report {
    /// The canonical link query.
    pub scenario: String,
    /// Which offering.
    pub offering: OfferingSummary,
    /// The load.
    pub load: LoadSummary,
    /// Units for the sizing load.
    pub units: UnitsSummary,
    /// Monthly costs on the chosen term.
    pub monthly: Monthly,
    /// u* on the chosen term.
    pub break_even_utilization: Option<f64>,
    /// Full provisioning on the chosen term.
    pub full: Option<Split>,
    /// The hybrid optimum on the chosen term.
    pub hybrid: Option<Split>,
    /// The user's own count.
    pub chosen: Option<Split>,
    /// Reserved capacity at the (1 − u*) quantile (newsvendor), in units (fractional), single-pool only.
    pub newsvendor_units: Option<f64>,
    /// P50, P75, P90, P95, P99 and peak on the chosen term.
    pub points: Vec<NamedPoint>,
    /// Every priced term.
    pub terms: Vec<TermRow>,
    /// The cheapest option across all terms.
    pub best: Option<Best>,
    /// Horizon months.
    pub horizon_months: u32,
    /// Monthly growth, percent.
    pub growth_percent: f64,
    /// All on-demand over the horizon.
    pub horizon_on_demand: Option<f64>,
    /// Per-pool figures (two for per-dimension offerings).
    pub pools: Vec<PoolSummary>,
    /// What to watch out for.
    pub warnings: Vec<Warning>,
}
