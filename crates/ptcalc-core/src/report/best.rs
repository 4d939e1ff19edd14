//! The best-option rule: the cheapest of all on-demand, full provisioning and the hybrid
//! optimum, across every priced term.
#[cfg(feature = "serde")]
use serde::Serialize;

use crate::hybrid::Load;
use crate::terms::Term;

use super::{splits, PoolModel};

/// The options the report compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum BestOption {
    /// Pay per token for everything.
    OnDemand,
    /// Reserve units for the sizing load (overflow above it on-demand).
    Full,
    /// Reserve the cheapest baseline and spill the rest to on-demand.
    Hybrid,
}

impl BestOption {
    /// The JSON spelling: `on_demand`, `full`, `hybrid`.
    pub fn as_str(self) -> &'static str {
        match self {
            BestOption::OnDemand => "on_demand",
            BestOption::Full => "full",
            BestOption::Hybrid => "hybrid",
        }
    }
}

/// The cheapest option overall.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Best {
    /// Which option.
    pub option: BestOption,
    /// The term (absent for on-demand).
    pub term: Option<Term>,
    /// Reserved units (0 for on-demand).
    pub units: u64,
    /// Monthly cost.
    pub monthly_usd: f64,
    /// Saving against all on-demand per month (0 for on-demand).
    pub saving_vs_on_demand_usd: f64,
    /// The saving as a share of the on-demand bill.
    pub saving_share: f64,
}

/// What one term offers against all on-demand: full provisioning and the hybrid optimum,
/// each as (monthly cost with batch, units), `None` where it is not priced.
pub(super) struct Candidate {
    pub term: Term,
    pub full: Option<(f64, u64)>,
    pub hybrid: Option<(f64, u64)>,
}

/// The cheapest option: on-demand unless a term's full provisioning or hybrid optimum
/// costs less (by more than a rounding hair) with at least one unit reserved. Full
/// provisioning is tried before the hybrid of the same term, and ties keep the first, so a
/// hybrid that spills nothing (and costs the same) is reported as full provisioning.
/// `None` without an on-demand price: there is nothing to compare with.
pub(super) fn best_option(
    on_demand_usd: Option<f64>,
    candidates: impl IntoIterator<Item = Candidate>,
) -> Option<Best> {
    let od = on_demand_usd?;
    let mut best = Best {
        option: BestOption::OnDemand,
        term: None,
        units: 0,
        monthly_usd: od,
        saving_vs_on_demand_usd: 0.0,
        saving_share: 0.0,
    };
    for c in candidates {
        for (option, candidate) in [(BestOption::Full, c.full), (BestOption::Hybrid, c.hybrid)] {
            let Some((cost, units)) = candidate else {
                continue;
            };
            if cost < best.monthly_usd - 1e-9 && units > 0 {
                best = Best {
                    option,
                    term: Some(c.term),
                    units,
                    monthly_usd: cost,
                    saving_vs_on_demand_usd: od - cost,
                    saving_share: if od > 0.0 { (od - cost) / od } else { 0.0 },
                };
            }
        }
    }
    Some(best)
}

/// [`best_option`] at `scale` × the workload, each term's splits priced at that scale
/// (`splits`). `on_demand_usd` and `batch_usd` are this month's (scale 1); every cost
/// scales with the workload but the unit prices. The report's own best option is this at
/// scale 1 (from its term rows, the same splits); the verdict's range asks it at other
/// scales instead of evaluating the scenario again (`Analysis::best_at`).
pub(super) fn best_at_scale<C: Load>(
    pools: &[PoolModel<C>],
    terms: impl IntoIterator<Item = Term>,
    on_demand_usd: Option<f64>,
    batch_usd: f64,
    scale: f64,
) -> Option<Best> {
    let batch = batch_usd * scale;
    let full_units: u64 = pools.iter().filter_map(|p| p.required_units(scale)).sum();
    best_option(
        on_demand_usd.map(|od| od * scale),
        terms.into_iter().map(|term| Candidate {
            term,
            full: splits::full(pools, term, scale).map(|f| (f.total_usd + batch, full_units)),
            hybrid: splits::hybrid(pools, term, scale).map(|h| (h.total_usd + batch, h.units)),
        }),
    )
}

/// The best option of `pools` at this month's workload, by the report's rule over `terms`:
/// what [`evaluate`](super::evaluate) reports as `best` for a scenario with these pools
/// (`Analysis::best_at(1.0)`). `on_demand_usd` is everything on-demand and `batch_usd` the
/// batch tier's part of every option. A portfolio's pools are priced by it (`portfolio`).
pub fn best_of_pools<C: Load>(
    pools: &[PoolModel<C>],
    terms: impl IntoIterator<Item = Term>,
    on_demand_usd: Option<f64>,
    batch_usd: f64,
) -> Option<Best> {
    best_at_scale(pools, terms, on_demand_usd, batch_usd, 1.0)
}
