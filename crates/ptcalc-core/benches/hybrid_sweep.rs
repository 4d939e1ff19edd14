//! Hybrid sweep over a 30-day per-minute series (43,200 minutes) across every feasible
//! unit count: sort once, then each count in O(log n) with prefix sums, against the
//! naive O(n × counts) loop. Prints a table; `cargo bench -p ptcalc-core`.
use std::hint::black_box;
use std::time::{Duration, Instant};

use ptcalc_core::capacity::units_for_load;
use ptcalc_core::hybrid::{
    feasible_counts, naive_overflow, optimum, sweep, LoadCurve, PoolEconomics,
};
use ptcalc_core::scenario::ShapeKind;
use ptcalc_core::sizing::demand_series;
use ptcalc_core::traffic::multipliers;

const MINUTES: usize = 43_200;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    median(samples)
}

fn main() {
    let m = match multipliers(ShapeKind::Bursty, 3.0, 7, MINUTES) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot build the series: {e}");
            std::process::exit(1);
        }
    };
    // A gpt-4.1-like pool (3,000 TPM per PTU, ~1.5M normalized TPM on average), sold
    // in steps of 5 above 15, then in steps of 1 (every count from 1).
    let demand = demand_series(&m, 1.5e6);
    for (min_units, increment) in [(15, 5), (1, 1)] {
        let econ = PoolEconomics {
            capacity_per_unit_per_minute: 3_000.0,
            min_units,
            increment,
            usd_per_unit_month: 221.0,
            usd_per_normalized_token: 2.0e-6,
        };
        report(&demand, &econ);
    }
    whole_report();
}

/// The whole report of a gpt-4.1-like scenario (what the page recomputes on every edit).
fn whole_report() {
    use ptcalc_core::report::evaluate;
    use ptcalc_core::scenario::Overrides;
    use ptcalc_core::{Offering, Scenario, Term};
    let s = Scenario {
        offering: "custom".into(),
        overrides: Overrides {
            capacity_per_unit_per_minute: Some(3_000.0),
            min_units: Some(15),
            increment: Some(5),
            output_weight: Some(4.0),
            cached_weight: Some(0.0),
            usd_per_unit_month: Some(221.0),
            input_usd_per_mtok: Some(2.0),
            cached_usd_per_mtok: Some(0.5),
            output_usd_per_mtok: Some(8.0),
            ..Overrides::default()
        },
        ..Scenario::default()
    };
    let offering = Offering::custom(&s.overrides, Term::Year1);
    let t = time(21, || {
        evaluate(&s, &offering).map(|a| a.report.monthly.hybrid)
    });
    println!(
        "whole report (43,800-minute month, all terms, horizon, break-even volume): {:.3} ms",
        t.as_secs_f64() * 1e3
    );
}

fn report(demand: &[f64], econ: &PoolEconomics) {
    let curve = LoadCurve::new(demand);
    let top = units_for_load(
        curve.peak(),
        econ.capacity_per_unit_per_minute,
        econ.min_units,
        econ.increment,
    );
    let counts = feasible_counts(econ.min_units, econ.increment, top).count();

    let sort = time(21, || LoadCurve::new(demand));
    let fast = time(201, || sweep(&curve, econ, top));
    let search = time(2001, || optimum(&curve, econ, top));
    let naive = time(5, || {
        feasible_counts(econ.min_units, econ.increment, top)
            .map(|k| naive_overflow(demand, k as f64 * econ.capacity_per_unit_per_minute))
            .sum::<f64>()
    });

    println!(
        "hybrid sweep, {MINUTES} minutes, {counts} feasible unit counts (min {}, step {}), median of runs",
        econ.min_units, econ.increment
    );
    println!(
        "  sort + prefix sums (once)          {:>10.3} ms",
        sort.as_secs_f64() * 1e3
    );
    println!(
        "  sweep, every count, O(log n) each  {:>10.3} ms",
        fast.as_secs_f64() * 1e3
    );
    println!(
        "  optimum, convex search             {:>10.3} ms",
        search.as_secs_f64() * 1e3
    );
    println!(
        "  naive loop, O(n) per count         {:>10.3} ms",
        naive.as_secs_f64() * 1e3
    );
    println!(
        "  speed-up of the sweep over naive   {:>10.0} x",
        naive.as_secs_f64() / fast.as_secs_f64().max(1e-12)
    );
    let budget = Duration::from_millis(1);
    println!(
        "  budget: sweep under 1 ms after the sort: {}",
        if fast < budget { "met" } else { "MISSED" }
    );
}
