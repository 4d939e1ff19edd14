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
    let mut split = Split::new(prep);
    while split.advance(prep)? {}
    Some(split.finish())
}

/// The split of one pool under way: exact up to [`EXACT_SHAPLEY_MAX`] workloads, sampled
/// above. Each [`Split::advance`] prices a bounded amount (one subset, or one order's n
/// subsets), so a caller can stop between any two and go on later with the same result.
pub(super) enum Split {
    Exact(ExactSearch),
    Sampled(SampledOrders),
}

impl Split {
    pub fn new(prep: &PoolPrep<'_>) -> Self {
        if prep.len() <= EXACT_SHAPLEY_MAX {
            Split::Exact(ExactSearch::new(prep))
        } else {
            Split::Sampled(SampledOrders::new(prep, SHAPLEY_ORDERS, SHAPLEY_SEED))
        }
    }

    /// `Some(true)` when more was priced, `Some(false)` when done, `None` when a subset
    /// has no price.
    pub fn advance(&mut self, prep: &PoolPrep<'_>) -> Option<bool> {
        match self {
            Split::Exact(search) => search.advance(prep),
            Split::Sampled(run) => run.advance(prep),
        }
    }

    /// Subsets priced so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        match self {
            Split::Exact(search) => (search.priced, ExactSearch::total(search.n)),
            Split::Sampled(run) => (run.done * run.order.len(), run.orders * run.order.len()),
        }
    }

    /// The split (once `advance` has said it is done).
    pub fn finish(&self) -> Shapley {
        match self {
            Split::Exact(search) => search.finish(),
            Split::Sampled(run) => run.finish(),
        }
    }
}

/// From the cost of every subset: φ_i = Σ_{S ∌ i} |S|! (n − |S| − 1)! / n! × (v(S ∪ i) − v(S)).
#[cfg(test)]
pub(super) fn exact(prep: &PoolPrep<'_>) -> Option<Shapley> {
    let mut search = ExactSearch::new(prep);
    while search.advance(prep)? {}
    Some(search.finish())
}

/// The exact split from v(S) of every subset of `n` workloads (`v.len() == 2^n`).
fn exact_from(v: &[f64], n: usize) -> Shapley {
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
    Shapley {
        usd,
        standard_error_usd: alloc::vec![0.0; n],
        orders: None,
    }
}

/// v(S) for every subset S (bit i = workload i), v(∅) = 0, one subset per
/// [`ExactSearch::advance`], so the search can stop after any subset and go on later
/// (`ShapleyJob`). Depth-first, so each subset's demand is its parent's plus one
/// workload's: one vector add per subset into a buffer kept per depth (no allocation),
/// each subset's series summed in index order, as the whole pool's is; each v(S) is then
/// priced on lean curves (`PoolPrep::subset_cost`, the same bits as pricing S as a pool,
/// property-tested), so v(all) is the pool's own cost to the bit.
pub(super) struct ExactSearch {
    v: Vec<f64>,
    /// levels[k]: the per-dimension demand of the subset on the path at depth k.
    levels: Vec<Vec<Vec<f64>>>,
    peaks: Vec<f64>,
    /// The subset being priced, in index order (the search's path).
    who: Vec<usize>,
    mask: usize,
    scratch: Vec<super::subset_curve::CellSums>,
    n: usize,
    /// Subsets priced so far (of 2^n − 1).
    pub priced: usize,
}

impl ExactSearch {
    pub fn new(prep: &PoolPrep<'_>) -> Self {
        let n = prep.len();
        ExactSearch {
            v: alloc::vec![0.0; 1usize << n],
            levels: (0..=n).map(|_| prep.zeros()).collect(),
            peaks: alloc::vec![0.0; prep.zeros().len()],
            who: Vec::with_capacity(n),
            mask: 0,
            scratch: prep.scratch(),
            n,
            priced: 0,
        }
    }

    /// The subsets to price: every one but ∅.
    pub fn total(n: usize) -> usize {
        (1usize << n) - 1
    }

    /// Prices the next subset in depth-first order ({0}, {0,1}, …, {0,…,n−1}, {0,…,n−3,n−1},
    /// …): `Some(true)` when one was priced, `Some(false)` when none is left, `None` when a
    /// subset has no price. The order, and each subset's sum, are the recursive search's.
    pub fn advance(&mut self, prep: &PoolPrep<'_>) -> Option<bool> {
        let n = prep.len();
        let next = match self.who.last() {
            None if self.priced == 0 => 0,
            None => return Some(false),
            // The path's first child.
            Some(&last) if last + 1 < n => last + 1,
            // A leaf (its last workload is the pool's last): the next sibling of its parent.
            Some(_) => {
                self.pop();
                match self.who.last().copied() {
                    Some(parent) => {
                        self.pop();
                        parent + 1
                    }
                    None => return Some(false),
                }
            }
        };
        let depth = self.who.len();
        let (below, above) = self.levels.split_at_mut(depth + 1);
        for (dim, (child, parent)) in above[0].iter_mut().zip(&below[depth]).enumerate() {
            self.peaks[dim] = add_into(child, parent, prep.demand(next, dim));
        }
        self.who.push(next);
        self.mask |= 1 << next;
        self.v[self.mask] = prep.subset_cost(
            &self.who,
            &self.levels[depth + 1],
            &self.peaks,
            &mut self.scratch,
        )?;
        self.priced += 1;
        Some(true)
    }

    fn pop(&mut self) {
        if let Some(i) = self.who.pop() {
            self.mask &= !(1 << i);
        }
    }

    /// The split from every subset's cost (the search must have run to its end).
    pub fn finish(&self) -> Shapley {
        exact_from(&self.v, self.n)
    }
}

/// v(S) for every subset by the recursive depth-first search `ExactSearch` unrolls: the
/// reference it is tested against.
#[cfg(test)]
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

#[cfg(test)]
struct Search<'p, 'a> {
    prep: &'p PoolPrep<'a>,
    v: Vec<f64>,
    levels: Vec<Vec<Vec<f64>>>,
    peaks: Vec<f64>,
    who: Vec<usize>,
    scratch: Vec<super::subset_curve::CellSums>,
}

#[cfg(test)]
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
/// marginal costs add up to the pool's cost, so the means do too. The loop
/// [`SampledOrders`] cuts into orders: the reference it is tested against.
#[cfg(test)]
pub(super) fn sampled(prep: &PoolPrep<'_>, orders: usize, seed: u64) -> Option<Shapley> {
    let n = prep.len();
    let mut rng = SplitMix64(seed);
    let (mut sum, mut sum_sq) = (alloc::vec![0.0; n], alloc::vec![0.0; n]);
    let mut order: Vec<usize> = (0..n).collect();
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

/// [`sampled`] one order per [`SampledOrders::advance`], so it can stop after any order
/// and go on later (`ShapleyJob`): the orders, their sums and the running means are the
/// same, in the same order, however it is cut.
pub(super) struct SampledOrders {
    orders: usize,
    rng: SplitMix64,
    sum: Vec<f64>,
    sum_sq: Vec<f64>,
    order: Vec<usize>,
    // The orders' running sums, in buffers kept from order to order.
    sums: Vec<Vec<f64>>,
    next: Vec<Vec<f64>>,
    peaks: Vec<f64>,
    scratch: Vec<super::subset_curve::CellSums>,
    who: Vec<usize>,
    /// Orders done so far.
    pub done: usize,
}

impl SampledOrders {
    pub fn new(prep: &PoolPrep<'_>, orders: usize, seed: u64) -> Self {
        let n = prep.len();
        let sums = prep.zeros();
        SampledOrders {
            orders,
            rng: SplitMix64(seed),
            sum: alloc::vec![0.0; n],
            sum_sq: alloc::vec![0.0; n],
            order: (0..n).collect(),
            next: prep.zeros(),
            peaks: alloc::vec![0.0; sums.len()],
            sums,
            scratch: prep.scratch(),
            who: Vec::with_capacity(n),
            done: 0,
        }
    }

    /// Prices the next order's n subsets: `Some(true)` when one was priced, `Some(false)`
    /// when all are done, `None` when a subset has no price.
    pub fn advance(&mut self, prep: &PoolPrep<'_>) -> Option<bool> {
        if self.done >= self.orders {
            return Some(false);
        }
        let n = self.order.len();
        for k in (1..n).rev() {
            let j = (self.rng.next_u64() % (k as u64 + 1)) as usize;
            self.order.swap(k, j);
        }
        for dim in &mut self.sums {
            dim.fill(0.0);
        }
        let mut previous = 0.0;
        self.who.clear();
        for &i in &self.order {
            for (dim, (out, base)) in self.next.iter_mut().zip(&self.sums).enumerate() {
                self.peaks[dim] = add_into(out, base, prep.demand(i, dim));
            }
            core::mem::swap(&mut self.sums, &mut self.next);
            self.who.push(i);
            let cost = prep.subset_cost(&self.who, &self.sums, &self.peaks, &mut self.scratch)?;
            let marginal = cost - previous;
            previous = cost;
            self.sum[i] += marginal;
            self.sum_sq[i] += marginal * marginal;
        }
        self.done += 1;
        Some(true)
    }

    /// The means and their standard errors (the orders must all be done).
    pub fn finish(&self) -> Shapley {
        let orders = self.orders;
        let m = orders.max(1) as f64;
        let usd: Vec<f64> = self.sum.iter().map(|s| s / m).collect();
        let standard_error_usd = usd
            .iter()
            .zip(&self.sum_sq)
            .map(|(mean, sq)| {
                if orders < 2 {
                    return 0.0;
                }
                let variance = ((sq - m * mean * mean) / (m - 1.0)).max(0.0);
                libm::sqrt(variance / m)
            })
            .collect();
        Shapley {
            usd,
            standard_error_usd,
            orders: Some(orders),
        }
    }
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
            // The search unrolled one subset at a time prices them in the same order with
            // the same sums: the same bits, and the same split.
            let mut unrolled = ExactSearch::new(&prep);
            while unrolled.advance(&prep).unwrap() {}
            prop_assert_eq!(unrolled.priced, (1 << prep.len()) - 1);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&unrolled.v), bits(&fast));
            prop_assert_eq!(unrolled.finish(), exact_from(&fast, prep.len()));
            prop_assert_eq!(Some(unrolled.finish()), exact(&prep));
            // Sampled orders cut one order at a time: the loop's means and errors.
            let mut run = SampledOrders::new(&prep, 7, SHAPLEY_SEED);
            while run.advance(&prep).unwrap() {}
            prop_assert_eq!(Some(run.finish()), sampled(&prep, 7, SHAPLEY_SEED));
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
