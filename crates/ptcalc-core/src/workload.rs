//! The workload: average tokens per minute of each kind, from token rates or calls.
//!
//! Input is split into uncached, cached (cache read) and cache-write tokens by the
//! scenario's shares; the three add up to the total input.
use crate::capacity::PerKind;
use crate::scenario::Volume;

/// Average tokens per minute of each kind.
///
/// ```
/// use ptcalc_core::{workload::tokens_per_minute, scenario::Volume};
/// let v = Volume::Calls { calls_per_minute: 100.0, prompt_tokens: 2_000.0, completion_tokens: 300.0 };
/// let r = tokens_per_minute(&v, 0.25, 0.05);
/// assert_eq!(r.input, 140_000.0);
/// assert_eq!(r.cached_input, 50_000.0);
/// assert_eq!(r.cache_write, 10_000.0);
/// assert_eq!(r.output, 30_000.0);
/// ```
pub fn tokens_per_minute(
    volume: &Volume,
    cached_share: f64,
    cache_write_share: f64,
) -> PerKind<f64> {
    let (input, output) = match *volume {
        Volume::Tokens {
            input_tpm,
            output_tpm,
        } => (input_tpm, output_tpm),
        Volume::Calls {
            calls_per_minute,
            prompt_tokens,
            completion_tokens,
        } => (
            calls_per_minute * prompt_tokens,
            calls_per_minute * completion_tokens,
        ),
    };
    let cached = input * cached_share;
    let cache_write = input * cache_write_share;
    PerKind {
        input: (input - cached - cache_write).max(0.0),
        cached_input: cached,
        cache_write,
        output,
    }
}

/// Tokens of each kind over a month of `minutes` minutes.
pub fn tokens_per_month(tokens_per_minute: &PerKind<f64>, minutes: usize) -> PerKind<f64> {
    tokens_per_minute.scale(minutes as f64)
}
