//! Break-even: the utilization above which a reserved unit is cheaper than the same
//! tokens on-demand, u* = unit price per month / (p × C × minutes per month) (summed over
//! the pools of an offering that reserves input and output separately), and the
//! monthly volume (same mix and shape) above which full provisioning stays cheaper
//! than on-demand for every larger volume.
use crate::capacity::units_for_load;
use crate::hybrid::{LoadCurve, PoolEconomics};

/// u* = unit price per month / (p × C × minutes). Above 1 a unit never pays for itself.
///
/// Worked example: GPT-6 Astra, one PTU at $260/month, 600 normalized TPM, 30 days:
/// PAYG at $10 per 1M normalized tokens → u* = 260 / 259.2 ≈ 1.003.
///
/// ```
/// use ptcalc_core::breakeven::break_even_utilization;
/// let u = break_even_utilization(260.0, 10.0 / 1e6, 600.0, 43_200).unwrap();
/// assert!((u - 260.0 / 259.2).abs() < 1e-12);
/// ```
pub fn break_even_utilization(
    usd_per_unit_month: f64,
    usd_per_normalized_token: f64,
    capacity_per_unit_per_minute: f64,
    minutes: usize,
) -> Option<f64> {
    let full_month_on_demand =
        usd_per_normalized_token * capacity_per_unit_per_minute * minutes as f64;
    (full_month_on_demand > 0.0).then(|| usd_per_unit_month / full_month_on_demand)
}

/// u* of a reservation over several pools (input and output reserved separately): the
/// reserved cost ÷ the on-demand value of that capacity used in full,
/// Σ K·price ÷ Σ K·C·minutes·p, with each pool's `(units, economics)`. With one pool it is
/// exactly [`break_even_utilization`] (the units cancel). `None` when the capacity has no
/// on-demand value (no pools, no price).
///
/// ```
/// use ptcalc_core::breakeven::{break_even_utilization, break_even_utilization_of_pools};
/// use ptcalc_core::hybrid::PoolEconomics;
/// let pool = |c: f64, price: f64, p: f64| PoolEconomics { capacity_per_unit_per_minute: c,
///     min_units: 1, increment: 1, usd_per_unit_month: price, usd_per_normalized_token: p };
/// let input = pool(1_000.0, 100.0, 2e-6);
/// let output = pool(100.0, 100.0, 8e-6);
/// // 4 input units cost 400 against 4 × 1000 × 60 × 2e-6 = 0.48 per hour-long "month";
/// // 2 output units cost 200 against 2 × 100 × 60 × 8e-6 = 0.096.
/// let u = break_even_utilization_of_pools(&[(4, input), (2, output)], 60).unwrap();
/// assert!((u - 600.0 / 0.576).abs() < 1e-9);
/// assert_eq!(
///     break_even_utilization_of_pools(&[(7, input)], 60),
///     break_even_utilization(100.0, 2e-6, 1_000.0, 60)
/// );
/// assert_eq!(break_even_utilization_of_pools(&[], 60), None);
/// ```
pub fn break_even_utilization_of_pools(
    reservations: &[(u64, PoolEconomics)],
    minutes: usize,
) -> Option<f64> {
    if let [(_, econ)] = reservations {
        return break_even_utilization(
            econ.usd_per_unit_month,
            econ.usd_per_normalized_token,
            econ.capacity_per_unit_per_minute,
            minutes,
        );
    }
    let (mut cost, mut value) = (0.0, 0.0);
    for (units, econ) in reservations {
        let k = *units as f64;
        cost += k * econ.usd_per_unit_month;
        value +=
            k * econ.capacity_per_unit_per_minute * minutes as f64 * econ.usd_per_normalized_token;
    }
    (value > 0.0).then(|| cost / value)
}

/// The newsvendor reservation: the capacity that the busiest u* share of minutes exceed
/// (the (1 − u*) quantile of demand), in units of `capacity_per_unit_per_minute`,
/// fractional; 0 when u* ≥ 1. A unit above it would be busy in fewer than u* of the minutes.
///
/// ```
/// use ptcalc_core::breakeven::newsvendor_units;
/// use ptcalc_core::hybrid::LoadCurve;
/// // 300 tokens in one minute of four, 100 in the others: at u* = 0.5 reserve 100, two
/// // units of 50; at u* ≥ 1 a unit never pays, so none.
/// let curve = LoadCurve::new(&[100.0, 100.0, 300.0, 100.0]);
/// assert_eq!(newsvendor_units(&curve, 0.5, 50.0), 2.0);
/// assert_eq!(newsvendor_units(&curve, 1.2, 50.0), 0.0);
/// ```
pub fn newsvendor_units(
    curve: &LoadCurve,
    break_even: f64,
    capacity_per_unit_per_minute: f64,
) -> f64 {
    curve
        .capacity_with_share_above(break_even)
        .map(|x| x / capacity_per_unit_per_minute)
        .unwrap_or(0.0)
}

/// Why full provisioning never beats on-demand.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "reason", rename_all = "snake_case"))]
pub enum Never {
    /// Fully provisioned, this shape averages `utilization`, below the break-even `break_even`.
    UtilizationTooLow {
        /// Average utilization of full provisioning at large volume.
        utilization: f64,
        /// Break-even utilization of the term.
        break_even: f64,
    },
    /// The crossing lies beyond 10 million units (break-even too close to the utilization).
    BeyondSearch,
    /// The workload is empty.
    NoLoad,
    /// On-demand tokens cost nothing at the scenario's prices.
    FreeOnDemand,
}

/// The break-even volume as a multiple of the scenario's workload.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum BreakEven {
    /// Full provisioning is cheaper for every workload larger than this multiple.
    AboveScale(f64),
    /// Never cheaper.
    Never(Never),
}

const SEARCH_LIMIT_STEPS: u64 = 10_000_000;

/// The smallest scale s* such that, for every s > s*, fully provisioning s × the
/// workload (units for s × the sizing load, overflow above it on-demand) costs less
/// than s × the workload on-demand.
///
/// Within one unit count K the gap on-demand − full is non-decreasing in s, so the
/// crossing is found per step: scan steps from a provable upper bound downwards to
/// the last one that still fails, then bisect inside it.
///
/// ```
/// use ptcalc_core::breakeven::{break_even_scale, BreakEven};
/// use ptcalc_core::hybrid::{LoadCurve, PoolEconomics};
/// // Flat 100 tokens/min over 100 minutes, 1 unit carries 100/min for $5: on-demand at
/// // $0.001/token costs $10 for the same tokens, so the first unit pays from half the volume.
/// let curve = LoadCurve::new(&[100.0; 100]);
/// let econ = PoolEconomics { capacity_per_unit_per_minute: 100.0, min_units: 1, increment: 1,
///     usd_per_unit_month: 5.0, usd_per_normalized_token: 0.001 };
/// match break_even_scale(&curve, &econ, 100.0) {
///     BreakEven::AboveScale(s) => assert!((s - 0.5).abs() < 1e-9),
///     other => panic!("{other:?}"),
/// }
/// ```
pub fn break_even_scale(curve: &LoadCurve, econ: &PoolEconomics, sizing_load: f64) -> BreakEven {
    let total = curve.total();
    let c = econ.capacity_per_unit_per_minute;
    let p = econ.usd_per_normalized_token;
    let price = econ.usd_per_unit_month;
    if !(total > 0.0) || !(sizing_load > 0.0) || !(c > 0.0) {
        return BreakEven::Never(Never::NoLoad);
    }
    if !(p > 0.0) {
        return BreakEven::Never(Never::FreeOnDemand);
    }
    let minutes = curve.minutes() as f64;
    let served_at_sizing = total - curve.overflow(sizing_load);
    // Large-volume limit of (on-demand − full) / s, per unit of scale.
    let gain_per_scale = p * served_at_sizing - price * sizing_load / c;
    if gain_per_scale <= 0.0 {
        return BreakEven::Never(Never::UtilizationTooLow {
            utilization: served_at_sizing / (sizing_load * minutes),
            break_even: price / (p * c * minutes),
        });
    }
    let min = econ.min_units.max(1);
    let inc = econ.increment.max(1);
    let units = |j: u64| min + j * inc;
    // Step k covers scales (s_{k-1}, s_k] with K_k = units(k) units; s_k = K_k·C / L.
    let scale_at = |k: u64| units(k) as f64 * c / sizing_load;
    let gap = |s: f64| {
        let k = units_for_load(s * sizing_load, c, min, inc);
        p * s * total - (price * k as f64 + p * s * curve.overflow(k as f64 * c / s))
    };
    // Every step with K_{k-1} > X passes (the gap at its left edge is ≥ 0, and the gap
    // grows with s inside a step).
    let x = price * inc as f64 / (p * c * served_at_sizing / sizing_load - price);
    let k_bound = if x < min as f64 {
        0
    } else {
        libm::floor((x - min as f64) / inc as f64) as u64 + 2
    };
    if k_bound > SEARCH_LIMIT_STEPS {
        return BreakEven::Never(Never::BeyondSearch);
    }
    let left_gap = |k: u64| {
        if k == 0 {
            return -price * min as f64; // at s → 0+, the minimum is paid, nothing is saved
        }
        let s = scale_at(k - 1);
        let cap = units(k) as f64 * c / s;
        p * s * (total - curve.overflow(cap)) - price * units(k) as f64
    };
    let mut k = k_bound;
    while k > 0 && left_gap(k) >= 0.0 {
        k -= 1;
    }
    // Step k fails at its left edge; find where its gap turns positive.
    let (mut lo, mut hi) = (if k == 0 { 0.0 } else { scale_at(k - 1) }, scale_at(k));
    if gap(hi) <= 0.0 {
        return BreakEven::AboveScale(hi);
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if gap(mid) <= 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    BreakEven::AboveScale(hi)
}
