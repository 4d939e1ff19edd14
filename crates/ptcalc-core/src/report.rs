//! The report: everything the page and the CLI show for one scenario, computed from
//! the scenario and its resolved offering. `evaluate` returns an `Analysis`: the
//! serializable `Report` plus the per-minute models the charts draw from.
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
#[cfg(feature = "serde")]
use serde::Serialize;

use crate::breakeven::{break_even_scale, break_even_utilization, BreakEven, Never};
use crate::capacity::{is_feasible, raw_units, round_up_to_feasible, units_for_load, PerKind};
use crate::error::Error;
use crate::horizon::{growth_factor, period_months, pool_horizon};
use crate::hybrid::{
    argmin_convex, split_at, split_at_scale, LoadCurve, PoolEconomics, SplitPoint,
};
use crate::numfmt::percent;
use crate::offering::{Deployment, Offering, CUSTOM_ID};
use crate::prices::{complete_prices, on_demand_usd_per_month, usd_per_normalized_token};
use crate::scenario::{Scenario, ShapeKind};
use crate::sizing::demand_series;
use crate::terms::Term;
use crate::traffic::multipliers;
use crate::workload::tokens_per_minute;

/// Overflow share above which the report warns.
pub const OVERFLOW_WARNING_SHARE: f64 = 0.40;
/// Utilization below which the report warns.
pub const UTILIZATION_WARNING: f64 = 0.60;
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

/// The options the report compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum BestOption {
    /// Pay per token for everything.
    OnDemand,
    /// Reserve units for the sizing load (overflow above it on-demand).
    Full,
    /// Reserve the cheapest baseline and spill the rest to on-demand.
    Hybrid,
}

impl BestOption {
    /// The JSON spelling: `on_demand`, `full`, `hybrid`.
    pub fn as_str(self) -> &'static str {
        match self {
            BestOption::OnDemand => "on_demand",
            BestOption::Full => "full",
            BestOption::Hybrid => "hybrid",
        }
    }
}

/// The cheapest option overall.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Best {
    /// Which option.
    pub option: BestOption,
    /// The term (absent for on-demand).
    pub term: Option<Term>,
    /// Reserved units (0 for on-demand).
    pub units: u64,
    /// Monthly cost.
    pub monthly_usd: f64,
    /// Saving against all on-demand per month (0 for on-demand).
    pub saving_vs_on_demand_usd: f64,
    /// The saving as a share of the on-demand bill.
    pub saving_share: f64,
}

/// What a report warning is about: a stable code, serialized in snake case
/// (`no_capacity`, `overflow_high`…).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum WarningCode {
    /// A link key that was ignored or replaced (the warning's `key` says which).
    Link,
    /// No on-demand input and output price: nothing to compare with.
    NoOnDemandPrice,
    /// Cached input priced as plain input (no cached price published).
    CachedPricedAsInput,
    /// Cache writes priced as plain input (no cache-write price published).
    CacheWritePricedAsInput,
    /// No batch tier: the batch share is priced on-demand.
    NoBatchTier,
    /// No throughput per unit: nothing can be sized.
    NoCapacity,
    /// No unit price on the chosen term.
    NoUnitPrice,
    /// Long-context requests are not served on reserved capacity.
    LongContextNotReserved,
    /// Single-pool overrides given for a per-dimension offering.
    OverrideNotApplied,
    /// A unit count given for a per-dimension offering.
    UnitsNotApplied,
    /// A unit count the vendor does not sell (rounded up).
    UnitsNotFeasible,
    /// Demand above the reservation would be throttled with spillover off.
    ThrottledWithoutSpillover,
    /// A large share of tokens overflows.
    OverflowHigh,
    /// The reservation sits idle much of the month.
    UtilizationLow,
}

impl WarningCode {
    /// The stable spelling (`no_capacity`, …), as in the JSON and the page's `data-warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::Link => "link",
            WarningCode::NoOnDemandPrice => "no_on_demand_price",
            WarningCode::CachedPricedAsInput => "cached_priced_as_input",
            WarningCode::CacheWritePricedAsInput => "cache_write_priced_as_input",
            WarningCode::NoBatchTier => "no_batch_tier",
            WarningCode::NoCapacity => "no_capacity",
            WarningCode::NoUnitPrice => "no_unit_price",
            WarningCode::LongContextNotReserved => "long_context_not_reserved",
            WarningCode::OverrideNotApplied => "override_not_applied",
            WarningCode::UnitsNotApplied => "units_not_applied",
            WarningCode::UnitsNotFeasible => "units_not_feasible",
            WarningCode::ThrottledWithoutSpillover => "throttled_without_spillover",
            WarningCode::OverflowHigh => "overflow_high",
            WarningCode::UtilizationLow => "utilization_low",
        }
    }
}

impl core::fmt::Display for WarningCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A warning with a stable code and a sentence that says what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Warning {
    /// Stable machine-readable code.
    pub code: WarningCode,
    /// The link key a `link` warning is about (absent for the model's own warnings).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub key: Option<String>,
    /// What is wrong and what to do about it.
    pub message: String,
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

impl From<&crate::link::LinkWarning> for Warning {
    /// A link key that was ignored or replaced, as a report warning naming the key.
    fn from(w: &crate::link::LinkWarning) -> Warning {
        Warning {
            code: WarningCode::Link,
            key: Some(w.key.clone()),
            message: w.message.clone(),
        }
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

/// One pool's per-minute model, for charts and further questions.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolModel {
    /// Which pool.
    pub name: PoolName,
    /// Unit name.
    pub unit: String,
    /// Per-minute demand in the pool's normalized tokens (reservable share only).
    pub demand: Vec<f64>,
    /// The same, sorted.
    pub curve: LoadCurve,
    /// The sizing load.
    pub sizing_load: f64,
    /// Capacity per unit per minute, when known.
    pub capacity_per_unit_per_minute: Option<f64>,
    /// Vendor minimum.
    pub min_units: u64,
    /// Vendor increment.
    pub increment: u64,
    /// On-demand $ per normalized token of this pool.
    pub usd_per_normalized_token: Option<f64>,
    /// $ per unit per month, per priced term.
    pub usd_per_unit_month: Vec<(Term, f64)>,
}

impl PoolModel {
    /// The economics on `term`, when capacity, a unit price and an on-demand price are all known.
    pub fn economics(&self, term: Term) -> Option<PoolEconomics> {
        Some(PoolEconomics {
            capacity_per_unit_per_minute: self.capacity_per_unit_per_minute?,
            min_units: self.min_units,
            increment: self.increment,
            usd_per_unit_month: self.usd_per_unit_month.iter().find(|(t, _)| *t == term)?.1,
            usd_per_normalized_token: self.usd_per_normalized_token.unwrap_or(0.0),
        })
    }

    /// Units for the sizing load (× `scale`).
    pub fn required_units(&self, scale: f64) -> Option<u64> {
        let c = self.capacity_per_unit_per_minute?;
        Some(units_for_load(
            scale * self.sizing_load,
            c,
            self.min_units,
            self.increment,
        ))
    }

    /// The hybrid optimum of this pool at `scale` × the workload: the cheapest feasible
    /// count from 0 to the peak's units (ties to fewer units).
    pub fn optimum_at_scale(&self, econ: &PoolEconomics, scale: f64) -> SplitPoint {
        let top = self.peak_units(scale).unwrap_or(0);
        let k = argmin_convex(econ.min_units, econ.increment, top, |k| {
            split_at_scale(&self.curve, econ, k, scale).total_usd
        });
        split_at_scale(&self.curve, econ, k, scale)
    }

    /// The hybrid optimum of this pool at this month's workload.
    pub fn optimum(&self, econ: &PoolEconomics) -> SplitPoint {
        self.optimum_at_scale(econ, 1.0)
    }

    /// Units for the peak minute (× `scale`): the top of every sweep.
    pub fn peak_units(&self, scale: f64) -> Option<u64> {
        let c = self.capacity_per_unit_per_minute?;
        Some(units_for_load(
            scale * self.curve.peak(),
            c,
            self.min_units,
            self.increment,
        ))
    }
}

/// Monthly costs of each option at a multiple of the workload (break-even chart).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleCosts {
    /// The multiple.
    pub scale: f64,
    /// Tokens per month at this multiple.
    pub tokens_per_month: f64,
    /// All on-demand.
    pub on_demand: Option<f64>,
    /// Full provisioning.
    pub full: Option<f64>,
    /// Units of full provisioning.
    pub full_units: u64,
    /// Hybrid optimum.
    pub hybrid: Option<f64>,
}

/// The report and the models behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// What is shown.
    pub report: Report,
    /// One model per pool.
    pub pools: Vec<PoolModel>,
    /// The month's multiplier series (mean 1).
    pub multipliers: Vec<f64>,
    /// On-demand monthly cost of everything (batch at its price).
    pub on_demand_usd_per_month: Option<f64>,
    /// Batch-tier monthly cost (part of every option).
    pub batch_usd_per_month: f64,
    /// The chosen term.
    pub term: Term,
}

impl Analysis {
    /// Costs of each option on `term` at `scale` × the workload.
    pub fn at_scale(&self, term: Term, scale: f64) -> ScaleCosts {
        let batch = self.batch_usd_per_month * scale;
        let mut full = Some(batch);
        let mut hybrid = Some(batch);
        let mut full_units = 0;
        for pool in &self.pools {
            let econ = pool
                .economics(term)
                .filter(|_| pool.usd_per_normalized_token.is_some());
            match (econ, pool.required_units(scale)) {
                (Some(econ), Some(req)) => {
                    full_units += req;
                    full =
                        full.map(|f| f + split_at_scale(&pool.curve, &econ, req, scale).total_usd);
                    let best = pool.optimum_at_scale(&econ, scale);
                    hybrid = hybrid.map(|h| h + best.total_usd);
                }
                _ => {
                    full = None;
                    hybrid = None;
                }
            }
        }
        ScaleCosts {
            scale,
            tokens_per_month: self.report.load.tokens_per_month * scale,
            on_demand: self.on_demand_usd_per_month.map(|v| v * scale),
            full,
            full_units,
            hybrid,
        }
    }
}

fn summarize(p: &SplitPoint, batch: f64) -> Split {
    Split {
        units: p.units,
        utilization: p.utilization,
        overflow_share: p.overflow_share,
        reserved_usd: p.reserved_usd,
        overflow_usd: p.overflow_usd,
        total_usd: p.total_usd + batch,
    }
}

/// Evaluates a scenario against its offering (already resolved from the rate cards,
/// or built with `Offering::custom`). Overrides in the scenario are applied here.
///
/// # Errors
/// When the traffic shape cannot be built (peak-to-average out of range) or the month
/// length is invalid. Missing vendor figures are not errors: the figures that need them
/// are absent and a warning says what to enter.
pub fn evaluate(scenario: &Scenario, offering: &Offering) -> Result<Analysis, Error> {
    let s = scenario;
    if !(s.hours_per_month >= 1.0 && s.hours_per_month <= 744.0) {
        return Err(Error::InvalidMonth(s.hours_per_month));
    }
    let offering = if offering.id == CUSTOM_ID {
        Offering::custom(&s.overrides, s.term)
    } else {
        offering.with_overrides(&s.overrides, s.term)
    };
    let minutes = s.minutes_per_month();
    let mut warnings: Vec<Warning> = Vec::new();
    let mut warn = |code: WarningCode, message: String| {
        warnings.push(Warning {
            code,
            key: None,
            message,
        })
    };

    let m = multipliers(
        s.shape,
        if s.shape == ShapeKind::Flat {
            1.0
        } else {
            s.peak_to_average
        },
        s.seed,
        minutes,
    )?;
    let all_tpm = tokens_per_minute(&s.volume, s.cached_share, s.cache_write_share);
    let reservable_tpm = all_tpm.scale(1.0 - s.batch_share);
    let batch_tpm = all_tpm.scale(s.batch_share);

    // On-demand prices, with gaps filled where a vendor has no separate cached/cache-write price.
    let prices = complete_prices(&offering.on_demand_usd_per_mtok);
    match &prices {
        None => warn(
            WarningCode::NoOnDemandPrice,
            format!(
                "{} has no published on-demand input and output price: enter them (pin, pout) to compare with on-demand",
                offering.name
            ),
        ),
        Some((_, fell_back)) => {
            if fell_back.cached_input && all_tpm.cached_input > 0.0 {
                warn(WarningCode::CachedPricedAsInput, String::from("No cached-input price is published: cached tokens are priced as plain input (enter pcache if you have one)."));
            }
            if fell_back.cache_write && all_tpm.cache_write > 0.0 {
                warn(WarningCode::CacheWritePricedAsInput, String::from("No cache-write price is published: cache writes are priced as plain input (enter pcw if you have one)."));
            }
        }
    }
    let batch_multiplier = match offering.batch_multiplier {
        Some(b) => b,
        None => {
            if s.batch_share > 0.0 {
                warn(WarningCode::NoBatchTier, String::from("No batch tier is published for this offering: the batch share is priced at the on-demand rate."));
            }
            1.0
        }
    };
    let bill = |tpm: &PerKind<f64>| {
        prices
            .as_ref()
            .map(|(p, _)| on_demand_usd_per_month(tpm, p, minutes))
    };
    let batch_usd_per_month = bill(&batch_tpm).unwrap_or(0.0) * batch_multiplier;
    let on_demand_total = bill(&reservable_tpm).map(|reservable| reservable + batch_usd_per_month);

    // Pools.
    let mut pools: Vec<PoolModel> = Vec::new();
    for pool in &offering.pools {
        let normalized = reservable_tpm.dot(&pool.weights);
        let demand = demand_series(&m, normalized);
        let curve = LoadCurve::new(&demand);
        let sizing_load = curve.percentile(s.size_percentile);
        let p = prices.as_ref().and_then(|(pr, _)| {
            usd_per_normalized_token(&reservable_tpm, pr, &pool.weights, &pool.billed)
        });
        let usd_per_unit_month = pool
            .prices
            .iter()
            .map(|tp| (tp.term, tp.price.usd_per_unit_month(s.hours_per_month)))
            .collect();
        pools.push(PoolModel {
            // Rate-card validation allows only these names (one unnamed pool, or input then output).
            name: PoolName::parse(&pool.name).unwrap_or(PoolName::Normalized),
            unit: pool.unit.clone(),
            demand,
            curve,
            sizing_load,
            capacity_per_unit_per_minute: pool.capacity_per_unit_per_minute.filter(|c| *c > 0.0),
            min_units: pool.min_units.max(1),
            increment: pool.increment.max(1),
            usd_per_normalized_token: p,
            usd_per_unit_month,
        });
    }
    if let Some(pool) = pools
        .iter()
        .find(|p| p.capacity_per_unit_per_minute.is_none())
    {
        warn(
            WarningCode::NoCapacity,
            format!(
                "{} publishes no throughput per {}: enter one (cap, tokens per minute per unit) to size and price a reservation",
                offering.name, pool.unit
            ),
        );
    }
    if pools
        .iter()
        .any(|p| !p.usd_per_unit_month.iter().any(|(t, _)| *t == s.term))
    {
        let message = if offering.is_per_dimension() {
            format!(
                "{} has no published {} price for its input and output units, and a link can carry only one unit price: pick a priced term, or model your quote as custom (cap, pu or pm, pin, pout)",
                offering.name,
                s.term.label()
            )
        } else {
            format!(
                "{} has no published {} price for {}: enter one (pu per unit-hour or pm per unit-month) or pick a priced term",
                offering.name,
                s.term.label(),
                offering.unit
            )
        };
        warn(WarningCode::NoUnitPrice, message);
    }
    if offering.long_context_on_reserved == Some(false) {
        warn(WarningCode::LongContextNotReserved, format!("{} does not serve long-context requests (over 128k prompt tokens) on reserved capacity: they spill to on-demand, or fail with spillover off.", offering.name));
    }
    if offering.is_per_dimension()
        && (s.overrides.capacity_per_unit_per_minute.is_some()
            || s.overrides.usd_per_unit_hour.is_some()
            || s.overrides.usd_per_unit_month.is_some()
            || s.overrides.min_units.is_some()
            || s.overrides.increment.is_some())
    {
        warn(WarningCode::OverrideNotApplied, String::from("cap, min, inc, pu and pm apply to offerings with one normalized pool; this offering reserves input and output separately, so they were not applied."));
    }

    // Totals over pools on one term.
    // A split is priced when every pool has capacity and a unit price, and either an
    // on-demand price for its overflow or no overflow at all (a model that runs only on
    // reserved capacity, fully provisioned).
    let split_on = |term: Term,
                    pick: &dyn Fn(&PoolModel, &PoolEconomics) -> Option<u64>|
     -> Option<SplitPoint> {
        let mut parts = Vec::new();
        for pool in &pools {
            let econ = pool.economics(term)?;
            let split = split_at(&pool.curve, &econ, pick(pool, &econ)?);
            if pool.usd_per_normalized_token.is_none() && split.overflow_tokens > 0.0 {
                return None;
            }
            parts.push(split);
        }
        Some(SplitPoint::combine(&parts))
    };
    let full_on = |term: Term| split_on(term, &|pool, _| pool.required_units(1.0));
    // Without an on-demand price there is nothing to spill to: no hybrid.
    let hybrid_on = |term: Term| {
        split_on(term, &|pool, econ| {
            pool.usd_per_normalized_token
                .map(|_| pool.optimum(econ).units)
        })
    };
    let u_star_on = |term: Term| -> Option<f64> {
        // Reserved cost at full provisioning ÷ on-demand value of that capacity; for one pool
        // this is exactly unit price / (p × C × minutes).
        if pools.len() == 1 {
            let pool = &pools[0];
            let econ = pool.economics(term)?;
            return break_even_utilization(
                econ.usd_per_unit_month,
                pool.usd_per_normalized_token?,
                econ.capacity_per_unit_per_minute,
                minutes,
            );
        }
        let (mut cost, mut value) = (0.0, 0.0);
        for pool in &pools {
            let econ = pool.economics(term)?;
            let k = pool.required_units(1.0)?.max(pool.min_units) as f64;
            cost += k * econ.usd_per_unit_month;
            value += k
                * econ.capacity_per_unit_per_minute
                * minutes as f64
                * pool.usd_per_normalized_token?;
        }
        (value > 0.0).then(|| cost / value)
    };

    let full = full_on(s.term);
    let hybrid = hybrid_on(s.term);
    let chosen = s.units.and_then(|units| {
        if pools.len() != 1 {
            warn(
                WarningCode::UnitsNotApplied,
                format!("units {units} was not applied: {} reserves input and output separately, and a link carries one count.", offering.name),
            );
            return None;
        }
        let pool = &pools[0];
        let econ = pool.economics(s.term)?;
        let feasible = round_up_to_feasible(units, pool.min_units, pool.increment);
        if !is_feasible(units, pool.min_units, pool.increment) {
            warn(
                WarningCode::UnitsNotFeasible,
                format!(
                    "units {units} is not a count you can buy (0, or {} then steps of {}): {feasible} used",
                    pool.min_units, pool.increment
                ),
            );
        }
        let split = split_at(&pool.curve, &econ, feasible);
        (pool.usd_per_normalized_token.is_some() || split.overflow_tokens == 0.0).then_some(split)
    });

    // Warnings at the size the user looks at: their own count, else full provisioning.
    let (looked_at, what) = match (&chosen, &full) {
        (Some(c), _) => (Some(*c), "your chosen size"),
        (None, Some(f)) => (Some(*f), "full provisioning"),
        _ => (None, ""),
    };
    if let Some(p) = looked_at {
        if p.overflow_share > 0.0 {
            warn(
                WarningCode::ThrottledWithoutSpillover,
                format!(
                    "Peak above reserved capacity at {what} ({} {}): with spillover off, {} of tokens would be throttled (429). Turn spillover on or size for the peak.",
                    p.units,
                    offering.unit,
                    percent(p.overflow_share)
                ),
            );
        }
        if p.overflow_share > OVERFLOW_WARNING_SHARE {
            warn(
                WarningCode::OverflowHigh,
                format!(
                    "Overflow is {} of tokens at {} {}: consider more units or a shorter term.",
                    percent(p.overflow_share),
                    p.units,
                    offering.unit
                ),
            );
        }
        if p.units > 0 && p.utilization < UTILIZATION_WARNING {
            warn(WarningCode::UtilizationLow, format!("Utilization is {} at {} {}: much of the reservation sits idle; consider fewer units with spillover, or on-demand.", percent(p.utilization), p.units, offering.unit));
        }
    }

    // Terms.
    let base_tokens_per_month = all_tpm.sum() * minutes as f64;
    let terms: Vec<TermRow> = offering
        .terms()
        .into_iter()
        .map(|term| {
            let full_t = full_on(term);
            let hybrid_t = hybrid_on(term);
            let mut be_tokens = None;
            let mut be_never = None;
            let mut worst_scale: Option<f64> = Some(0.0);
            for pool in &pools {
                let econ = match (pool.economics(term), pool.usd_per_normalized_token) {
                    (Some(e), Some(_)) => e,
                    _ => {
                        worst_scale = None;
                        break;
                    }
                };
                match break_even_scale(&pool.curve, &econ, pool.sizing_load) {
                    BreakEven::AboveScale(x) => worst_scale = worst_scale.map(|w| w.max(x)),
                    BreakEven::Never(reason) => {
                        be_never = Some(match reason {
                            Never::UtilizationTooLow { utilization, break_even } => format!(
                                "a reserved unit pays off only above {} utilization, and full provisioning of this traffic shape averages {}",
                                percent(break_even),
                                percent(utilization)
                            ),
                            Never::BeyondSearch => String::from("break-even is within a hair of the achievable utilization: the crossing lies beyond 10 million units"),
                            Never::NoLoad => String::from("the workload is empty"),
                        });
                        worst_scale = None;
                        break;
                    }
                }
            }
            if be_never.is_none() {
                be_tokens = worst_scale.map(|x| x * base_tokens_per_month);
            }
            let (mut hz_full, mut hz_hybrid) = (Some(0.0), Some(0.0));
            for pool in &pools {
                match (pool.economics(term), pool.usd_per_normalized_token) {
                    (Some(econ), Some(_)) => {
                        let h = pool_horizon(&pool.curve, &econ, pool.sizing_load, s.horizon_months, s.growth_percent, period_months(term, s.hours_per_month));
                        hz_full = hz_full.map(|v| v + h.full_usd);
                        hz_hybrid = hz_hybrid.map(|v| v + h.hybrid_usd);
                    }
                    _ => {
                        hz_full = None;
                        hz_hybrid = None;
                    }
                }
            }
            let batch_horizon: f64 = (0..s.horizon_months).map(|i| batch_usd_per_month * growth_factor(i, s.growth_percent)).sum();
            TermRow {
                term,
                label: term.label(),
                usd_per_unit_month: if pools.len() == 1 { pools[0].usd_per_unit_month.iter().find(|(t, _)| *t == term).map(|x| x.1) } else { None },
                full_provisioned: full_t.map(|f| f.total_usd + batch_usd_per_month),
                hybrid: hybrid_t.map(|h| summarize(&h, batch_usd_per_month)),
                break_even_utilization: u_star_on(term),
                break_even_tokens_per_month: be_tokens,
                break_even_never: be_never,
                horizon_full: hz_full.map(|v| v + batch_horizon),
                horizon_hybrid: hz_hybrid.map(|v| v + batch_horizon),
            }
        })
        .collect();

    // The cheapest option across terms.
    let best = on_demand_total.map(|od| {
        let mut best = Best {
            option: BestOption::OnDemand,
            term: None,
            units: 0,
            monthly_usd: od,
            saving_vs_on_demand_usd: 0.0,
            saving_share: 0.0,
        };
        for row in &terms {
            // Full provisioning first: a hybrid that costs the same (it spills nothing) is
            // full provisioning, and ties keep the first.
            let candidates = [
                (BestOption::Full, row.full_provisioned.map(|f| (f, 0))),
                (
                    BestOption::Hybrid,
                    row.hybrid.as_ref().map(|h| (h.total_usd, h.units)),
                ),
            ];
            for (option, cand) in candidates {
                if let Some((cost, units)) = cand {
                    let units = if option == BestOption::Full {
                        pools.iter().filter_map(|p| p.required_units(1.0)).sum()
                    } else {
                        units
                    };
                    if cost < best.monthly_usd - 1e-9 && units > 0 {
                        best = Best {
                            option,
                            term: Some(row.term),
                            units,
                            monthly_usd: cost,
                            saving_vs_on_demand_usd: od - cost,
                            saving_share: if od > 0.0 { (od - cost) / od } else { 0.0 },
                        };
                    }
                }
            }
        }
        best
    });

    // Provisioning points on the chosen term.
    let points: Vec<NamedPoint> = if pools
        .iter()
        .all(|p| p.economics(s.term).is_some() && p.usd_per_normalized_token.is_some())
    {
        PROVISIONING_PERCENTILES
            .iter()
            .filter_map(|&pct| {
                let parts: Option<Vec<SplitPoint>> = pools
                    .iter()
                    .map(|pool| {
                        let econ = pool.economics(s.term)?;
                        let load = pool.curve.percentile(pct);
                        let k = units_for_load(
                            load,
                            econ.capacity_per_unit_per_minute,
                            econ.min_units,
                            econ.increment,
                        );
                        Some(split_at(&pool.curve, &econ, k))
                    })
                    .collect();
                parts.map(|parts| NamedPoint {
                    label: if pct == 100 {
                        String::from("peak")
                    } else {
                        format!("P{pct}")
                    },
                    percentile: pct,
                    split: summarize(&SplitPoint::combine(&parts), batch_usd_per_month),
                })
            })
            .collect()
    } else {
        Vec::new()
    };

    let break_even_u = u_star_on(s.term);
    let newsvendor_units = match (pools.len(), break_even_u) {
        (1, Some(u)) => pools[0].capacity_per_unit_per_minute.map(|c| {
            pools[0]
                .curve
                .capacity_with_share_above(u)
                .map(|x| x / c)
                .unwrap_or(0.0)
        }),
        _ => None,
    };

    let pool_summaries = pools
        .iter()
        .map(|pool| PoolSummary {
            name: pool.name,
            unit: pool.unit.clone(),
            mean_tpm: pool.curve.mean(),
            peak_tpm: pool.curve.peak(),
            required_units: pool.required_units(1.0),
            hybrid_units: pool
                .economics(s.term)
                .filter(|_| pool.usd_per_normalized_token.is_some())
                .map(|econ| pool.optimum(&econ).units),
            break_even_utilization: pool.economics(s.term).and_then(|econ| {
                break_even_utilization(
                    econ.usd_per_unit_month,
                    pool.usd_per_normalized_token?,
                    econ.capacity_per_unit_per_minute,
                    minutes,
                )
            }),
        })
        .collect();

    let sum_over = |f: &dyn Fn(&PoolModel) -> f64| pools.iter().map(f).sum::<f64>();
    let required: Option<u64> = pools.iter().map(|p| p.required_units(1.0)).sum();
    let raw: Option<f64> = pools
        .iter()
        .map(|p| {
            p.capacity_per_unit_per_minute
                .map(|c| raw_units(p.sizing_load, c))
        })
        .sum();
    let first = pools.first();
    let horizon_on_demand = on_demand_total.map(|od| {
        (0..s.horizon_months)
            .map(|i| od * growth_factor(i, s.growth_percent))
            .sum()
    });

    let report = Report {
        scenario: crate::link::format(s),
        offering: OfferingSummary {
            id: offering.id.clone(),
            name: offering.name.clone(),
            unit: offering.unit.clone(),
            deployment: offering.deployment,
            term: s.term,
            per_dimension: offering.is_per_dimension(),
        },
        load: LoadSummary {
            mean_normalized_tpm: sum_over(&|p| p.curve.mean()),
            peak_normalized_tpm: sum_over(&|p| p.curve.peak()),
            sizing_normalized_tpm: sum_over(&|p| p.sizing_load),
            sizing_percentile: s.size_percentile,
            tokens_per_minute: all_tpm,
            tokens_per_month: base_tokens_per_month,
            minutes_per_month: minutes,
        },
        units: UnitsSummary {
            raw,
            required,
            min_units: first.map(|p| p.min_units).unwrap_or(1),
            increment: first.map(|p| p.increment).unwrap_or(1),
        },
        monthly: Monthly {
            on_demand: on_demand_total,
            full_provisioned: full.map(|f| f.total_usd + batch_usd_per_month),
            hybrid: hybrid.map(|h| h.total_usd + batch_usd_per_month),
            chosen: chosen.map(|c| c.total_usd + batch_usd_per_month),
            batch: batch_usd_per_month,
        },
        break_even_utilization: break_even_u,
        full: full.map(|f| summarize(&f, batch_usd_per_month)),
        hybrid: hybrid.map(|h| summarize(&h, batch_usd_per_month)),
        chosen: chosen.map(|c| summarize(&c, batch_usd_per_month)),
        newsvendor_units,
        points,
        terms,
        best,
        horizon_months: s.horizon_months,
        growth_percent: s.growth_percent,
        horizon_on_demand,
        pools: pool_summaries,
        warnings,
    };
    Ok(Analysis {
        report,
        pools,
        multipliers: m,
        on_demand_usd_per_month: on_demand_total,
        batch_usd_per_month,
        term: s.term,
    })
}
