//! Workloads imported separately (`load=`): a summary keeps the distribution of the
//! per-minute load and its average week, not the order of its minutes. To pool one with
//! others it is given a month series with exactly its own distribution, its minutes placed
//! by its average week (README "Portfolio", time alignment), and the pool is also priced
//! with its busiest minutes on the pool's busiest minutes: the most any placement costs.
use alloc::vec::Vec;
use core::cmp::Ordering;

use super::week::HOURS_PER_WEEK;
use crate::report::Analysis;

/// The month's minutes (minute 0 = Monday 00:00, the synthetic shapes' axis) in the order
/// they receive a load sorted from highest to lowest: by the average week's hour, busiest
/// first (rank matching, which is also the least-squares placement of the values on the
/// week's hourly means); an hour the summary has no data for counts as the mean of those
/// it has. Ties go to minute of the hour, then time: equal hours share the values evenly
/// instead of one getting all the highest.
pub(super) fn week_order(minutes: usize, week: &[Option<f64>]) -> Vec<usize> {
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
    let mut order: Vec<usize> = (0..minutes).collect();
    order.sort_by(|&a, &b| {
        score(b)
            .total_cmp(&score(a))
            .then((a % 60).cmp(&(b % 60)))
            .then(a.cmp(&b))
    });
    order
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

/// `a` (imported traffic) aligned by its average week: [`placed`] by [`week_order`].
/// Without a week (not imported traffic), `a` as it is.
pub(super) fn by_week(a: &Analysis) -> Analysis {
    match &a.week {
        Some(week) => placed(a, &week_order(a.multipliers.len(), week)),
        None => a.clone(),
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
        let order = week_order(2 * 10_080, &week);
        // Hour 10 of both weeks first (120 minutes), minute of the hour before time.
        let first: Vec<usize> = order[..4].to_vec();
        assert_eq!(first, [600, 10_680, 601, 10_681]);
        assert!(order[..120].iter().all(|t| (t / 60) % HOURS_PER_WEEK == 10));
        // An hour without data counts as the mean of the others (just above 1 here).
        assert!(order[120..240]
            .iter()
            .all(|t| (t / 60) % HOURS_PER_WEEK == 11));
        assert_eq!(order.len(), 2 * 10_080);
        let mut seen = order.clone();
        seen.sort_unstable();
        assert!(seen.iter().enumerate().all(|(i, t)| i == *t));
    }

    #[test]
    fn values_are_ranked_highest_first_with_earlier_ties_first() {
        assert_eq!(by_value(&[1.0, 3.0, 1.0, 2.0]), [1, 3, 0, 2]);
    }
}
