//! Cost over a horizon of `h` months with monthly growth `g`: the workload in month
//! i is (1 + g)^i × this month's. Units are re-chosen at each term boundary
//! (commitment-free and sub-month terms re-choose monthly), sized for the busiest
//! month of the term, and a term that runs past the horizon is paid in full.
use alloc::vec::Vec;

use crate::capacity::units_for_load;
use crate::hybrid::{argmin_convex, split_at_scale, LoadCurve, PoolEconomics};
use crate::terms::Term;

/// The workload multiple of month `month` (0-based) at `growth_percent` per month.
///
/// ```
/// use ptcalc_core::horizon::growth_factor;
/// assert_eq!(growth_factor(0, 10.0), 1.0);
/// assert!((growth_factor(2, 10.0) - 1.21).abs() < 1e-12);
/// ```
pub fn growth_factor(month: u32, growth_percent: f64) -> f64 {
    libm::pow(1.0 + growth_percent / 100.0, f64::from(month))
}

/// Whole months between unit re-choices for a term: 12 for 1y, 6, 3, else 1.
pub fn period_months(term: Term, hours_per_month: f64) -> u32 {
    let m = libm::round(term.months(hours_per_month));
    if m >= 1.0 {
        m as u32
    } else {
        1
    }
}

/// One pool's cost over the horizon, for full provisioning and for the hybrid optimum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoolHorizon {
    /// Full provisioning (units for the sizing load each term, overflow above it on-demand).
    pub full_usd: f64,
    /// Hybrid optimum chosen per term.
    pub hybrid_usd: f64,
}

/// One pool's horizon cost on a term. `sizing_load` is this month's sizing load.
///
/// ```
/// use ptcalc_core::horizon::pool_horizon;
/// use ptcalc_core::hybrid::{LoadCurve, PoolEconomics};
/// let curve = LoadCurve::new(&[100.0; 10]);
/// let econ = PoolEconomics { capacity_per_unit_per_minute: 100.0, min_units: 1, increment: 1,
///     usd_per_unit_month: 5.0, usd_per_normalized_token: 0.01 };
/// // 1-year term over 6 months, no growth: one unit, the whole year paid.
/// let h = pool_horizon(&curve, &econ, 100.0, 6, 0.0, 12);
/// assert_eq!(h.full_usd, 60.0);
/// ```
pub fn pool_horizon(
    curve: &LoadCurve,
    econ: &PoolEconomics,
    sizing_load: f64,
    months: u32,
    growth_percent: f64,
    period: u32,
) -> PoolHorizon {
    let period = period.max(1);
    let mut full_usd = 0.0;
    let mut hybrid_usd = 0.0;
    let mut start = 0;
    while start < months {
        let end = (start + period).min(months);
        let factors: Vec<f64> = (start..end)
            .map(|m| growth_factor(m, growth_percent))
            .collect();
        let busiest = factors.iter().copied().fold(0.0, f64::max);
        let unpaid_tail = f64::from(period - (end - start));
        let term_cost = |units: u64| -> f64 {
            let in_horizon: f64 = factors
                .iter()
                .map(|f| split_at_scale(curve, econ, units, *f).total_usd)
                .sum();
            in_horizon + units as f64 * econ.usd_per_unit_month * unpaid_tail
        };
        let c = econ.capacity_per_unit_per_minute;
        let full_units = units_for_load(busiest * sizing_load, c, econ.min_units, econ.increment);
        full_usd += term_cost(full_units);
        let peak_units = units_for_load(busiest * curve.peak(), c, econ.min_units, econ.increment);
        let best = argmin_convex(econ.min_units, econ.increment, peak_units, term_cost);
        hybrid_usd += term_cost(best);
        start = end;
    }
    PoolHorizon {
        full_usd,
        hybrid_usd,
    }
}
