//! Splits across pools on one term: full provisioning, the hybrid optimum and the user's
//! own count, each the sum of one split per pool (`hybrid`), and the break-even utilization
//! of the full reservation (`breakeven`).
//!
//! A split is priced when every pool has capacity and a unit price, and either an
//! on-demand price for its overflow or no overflow at all (a model that runs only on
//! reserved capacity, fully provisioned).
use alloc::vec::Vec;

use crate::breakeven::break_even_utilization_of_pools;
use crate::capacity::{is_feasible, round_up_to_feasible};
use crate::hybrid::{split_at, split_at_scale, Load, PoolEconomics, SplitPoint};
use crate::offering::Offering;
use crate::terms::Term;

use super::warnings::Warnings;
use super::PoolModel;

fn split_on<C: Load>(
    pools: &[PoolModel<C>],
    term: Term,
    scale: f64,
    pick: impl Fn(&PoolModel<C>, &PoolEconomics) -> Option<u64>,
) -> Option<SplitPoint> {
    let mut parts = Vec::new();
    for pool in pools {
        let econ = pool.economics(term)?;
        let split = split_at_scale(&pool.curve, &econ, pick(pool, &econ)?, scale);
        if pool.usd_per_normalized_token.is_none() && split.overflow_tokens > 0.0 {
            return None;
        }
        parts.push(split);
    }
    Some(SplitPoint::combine(&parts))
}

/// Full provisioning on `term` at `scale` × the workload: every pool sized for its sizing
/// load.
pub(super) fn full<C: Load>(pools: &[PoolModel<C>], term: Term, scale: f64) -> Option<SplitPoint> {
    split_on(pools, term, scale, |pool, _| pool.required_units(scale))
}

/// The hybrid optimum on `term` at `scale` × the workload, pool by pool. Without an
/// on-demand price there is nothing to spill to: no hybrid.
pub(super) fn hybrid<C: Load>(
    pools: &[PoolModel<C>],
    term: Term,
    scale: f64,
) -> Option<SplitPoint> {
    split_on(pools, term, scale, |pool, econ| {
        pool.usd_per_normalized_token
            .map(|_| pool.optimum_at_scale(econ, scale).units)
    })
}

/// The user's own count on `term`, rounded up to a count the vendor sells. One count
/// cannot be applied to separate input and output pools.
pub(super) fn chosen(
    units: u64,
    pools: &[PoolModel],
    term: Term,
    offering: &Offering,
    warnings: &mut Warnings,
) -> Option<SplitPoint> {
    let [pool] = pools else {
        warnings.units_not_applied(units, offering);
        return None;
    };
    let Some(econ) = pool.economics(term) else {
        warnings.units_not_priced(units, offering);
        return None;
    };
    let feasible = round_up_to_feasible(units, pool.min_units, pool.increment);
    if !is_feasible(units, pool.min_units, pool.increment) {
        warnings.units_not_feasible(units, pool, feasible);
    }
    let split = split_at(&pool.curve, &econ, feasible);
    (pool.usd_per_normalized_token.is_some() || split.overflow_tokens == 0.0).then_some(split)
}

/// u* on `term` of full provisioning: reserved cost ÷ on-demand value of that capacity.
pub(super) fn break_even_utilization(
    pools: &[PoolModel],
    term: Term,
    minutes: usize,
) -> Option<f64> {
    let reservations: Option<Vec<(u64, PoolEconomics)>> = pools
        .iter()
        .map(|pool| {
            pool.usd_per_normalized_token?;
            let econ = pool.economics(term)?;
            Some((pool.required_units(1.0)?.max(pool.min_units), econ))
        })
        .collect();
    break_even_utilization_of_pools(&reservations?, minutes)
}
