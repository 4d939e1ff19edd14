//! Workloads imported together from one file (`grp=`, README "Portfolio"): the group's
//! summed series travels as one more summary (`gload=`), so a pool holding the whole group
//! prices the group's demand on it, placed by its own average week (`align`), instead of
//! aligning each member by its own week. Each member's minute is the group's minute times
//! the member's share of the group's mean in that hour of the week, so the members add up
//! to the group and every rule that reads a member's series (by use, Shapley) works on them.
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::align::{seed_of, week_order};
use super::week::HOURS_PER_WEEK;
use crate::load_summary::{month_multipliers, SummaryText};
use crate::report::Analysis;
use crate::scenario::Scenario;

/// A group priced on its joint summary: its label, its pool and members (indices into the
/// portfolio's workloads, in order given), and the workload carrying `gload=`.
#[derive(Debug)]
pub(super) struct JointGroup {
    pub label: String,
    pub pool: usize,
    pub members: Vec<usize>,
    pub carrier: usize,
}

/// The groups of `workloads` (by `grp=`, among workloads with `load=`) to price on their
/// joint summary, given the pools (`pools[k]`: the workloads of pool k), and a note for
/// each group that cannot be: not all of it in one pool, or no `gload=`. A group of one
/// workload is that workload imported separately.
pub(super) fn plan(
    workloads: &[(Scenario, crate::Offering)],
    pools: &[Vec<usize>],
    names: &[String],
) -> (Vec<JointGroup>, Vec<String>) {
    let mut labels: Vec<&str> = Vec::new();
    for (s, _) in workloads {
        if let (Some(g), Some(_)) = (s.group.as_deref(), &s.load) {
            if !labels.contains(&g) {
                labels.push(g);
            }
        }
    }
    let mut groups = Vec::new();
    let mut notes = Vec::new();
    for label in labels {
        let members: Vec<usize> = (0..workloads.len())
            .filter(|&i| {
                let s = &workloads[i].0;
                s.group.as_deref() == Some(label) && s.load.is_some()
            })
            .collect();
        if members.len() < 2 {
            continue;
        }
        let quoted: Vec<String> = members
            .iter()
            .map(|&i| format!("\"{}\"", names[i]))
            .collect();
        let who = and_list(&quoted);
        // A label written as `<tag>-<n>` names the group's size: a workload removed or
        // copied since leaves the joint summary describing other workloads.
        let size = label
            .rsplit_once('-')
            .and_then(|(_, n)| n.parse::<usize>().ok());
        if let Some(n) = size.filter(|&n| n != members.len()) {
            notes.push(format!(
                "{who} were imported together as a group of {n} (grp={label}), and the portfolio holds {} of them (one removed or copied since): the group's summary (gload=) no longer describes them, so each is aligned by its own average week, as workloads imported separately are",
                members.len()
            ));
            continue;
        }
        let pool = pools
            .iter()
            .position(|p| members.iter().all(|i| p.contains(i)));
        let carrier = members
            .iter()
            .copied()
            .find(|&i| workloads[i].0.group_load.is_some());
        let period = |i: usize| workloads[i].0.load.as_ref().map(|l| l.summary().minutes());
        let same_period = carrier.is_none_or(|c| {
            let joint = workloads[c]
                .0
                .group_load
                .as_ref()
                .map(|l| l.summary().minutes());
            members.iter().all(|&i| period(i) == joint)
        });
        if !same_period {
            notes.push(format!(
                "{who} share the group grp={label}, but their summaries (load=) and the group's (gload=) cover periods of different lengths, so they were not measured together: each is aligned by its own average week, as workloads imported separately are"
            ));
            continue;
        }
        match (pool, carrier) {
            (Some(pool), Some(carrier)) => groups.push(JointGroup {
                label: String::from(label),
                pool,
                members,
                carrier,
            }),
            (None, _) => notes.push(format!(
                "{who} were imported together (grp={label}) but are not all in one pool (their offering, deployment type or figures differ): each is aligned by its own average week, as workloads imported separately are"
            )),
            (Some(_), None) => notes.push(format!(
                "{who} were imported together (grp={label}) but none carries the group's summary (gload=): each is aligned by its own average week, as workloads imported separately are"
            )),
        }
    }
    (groups, notes)
}

/// The split analyses of every group `portfolio` priced on its joint summary (its pool's
/// `joint_groups`), from each workload's analysis as the pricing placed it (`placed[i]`):
/// (workload, its analysis in the pool). What the background Shapley split and the pool
/// weeks need to see the pool as the pricing saw it.
pub(super) fn priced_splits(
    workloads: &[(Scenario, crate::Offering)],
    portfolio: &super::Portfolio,
    placed: &[&Analysis],
) -> Vec<(usize, Analysis)> {
    let n = workloads.len();
    let pools: Vec<Vec<usize>> = (0..portfolio.pools.len())
        .map(|k| {
            (0..n)
                .filter(|&i| portfolio.workloads.get(i).is_some_and(|w| w.pool == k))
                .collect()
        })
        .collect();
    let names: Vec<String> = (0..n)
        .map(|i| super::workload_name(&workloads[i].0, i))
        .collect();
    let mut out = Vec::new();
    for g in plan(workloads, &pools, &names).0 {
        let priced = portfolio
            .pools
            .get(g.pool)
            .is_some_and(|p| p.joint_groups.contains(&g.label));
        let (true, Some(joint)) = (priced, workloads[g.carrier].0.group_load.as_ref()) else {
            continue;
        };
        let members: Vec<&Analysis> = g.members.iter().map(|&i| placed[i]).collect();
        out.extend(g.members.iter().copied().zip(split(&members, joint)));
    }
    out
}

/// The note for a group priced on its joint summary in pool `pool` (0-based).
pub(super) fn note(group: &JointGroup, names: &[String]) -> String {
    let quoted: Vec<String> = group
        .members
        .iter()
        .map(|&i| format!("\"{}\"", names[i]))
        .collect();
    format!(
        "{} were imported together from one file (grp={}): pool {} prices their sum on the group's joint summary (gload=), the file's summed series up to the summary's precision (1 %), placed by its own average week; each one's part of a minute is its share of the group's mean in that hour of the week (from its own summary), which the by-use and Shapley splits read",
        and_list(&quoted),
        group.label,
        group.pool + 1
    )
}

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The group's per-minute load over the month, mean 1: the joint summary's month values
/// (`month_multipliers`, as a `load=` workload's) placed by its own average week
/// (`align::week_order`, ties broken from its text).
pub(super) fn group_multipliers(joint: &SummaryText, minutes: usize) -> Vec<f64> {
    let summary = joint.summary();
    let values = month_multipliers(summary.curve(), minutes);
    let order = week_order(minutes, &summary.week(), seed_of(joint.as_str()));
    let mut g = alloc::vec![0.0; minutes];
    for (&to, v) in order.iter().zip(values) {
        g[to] = v;
    }
    g
}

/// Each member's analysis with its demand replaced by its part of the group's: with M_i
/// its mean load (normalized tokens, summed over dimensions), w_i(h) its summary's mean in
/// hour h of the week (mean 1; no data counts as 0) and g the group's multipliers, member
/// i's load in minute t of hour h is G_t · M_i w_i(h) ÷ Σ_j M_j w_j(h) with G_t = g_t Σ_j M_j,
/// so the members add up to G_t; an hour where every member's mean is 0 is split by the
/// members' overall means M_i (each then keeps g_t). Each dimension is scaled alike (its
/// own rate times the member's new multipliers). Its own curve and report stay its own, so
/// a member alone (and a pool of one) is priced as before.
pub(super) fn split(members: &[&Analysis], joint: &SummaryText) -> Vec<Analysis> {
    let minutes = members.first().map_or(0, |a| a.multipliers.len());
    let g = group_multipliers(joint, minutes);
    // Each member's rate per dimension: its demand over its multipliers (mean 1).
    let rates: Vec<Vec<f64>> = members
        .iter()
        .map(|a| {
            let m: f64 = a.multipliers.iter().sum();
            a.pools
                .iter()
                .map(|p| {
                    if m > 0.0 {
                        p.demand.iter().sum::<f64>() / m
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect();
    let means: Vec<f64> = rates.iter().map(|r| r.iter().sum()).collect();
    let total: f64 = means.iter().sum();
    let hour = |a: &Analysis, h: usize| {
        a.week
            .as_ref()
            .and_then(|w| w.get(h).copied().flatten())
            .unwrap_or(0.0)
    };
    // factor[i][h] = Σ_j M_j · w_i(h) ÷ Σ_j M_j w_j(h), or 1 where the denominator is 0.
    let factor: Vec<Vec<f64>> = members
        .iter()
        .map(|a| {
            (0..HOURS_PER_WEEK)
                .map(|h| {
                    let den: f64 = members
                        .iter()
                        .zip(&means)
                        .map(|(b, m)| m * hour(b, h))
                        .sum();
                    if den > 0.0 {
                        total * hour(a, h) / den
                    } else {
                        1.0
                    }
                })
                .collect()
        })
        .collect();
    members
        .iter()
        .zip(rates.iter().zip(&factor))
        .map(|(a, (rate, f))| {
            let m: Vec<f64> = g
                .iter()
                .enumerate()
                .map(|(t, gt)| gt * f[(t / 60) % HOURS_PER_WEEK])
                .collect();
            let mut out = (*a).clone();
            for (pool, r) in out.pools.iter_mut().zip(rate) {
                for (d, mt) in pool.demand.iter_mut().zip(&m) {
                    *d = r * mt;
                }
            }
            out.multipliers = m.into();
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_summary::LoadSummary;

    #[test]
    fn the_group_multipliers_are_the_joint_summary_values_in_its_week_order() {
        let load: Vec<f64> = (0..10_080)
            .map(|t| if (t / 60) % 24 == 10 { 5.0 } else { 1.0 })
            .collect();
        let (s, _) = LoadSummary::from_series(&load, 0).unwrap();
        let text = SummaryText::from_summary(s).unwrap();
        let g = group_multipliers(&text, 20_160);
        let mean = g.iter().sum::<f64>() / g.len() as f64;
        assert!((mean - 1.0).abs() < 1e-9);
        // 1970-01-01 00:00 is a Thursday: hour 10 of a day is busy on every day.
        let busy = |t: usize| ((t / 60) % HOURS_PER_WEEK) % 24 == 10;
        let (hi, lo): (Vec<f64>, Vec<f64>) = {
            let hi = (0..g.len()).filter(|&t| busy(t)).map(|t| g[t]).collect();
            let lo = (0..g.len()).filter(|&t| !busy(t)).map(|t| g[t]).collect();
            (hi, lo)
        };
        let min_hi = hi.iter().copied().fold(f64::INFINITY, f64::min);
        let max_lo = lo.iter().copied().fold(0.0, f64::max);
        assert!(min_hi > max_lo, "{min_hi} {max_lo}");
    }
}
