//! A horizon whose prices change: when a price ends or starts inside the horizon (a
//! promotion), each month is priced at the figures in force that month. The month's
//! figures (the report's monthly costs) stay those of month 0; only the horizon columns
//! and the all-on-demand horizon are repriced. Units are re-chosen at each term boundary
//! as in `horizon`, and a reservation keeps the unit price of the month it was bought.
use alloc::vec::Vec;

use crate::capacity::units_for_load;
use crate::error::Error;
use crate::horizon::{growth_factor, period_months};
use crate::hybrid::{argmin_convex, split_at_scale, LoadCurve, PoolEconomics};
use crate::offering::Offering;
use crate::prices::{complete_prices, on_demand_usd_per_month};
use crate::scenario::Scenario;
use crate::terms::Term;
use crate::workload::tokens_per_minute;

use super::evaluate::check_month;
use super::pools::pool_models;
use super::{evaluate_with, Analysis, MonthTraffic, PoolModel, TrafficInputs};

/// One month's priced models: its pools and its batch and on-demand bills.
struct Month {
    pools: Vec<PoolModel>,
    on_demand_usd: Option<f64>,
    batch_usd: f64,
}

fn month_models(
    s: &Scenario,
    offering: &Offering,
    multipliers: &[f64],
    month: &LoadCurve,
) -> Month {
    let offering = offering.effective(&s.overrides, s.term);
    let minutes = s.minutes_per_month();
    let all_tpm = tokens_per_minute(&s.volume, s.cached_share, s.cache_write_share);
    let reservable_tpm = all_tpm.scale(1.0 - s.batch_share);
    let batch_tpm = all_tpm.scale(s.batch_share);
    let prices = complete_prices(&offering.on_demand_usd_per_mtok);
    let bill = |tpm| {
        prices
            .as_ref()
            .map(|(p, _)| on_demand_usd_per_month(tpm, p, minutes))
    };
    let batch_usd = bill(&batch_tpm).unwrap_or(0.0) * offering.batch_multiplier.unwrap_or(1.0);
    Month {
        pools: pool_models(
            &offering,
            s,
            multipliers,
            month,
            &reservable_tpm,
            prices.as_ref().map(|p| &p.0),
        ),
        on_demand_usd: bill(&reservable_tpm).map(|r| r + batch_usd),
        batch_usd,
    }
}

/// Evaluates `s` with `monthly[0]`'s figures, then reprices the horizon with
/// `monthly[i]` in month i (`monthly` holds one offering per horizon month; a shorter
/// list repeats its last offering).
///
/// # Errors
/// As [`evaluate`]; an empty `monthly` is [`Error::InvalidSeries`].
///
/// ```
/// use ptcalc_core::report::{evaluate, evaluate_dated};
/// use ptcalc_core::{scenario::Overrides, Offering, Scenario, Term};
/// let s = Scenario { offering: "custom".into(), term: Term::Month1, horizon_months: 2,
///     overrides: Overrides { capacity_per_unit_per_minute: Some(1e5), usd_per_unit_month: Some(100.0),
///     input_usd_per_mtok: Some(2.0), output_usd_per_mtok: Some(8.0), ..Overrides::default() },
///     ..Scenario::default() };
/// let o = Offering::custom(&s.overrides, s.term);
/// let same = evaluate_dated(&s, &[o.clone(), o.clone()]).unwrap();
/// assert_eq!(same.report, evaluate(&s, &o).unwrap().report);
/// ```
pub fn evaluate_dated(s: &Scenario, monthly: &[Offering]) -> Result<Analysis, Error> {
    first_month(monthly)?;
    check_month(s)?;
    let traffic = MonthTraffic::build(&TrafficInputs::of(s))?;
    evaluate_dated_with(s, monthly, traffic)
}

/// [`evaluate_dated`] with the month's traffic built already ([`evaluate_with`]'s rule:
/// used only when built for this scenario's traffic inputs), as a comparison of many
/// offerings on one workload does: the result is always [`evaluate_dated`]'s.
///
/// # Errors
/// As [`evaluate_dated`].
///
/// ```
/// use ptcalc_core::report::{evaluate_dated, evaluate_dated_with, MonthTraffic, TrafficInputs};
/// use ptcalc_core::{Offering, Scenario};
/// let s = Scenario { offering: "custom".into(), ..Scenario::default() };
/// let o = Offering::custom(&s.overrides, s.term);
/// let traffic = MonthTraffic::build(&TrafficInputs::of(&s)).unwrap();
/// let with = evaluate_dated_with(&s, &[o.clone()], traffic).unwrap();
/// assert_eq!(with, evaluate_dated(&s, &[o]).unwrap());
/// ```
pub fn evaluate_dated_with(
    s: &Scenario,
    monthly: &[Offering],
    traffic: MonthTraffic,
) -> Result<Analysis, Error> {
    let first = first_month(monthly)?;
    let curve = traffic.curve_for(s);
    let analysis = evaluate_with(s, first, traffic)?;
    reprice_horizon(s, monthly, curve, analysis)
}

fn first_month(monthly: &[Offering]) -> Result<&Offering, Error> {
    monthly
        .first()
        .ok_or_else(|| Error::InvalidSeries("no month's figures to price the horizon".into()))
}

/// The horizon columns of `analysis` (evaluated with `monthly[0]`) repriced month by month.
fn reprice_horizon(
    s: &Scenario,
    monthly: &[Offering],
    curve: Option<LoadCurve>,
    mut analysis: Analysis,
) -> Result<Analysis, Error> {
    let first = first_month(monthly)?;
    if monthly.iter().all(|o| o == first) {
        return Ok(analysis);
    }
    // Every month's pools scale the month's curve, as the evaluation's did.
    let curve = curve.unwrap_or_else(|| LoadCurve::new(&analysis.multipliers));
    // Months with the same figures share one set of models: a dated change splits the
    // horizon into a few runs, not one model per month.
    let mut distinct: Vec<(&Offering, Month)> = Vec::new();
    let mut which = Vec::with_capacity(s.horizon_months as usize);
    for i in 0..s.horizon_months as usize {
        let o = monthly.get(i).or(monthly.last()).unwrap_or(first);
        let k = match distinct.iter().position(|(seen, _)| *seen == o) {
            Some(k) => k,
            None => {
                distinct.push((o, month_models(s, o, &analysis.multipliers, &curve)));
                distinct.len() - 1
            }
        };
        which.push(k);
    }
    let months: Vec<&Month> = which.iter().map(|&k| &distinct[k].1).collect();
    let report = &mut analysis.report;
    report.horizon_on_demand = months
        .iter()
        .enumerate()
        .map(|(i, m)| m.on_demand_usd.map(|od| od * growth(i, s)))
        .sum();
    let batch: f64 = months
        .iter()
        .enumerate()
        .map(|(i, m)| m.batch_usd * growth(i, s))
        .sum();
    for row in &mut report.terms {
        let (full, hybrid) = horizon_dated(row.term, s, &months);
        row.horizon_full = full.map(|v| v + batch);
        row.horizon_hybrid = hybrid.map(|v| v + batch);
    }
    Ok(analysis)
}

fn growth(month: usize, s: &Scenario) -> f64 {
    growth_factor(month as u32, s.growth_percent)
}

/// Full provisioning and the hybrid over the horizon on `term`, each month at its own
/// figures, summed over pools (without batch); `None` when a month lacks a figure.
fn horizon_dated(term: Term, s: &Scenario, months: &[&Month]) -> (Option<f64>, Option<f64>) {
    let pools = months.first().map_or(0, |m| m.pools.len());
    let period = period_months(term, s.hours_per_month).max(1) as usize;
    let (mut full, mut hybrid) = (0.0, 0.0);
    for p in 0..pools {
        let econs: Option<Vec<PoolEconomics>> = months
            .iter()
            .map(|m| m.pools.get(p)?.priced_economics(term).ok())
            .collect();
        let Some(econs) = econs else {
            return (None, None);
        };
        let mut start = 0;
        while start < months.len() {
            let end = (start + period).min(months.len());
            // The reservation is bought at the start of its term, at that month's price.
            let bought = econs[start];
            let unpaid_tail = (period - (end - start)) as f64;
            let term_cost = |units: u64| -> f64 {
                let in_horizon: f64 = (start..end)
                    .map(|m| {
                        let econ = PoolEconomics {
                            usd_per_unit_month: bought.usd_per_unit_month,
                            ..econs[m]
                        };
                        split_at_scale(&months[m].pools[p].curve, &econ, units, growth(m, s))
                            .total_usd
                    })
                    .sum();
                in_horizon + units as f64 * bought.usd_per_unit_month * unpaid_tail
            };
            let busiest = (start..end).map(|m| growth(m, s)).fold(0.0, f64::max);
            let pool = &months[start].pools[p];
            let c = bought.capacity_per_unit_per_minute;
            let full_units = units_for_load(
                busiest * pool.sizing_load,
                c,
                bought.min_units,
                bought.increment,
            );
            full += term_cost(full_units);
            let peak_units = units_for_load(
                busiest * pool.curve.peak(),
                c,
                bought.min_units,
                bought.increment,
            );
            let best = argmin_convex(bought.min_units, bought.increment, peak_units, term_cost);
            hybrid += term_cost(best);
            start = end;
        }
    }
    (Some(full), Some(hybrid))
}
