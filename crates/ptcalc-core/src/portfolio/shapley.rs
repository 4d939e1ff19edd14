//! The Shapley value of a pool's cost: each workload's marginal cost averaged over every
//! order in which the pool could have formed (Reinhardt & Dada, "Allocating the gains
//! from resource pooling with the Shapley value", JORS 2005). Exact from the cost of every
//! subset (2^N pooled evaluations) up to [`EXACT_SHAPLEY_MAX`] workloads; above that,
//! [`SHAPLEY_ORDERS`] random orders from a fixed seed, with the standard error of each mean.
use alloc::vec::Vec;

use super::pool::PoolPrep;
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
/// demand is its parent's plus one workload's: one pass over the minutes per subset, and
/// each subset's series summed in index order, as the whole pool's is (so v(all) is the
/// pool's own cost to the bit).
fn subset_costs(prep: &PoolPrep<'_>) -> Option<Vec<f64>> {
    let n = prep.len();
    let mut v = alloc::vec![0.0; 1usize << n];
    let mut who = Vec::with_capacity(n);
    visit(prep, 0, 0, &prep.zeros(), &mut who, &mut v)?;
    Some(v)
}

fn visit(
    prep: &PoolPrep<'_>,
    next: usize,
    mask: usize,
    sums: &[Vec<f64>],
    who: &mut Vec<usize>,
    v: &mut [f64],
) -> Option<()> {
    for i in next..prep.len() {
        let mut with = sums.to_vec();
        prep.add(&mut with, i);
        who.push(i);
        let (cost, with) = prep.cost(who, with);
        v[mask | 1 << i] = cost?;
        visit(prep, i + 1, mask | 1 << i, &with, who, v)?;
        who.pop();
    }
    Some(())
}

/// The mean marginal cost over `orders` random orders (Fisher–Yates from `seed`), and the
/// standard error of each mean (sample standard deviation ÷ √orders). Every order's
/// marginal costs add up to the pool's cost, so the means do too.
pub(super) fn sampled(prep: &PoolPrep<'_>, orders: usize, seed: u64) -> Option<Shapley> {
    let n = prep.len();
    let mut rng = SplitMix64(seed);
    let (mut sum, mut sum_sq) = (alloc::vec![0.0; n], alloc::vec![0.0; n]);
    let mut order: Vec<usize> = (0..n).collect();
    for _ in 0..orders {
        for k in (1..n).rev() {
            let j = (rng.next_u64() % (k as u64 + 1)) as usize;
            order.swap(k, j);
        }
        let mut sums = prep.zeros();
        let mut previous = 0.0;
        let mut who = Vec::with_capacity(n);
        for &i in &order {
            prep.add(&mut sums, i);
            who.push(i);
            let (cost, back) = prep.cost(&who, sums);
            sums = back;
            let cost = cost?;
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
