//! Who fills which minutes: a pool's representative week, each workload's demand folded
//! onto the week (minute 0 = Monday 00:00, as the synthetic shapes) and averaged hour by
//! hour, with the pool's reserved capacity, for the stacked load chart.
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use super::{workload_name, Portfolio, PortfolioError};
use crate::offering::Offering;
use crate::report::{evaluate, Analysis};
use crate::scenario::Scenario;

/// Hours in a week.
pub const HOURS_PER_WEEK: usize = 7 * 24;

/// One pool's week.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolWeek {
    /// The pool's workloads' names, bottom of the stack first.
    pub workloads: Vec<String>,
    /// Per workload, [`HOURS_PER_WEEK`] values: the mean normalized tokens per minute of
    /// that hour of the week, summed over the offering's capacity dimensions.
    pub hourly_tpm: Vec<Vec<f64>>,
    /// Reserved capacity, normalized tokens per minute (units × capacity per unit), when
    /// the pool reserves units and has one capacity dimension; `None` otherwise.
    pub reserved_tpm: Option<f64>,
}

/// The mean of `demand` (per minute, minute 0 = Monday 00:00) for each hour of the week,
/// over every whole week it covers (a tail shorter than a week would weigh some hours more
/// than others; a series shorter than a week is used as it is); an hour with no minute
/// reads 0.
///
/// ```
/// use ptcalc_core::portfolio::{hourly_means_of_week, HOURS_PER_WEEK};
/// let two_weeks: Vec<f64> = (0..2 * 7 * 24 * 60).map(|m| if m < 60 { 2.0 } else { 1.0 }).collect();
/// let h = hourly_means_of_week(&two_weeks);
/// assert_eq!(h.len(), HOURS_PER_WEEK);
/// assert_eq!(h[0], 1.5);
/// assert_eq!(h[1], 1.0);
/// ```
pub fn hourly_means_of_week(demand: &[f64]) -> Vec<f64> {
    let mut sums = alloc::vec![0.0; HOURS_PER_WEEK];
    let mut counts = alloc::vec![0u32; HOURS_PER_WEEK];
    let minutes_per_week = HOURS_PER_WEEK * 60;
    let whole = demand.len() / minutes_per_week * minutes_per_week;
    let used = if whole > 0 { &demand[..whole] } else { demand };
    for (minute, value) in used.iter().enumerate() {
        let hour = (minute / 60) % HOURS_PER_WEEK;
        sums[hour] += value;
        counts[hour] += 1;
    }
    sums.iter()
        .zip(&counts)
        .map(|(s, &n)| if n == 0 { 0.0 } else { s / f64::from(n) })
        .collect()
}

/// Each pool of `portfolio` (priced from `workloads`) as a representative week.
///
/// # Errors
/// A workload the model refuses (as [`super::evaluate_portfolio`] would have said).
pub fn pool_weeks(
    workloads: &[(Scenario, Offering)],
    portfolio: &Portfolio,
) -> Result<Vec<PoolWeek>, PortfolioError> {
    pool_weeks_given(workloads, &[], portfolio)
}

/// [`pool_weeks`] reusing each workload's own evaluation where `given` has one (`given[i]`,
/// when `Some`, must be `evaluate(&workloads[i].0, &workloads[i].1)`, as for
/// [`super::evaluate_portfolio_given`]); the others are evaluated here. The same weeks.
///
/// # Errors
/// As [`pool_weeks`].
pub fn pool_weeks_given(
    workloads: &[(Scenario, Offering)],
    given: &[Option<&Analysis>],
    portfolio: &Portfolio,
) -> Result<Vec<PoolWeek>, PortfolioError> {
    let names: Vec<String> = workloads
        .iter()
        .enumerate()
        .map(|(i, (s, _))| workload_name(s, i))
        .collect();
    // Each workload as the pool priced it: imported separately, placed by its average week;
    // in a group priced on its joint summary, its part of the group.
    let mut placed: Vec<Cow<'_, Analysis>> = Vec::with_capacity(workloads.len());
    for (i, ((s, o), name)) in workloads.iter().zip(&names).enumerate() {
        let a = match given.get(i).copied().flatten() {
            Some(a) => Cow::Borrowed(a),
            None => Cow::Owned(evaluate(s, o).map_err(|error| PortfolioError::Workload {
                name: name.clone(),
                error,
            })?),
        };
        placed.push(if s.load.is_some() {
            Cow::Owned(super::align::by_week(s, &a))
        } else {
            a
        });
    }
    let splits = {
        let refs: Vec<&Analysis> = placed.iter().map(|a| a.as_ref()).collect();
        super::joint::priced_splits(workloads, portfolio, &refs)
    };
    for (i, a) in splits {
        placed[i] = Cow::Owned(a);
    }
    let mut weeks = Vec::with_capacity(portfolio.pools.len());
    for pool in &portfolio.pools {
        let mut hourly_tpm = Vec::with_capacity(pool.workloads.len());
        let mut capacity = None;
        for name in &pool.workloads {
            let Some(i) = names.iter().position(|n| n == name) else {
                continue;
            };
            let a = &placed[i];
            let mut summed: Vec<f64> = Vec::new();
            for p in &a.pools {
                if summed.len() < p.demand.len() {
                    summed.resize(p.demand.len(), 0.0);
                }
                for (s, d) in summed.iter_mut().zip(&p.demand) {
                    *s += d;
                }
            }
            if a.pools.len() == 1 {
                capacity = a.pools[0].capacity_per_unit_per_minute;
            }
            hourly_tpm.push(hourly_means_of_week(&summed));
        }
        let reserved_tpm = match (pool.term, pool.units, capacity) {
            (Some(_), units, Some(c)) if units > 0 => Some(units as f64 * c),
            _ => None,
        };
        weeks.push(PoolWeek {
            workloads: pool.workloads.clone(),
            hourly_tpm,
            reserved_tpm,
        });
    }
    Ok(weeks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::evaluate_portfolio;
    use crate::scenario::{Overrides, ShapeKind};

    fn custom() -> (Scenario, Offering) {
        let overrides = Overrides {
            capacity_per_unit_per_minute: Some(50_000.0),
            usd_per_unit_month: Some(1_000.0),
            input_usd_per_mtok: Some(2.0),
            cached_usd_per_mtok: Some(0.5),
            output_usd_per_mtok: Some(8.0),
            ..Overrides::default()
        };
        let s = Scenario {
            offering: "custom".into(),
            overrides,
            ..Scenario::default()
        };
        let o = Offering::custom(&s.overrides, s.term);
        (s, o)
    }

    #[test]
    fn a_pools_week_stacks_each_workloads_own_mean_load() {
        let (s, o) = custom();
        let day = Scenario {
            name: Some("day".into()),
            shape: ShapeKind::Business,
            peak_to_average: 3.0,
            ..s.clone()
        };
        let flat = Scenario {
            name: Some("flat".into()),
            shape: ShapeKind::Flat,
            ..s
        };
        let list = [(day, o.clone()), (flat, o)];
        let p = evaluate_portfolio(&list).expect("priced");
        let weeks = pool_weeks(&list, &p).expect("weeks");
        assert_eq!(weeks.len(), 1);
        let w = &weeks[0];
        assert_eq!(w.workloads, ["day", "flat"]);
        assert!(w.hourly_tpm.iter().all(|h| h.len() == HOURS_PER_WEEK));
        // The business-hours workload is busier on Monday at noon than at 3 a.m.; the flat
        // one is the same at both.
        assert!(w.hourly_tpm[0][12] > w.hourly_tpm[0][3]);
        let flat = &w.hourly_tpm[1];
        assert!((flat[12] - flat[3]).abs() <= 1e-6 * flat[12].max(1.0));
        // Each workload's week carries its own tokens: its mean over the week is its mean
        // over the whole weeks of its series.
        for (i, h) in w.hourly_tpm.iter().enumerate() {
            let a = evaluate(&list[i].0, &list[i].1).expect("evaluates");
            let series = &a.pools[0].demand;
            let series = &series[..series.len() / (HOURS_PER_WEEK * 60) * HOURS_PER_WEEK * 60];
            let mean_all = series.iter().sum::<f64>() / series.len() as f64;
            let mean_week = h.iter().sum::<f64>() / HOURS_PER_WEEK as f64;
            assert!((mean_all - mean_week).abs() <= 1e-6 * mean_all.max(1.0));
        }
        if let Some(r) = w.reserved_tpm {
            assert_eq!(r, p.pools[0].units as f64 * 50_000.0);
        }
    }
}
