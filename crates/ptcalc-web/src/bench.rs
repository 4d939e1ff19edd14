//! A benchmark the page does not show: `?bench=N` (N points, at most 2,592,000: a month
//! per second) builds an N-point series after the first render, prepares and sweeps it and
//! lays out and draws the load-duration and traffic charts from it, recording each step as
//! a Performance API measure (`ptcalc:bench:…`) and then the mark `ptcalc:bench-done`,
//! which `tests/e2e/bench.mjs` reads. The workload is the native benchmark's
//! (`crates/ptcalc-core/benches/hybrid_sweep.rs`: bursty traffic, peak 3× the mean, seed 7),
//! each point at a per-minute rate so the default scenario's units and prices apply.
//! Only in the bench build (the `bench` feature); natively also for its unit test.
#![cfg_attr(not(feature = "bench"), allow(dead_code))]
use std::sync::Arc;

use leptos::prelude::*;
use ptcalc_core::capacity::units_for_load;
use ptcalc_core::hybrid::{sweep, LoadCurve};
use ptcalc_core::report::Analysis;
use ptcalc_core::scenario::ShapeKind;
use ptcalc_core::sizing::demand_series;
use ptcalc_core::traffic::multipliers;

use crate::chart_source::{self, ChartKind};
use crate::perf::measure;
use crate::state::Calc;

/// The most points the benchmark builds: a 30-day month, one point per second.
pub const MAX_POINTS: usize = 2_592_000;

/// The number of points `?bench=N` asks for, when it does and N is 1..=[`MAX_POINTS`].
pub fn requested(query: &str) -> Option<usize> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("bench="))
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| (1..=MAX_POINTS).contains(n))
}

/// Runs the benchmark on `points` points once the page has drawn its first analysis.
pub fn run_after_first_render(calc: Calc, points: usize) {
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(analysis) = calc.shown.get() else {
            return false;
        };
        request_animation_frame(move || {
            set_timeout(move || run(&analysis, points), std::time::Duration::ZERO)
        });
        true
    });
}

fn run(base: &Arc<Analysis>, points: usize) {
    let Some(pool) = base.pools.first() else {
        return;
    };
    let demand = measure("ptcalc:bench:series", || {
        multipliers(ShapeKind::Bursty, 3.0, 7, points)
            .map(|m| demand_series(&m, pool.curve.mean()))
            .unwrap_or_default()
    });
    let curve = measure("ptcalc:bench:prepare", || LoadCurve::new(&demand));
    if let Some(econ) = pool.economics(base.term) {
        measure("ptcalc:bench:sweep", || {
            let top = units_for_load(
                curve.peak(),
                econ.capacity_per_unit_per_minute,
                econ.min_units,
                econ.increment,
            );
            sweep(&curve, &econ, top).len()
        });
    }
    let mut analysis = Analysis::clone(base);
    analysis.pools[0].demand = demand;
    analysis.pools[0].curve = curve;
    for (kind, name) in [
        (ChartKind::LoadDuration, "load-duration"),
        (ChartKind::Traffic, "traffic"),
    ] {
        let model = measure(&format!("ptcalc:bench:{name}-model"), || {
            chart_source::model(kind, &analysis, 960, 380)
        });
        if let Ok(model) = model {
            let _ = measure(&format!("ptcalc:bench:{name}-svg"), || {
                chart_source::svg(&model, false)
            });
        }
    }
    crate::perf::mark("ptcalc:bench-done");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_benchmark_runs_only_when_asked_for_a_sensible_size() {
        assert_eq!(requested("?v=1&bench=2592000"), Some(2_592_000));
        assert_eq!(requested("bench=43200"), Some(43_200));
        assert_eq!(requested("?v=1"), None);
        assert_eq!(requested("?bench=0"), None);
        assert_eq!(requested("?bench=2592001"), None);
        assert_eq!(requested("?bench=lots"), None);
    }
}
