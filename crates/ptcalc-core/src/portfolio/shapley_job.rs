//! The Shapley split of a portfolio's deferred pools ([`evaluate_portfolio_with`]) as a job
//! that runs a little at a time: a page prices a few subsets, lets the browser paint and
//! handle input, and goes on. Cut anywhere, it prices the same subsets in the same order
//! with the same sums as the split inside [`evaluate_portfolio`], so the filled portfolio
//! is that one to the bit.
//!
//! [`evaluate_portfolio_with`]: super::evaluate_portfolio_with
//! [`evaluate_portfolio`]: super::evaluate_portfolio
use alloc::string::String;
use alloc::vec::Vec;
use core::borrow::Borrow;

use super::shapley::Split;
use super::{pool_prep, shapley_charge, terms_of, Portfolio, PortfolioError};
use crate::offering::Offering;
use crate::report::Analysis;
use crate::scenario::Scenario;

/// How far a [`ShapleyJob`] has got: subsets priced, of all its pools' subsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShapleyProgress {
    /// Subsets priced so far.
    pub done: usize,
    /// Subsets to price in all (2^n − 1 for an exact pool of n, orders × n for a sampled one).
    pub total: usize,
}

impl ShapleyProgress {
    /// Whether every split is done.
    pub fn finished(self) -> bool {
        self.done >= self.total
    }

    /// The share done, 0 to 1 (1 when there was nothing to do).
    pub fn share(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            (self.done as f64 / self.total as f64).min(1.0)
        }
    }
}

/// One deferred pool's split under way.
struct PoolSplit {
    /// Its index in `Portfolio::pools`.
    pool: usize,
    /// Its workloads (indices into the portfolio's workloads, in order).
    members: Vec<usize>,
    /// The name a refusal is reported under (its first workload's, as the eager split does).
    first_name: String,
    size_percentile: u8,
    split: Split,
}

/// The Shapley split of every pool a portfolio priced without it (`shapley_deferred`),
/// priced [`ShapleyJob::step`] by step; [`ShapleyJob::fill`] then writes it into the
/// portfolio. `A` is how the job holds each workload's own evaluation (`&Analysis`,
/// `Arc<Analysis>`, …).
///
/// ```
/// use ptcalc_core::portfolio::{evaluate_portfolio_with, ShapleyJob};
/// use ptcalc_core::report::evaluate;
/// use ptcalc_core::{scenario::{Overrides, ShapeKind}, Offering, Scenario};
/// let overrides = Overrides { capacity_per_unit_per_minute: Some(50_000.0), usd_per_unit_month: Some(1_000.0),
///     input_usd_per_mtok: Some(2.0), cached_usd_per_mtok: Some(0.5), output_usd_per_mtok: Some(8.0), ..Overrides::default() };
/// let s = Scenario { offering: "custom".into(), overrides, hours_per_month: 168.0, ..Scenario::default() };
/// let o = Offering::custom(&s.overrides, s.term);
/// let list: Vec<_> = [ShapeKind::Business, ShapeKind::Flat, ShapeKind::Bursty].iter().enumerate()
///     .map(|(i, &shape)| (Scenario { name: Some(format!("w{i}")), shape, seed: i as u64, ..s.clone() }, o.clone()))
///     .collect();
/// let mut p = evaluate_portfolio_with(&list, 2).unwrap(); // the pool of 3: Shapley deferred
/// let own: Vec<_> = list.iter().map(|(s, o)| evaluate(s, o).unwrap()).collect();
/// let mut job = ShapleyJob::new(&list, own.iter().collect(), &p).unwrap();
/// while !job.step(2).unwrap().finished() {} // two subsets at a time
/// job.fill(&mut p);
/// assert_eq!(p, evaluate_portfolio_with(&list, usize::MAX).unwrap());
/// ```
pub struct ShapleyJob<A> {
    analyses: Vec<A>,
    /// Workloads imported separately, placed by their average week as the pricing placed
    /// them (`align::by_week`): used instead of `analyses[i]`.
    placed: Vec<Option<Analysis>>,
    pools: Vec<PoolSplit>,
    /// The pool being split (index into `pools`).
    at: usize,
}

impl<A> core::fmt::Debug for ShapleyJob<A> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ShapleyJob")
            .field("pools", &self.pools.len())
            .field("at", &self.at)
            .field("progress", &self.progress())
            .finish_non_exhaustive()
    }
}

impl<A> ShapleyJob<A> {
    /// Subsets priced so far, of all.
    pub fn progress(&self) -> ShapleyProgress {
        let (done, total) = self.pools.iter().fold((0, 0), |(d, t), p| {
            let (pd, pt) = p.split.progress();
            (d + pd, t + pt)
        });
        ShapleyProgress { done, total }
    }
}

impl<A: Borrow<Analysis>> ShapleyJob<A> {
    /// The job for `portfolio`'s deferred pools: `workloads` are what it was priced from
    /// and `analyses[i]` is `evaluate(&workloads[i].0, &workloads[i].1)` (the evaluations
    /// the pricing used, such as a page's kept ones). `None` when the lengths disagree.
    pub fn new(
        workloads: &[(Scenario, Offering)],
        analyses: Vec<A>,
        portfolio: &Portfolio,
    ) -> Option<Self> {
        let n = workloads.len();
        if analyses.len() != n || portfolio.workloads.len() != n {
            return None;
        }
        let mut placed: Vec<Option<Analysis>> = workloads
            .iter()
            .zip(&analyses)
            .map(|((s, _), a)| {
                s.load
                    .is_some()
                    .then(|| super::align::by_week(s, a.borrow()))
            })
            .collect();
        // Groups priced on their joint summary: split as the pricing split them.
        let splits = {
            let refs: Vec<&Analysis> = analyses
                .iter()
                .zip(&placed)
                .map(|(a, p)| p.as_ref().unwrap_or_else(|| a.borrow()))
                .collect();
            super::joint::priced_splits(workloads, portfolio, &refs)
        };
        for (i, a) in splits {
            placed[i] = Some(a);
        }
        let mut pools = Vec::new();
        for (index, pool) in portfolio.pools.iter().enumerate() {
            if !pool.shapley_deferred {
                continue;
            }
            let members: Vec<usize> = (0..n)
                .filter(|&i| portfolio.workloads[i].pool == index)
                .collect();
            let &first = members.first()?;
            let refs: Vec<&Analysis> = analyses
                .iter()
                .zip(&placed)
                .map(|(a, p)| p.as_ref().unwrap_or_else(|| a.borrow()))
                .collect();
            let prep = pool_prep(&members, workloads, &refs);
            pools.push(PoolSplit {
                pool: index,
                first_name: portfolio.workloads[first].name.clone(),
                size_percentile: prep.size_percentile,
                split: Split::new(&prep),
                members,
            });
        }
        Some(ShapleyJob {
            analyses,
            placed,
            pools,
            at: 0,
        })
    }

    /// Prices at most `subsets` more subsets (at least one, and a sampled pool's whole
    /// order: its n subsets) and says how far the job has got.
    ///
    /// # Errors
    /// [`PortfolioError::NotPriced`] when a subset has no price, as [`evaluate_portfolio`]
    /// refuses such a portfolio.
    ///
    /// [`evaluate_portfolio`]: super::evaluate_portfolio
    pub fn step(&mut self, subsets: usize) -> Result<ShapleyProgress, PortfolioError> {
        let mut budget = subsets.max(1);
        while budget > 0 {
            let Some(pool) = self.pools.get_mut(self.at) else {
                break;
            };
            let refs: Vec<&Analysis> = pool
                .members
                .iter()
                .map(|&i| {
                    self.placed[i]
                        .as_ref()
                        .unwrap_or_else(|| self.analyses[i].borrow())
                })
                .collect();
            let prep = super::pool::PoolPrep {
                terms: terms_of(refs[0]),
                members: refs,
                size_percentile: pool.size_percentile,
            };
            while budget > 0 {
                let before = pool.split.progress().0;
                match pool.split.advance(&prep) {
                    None => return Err(PortfolioError::NotPriced(pool.first_name.clone())),
                    Some(false) => {
                        self.at += 1;
                        break;
                    }
                    Some(true) => {
                        let priced = pool.split.progress().0 - before;
                        budget = budget.saturating_sub(priced.max(1));
                    }
                }
            }
        }
        Ok(self.progress())
    }

    /// Writes each finished pool's split into `portfolio` (the one the job was made for):
    /// its workloads' Shapley charges and "pays more than alone" flags, its
    /// `shapley_orders`, and `shapley_deferred` cleared. Once the job is finished, the
    /// portfolio is `evaluate_portfolio_with(workloads, usize::MAX)`'s, bit for bit; a pool
    /// not yet finished is left as it was (deferred).
    pub fn fill(&self, portfolio: &mut Portfolio) {
        for pool in &self.pools {
            let (done, total) = pool.split.progress();
            if done < total {
                continue;
            }
            let shapley = pool.split.finish();
            for (k, &i) in pool.members.iter().enumerate() {
                if let Some(w) = portfolio.workloads.get_mut(i) {
                    w.chargeback.shapley = shapley_charge(&shapley, k, w.alone.monthly_usd);
                }
            }
            if let Some(p) = portfolio.pools.get_mut(pool.pool) {
                p.shapley_orders = shapley.orders;
                p.shapley_deferred = false;
            }
        }
    }
}
