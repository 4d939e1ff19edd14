//! One row per priced term: the unit price, full provisioning and the hybrid optimum per
//! month, u* (`breakeven`), the break-even volume with the reason when there is none, and
//! both options over the horizon with growth (`horizon`).
use alloc::format;
use alloc::string::String;

use crate::breakeven::{break_even_scale, BreakEven, Never};
use crate::horizon::{growth_factor, period_months, pool_horizon};
use crate::numfmt::percent;
use crate::scenario::Scenario;
use crate::terms::Term;
use crate::verdict::dearer;

use super::{splits, PoolModel, PoolName, Split, TermRow};

/// The row of `term`.
pub(super) fn term_row(
    term: Term,
    s: &Scenario,
    pools: &[PoolModel],
    batch_usd_per_month: f64,
    tokens_per_month: f64,
) -> TermRow {
    let minutes = s.minutes_per_month();
    let (break_even_tokens_per_month, break_even_never) = match break_even_volume(term, pools) {
        Ok(scale) => (scale.map(|x| x * tokens_per_month), None),
        Err((never, pool)) => (None, Some(never_reason(never, pool, pools.len() > 1))),
    };
    let (horizon_full, horizon_hybrid) = horizon(term, s, pools);
    let batch_horizon: f64 = (0..s.horizon_months)
        .map(|i| batch_usd_per_month * growth_factor(i, s.growth_percent))
        .sum();
    TermRow {
        term,
        label: term.label(),
        usd_per_unit_month: match pools {
            [pool] => pool
                .usd_per_unit_month
                .iter()
                .find(|(t, _)| *t == term)
                .map(|x| x.1),
            _ => None,
        },
        full_provisioned: splits::full(pools, term, 1.0).map(|f| f.total_usd + batch_usd_per_month),
        hybrid: splits::hybrid(pools, term, 1.0)
            .map(|h| Split::with_batch(&h, batch_usd_per_month)),
        break_even_utilization: splits::break_even_utilization(pools, term, minutes),
        break_even_tokens_per_month,
        break_even_never,
        horizon_full: horizon_full.map(|v| v + batch_horizon),
        horizon_hybrid: horizon_hybrid.map(|v| v + batch_horizon),
    }
}

/// The break-even volume as a multiple of the workload: the largest over the pools (each
/// must pay off), `Ok(None)` when a pool lacks a price, `Err` when a pool never pays off.
fn break_even_volume(term: Term, pools: &[PoolModel]) -> Result<Option<f64>, (Never, PoolName)> {
    let mut worst_scale = 0.0_f64;
    for pool in pools {
        let Ok(econ) = pool.priced_economics(term) else {
            return Ok(None);
        };
        match break_even_scale(&pool.curve, &econ, pool.sizing_load) {
            BreakEven::AboveScale(x) => worst_scale = worst_scale.max(x),
            BreakEven::Never(reason) => return Err((reason, pool.name)),
        }
    }
    Ok(Some(worst_scale))
}

/// Why full provisioning never pays off. A per-dimension offering's reason is one pool's,
/// so it names the pool: its figures are not the combined ones shown elsewhere.
fn never_reason(never: Never, pool: PoolName, several_pools: bool) -> String {
    let reason = match never {
        Never::UtilizationTooLow { break_even, .. } if break_even > 1.0 => format!(
            "a reserved unit never pays off: even fully used it costs {}",
            dearer(break_even)
        ),
        Never::UtilizationTooLow { utilization, break_even } => format!(
            "a reserved unit pays off only above {} utilization, and full provisioning of this traffic shape averages {}",
            percent(break_even),
            percent(utilization)
        ),
        Never::BeyondSearch => String::from("break-even is within a hair of the achievable utilization: the crossing lies beyond 10 million units"),
        Never::NoLoad => String::from("the workload is empty"),
        Never::FreeOnDemand => {
            String::from("on-demand tokens cost nothing at these prices, so no reservation can pay off")
        }
    };
    if several_pools && !matches!(never, Never::NoLoad) {
        format!("in the {pool} pool alone, {reason}")
    } else {
        reason
    }
}

/// Full provisioning and the hybrid over the horizon, summed over pools (without batch).
fn horizon(term: Term, s: &Scenario, pools: &[PoolModel]) -> (Option<f64>, Option<f64>) {
    let (mut full, mut hybrid) = (Some(0.0), Some(0.0));
    for pool in pools {
        match pool.priced_economics(term) {
            Ok(econ) => {
                let h = pool_horizon(
                    &pool.curve,
                    &econ,
                    pool.sizing_load,
                    s.horizon_months,
                    s.growth_percent,
                    period_months(term, s.hours_per_month),
                );
                full = full.map(|v| v + h.full_usd);
                hybrid = hybrid.map(|v| v + h.hybrid_usd);
            }
            Err(_) => {
                full = None;
                hybrid = None;
            }
        }
    }
    (full, hybrid)
}
