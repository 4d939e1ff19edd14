//! Who pays what in a pool: the rules side by side (research: `pooling.md`, "Allocation
//! rules"). By use follows Azure's amortized cost view (reserved cost to the usage it
//! covered, unused reservation as its own line); proportional is AWS Cost Categories'
//! "Proportional"; the Shapley value is in `shapley`.
#[cfg(feature = "serde")]
use serde::Serialize;

use alloc::vec::Vec;

use crate::report::{Best, BestOption, PoolModel};

/// A chargeback rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Rule {
    /// Reserved capacity to the tokens each served from it, own overflow, idle apart.
    ByUse,
    /// The pool's cost in proportion to each one's cost alone.
    Proportional,
    /// The average marginal cost over the orders the pool could have formed in.
    Shapley,
}

impl Rule {
    /// Every rule, in the order they are shown.
    pub const ALL: [Rule; 3] = [Rule::ByUse, Rule::Proportional, Rule::Shapley];

    /// The JSON and CSV spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::ByUse => "by_use",
            Rule::Proportional => "proportional",
            Rule::Shapley => "shapley",
        }
    }

    /// The rule in one sentence.
    pub fn explanation(self) -> &'static str {
        match self {
            Rule::ByUse => "Each workload pays the reserved capacity it used (in a minute where the pool overflows, the reserved capacity is shared in proportion to each workload's load that minute), its own overflow at its own on-demand price (scaled so the pool's overflow bill is covered) and its batch tokens; capacity nobody used is a line of its own, the idle line.",
            Rule::Proportional => "The pool's cost is split in proportion to what each workload would cost alone.",
            Rule::Shapley => "Each workload pays its marginal cost averaged over every order in which the pool could have been formed (exact up to 10 workloads, sampled from a fixed seed with its standard error above that).",
        }
    }
}

/// The by-use split of a pool at its best option.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ByUse {
    /// Per workload: reserved capacity used, overflow, batch.
    pub reserved_usd: Vec<f64>,
    pub overflow_usd: Vec<f64>,
    pub batch_usd: Vec<f64>,
    /// Reserved capacity nobody used.
    pub idle_usd: f64,
}

/// The reserved count of each of `pooled`'s dimensions at `best`: what the report's
/// splits choose (`report::splits`: the sizing load's units for full provisioning, the
/// hybrid optimum, none on-demand).
pub(super) fn units_at(best: &Best, pooled: &[PoolModel]) -> Vec<u64> {
    pooled
        .iter()
        .map(|pool| match (best.option, best.term) {
            (BestOption::Full, Some(_)) => pool.required_units(1.0).unwrap_or(0),
            (BestOption::Hybrid, Some(term)) => pool
                .economics(term)
                .map_or(0, |econ| pool.optimum(&econ).units),
            _ => 0,
        })
        .collect()
}

/// By use, minute by minute: served_t = min(D_t, K·C) of the pooled demand D_t, and
/// workload i's part of the minute's served and overflow tokens is d_{i,t} ÷ D_t of them.
/// `members[i]` are workload i's own models (its demand and on-demand price), `batch[i]`
/// its batch cost; the pool's overflow bill is what `best` costs beyond reserved units
/// and batch, split in proportion to each one's overflow at its own price.
pub(super) fn by_use(
    best: &Best,
    pooled: &[PoolModel],
    members: &[&[PoolModel]],
    batch: &[f64],
) -> ByUse {
    let n = members.len();
    let units = units_at(best, pooled);
    let mut reserved_usd = alloc::vec![0.0; n];
    let mut overflow_weight = alloc::vec![0.0; n];
    let mut reserved_total = 0.0;
    let mut idle_usd = 0.0;
    for (dim, (pool, &k)) in pooled.iter().zip(&units).enumerate() {
        let econ = best.term.and_then(|t| pool.economics(t));
        let capacity = econ.map_or(0.0, |e| k as f64 * e.capacity_per_unit_per_minute);
        let reserved = econ.map_or(0.0, |e| k as f64 * e.usd_per_unit_month);
        // The minute's served share once, then one pass per workload: each workload's
        // sums add the same terms in the same (time) order as a pass per minute would.
        let served_share: Vec<f64> = pool
            .demand
            .iter()
            .map(|&total| total.min(capacity) / total)
            .collect();
        let (served, overflow): (Vec<f64>, Vec<f64>) = members
            .iter()
            .map(|own| {
                let (mut served, mut overflow) = (0.0, 0.0);
                for ((&d, &total), &share) in
                    own[dim].demand.iter().zip(&pool.demand).zip(&served_share)
                {
                    if total > 0.0 {
                        served += d * share;
                        overflow += d * (1.0 - share);
                    }
                }
                (served, overflow)
            })
            .unzip();
        let capacity_tokens = capacity * pool.demand.len() as f64;
        reserved_total += reserved;
        if capacity_tokens > 0.0 {
            let used: f64 = served.iter().sum();
            idle_usd += reserved * (1.0 - (used / capacity_tokens).min(1.0));
            for i in 0..n {
                reserved_usd[i] += reserved * served[i] / capacity_tokens;
            }
        }
        for i in 0..n {
            let price = members[i][dim].usd_per_normalized_token.unwrap_or(0.0);
            overflow_weight[i] += overflow[i] * price;
        }
    }
    let batch_total: f64 = batch.iter().sum();
    let overflow_bill = (best.monthly_usd - reserved_total - batch_total).max(0.0);
    let weight_total: f64 = overflow_weight.iter().sum();
    let overflow_usd = overflow_weight
        .iter()
        .map(|w| {
            if weight_total > 0.0 {
                overflow_bill * w / weight_total
            } else {
                0.0
            }
        })
        .collect();
    ByUse {
        reserved_usd,
        overflow_usd,
        batch_usd: batch.to_vec(),
        idle_usd,
    }
}

/// `total` split in proportion to `alone` (evenly when every workload costs nothing alone).
pub(super) fn proportional(total: f64, alone: &[f64]) -> Vec<f64> {
    let sum: f64 = alone.iter().sum();
    alone
        .iter()
        .map(|a| {
            if sum > 0.0 {
                total * a / sum
            } else {
                total / alone.len().max(1) as f64
            }
        })
        .collect()
}

/// Whether `share` is more than `alone` beyond rounding (a core violation: the workload
/// would be better off alone).
pub(super) fn pays_more(share: f64, alone: f64) -> bool {
    share > alone + 1e-9 * alone.abs().max(1.0)
}
