//! Workloads imported separately (`load=`): a summary keeps the distribution of the
//! per-minute load and its average week, not the order of its minutes. To pool one with
//! others it is given a month series with exactly its own distribution, its minutes placed
//! by its average week (README "Portfolio", time alignment), and the pool is also priced
//! with its busiest minutes on the pool's busiest minutes: the most any placement costs.
use alloc::vec::Vec;
use core::cmp::Ordering;

use super::week::HOURS_PER_WEEK;
use crate::report::Analysis;
use crate::scenario::Scenario;
use crate::traffic::SplitMix64;

/// The month's minutes (minute 0 = Monday 00:00, the synthetic shapes' axis) in the order
/// they receive a load sorted from highest to lowest: by the average week's hour, busiest
/// first (rank matching, which is also the least-squares placement of the values on the
/// week's hourly means); an hour the summary has no data for counts as the mean of those
/// it has. Minutes of equal hours (the same hour of every week, hours of equal means) are
/// ordered by a pseudo-random key from `seed`: the summary does not say which minute of an
/// hour was busiest, so equal hours share the values evenly, and two imported workloads do
/// not land their bursts on the same minutes by construction (a fixed tie-break, such as
/// minute 0 of every hour first, would put every imported workload's bursts together).
pub(super) fn week_order(minutes: usize, week: &[Option<f64>], seed: u64) -> Vec<usize> {
    let known: Vec<f64> = week.iter().flatten().copied().collect();
    let fill = if known.is_empty() {
        0.0
    } else {
        known.iter().sum::<f64>() / known.len() as f64
    };
    let score = |t: usize| {
        week.get((t / 60) % HOURS_PER_WEEK)
            .copied()
            .flatten()
            .unwrap_or(fill)
    };
    let mut rng = SplitMix64(seed);
    let keys: Vec<u64> = (0..minutes).map(|_| rng.next_u64()).collect();
    let mut order: Vec<usize> = (0..minutes).collect();
    order.sort_by(|&a, &b| {
        score(b)
            .total_cmp(&score(a))
            .then(keys[a].cmp(&keys[b]))
            .then(a.cmp(&b))
    });
    order
}

/// The tie-break seed of a workload's summary: FNV-1a (64-bit) of its `load=` text, so the
/// same link is placed the same way in every portfolio.
pub(super) fn seed_of(load_text: &str) -> u64 {
    load_text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The minutes of `load` from highest to lowest (ties: earlier first).
pub(super) fn by_value(load: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..load.len()).collect();
    order.sort_by(|&a, &b| match load[b].total_cmp(&load[a]) {
        Ordering::Equal => a.cmp(&b),
        other => other,
    });
    order
}

/// `a` with its demand moved in time: the value of its k-th busiest minute (by its
/// multipliers) goes to minute `order[k]`, in every dimension alike. Only the order
/// changes: the multiset of values, the load curves and the report are `a`'s, so its own
/// figures are unchanged.
pub(super) fn placed(a: &Analysis, order: &[usize]) -> Analysis {
    let from = by_value(&a.multipliers);
    let mut out = a.clone();
    let mut multipliers = alloc::vec![0.0; a.multipliers.len()];
    for (&to, &k) in order.iter().zip(&from) {
        multipliers[to] = a.multipliers[k];
    }
    out.multipliers = multipliers.into();
    for (pool, own) in out.pools.iter_mut().zip(&a.pools) {
        for (&to, &k) in order.iter().zip(&from) {
            pool.demand[to] = own.demand[k];
        }
    }
    out
}

/// `s`'s analysis `a` (imported traffic) aligned by its average week: [`placed`] by
/// [`week_order`], ties broken from its summary's text. Without a week or a summary (not
/// imported traffic), `a` as it is.
pub(super) fn by_week(s: &Scenario, a: &Analysis) -> Analysis {
    match (&a.week, &s.load) {
        (Some(week), Some(load)) => placed(
            a,
            &week_order(a.multipliers.len(), week, seed_of(load.as_str())),
        ),
        _ => a.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busiest_hour_of_the_week_gets_the_busiest_minutes() {
        let mut week = alloc::vec![Some(1.0); HOURS_PER_WEEK];
        week[10] = Some(3.0);
        week[11] = None;
        let order = week_order(2 * 10_080, &week, 7);
        // Hour 10 of both weeks first (120 minutes), in an order that depends on the seed.
        assert!(order[..120].iter().all(|t| (t / 60) % HOURS_PER_WEEK == 10));
        // An hour without data counts as the mean of the others (just above 1 here).
        assert!(order[120..240]
            .iter()
            .all(|t| (t / 60) % HOURS_PER_WEEK == 11));
        assert_eq!(order.len(), 2 * 10_080);
        let mut seen = order.clone();
        seen.sort_unstable();
        assert!(seen.iter().enumerate().all(|(i, t)| i == *t));
        assert_eq!(week_order(2 * 10_080, &week, 7), order);
        assert_ne!(week_order(2 * 10_080, &week, 8), order);
    }

    #[test]
    fn values_are_ranked_highest_first_with_earlier_ties_first() {
        assert_eq!(by_value(&[1.0, 3.0, 1.0, 2.0]), [1, 3, 0, 2]);
    }
}
