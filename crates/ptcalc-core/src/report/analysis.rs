//! The per-minute models behind a report, kept for the charts and for questions the
//! report does not answer (costs at another volume, another term).
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::capacity::units_for_load;
use crate::hybrid::{argmin_convex, split_at_scale, Load, LoadCurve, PoolEconomics, SplitPoint};
use crate::terms::Term;

use super::best::best_at_scale;
use super::{splits, Best, PoolName, Report};

/// One pool's per-minute model, for charts and further questions. Its curve is a
/// [`LoadCurve`]; pricing reads it through [`Load`], so a portfolio prices its subsets on
/// leaner curves that answer with the same bits (then `demand` is empty: the curve reads
/// the series it borrows).
#[derive(Clone, Debug, PartialEq)]
pub struct PoolModel<C = LoadCurve> {
    /// Which pool.
    pub name: PoolName,
    /// Unit name.
    pub unit: String,
    /// Per-minute demand in the pool's normalized tokens (reservable share only).
    pub demand: Vec<f64>,
    /// The same, bucketed on a grid over [0, peak] for overflow and percentile queries (no sort).
    pub curve: C,
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

/// What a pool's reserved capacity carries and costs, apart from its demand: the figures
/// workloads must agree on to share one pool (`portfolio`).
#[derive(Clone, Debug, PartialEq)]
pub struct PoolFigures {
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
    /// The model of a pool with per-minute `demand` (normalized tokens, reservable share),
    /// sized at the `size_percentile` of its minutes: the one constructor of a scenario's
    /// pools and of a portfolio's pooled ones, so both are sized and priced alike.
    pub fn new(
        name: PoolName,
        unit: String,
        demand: Vec<f64>,
        size_percentile: u8,
        figures: PoolFigures,
    ) -> PoolModel {
        let curve = LoadCurve::new(&demand);
        PoolModel::with_curve(name, unit, demand, curve, size_percentile, figures)
    }
}

impl<C: Load> PoolModel<C> {
    /// [`PoolModel::new`] on a curve already built from `demand` (or borrowing it, with
    /// `demand` left empty).
    pub fn with_curve(
        name: PoolName,
        unit: String,
        demand: Vec<f64>,
        curve: C,
        size_percentile: u8,
        figures: PoolFigures,
    ) -> PoolModel<C> {
        let sizing_load = curve.percentile(size_percentile);
        PoolModel {
            name,
            unit,
            demand,
            curve,
            sizing_load,
            capacity_per_unit_per_minute: figures.capacity_per_unit_per_minute,
            min_units: figures.min_units,
            increment: figures.increment,
            usd_per_normalized_token: figures.usd_per_normalized_token,
            usd_per_unit_month: figures.usd_per_unit_month,
        }
    }

    /// The figures other than demand (what pooled workloads must share).
    pub fn figures(&self) -> PoolFigures {
        PoolFigures {
            capacity_per_unit_per_minute: self.capacity_per_unit_per_minute,
            min_units: self.min_units,
            increment: self.increment,
            usd_per_normalized_token: self.usd_per_normalized_token,
            usd_per_unit_month: self.usd_per_unit_month.clone(),
        }
    }

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
    /// The month's multiplier series (mean 1), shared with the month's traffic it came from.
    pub multipliers: Arc<[f64]>,
    /// On-demand monthly cost of everything (batch at its price).
    pub on_demand_usd_per_month: Option<f64>,
    /// Batch-tier monthly cost (part of every option).
    pub batch_usd_per_month: f64,
    /// The chosen term.
    pub term: Term,
    /// Imported traffic's average week: the mean normalized load (mean 1) of each hour,
    /// Monday 00:00 UTC first, `None` where the data had no such hour. The multipliers
    /// of imported traffic are sorted (a summary keeps the distribution, not the order),
    /// so the traffic chart draws this week instead.
    pub week: Option<Vec<Option<f64>>>,
    /// Priced terms that may not be the answer: the model retires before they end (where
    /// the reservation follows the model) or is retired already (`Lifecycle::may_answer`).
    pub terms_not_answered: Vec<Term>,
}

impl Analysis {
    /// Costs of each option on `term` at `scale` × the workload: the report's splits
    /// (`splits`) at that scale, so the break-even chart and the table agree.
    pub fn at_scale(&self, term: Term, scale: f64) -> ScaleCosts {
        let batch = self.batch_usd_per_month * scale;
        let full = splits::full(&self.pools, term, scale);
        ScaleCosts {
            scale,
            tokens_per_month: self.report.load.tokens_per_month * scale,
            on_demand: self.on_demand_usd_per_month.map(|v| v * scale),
            full: full.as_ref().map(|f| f.total_usd + batch),
            full_units: full.map_or(0, |f| f.units),
            hybrid: splits::hybrid(&self.pools, term, scale).map(|h| h.total_usd + batch),
        }
    }

    /// The best option at `scale` × the workload, by the report's rule over the report's
    /// terms: what [`evaluate`](super::evaluate) would report for the scenario with its
    /// traffic times `scale` (property-tested in `tests/best_at_scale.rs`), without
    /// building the traffic again. `best_at(1.0)` is the report's own `best`.
    pub fn best_at(&self, scale: f64) -> Option<Best> {
        best_at_scale(
            &self.pools,
            self.report
                .terms
                .iter()
                .map(|row| row.term)
                .filter(|t| !self.terms_not_answered.contains(t)),
            self.on_demand_usd_per_month,
            self.batch_usd_per_month,
            scale,
        )
    }
}
