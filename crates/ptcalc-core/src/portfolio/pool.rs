//! A capacity pool: the per-minute demand of its workloads summed minute by minute,
//! sized, priced and split by the very code that prices one workload
//! (`PoolModel::new`, `report::best_of_pools`). Any subset of the pool is priced the
//! same way, which is what the Shapley split needs.
use alloc::vec::Vec;

use super::subset_curve::CellSums;
use crate::capacity::units_for_load;
use crate::hybrid::feasible_counts;
use crate::hybrid::LoadCurve;
use crate::report::{best_of_pools, Analysis, Best, PoolModel};
use crate::terms::Term;

/// One pool's workloads, prepared: their own models and the pool's terms.
#[derive(Debug)]
pub(super) struct PoolPrep<'a> {
    /// Each workload's analysis alone (its models hold its per-minute demand).
    pub members: Vec<&'a Analysis>,
    /// The sizing percentile of the pool (its first workload's `size`).
    pub size_percentile: u8,
    /// The terms priced (the first workload's, which the others share).
    pub terms: Vec<Term>,
}

impl PoolPrep<'_> {
    /// Number of workloads.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Zeroed per-dimension buffers to sum demand into.
    pub fn zeros(&self) -> Vec<Vec<f64>> {
        self.members[0]
            .pools
            .iter()
            .map(|p| alloc::vec![0.0; p.demand.len()])
            .collect()
    }

    /// Adds workload `i`'s demand to `sums`, dimension by dimension.
    pub fn add(&self, sums: &mut [Vec<f64>], i: usize) {
        for (sum, pool) in sums.iter_mut().zip(&self.members[i].pools) {
            for (s, d) in sum.iter_mut().zip(&pool.demand) {
                *s += d;
            }
        }
    }

    /// Workload `i`'s demand in dimension `dim`.
    pub fn demand(&self, i: usize, dim: usize) -> &[f64] {
        &self.members[i].pools[dim].demand
    }

    /// One [`CellSums`] per dimension, for [`PoolPrep::subset_cost`].
    pub fn scratch(&self) -> Vec<CellSums> {
        self.members[0]
            .pools
            .iter()
            .map(|_| CellSums::default())
            .collect()
    }

    /// [`PoolPrep::cost`] of the workloads `who` whose demand, summed in that order, is
    /// `sums` with busiest minutes `peaks`, to the bit, on lean curves: the
    /// best option's monthly cost by the report's rule, with only the cells its sizing and
    /// hybrid search can ask about kept (`subset_curve`). `None` without an on-demand price.
    pub fn subset_cost(
        &self,
        who: &[usize],
        sums: &[Vec<f64>],
        peaks: &[f64],
        scratch: &mut [CellSums],
    ) -> Option<f64> {
        if who.is_empty() {
            return Some(0.0);
        }
        if who.len() == 1 {
            // A workload alone is priced on its own (scaled) curve, as `models` prices a
            // pool of one: the same bits as the workload alone, and no cells to fill.
            return self.best(who, sums.to_vec()).0.map(|b| b.monthly_usd);
        }
        let template = &self.members[0].pools;
        for ((cells, (demand, &peak)), first) in
            scratch.iter_mut().zip(sums.iter().zip(peaks)).zip(template)
        {
            // Every count the hybrid search and full provisioning can price: 0, the
            // minimum, … up to the first at or above the peak's units.
            let (min, inc) = (first.min_units, first.increment);
            match first.capacity_per_unit_per_minute {
                Some(c) => {
                    let top = units_for_load(peak, c, min, inc);
                    let counts = feasible_counts(min, inc, top);
                    let many = top / inc.max(1) > demand.len() as u64 / 4;
                    cells.fill(demand, peak, counts.map(|k| k as f64 * c), many);
                }
                None => cells.fill(demand, peak, core::iter::empty(), false),
            }
        }
        let models: Vec<PoolModel<_>> = scratch
            .iter()
            .zip(sums)
            .zip(template)
            .enumerate()
            .map(|(dim, ((cells, demand), first))| {
                let mut figures = first.figures();
                figures.usd_per_normalized_token = self.pooled_price(who, dim);
                PoolModel::with_curve(
                    first.name,
                    first.unit.clone(),
                    Vec::new(),
                    cells.curve(demand),
                    self.size_percentile,
                    figures,
                )
            })
            .collect();
        let (on_demand, batch) = self.on_demand_and_batch(who);
        best_of_pools(&models, self.terms.iter().copied(), on_demand, batch).map(|b| b.monthly_usd)
    }

    /// The pooled models of the workloads `who` (indices into `members`) whose demand,
    /// summed, is `sums` (consumed: each model keeps its dimension's series).
    pub fn models(&self, who: &[usize], sums: Vec<Vec<f64>>) -> Vec<PoolModel> {
        let template = &self.members[0].pools;
        sums.into_iter()
            .zip(template)
            .enumerate()
            .map(|(dim, (demand, first))| {
                let mut figures = first.figures();
                figures.usd_per_normalized_token = self.pooled_price(who, dim);
                // A workload alone keeps its own curve (its series summed with zeros is
                // itself), so a pool of one is priced exactly as the workload alone is.
                let curve = match who {
                    [i] => self.members[*i].pools[dim].curve.clone(),
                    _ => LoadCurve::new(&demand),
                };
                PoolModel::with_curve(
                    first.name,
                    first.unit.clone(),
                    demand,
                    curve,
                    self.size_percentile,
                    figures,
                )
            })
            .collect()
    }

    /// The on-demand price of a normalized token in the pool: the workloads' own when they
    /// agree (always for one workload), else their mean weighted by normalized tokens, so
    /// the pool's all-on-demand bill is the sum of theirs.
    fn pooled_price(&self, who: &[usize], dim: usize) -> Option<f64> {
        let mut first = None;
        let mut same = true;
        let (mut usd, mut tokens) = (0.0, 0.0);
        for &i in who {
            let pool = &self.members[i].pools[dim];
            let p = pool.usd_per_normalized_token?;
            same &= first.is_none_or(|f| f == p);
            first.get_or_insert(p);
            usd += p * pool.curve.total();
            tokens += pool.curve.total();
        }
        match first {
            Some(p) if same || !(tokens > 0.0) => Some(p),
            Some(_) => Some(usd / tokens),
            None => self.members[0].pools[dim].usd_per_normalized_token,
        }
    }

    /// Everything on-demand for `who`, and the batch tier's part of every option: each
    /// workload's own, added.
    pub fn on_demand_and_batch(&self, who: &[usize]) -> (Option<f64>, f64) {
        let mut on_demand = Some(0.0);
        let mut batch = 0.0;
        for &i in who {
            let m = self.members[i];
            on_demand = on_demand.zip(m.on_demand_usd_per_month).map(|(a, b)| a + b);
            batch += m.batch_usd_per_month;
        }
        (on_demand, batch)
    }

    /// The best option of the workloads `who` pooled (demand summed into `sums`), by the
    /// report's rule; the models are handed back for further sums.
    pub fn best(&self, who: &[usize], sums: Vec<Vec<f64>>) -> (Option<Best>, Vec<PoolModel>) {
        let models = self.models(who, sums);
        let (on_demand, batch) = self.on_demand_and_batch(who);
        let best = best_of_pools(&models, self.terms.iter().copied(), on_demand, batch);
        (best, models)
    }

    /// The monthly cost of the workloads `who` pooled; `sums` comes back untouched
    /// (the series the models were built on): the reference `subset_cost` is tested against.
    #[cfg(test)]
    pub fn cost(&self, who: &[usize], sums: Vec<Vec<f64>>) -> (Option<f64>, Vec<Vec<f64>>) {
        if who.is_empty() {
            return (Some(0.0), sums);
        }
        let (best, models) = self.best(who, sums);
        (
            best.map(|b| b.monthly_usd),
            models.into_iter().map(|m| m.demand).collect(),
        )
    }
}
