//! One model per capacity pool: per-minute demand in the pool's normalized tokens, its
//! sorted load curve and sizing load (`sizing`, `hybrid`), capacity and feasible counts
//! (`capacity`), the on-demand price of a normalized token (`prices`) and the unit price
//! per month on each term (`terms`).
use alloc::vec::Vec;

use crate::capacity::PerKind;
use crate::hybrid::LoadCurve;
use crate::offering::Offering;
use crate::prices::usd_per_normalized_token;
use crate::scenario::Scenario;
use crate::sizing::demand_series;

use super::{PoolFigures, PoolModel, PoolName};

/// The pools of `offering` under the reservable tokens per minute, shaped by `multipliers`
/// (`month` is their curve: each pool's is it scaled, `LoadCurve::scaled`).
pub(super) fn pool_models(
    offering: &Offering,
    s: &Scenario,
    multipliers: &[f64],
    month: &LoadCurve,
    reservable_tpm: &PerKind<f64>,
    usd_per_mtok: Option<&PerKind<f64>>,
) -> Vec<PoolModel> {
    offering
        .pools
        .iter()
        .map(|pool| {
            let tpm = reservable_tpm.dot(&pool.weights);
            let demand = demand_series(multipliers, tpm);
            let curve = month.scaled(tpm).unwrap_or_else(|| LoadCurve::new(&demand));
            PoolModel::with_curve(
                // Rate-card validation allows only these names (one unnamed pool, or input then output).
                PoolName::parse(&pool.name).unwrap_or(PoolName::Normalized),
                pool.unit.clone(),
                demand,
                curve,
                s.size_percentile,
                PoolFigures {
                    capacity_per_unit_per_minute: pool
                        .capacity_per_unit_per_minute
                        .filter(|c| *c > 0.0),
                    min_units: pool.min_units.max(1),
                    increment: pool.increment.max(1),
                    usd_per_normalized_token: usd_per_mtok.and_then(|prices| {
                        usd_per_normalized_token(
                            reservable_tpm,
                            prices,
                            &pool.weights,
                            &pool.billed,
                        )
                    }),
                    usd_per_unit_month: pool
                        .prices
                        .iter()
                        .map(|tp| (tp.term, tp.price.usd_per_unit_month(s.hours_per_month)))
                        .collect(),
                },
            )
        })
        .collect()
}
