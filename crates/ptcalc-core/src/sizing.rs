//! Sizing: the load a reservation must carry (the peak minute, or a nearest-rank
//! percentile of per-minute demand) and the units that carry it.
//!
//! Nearest rank: the P-th percentile of n sorted values is the value at rank
//! ⌈P/100 × n⌉ (1-based), so P100 is the maximum.
use alloc::vec::Vec;

/// Per-minute demand in normalized tokens: d_t = normalized rate × m_t.
///
/// ```
/// use ptcalc_core::sizing::demand_series;
/// assert_eq!(demand_series(&[0.5, 1.5], 1_000.0), vec![500.0, 1_500.0]);
/// ```
pub fn demand_series(multipliers: &[f64], normalized_tpm: f64) -> Vec<f64> {
    multipliers.iter().map(|m| m * normalized_tpm).collect()
}

/// The 1-based rank of the nearest-rank `percentile` (clamped to 1..=100) among `n` values.
///
/// ```
/// use ptcalc_core::sizing::nearest_rank;
/// assert_eq!(nearest_rank(99, 43_800), 43_362);
/// assert_eq!(nearest_rank(100, 10), 10);
/// assert_eq!(nearest_rank(1, 10), 1);
/// ```
pub fn nearest_rank(percentile: u8, n: usize) -> usize {
    let p = u64::from(percentile.clamp(1, 100));
    let rank = (p * n as u64).div_ceil(100) as usize;
    rank.clamp(1, n.max(1))
}
