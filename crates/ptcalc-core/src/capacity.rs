//! Token kinds, per-kind values and capacity weights: how many "normalized tokens"
//! of a unit's capacity one token of each kind consumes.
//!
//! Azure (pre-GPT-6): input 1, cached input 0 (deducted 100%), output = the model's
//! published output/input ratio. GPT-6 and Vertex: published per-kind weights.
//! Source: <https://learn.microsoft.com/en-us/azure/foundry/openai/how-to/provisioned-throughput-sizing>.
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// The four billed kinds of token. Reasoning tokens count as output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum TokenKind {
    /// Input (prompt) tokens not served from the prompt cache.
    Input,
    /// Input tokens read from the prompt cache.
    CachedInput,
    /// Input tokens written to the prompt cache.
    CacheWrite,
    /// Output tokens, reasoning included.
    Output,
}

impl TokenKind {
    /// All kinds, in display order.
    pub const ALL: [TokenKind; 4] = [
        TokenKind::Input,
        TokenKind::CachedInput,
        TokenKind::CacheWrite,
        TokenKind::Output,
    ];
}

/// One value per token kind.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct PerKind<T> {
    /// Uncached input.
    pub input: T,
    /// Cached input (cache read).
    pub cached_input: T,
    /// Cache write.
    pub cache_write: T,
    /// Output.
    pub output: T,
}

impl<T: Copy> PerKind<T> {
    /// The value for one kind.
    pub fn get(&self, kind: TokenKind) -> T {
        match kind {
            TokenKind::Input => self.input,
            TokenKind::CachedInput => self.cached_input,
            TokenKind::CacheWrite => self.cache_write,
            TokenKind::Output => self.output,
        }
    }

    /// Applies `f` to every kind.
    pub fn map<U>(&self, mut f: impl FnMut(TokenKind, T) -> U) -> PerKind<U> {
        PerKind {
            input: f(TokenKind::Input, self.input),
            cached_input: f(TokenKind::CachedInput, self.cached_input),
            cache_write: f(TokenKind::CacheWrite, self.cache_write),
            output: f(TokenKind::Output, self.output),
        }
    }
}

impl PerKind<f64> {
    /// Σ self × other over the four kinds.
    ///
    /// ```
    /// use ptcalc_core::PerKind;
    /// let rates = PerKind { input: 250_000.0, cached_input: 0.0, cache_write: 0.0, output: 50_000.0 };
    /// let weights = PerKind { input: 1.0, cached_input: 0.0, cache_write: 0.0, output: 4.0 };
    /// assert_eq!(rates.dot(&weights), 450_000.0);
    /// ```
    pub fn dot(&self, other: &PerKind<f64>) -> f64 {
        self.input * other.input
            + self.cached_input * other.cached_input
            + self.cache_write * other.cache_write
            + self.output * other.output
    }

    /// Σ over the four kinds.
    pub fn sum(&self) -> f64 {
        self.input + self.cached_input + self.cache_write + self.output
    }

    /// Every value multiplied by `k`.
    pub fn scale(&self, k: f64) -> PerKind<f64> {
        self.map(|_, v| v * k)
    }
}

/// Normalized tokens per minute of a workload: Σ rate × weight.
///
/// Worked example (gpt-4o, output weight 4): 250,000 input TPM + 50,000 output TPM
/// = 450,000 normalized TPM.
///
/// ```
/// use ptcalc_core::{capacity::normalized_tpm, PerKind};
/// let rates = PerKind { input: 250_000.0, cached_input: 0.0, cache_write: 0.0, output: 50_000.0 };
/// let weights = PerKind { input: 1.0, cached_input: 0.0, cache_write: 0.0, output: 4.0 };
/// assert_eq!(normalized_tpm(&rates, &weights), 450_000.0);
/// ```
pub fn normalized_tpm(tokens_per_minute: &PerKind<f64>, weights: &PerKind<f64>) -> f64 {
    tokens_per_minute.dot(weights)
}

/// Units a load needs before rounding: load ÷ capacity per unit.
///
/// ```
/// use ptcalc_core::capacity::raw_units;
/// assert_eq!(raw_units(450_000.0, 2_500.0), 180.0);
/// ```
pub fn raw_units(load_per_minute: f64, capacity_per_unit_per_minute: f64) -> f64 {
    if capacity_per_unit_per_minute > 0.0 {
        load_per_minute / capacity_per_unit_per_minute
    } else {
        0.0
    }
}

/// The smallest feasible unit count K (0, or `min_units + j × increment`) with
/// K × capacity ≥ load. A zero load needs zero units.
///
/// ```
/// use ptcalc_core::capacity::units_for_load;
/// // gpt-4o: 180 PTU raw, global min 15, increment 5 → 180.
/// assert_eq!(units_for_load(450_000.0, 2_500.0, 15, 5), 180);
/// // A small load still needs the minimum.
/// assert_eq!(units_for_load(1_000.0, 2_500.0, 15, 5), 15);
/// // 181 raw rounds up to the next increment.
/// assert_eq!(units_for_load(452_000.0, 2_500.0, 15, 5), 185);
/// assert_eq!(units_for_load(0.0, 2_500.0, 15, 5), 0);
/// ```
pub fn units_for_load(
    load_per_minute: f64,
    capacity_per_unit_per_minute: f64,
    min_units: u64,
    increment: u64,
) -> u64 {
    if !(load_per_minute > 0.0) || !(capacity_per_unit_per_minute > 0.0) {
        return 0;
    }
    let raw = load_per_minute / capacity_per_unit_per_minute;
    // Guard against 180.00000000000003 from float division of an exact multiple.
    let rounded = libm::round(raw);
    let needed = if (raw - rounded).abs() <= 1e-9 * rounded.max(1.0) {
        rounded
    } else {
        libm::ceil(raw)
    };
    let needed = if needed >= u64::MAX as f64 {
        u64::MAX
    } else {
        needed as u64
    };
    round_up_to_feasible(needed, min_units, increment)
}

/// The smallest feasible count ≥ `units`: 0 stays 0, else max(min, min + j × inc).
///
/// ```
/// use ptcalc_core::capacity::round_up_to_feasible;
/// assert_eq!(round_up_to_feasible(0, 15, 5), 0);
/// assert_eq!(round_up_to_feasible(3, 15, 5), 15);
/// assert_eq!(round_up_to_feasible(16, 15, 5), 20);
/// assert_eq!(round_up_to_feasible(26, 25, 50), 75);
/// ```
pub fn round_up_to_feasible(units: u64, min_units: u64, increment: u64) -> u64 {
    let min_units = min_units.max(1);
    let increment = increment.max(1);
    if units == 0 {
        0
    } else if units <= min_units {
        min_units
    } else {
        let steps = (units - min_units).div_ceil(increment);
        min_units.saturating_add(steps.saturating_mul(increment))
    }
}

/// Whether `units` is a count the vendor sells: 0, or min + j × increment.
pub fn is_feasible(units: u64, min_units: u64, increment: u64) -> bool {
    let min_units = min_units.max(1);
    let increment = increment.max(1);
    units == 0 || (units >= min_units && (units - min_units).is_multiple_of(increment))
}
