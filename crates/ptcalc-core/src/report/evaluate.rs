//! `evaluate`: the model's steps in order, from a scenario and its offering to the report.
//! Each step is one call into the module that holds its formula (README, "The model").
use alloc::format;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::breakeven::{break_even_utilization, newsvendor_units};
use crate::capacity::{raw_units, PerKind};
use crate::error::Error;
use crate::horizon::growth_factor;
use crate::hybrid::LoadCurve;
use crate::load_summary::{month_multipliers, SummaryText};
use crate::offering::Offering;
use crate::prices::{complete_prices, on_demand_usd_per_month};
use crate::scenario::{Scenario, ShapeKind};
use crate::traffic::{multipliers, normalize_series};
use crate::workload::tokens_per_minute;

use super::best::{best_option, Candidate};
use super::points::provisioning_points;
use super::pools::pool_models;
use super::term_rows::term_row;
use super::warnings::Warnings;
use super::{
    splits, Analysis, LoadSummary, Measured, Monthly, OfferingSummary, PoolModel, PoolSummary,
    Report, Split, UnitsSummary,
};

/// Evaluates a scenario against its offering (already resolved from the rate cards,
/// or built with `Offering::custom`). Overrides in the scenario are applied here.
///
/// # Errors
/// When the traffic shape cannot be built (peak-to-average out of range) or the month
/// length is invalid. Missing vendor figures are not errors: the figures that need them
/// are absent and a warning says what to enter.
pub fn evaluate(scenario: &Scenario, offering: &Offering) -> Result<Analysis, Error> {
    check_month(scenario)?;
    let traffic = MonthTraffic::build(&TrafficInputs::of(scenario))?;
    evaluate_traffic(scenario, offering, traffic.into_traffic())
}

/// [`evaluate`] with the month's traffic built already, as a caller that keeps it across
/// edits does (the page: typing a token rate changes no multiplier). `traffic` is used only
/// when it was built for this scenario's [`TrafficInputs`]; otherwise it is built again,
/// so the result is always [`evaluate`]'s.
///
/// # Errors
/// As [`evaluate`].
///
/// ```
/// use ptcalc_core::report::{evaluate, evaluate_with, MonthTraffic, TrafficInputs};
/// use ptcalc_core::{scenario::Volume, verdict::scale_traffic, Offering, Scenario};
/// let s = Scenario { offering: "custom".into(), ..Scenario::default() };
/// let o = Offering::custom(&s.overrides, s.term);
/// let traffic = MonthTraffic::build(&TrafficInputs::of(&s)).unwrap();
/// let busier = scale_traffic(&s, 2.0); // the same traffic inputs
/// assert_eq!(evaluate_with(&busier, &o, traffic).unwrap(), evaluate(&busier, &o).unwrap());
/// ```
pub fn evaluate_with(
    scenario: &Scenario,
    offering: &Offering,
    traffic: MonthTraffic,
) -> Result<Analysis, Error> {
    check_month(scenario)?;
    let inputs = TrafficInputs::of(scenario);
    let traffic = if traffic.inputs == inputs {
        traffic
    } else {
        MonthTraffic::build(&inputs)?
    };
    evaluate_traffic(scenario, offering, traffic.into_traffic())
}

/// Everything the month's traffic (step 1) depends on: the shape with its peak-to-average
/// and seed, the month's length, and imported traffic's summary. Two scenarios with equal
/// inputs have the same [`MonthTraffic`].
#[derive(Clone, Debug, PartialEq)]
pub struct TrafficInputs {
    shape: ShapeKind,
    peak_to_average: f64,
    seed: u64,
    hours_per_month: f64,
    minutes: usize,
    load: Option<SummaryText>,
}

impl TrafficInputs {
    /// The inputs of `s`'s traffic.
    pub fn of(s: &Scenario) -> TrafficInputs {
        TrafficInputs {
            shape: s.shape,
            peak_to_average: match s.shape {
                ShapeKind::Flat => 1.0,
                _ => s.peak_to_average,
            },
            seed: s.seed,
            hours_per_month: s.hours_per_month,
            minutes: s.minutes_per_month(),
            load: s.load.clone(),
        }
    }
}

/// Step 1 of the model: the month's per-minute multipliers (mean 1) from the traffic shape
/// (`traffic`), or imported traffic's summary scaled to the month (`load_summary`), with
/// what the report says about where they come from.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthTraffic {
    inputs: TrafficInputs,
    /// Shared: every evaluation that reuses this traffic keeps it in its analysis.
    multipliers: Arc<[f64]>,
    /// The multipliers' curve: every pool's is it scaled (`LoadCurve::scaled`), in every
    /// evaluation that uses this traffic.
    curve: LoadCurve,
    measured: Option<Measured>,
    week: Option<Vec<Option<f64>>>,
}

impl MonthTraffic {
    /// Builds the month's traffic.
    ///
    /// # Errors
    /// When the shape cannot be built (peak-to-average out of range).
    pub fn build(inputs: &TrafficInputs) -> Result<MonthTraffic, Error> {
        let minutes = inputs.minutes;
        let (multipliers, measured, week) = match inputs.load.as_ref().map(|t| t.summary()) {
            Some(summary) => (
                month_multipliers(summary.curve(), minutes),
                Some(measured(
                    inputs.hours_per_month,
                    minutes,
                    summary.minutes(),
                    summary.peak(),
                )),
                Some(summary.week()),
            ),
            None => (
                multipliers(inputs.shape, inputs.peak_to_average, inputs.seed, minutes)?,
                None,
                None,
            ),
        };
        Ok(MonthTraffic {
            inputs: inputs.clone(),
            curve: LoadCurve::new(&multipliers),
            multipliers: multipliers.into(),
            measured,
            week,
        })
    }

    /// The multipliers' curve, when this traffic was built for `s`'s traffic inputs.
    pub(super) fn curve_for(&self, s: &Scenario) -> Option<LoadCurve> {
        (self.inputs == TrafficInputs::of(s)).then(|| self.curve.clone())
    }

    fn into_traffic(self) -> Traffic {
        Traffic {
            multipliers: self.multipliers,
            curve: self.curve,
            measured: self.measured,
            week: self.week,
        }
    }
}

/// Evaluates a scenario on a full per-minute load series (any unit, any length; its
/// distribution is scaled to the scenario's month as a `load=` summary's is) instead of
/// its shape or summary: the reference a summary link is checked against. The analysis
/// has no week (`Analysis::week`), and its multipliers are sorted.
///
/// # Errors
/// As [`evaluate`], and [`Error::InvalidSeries`] for an empty, negative or all-zero series.
///
/// ```
/// use ptcalc_core::report::{evaluate, evaluate_full_data};
/// use ptcalc_core::{Scenario, scenario::ShapeKind};
/// let s = Scenario { offering: "custom".into(), shape: ShapeKind::Flat, ..Scenario::default() };
/// let o = ptcalc_core::Offering::custom(&s.overrides, s.term);
/// let flat = evaluate_full_data(&s, &o, &[5.0; 60]).unwrap();
/// let synthetic = evaluate(&s, &o).unwrap().report.load.peak_normalized_tpm;
/// assert!((flat.report.load.peak_normalized_tpm / synthetic - 1.0).abs() < 1e-9);
/// assert!(evaluate_full_data(&s, &o, &[0.0; 60]).is_err());
/// ```
pub fn evaluate_full_data(
    scenario: &Scenario,
    offering: &Offering,
    per_minute_load: &[f64],
) -> Result<Analysis, Error> {
    let s = scenario;
    check_month(s)?;
    let mut sorted = normalize_series(per_minute_load)?;
    sorted.sort_unstable_by(|a, b| b.total_cmp(a));
    let peak = sorted[0];
    evaluate_traffic(s, offering, measured_traffic(s, &sorted, peak))
}

/// Evaluates a scenario on a measured per-minute load series kept in time order (any unit,
/// any length), stretched or squeezed onto the scenario's month minute by minute
/// (`month_multipliers`, the resampling a `load=` summary's curve gets): series measured
/// over one period land on the same month minutes, so a portfolio can sum them minute by
/// minute (`portfolio::evaluate_measured_portfolio`). Its distribution is the full data's,
/// as [`evaluate_full_data`]'s is; the analysis has no week.
///
/// # Errors
/// As [`evaluate_full_data`].
///
/// ```
/// use ptcalc_core::report::{evaluate_full_data, evaluate_series};
/// use ptcalc_core::Scenario;
/// let s = Scenario { offering: "custom".into(), ..Scenario::default() };
/// let o = ptcalc_core::Offering::custom(&s.overrides, s.term);
/// let day: Vec<f64> = (0..1_440).map(|t| if (540..1_020).contains(&t) { 3.0 } else { 1.0 }).collect();
/// let a = evaluate_series(&s, &o, &day).unwrap();
/// // The day is stretched over the month: file minute m is month minute m × 43,800 ÷ 1,440.
/// let at = |m: usize| a.multipliers[m * a.multipliers.len() / 1_440];
/// assert!(at(600) > at(60)); // 10:00 is busier than 01:00, in place
/// let full = evaluate_full_data(&s, &o, &day).unwrap();
/// assert!((a.report.load.peak_normalized_tpm / full.report.load.peak_normalized_tpm - 1.0).abs() < 1e-9);
/// ```
pub fn evaluate_series(
    scenario: &Scenario,
    offering: &Offering,
    per_minute_load: &[f64],
) -> Result<Analysis, Error> {
    let s = scenario;
    check_month(s)?;
    let series = normalize_series(per_minute_load)?;
    let peak = series.iter().fold(0.0, |m: f64, d| m.max(*d));
    evaluate_traffic(s, offering, measured_traffic(s, &series, peak))
}

/// The month's traffic of a measured series (`load`, normalized, sorted or in time order;
/// `peak` its largest value): `load` resampled onto the scenario's month minutes, with its
/// curve and where it came from.
fn measured_traffic(s: &Scenario, load: &[f64], peak: f64) -> Traffic {
    let minutes = s.minutes_per_month();
    let multipliers = month_multipliers(load, minutes);
    Traffic {
        curve: LoadCurve::new(&multipliers),
        multipliers: multipliers.into(),
        measured: Some(measured(s.hours_per_month, minutes, load.len(), peak)),
        week: None,
    }
}

/// The month's per-minute multipliers and, for imported traffic, where they come from.
struct Traffic {
    multipliers: Arc<[f64]>,
    /// Their curve (`MonthTraffic::curve`).
    curve: LoadCurve,
    measured: Option<Measured>,
    week: Option<Vec<Option<f64>>>,
}

pub(super) fn check_month(s: &Scenario) -> Result<(), Error> {
    if !(s.hours_per_month >= 1.0 && s.hours_per_month <= 744.0) {
        return Err(Error::InvalidMonth(s.hours_per_month));
    }
    Ok(())
}

/// What the report says about imported traffic of `n` minutes, in a month of
/// `hours_per_month` (`minutes` minutes).
fn measured(hours_per_month: f64, minutes: usize, n: usize, peak_to_average: f64) -> Measured {
    let days = n as f64 / 1_440.0;
    Measured {
        period_minutes: n,
        period_days: days,
        peak_to_average,
        note: format!(
            "traffic imported from {} of measured per-minute load ({n} minutes), scaled to the scenario's {}-hour month ({minutes} minutes) with its distribution kept",
            period_words(days),
            crate::numfmt::format_number(hours_per_month),
        ),
    }
}

/// The model's steps 2 to 7 on the month's traffic.
fn evaluate_traffic(
    s: &Scenario,
    offering: &Offering,
    traffic: Traffic,
) -> Result<Analysis, Error> {
    let offering = offering.effective(&s.overrides, s.term);
    let minutes = s.minutes_per_month();
    let mut warnings = Warnings::default();
    let Traffic {
        multipliers: m,
        curve,
        measured,
        week,
    } = traffic;

    // 2. Tokens per minute of each kind (`workload`); the batch share stays off reserved capacity.
    let all_tpm = tokens_per_minute(&s.volume, s.cached_share, s.cache_write_share);
    let reservable_tpm = all_tpm.scale(1.0 - s.batch_share);
    let batch_tpm = all_tpm.scale(s.batch_share);
    let tokens_per_month = all_tpm.sum() * minutes as f64;

    // 3. The on-demand bill (`prices`), gaps filled where a vendor has no cached price.
    let prices = complete_prices(&offering.on_demand_usd_per_mtok);
    if let Some(l) = &offering.lifecycle {
        warnings.lifecycle(&offering, l, &offering.terms(), s.horizon_months);
    }
    warnings.on_demand_prices(&offering, &prices, &all_tpm);
    warnings.batch_tier(&offering, s.batch_share);
    warnings.entries_without_effect(s);
    let bill = |tpm: &PerKind<f64>| {
        prices
            .as_ref()
            .map(|(p, _)| on_demand_usd_per_month(tpm, p, minutes))
    };
    let batch_usd = bill(&batch_tpm).unwrap_or(0.0) * offering.batch_multiplier.unwrap_or(1.0);
    let on_demand_usd = bill(&reservable_tpm).map(|reservable| reservable + batch_usd);

    // 4. Pools: demand per minute, sizing load, capacity and unit prices.
    let pools = pool_models(
        &offering,
        s,
        &m,
        &curve,
        &reservable_tpm,
        prices.as_ref().map(|p| &p.0),
    );
    warnings.offering_figures(&offering, s, &pools);

    // 5. The chosen term: full provisioning, the hybrid optimum, the user's own count (`hybrid`).
    let full = splits::full(&pools, s.term, 1.0);
    let hybrid = splits::hybrid(&pools, s.term, 1.0);
    let chosen = s
        .units
        .and_then(|units| splits::chosen(units, &pools, s.term, &offering, &mut warnings));
    warnings.at_size(chosen.as_ref(), full.as_ref(), &offering.unit);

    // 6. Every priced term (`breakeven`, `horizon`), then the cheapest option across them.
    let terms: Vec<_> = offering
        .terms()
        .into_iter()
        .map(|term| term_row(term, s, &pools, batch_usd, tokens_per_month))
        .collect();
    // The rows hold every term's splits at this month's workload: the rule reads them
    // rather than pricing them again (`Analysis::best_at` is the same rule at any scale).
    let full_units = pools.iter().filter_map(|p| p.required_units(1.0)).sum();
    let terms_not_answered = terms_not_answered(&offering);
    let best = best_option(
        on_demand_usd,
        terms
            .iter()
            .filter(|row| !terms_not_answered.contains(&row.term))
            .map(|row| Candidate {
                term: row.term,
                full: row.full_provisioned.map(|f| (f, full_units)),
                hybrid: row.hybrid.as_ref().map(|h| (h.total_usd, h.units)),
            }),
    );

    // 7. Provisioning points and the newsvendor quantile on the chosen term.
    let points = provisioning_points(&pools, s.term, batch_usd);
    let break_even_u = splits::break_even_utilization(&pools, s.term, minutes);
    let newsvendor_units = match (pools.as_slice(), break_even_u) {
        ([pool], Some(u)) => pool
            .capacity_per_unit_per_minute
            .map(|c| newsvendor_units(&pool.curve, u, c)),
        _ => None,
    };

    let with_batch = |p: &crate::hybrid::SplitPoint| Split::with_batch(p, batch_usd);
    let report = Report {
        scenario: crate::link::format(s),
        offering: OfferingSummary {
            id: offering.id.clone(),
            name: offering.name.clone(),
            unit: offering.unit.clone(),
            deployment: offering.deployment,
            term: s.term,
            per_dimension: offering.is_per_dimension(),
            lifecycle: offering.lifecycle.clone(),
        },
        load: LoadSummary {
            measured,
            ..load_summary(s, &pools, all_tpm, tokens_per_month, minutes)
        },
        units: units_summary(&pools),
        monthly: Monthly {
            on_demand: on_demand_usd,
            full_provisioned: full.map(|f| f.total_usd + batch_usd),
            hybrid: hybrid.map(|h| h.total_usd + batch_usd),
            chosen: chosen.map(|c| c.total_usd + batch_usd),
            batch: batch_usd,
        },
        break_even_utilization: break_even_u,
        full: full.as_ref().map(with_batch),
        hybrid: hybrid.as_ref().map(with_batch),
        chosen: chosen.as_ref().map(with_batch),
        newsvendor_units,
        points,
        terms,
        best,
        horizon_months: s.horizon_months,
        growth_percent: s.growth_percent,
        horizon_on_demand: on_demand_usd.map(|od| {
            (0..s.horizon_months)
                .map(|i| od * growth_factor(i, s.growth_percent))
                .sum()
        }),
        pools: pools.iter().map(|p| pool_summary(p, s, minutes)).collect(),
        warnings: warnings.into_vec(),
    };
    Ok(Analysis {
        report,
        pools,
        multipliers: m,
        on_demand_usd_per_month: on_demand_usd,
        batch_usd_per_month: batch_usd,
        term: s.term,
        week,
        terms_not_answered,
    })
}

/// The priced terms the model's lifecycle rules out as the answer (`Lifecycle::may_answer`).
fn terms_not_answered(offering: &Offering) -> Vec<crate::terms::Term> {
    match &offering.lifecycle {
        Some(l) => offering
            .terms()
            .into_iter()
            .filter(|t| !l.may_answer(*t))
            .collect(),
        None => Vec::new(),
    }
}

/// The load summed over pools.
fn load_summary(
    s: &Scenario,
    pools: &[PoolModel],
    tokens_per_minute: PerKind<f64>,
    tokens_per_month: f64,
    minutes: usize,
) -> LoadSummary {
    let sum_over = |f: &dyn Fn(&PoolModel) -> f64| pools.iter().map(f).sum::<f64>();
    LoadSummary {
        mean_normalized_tpm: sum_over(&|p| p.curve.mean()),
        peak_normalized_tpm: sum_over(&|p| p.curve.peak()),
        sizing_normalized_tpm: sum_over(&|p| p.sizing_load),
        sizing_percentile: s.size_percentile,
        tokens_per_minute,
        tokens_per_month,
        minutes_per_month: minutes,
        measured: None,
    }
}

/// Units for the sizing load, summed over pools; the first pool's minimum and increment.
fn units_summary(pools: &[PoolModel]) -> UnitsSummary {
    let first = pools.first();
    UnitsSummary {
        raw: pools
            .iter()
            .map(|p| {
                p.capacity_per_unit_per_minute
                    .map(|c| raw_units(p.sizing_load, c))
            })
            .sum(),
        required: pools.iter().map(|p| p.required_units(1.0)).sum(),
        min_units: first.map(|p| p.min_units).unwrap_or(1),
        increment: first.map(|p| p.increment).unwrap_or(1),
    }
}

/// One pool's figures on the chosen term.
fn pool_summary(pool: &PoolModel, s: &Scenario, minutes: usize) -> PoolSummary {
    PoolSummary {
        name: pool.name,
        unit: pool.unit.clone(),
        mean_tpm: pool.curve.mean(),
        peak_tpm: pool.curve.peak(),
        required_units: pool.required_units(1.0),
        hybrid_units: pool
            .priced_economics(s.term)
            .ok()
            .map(|econ| pool.optimum(&econ).units),
        break_even_utilization: pool.economics(s.term).and_then(|econ| {
            break_even_utilization(
                econ.usd_per_unit_month,
                pool.usd_per_normalized_token?,
                econ.capacity_per_unit_per_minute,
                minutes,
            )
        }),
    }
}

/// "7 days", "1 day", "6.5 hours".
fn period_words(days: f64) -> String {
    if days >= 1.0 {
        let n = crate::numfmt::format_number(libm::round(days * 10.0) / 10.0);
        format!("{n} day{}", if days == 1.0 { "" } else { "s" })
    } else {
        let hours = libm::round(days * 240.0) / 10.0;
        let h = crate::numfmt::format_number(hours);
        format!("{h} hour{}", if hours == 1.0 { "" } else { "s" })
    }
}
