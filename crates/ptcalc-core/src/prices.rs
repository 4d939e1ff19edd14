//! On-demand prices: the monthly bill of a workload, and the price of one
//! normalized token, p = Σ rate × price / Σ rate × weight (cached tokens are billed
//! on-demand even when their capacity weight is 0).
use crate::capacity::PerKind;

/// Dollars per token from dollars per 1M tokens.
pub const TOKENS_PER_MTOK: f64 = 1e6;

/// On-demand prices with gaps filled: a vendor that publishes no cached-input or
/// cache-write price bills those tokens as plain input. Returns `None` when the input
/// or output price itself is missing (nothing to fall back on), plus which kinds fell back.
///
/// ```
/// use ptcalc_core::{prices::complete_prices, PerKind};
/// let published = PerKind { input: Some(3.0), cached_input: None, cache_write: None, output: Some(15.0) };
/// let (p, fell_back) = complete_prices(&published).unwrap();
/// assert_eq!(p.cached_input, 3.0);
/// assert!(fell_back.cached_input && fell_back.cache_write && !fell_back.output);
/// ```
pub fn complete_prices(
    usd_per_mtok: &PerKind<Option<f64>>,
) -> Option<(PerKind<f64>, PerKind<bool>)> {
    let input = usd_per_mtok.input?;
    let output = usd_per_mtok.output?;
    let prices = PerKind {
        input,
        cached_input: usd_per_mtok.cached_input.unwrap_or(input),
        cache_write: usd_per_mtok.cache_write.unwrap_or(input),
        output,
    };
    let fell_back = usd_per_mtok.map(|_, v| v.is_none());
    Some((prices, fell_back))
}

/// The on-demand bill for a month: Σ tokens per minute × minutes × $ per token.
///
/// Worked example: 3.0 B input + 0.6 B output tokens at $3 / $15 per 1M = $18,000.
///
/// ```
/// use ptcalc_core::{prices::on_demand_usd_per_month, PerKind};
/// let tpm = PerKind { input: 3.0e9 / 43_800.0, cached_input: 0.0, cache_write: 0.0, output: 0.6e9 / 43_800.0 };
/// let prices = PerKind { input: 3.0, cached_input: 0.3, cache_write: 3.75, output: 15.0 };
/// assert!((on_demand_usd_per_month(&tpm, &prices, 43_800) - 18_000.0).abs() < 1e-6);
/// ```
pub fn on_demand_usd_per_month(
    tokens_per_minute: &PerKind<f64>,
    usd_per_mtok: &PerKind<f64>,
    minutes: usize,
) -> f64 {
    tokens_per_minute.dot(usd_per_mtok) * minutes as f64 / TOKENS_PER_MTOK
}

/// The on-demand price of one normalized token of a pool: the on-demand cost of the
/// kinds the pool bills, divided by the normalized tokens the workload puts on the pool.
/// `None` when the workload puts nothing on the pool.
///
/// ```
/// use ptcalc_core::{prices::usd_per_normalized_token, PerKind};
/// // gpt-4.1: $2 in / $0.50 cached / $8 out, weights 1 / 0 / 4, half the input cached.
/// let tpm = PerKind { input: 500_000.0, cached_input: 500_000.0, cache_write: 0.0, output: 100_000.0 };
/// let prices = PerKind { input: 2.0, cached_input: 0.5, cache_write: 2.0, output: 8.0 };
/// let weights = PerKind { input: 1.0, cached_input: 0.0, cache_write: 1.0, output: 4.0 };
/// let all = PerKind { input: true, cached_input: true, cache_write: true, output: true };
/// let p = usd_per_normalized_token(&tpm, &prices, &weights, &all).unwrap();
/// // (0.5M×2 + 0.5M×0.5 + 0.1M×8) / (0.5M + 0.4M) per 1M tokens
/// assert!((p * 1e6 - 2.05 / 0.9).abs() < 1e-9);
/// ```
pub fn usd_per_normalized_token(
    tokens_per_minute: &PerKind<f64>,
    usd_per_mtok: &PerKind<f64>,
    weights: &PerKind<f64>,
    billed: &PerKind<bool>,
) -> Option<f64> {
    let normalized = tokens_per_minute.dot(weights);
    if !(normalized > 0.0) {
        return None;
    }
    let billed_prices = usd_per_mtok.map(|k, v| if billed.get(k) { v } else { 0.0 });
    Some(tokens_per_minute.dot(&billed_prices) / TOKENS_PER_MTOK / normalized)
}
