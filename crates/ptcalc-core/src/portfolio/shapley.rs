//! The Shapley value of a pool's cost: each workload's marginal cost averaged over every
//! order in which the pool could have formed (Reinhardt & Dada, "Allocating the gains
//! from resource pooling with the Shapley value", JORS 2005). Exact from the cost of every
//! subset (2^N pooled evaluations) up to [`EXACT_SHAPLEY_MAX`] workloads; above that,
//! [`SHAPLEY_ORDERS`] random orders from a fixed seed, with the standard error of each mean.
use alloc::vec::Vec;

use super::pool::PoolPrep;
use super::subset_curve::add_into;
use crate::traffic::SplitMix64;

/// The largest pool split exactly (2^10 = 1,024 pooled evaluations).
pub const EXACT_SHAPLEY_MAX: usize = 10;
/// Orders sampled for a larger pool.
pub const SHAPLEY_ORDERS: usize = 200;
/// The seed of the sampled orders: the same pool always gets the same split.
pub const SHAPLEY_SEED: u64 = 0x5EED_54A7_1E70;

/// Each workload's Shapley value and its standard error (0 when exact).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Shapley {
    pub usd: Vec<f64>,
    pub standard_error_usd: Vec<f64>,
    /// Orders sampled; `None` when exact.
    pub orders: Option<usize>,
}

/// The Shapley split of the pool's cost; `None` when a subset has no price (no on-demand
/// price to compare with).
pub(super) fn shapley(prep: &PoolPrep<'_>) -> Option<Shapley> {
    if prep.len() <= EXACT_SHAPLEY_MAX {
        exact(prep)
    } else {
        sampled(prep, SHAPLEY_ORDERS, SHAPLEY_SEED)
    }
}

/// From the cost of every subset: φ_i = Σ_{S ∌ i} |S|! (n − |S| − 1)! / n! × (v(S ∪ i) − v(S)).
pub(super) fn exact(prep: &PoolPrep<'_>) -> Option<Shapley> {
    let n = prep.len();
    let v = subset_costs(prep)?;
    let factorial = |k: usize| (1..=k).map(|j| j as f64).product::<f64>();
    let weight: Vec<f64> = (0..n)
        .map(|s| factorial(s) * factorial(n - s - 1) / factorial(n))
        .collect();
    let usd = (0..n)
        .map(|i| {
            let bit = 1usize << i;
            (0..v.len())
                .filter(|mask| mask & bit == 0)
                .map(|mask| weight[mask.count_ones() as usize] * (v[mask | bit] - v[mask]))
                .sum()
        })
        .collect();
    Some(Shapley {
        usd,
        standard_error_usd: alloc::vec![0.0; n],
        orders: None,
    })
}

/// v(S) for every subset S (bit i = workload i), v(∅) = 0. Depth-first, so each subset's
/// demand is its parent's plus one workload's: one vector add per subset into a buffer
/// kept per depth (no allocation), each subset's series summed in index order, as the
/// whole pool's is; each v(S) is then priced on lean curves (`PoolPrep::subset_cost`,
/// the same bits as pricing S as a pool, property-tested), so v(all) is the pool's own
/// cost to the bit.
pub(super) fn subset_costs(prep: &PoolPrep<'_>) -> Option<Vec<f64>> {
    let n = prep.len();
    let mut search = Search {
        prep,
        v: alloc::vec![0.0; 1usize << n],
        levels: (0..=n).map(|_| prep.zeros()).collect(),
        peaks: alloc::vec![0.0; prep.zeros().len()],
        who: Vec::with_capacity(n),
        scratch: prep.scratch(),
    };
    search.visit(0, 0)?;
    Some(search.v)
}

struct Search<'p, 'a> {
    prep: &'p PoolPrep<'a>,
    v: Vec<f64>,
    /// levels[k]: the per-dimension demand of the subset being visited at depth k.
    levels: Vec<Vec<Vec<f64>>>,
    peaks: Vec<f64>,
    who: Vec<usize>,
    scratch: Vec<super::subset_curve::CellSums>,
}

impl Search<'_, '_> {
    fn visit(&mut self, next: usize, mask: usize) -> Option<()> {
        let depth = self.who.len();
        for i in next..self.prep.len() {
            let (below, above) = self.levels.split_at_mut(depth + 1);
            for (dim, (child, parent)) in above[0].iter_mut().zip(&below[depth]).enumerate() {
                self.peaks[dim] = add_into(child, parent, self.prep.demand(i, dim));
            }
            self.who.push(i);
            self.v[mask | 1 << i] = self.prep.subset_cost(
                &self.who,
                &self.levels[depth + 1],
                &self.peaks,
                &mut self.scratch,
            )?;
            self.visit(i + 1, mask | 1 << i)?;
            self.who.pop();
        }
        Some(())
    }
}

/// The mean marginal cost over `orders` random orders (Fisher–Yates from `seed`), and the
/// standard error of each mean (sample standard deviation ÷ √orders). Every order's
/// marginal costs add up to the pool's cost, so the means do too.
pub(super) fn sampled(prep: &PoolPrep<'_>, orders: usize, seed: u64) -> Option<Shapley> {
    let n = prep.len();
    let mut rng = SplitMix64(seed);
    let (mut sum, mut sum_sq) = (alloc::vec![0.0; n], alloc::vec![0.0; n]);
    let mut order: Vec<usize> = (0..n).collect();
    // The orders' running sums, in buffers kept from order to order.
    let (mut sums, mut next) = (prep.zeros(), prep.zeros());
    let mut peaks = alloc::vec![0.0; sums.len()];
    let mut scratch = prep.scratch();
    let mut who = Vec::with_capacity(n);
    for _ in 0..orders {
        for k in (1..n).rev() {
            let j = (rng.next_u64() % (k as u64 + 1)) as usize;
            order.swap(k, j);
        }
        for dim in &mut sums {
            dim.fill(0.0);
        }
        let mut previous = 0.0;
        who.clear();
        for &i in &order {
            for (dim, (out, base)) in next.iter_mut().zip(&sums).enumerate() {
                peaks[dim] = add_into(out, base, prep.demand(i, dim));
            }
            core::mem::swap(&mut sums, &mut next);
            who.push(i);
            let cost = prep.subset_cost(&who, &sums, &peaks, &mut scratch)?;
            let marginal = cost - previous;
            previous = cost;
            sum[i] += marginal;
            sum_sq[i] += marginal * marginal;
        }
    }
    let m = orders.max(1) as f64;
    let usd: Vec<f64> = sum.iter().map(|s| s / m).collect();
    let standard_error_usd = usd
        .iter()
        .zip(&sum_sq)
        .map(|(mean, sq)| {
            if orders < 2 {
                return 0.0;
            }
            let variance = ((sq - m * mean * mean) / (m - 1.0)).max(0.0);
            libm::sqrt(variance / m)
        })
        .collect();
    Some(Shapley {
        usd,
        standard_error_usd,
        orders: Some(orders),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::evaluate;
    use crate::scenario::{Overrides, ShapeKind, Volume};
    use crate::{Offering, Scenario};
    use proptest::prelude::*;

    fn workload(
        input_tpm: f64,
        output_share: f64,
        shape: ShapeKind,
        seed: u64,
        (min_units, increment): (u64, u64),
        size_percentile: u8,
    ) -> (Scenario, Offering) {
        let overrides = Overrides {
            capacity_per_unit_per_minute: Some(40_000.0),
            min_units: Some(min_units),
            increment: Some(increment),
            usd_per_unit_month: Some(900.0),
            input_usd_per_mtok: Some(2.0),
            cached_usd_per_mtok: Some(0.5),
            output_usd_per_mtok: Some(8.0),
            ..Overrides::default()
        };
        let s = Scenario {
            offering: "custom".into(),
            overrides,
            volume: Volume::Tokens {
                input_tpm,
                output_tpm: input_tpm * output_share,
            },
            shape,
            peak_to_average: if shape == ShapeKind::Flat { 1.6 } else { 1.8 },
            seed,
            hours_per_month: 168.0,
            size_percentile,
            ..Scenario::default()
        };
        let o = Offering::custom(&s.overrides, s.term);
        (s, o)
    }

    fn shape() -> impl Strategy<Value = ShapeKind> {
        prop_oneof![
            Just(ShapeKind::Flat),
            Just(ShapeKind::Business),
            Just(ShapeKind::Diurnal),
            Just(ShapeKind::Bursty)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// v(S) from the depth-first search on lean curves is, for every subset, what
        /// pricing that subset as a pool reports (`PoolPrep::cost` on `LoadCurve`s), to
        /// the bit: token mixes that differ (a blended overflow price), vendor minimums
        /// and increments, and sizing percentiles other than the peak (read from the series).
        #[test]
        fn every_subset_costs_what_pricing_it_as_a_pool_reports(
            parts in prop::collection::vec(
                (0.0..3e6f64, prop_oneof![Just(0.1), Just(0.5)], shape(), 0u64..1000),
                1..=5,
            ),
            units in prop_oneof![Just((1u64, 1u64)), Just((15, 5))],
            size in prop_oneof![Just(100u8), Just(99), 50u8..100],
        ) {
            let analyses: Vec<_> = parts
                .iter()
                .map(|&(tpm, out, shape, seed)| {
                    let (s, o) = workload(tpm, out, shape, seed, units, size);
                    evaluate(&s, &o).unwrap()
                })
                .collect();
            let prep = PoolPrep {
                members: analyses.iter().collect(),
                size_percentile: size,
                terms: analyses[0].report.terms.iter().map(|r| r.term).collect(),
            };
            let fast = subset_costs(&prep).unwrap();
            for (mask, fast) in fast.iter().enumerate().skip(1) {
                let who: Vec<usize> = (0..prep.len()).filter(|i| mask & 1 << i != 0).collect();
                let mut sums = prep.zeros();
                for &i in &who {
                    prep.add(&mut sums, i);
                }
                let (slow, _) = prep.cost(&who, sums);
                prop_assert_eq!(fast.to_bits(), slow.unwrap().to_bits(), "subset {:#b}", mask);
            }
        }
    }
}
