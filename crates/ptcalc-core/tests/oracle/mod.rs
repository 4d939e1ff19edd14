//! The test oracle: the sort-based load curve ptcalc used before the linear-time
//! `LoadCurve` (sort once, O(n log n), then prefix sums), kept verbatim so property tests
//! and the benchmark compare the two, and the naive O(n) overflow loop.
//!
//! Shared by `tests/*.rs` (`mod oracle;`) and `benches/hybrid_sweep.rs` (`#[path]`).
// Verbatim from the former source, which rejects NaN with `!(x > 0.0)`.
#![allow(dead_code, clippy::neg_cmp_op_on_partial_ord)]

use ptcalc_core::sizing::nearest_rank;

/// Per-minute demand sorted from highest to lowest, with prefix sums.
#[derive(Clone, Debug, PartialEq)]
pub struct SortedCurve {
    descending: Vec<f64>,
    /// prefix[i] = sum of the i largest values.
    prefix: Vec<f64>,
}

impl SortedCurve {
    /// Sorts a demand series (negative and non-finite values count as 0).
    pub fn new(demand: &[f64]) -> SortedCurve {
        let mut descending: Vec<f64> = demand
            .iter()
            .map(|d| if d.is_finite() && *d > 0.0 { *d } else { 0.0 })
            .collect();
        descending.sort_unstable_by(|a, b| b.total_cmp(a));
        let mut prefix = Vec::with_capacity(descending.len() + 1);
        let mut running = 0.0;
        prefix.push(0.0);
        for d in &descending {
            running += d;
            prefix.push(running);
        }
        SortedCurve { descending, prefix }
    }

    /// The sorted values, highest first.
    pub fn descending(&self) -> &[f64] {
        &self.descending
    }

    /// Number of minutes.
    pub fn minutes(&self) -> usize {
        self.descending.len()
    }

    /// Σ d_t.
    pub fn total(&self) -> f64 {
        self.prefix.last().copied().unwrap_or(0.0)
    }

    /// The busiest minute.
    pub fn peak(&self) -> f64 {
        self.descending.first().copied().unwrap_or(0.0)
    }

    /// The mean minute.
    pub fn mean(&self) -> f64 {
        if self.descending.is_empty() {
            0.0
        } else {
            self.total() / self.minutes() as f64
        }
    }

    /// The nearest-rank percentile (1..=100) of per-minute demand.
    pub fn percentile(&self, percentile: u8) -> f64 {
        let n = self.minutes();
        if n == 0 {
            return 0.0;
        }
        self.descending[n - nearest_rank(percentile, n)]
    }

    /// Minutes with demand strictly above `capacity`. O(log n).
    pub fn minutes_above(&self, capacity: f64) -> usize {
        self.descending.partition_point(|d| *d > capacity)
    }

    /// Σ max(0, d_t − capacity): the tokens that spill over. O(log n).
    pub fn overflow(&self, capacity: f64) -> f64 {
        let capacity = capacity.max(0.0);
        let above = self.minutes_above(capacity);
        (self.prefix[above] - above as f64 * capacity).max(0.0)
    }

    /// The capacity above which at most `share` of the minutes lie: the (1 − share)
    /// quantile. With `share` = the break-even utilization u*, this is where the
    /// optimum reservation sits (the newsvendor critical fraction). `None` for
    /// `share` ≥ 1 (reserving nothing is optimal) or an empty curve.
    pub fn capacity_with_share_above(&self, share: f64) -> Option<f64> {
        let n = self.minutes();
        if n == 0 || !(share < 1.0) {
            return None;
        }
        let k = (share.max(0.0) * n as f64).floor() as usize;
        self.descending.get(k.min(n - 1)).copied()
    }
}

/// The naive overflow loop, O(n) per capacity: the benchmark's baseline and the
/// property tests' reference.
pub fn naive_overflow(demand: &[f64], capacity: f64) -> f64 {
    demand.iter().map(|d| (d - capacity).max(0.0)).sum()
}

/// The split at `units` when every minute's demand is `scale` × the curve's, on the
/// sorted curve: the former `split_at_scale`, verbatim.
pub fn split_at_scale(
    curve: &SortedCurve,
    econ: &ptcalc_core::hybrid::PoolEconomics,
    units: u64,
    scale: f64,
) -> ptcalc_core::hybrid::SplitPoint {
    if !(scale > 0.0) {
        let empty = SortedCurve::new(&[]);
        let mut p = split_at_scale(&empty, econ, units, 1.0);
        p.capacity_tokens =
            units as f64 * econ.capacity_per_unit_per_minute * curve.minutes() as f64;
        return p;
    }
    let capacity = units as f64 * econ.capacity_per_unit_per_minute;
    let overflow = scale * curve.overflow(capacity / scale);
    let total = scale * curve.total();
    let served = (total - overflow).max(0.0);
    let reserved_usd = units as f64 * econ.usd_per_unit_month;
    let overflow_usd = overflow * econ.usd_per_normalized_token;
    let capacity_tokens = capacity * curve.minutes() as f64;
    ptcalc_core::hybrid::SplitPoint {
        units,
        reserved_usd,
        overflow_usd,
        total_usd: reserved_usd + overflow_usd,
        utilization: if capacity_tokens > 0.0 {
            (served / capacity_tokens).clamp(0.0, 1.0)
        } else {
            0.0
        },
        overflow_share: if total > 0.0 {
            (overflow / total).clamp(0.0, 1.0)
        } else {
            0.0
        },
        served_tokens: served,
        overflow_tokens: overflow,
        capacity_tokens,
    }
}
