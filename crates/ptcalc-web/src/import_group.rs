//! The import panel's "One workload per series": every series of the imported file becomes
//! a workload on the current scenario's other settings, named after its series, all one
//! group (`grp=`, the first with the summed series' `gload=`), made by
//! [`ptcalc_usage::measured_group`], the very function `ptcalc portfolio --usage FILE
//! --series all` calls, so the page's link is the CLI's.
use leptos::prelude::*;
use ptcalc_core::link::portfolio::MAX_WORKLOADS;
use ptcalc_usage::{measured_group, MeasuredError, Selection, Usage};

use crate::state::Calc;
use crate::workloads::Workloads;

/// Replaces the portfolio's workloads with one per series of `usage`; the sentence saying
/// what was done, or why not.
pub(crate) fn one_workload_per_series(calc: Calc, usage: &Usage) -> Result<String, Vec<String>> {
    let names = usage.series_names();
    if names.len() > MAX_WORKLOADS {
        return Err(vec![format!(
            "the file has {} series, more than the {MAX_WORKLOADS} workloads one link carries: choose one series, or all summed",
            names.len()
        )]);
    }
    let mut series = Vec::with_capacity(names.len());
    for name in names {
        let data = usage
            .select(&Selection::Named(name.to_string()))
            .map_err(|e| vec![e.to_string()])?;
        series.push((name.to_string(), data));
    }
    let base = calc.scenario.get_untracked();
    let (cards, today) = (calc.cards.get_untracked(), calc.today);
    let group = crate::perf::measure("ptcalc:import-group", || {
        measured_group(&base, &series, |s| cards.base_offering(s, today))
    })
    .map_err(|e| match e {
        MeasuredError::Offering(e) => vec![e.to_string()],
        MeasuredError::Summary(e) => vec![e.to_string()],
    })?;
    let list: Vec<_> = group.into_iter().map(|m| m.scenario).collect();
    let n = list.len();
    expect_context::<Workloads>().replace(calc, list);
    Ok(format!(
        "Each of the file's {n} series is now a workload, named after it; imported together, their pool is priced on the summary of their summed series (see Workloads)."
    ))
}
