//! The hybrid analysis against the naive loop, on a 30-day per-minute series (43,200
//! minutes) and a 30-day per-second series (2,592,000 points): preparing the series
//! (`LoadCurve::new`, linear time), then the split at every feasible unit count
//! (`sweep`), against the naive O(n × counts) loop that recomputes Σ max(0, d_t − K·C)
//! for each count and against the former sort-based curve (the tests' oracle), in the
//! same run; and the whole report of a gpt-4.1-like scenario (what the page recomputes
//! per edit).
//!
//! `cargo bench -p ptcalc-core --bench hybrid_sweep` prints medians. The machines this
//! runs on are noisy, so every case can also run alone, once, for an instruction count:
//!
//! ```text
//! cargo bench -p ptcalc-core --bench hybrid_sweep --no-run    # prints the binary's path
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null BINARY --case CASE
//! ```
//!
//! CASE is one of `prepare-sweep-43200`, `sorted-sweep-43200` (the former sort-based
//! curve), `naive-43200`, `prepare-sweep-2592000`, `sorted-sweep-2592000`, `report`,
//! and `workload-43200` / `workload-2592000` (the series alone, to subtract); valgrind
//! prints "Collected : N", the instructions executed. `--pools step5` or `--pools every`
//! runs one way of selling the pool (default both), `--runs N` repeats a case (for a
//! sampling profiler), `--shapes` prints only the preparation of each traffic shape.
#[path = "../tests/oracle/mod.rs"]
mod oracle;

use std::hint::black_box;
use std::time::{Duration, Instant};

use ptcalc_core::capacity::units_for_load;
use ptcalc_core::hybrid::{feasible_counts, optimum, sweep, LoadCurve, PoolEconomics};
use ptcalc_core::scenario::ShapeKind;
use ptcalc_core::sizing::demand_series;
use ptcalc_core::traffic::multipliers;

const MINUTES: usize = 43_200;
const SECONDS: usize = 2_592_000;

use oracle::{naive_overflow, SortedCurve};

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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A bursty month (peak 3 × average) at `points` samples, in normalized tokens per
/// sample, and the two ways a gpt-4.1-like pool (3,000 TPM per PTU, ~1.5M normalized
/// TPM on average) is sold: in steps of 5 above 15, and every count from 1.
fn workload(points: usize) -> (Vec<f64>, [PoolEconomics; 2]) {
    let m = match multipliers(ShapeKind::Bursty, 3.0, 7, points) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot build the series: {e}");
            std::process::exit(1);
        }
    };
    // Per-second samples carry a 60th of a minute's tokens, and so does a unit.
    let per_sample = (MINUTES as f64 / points as f64).clamp(1.0 / 60.0, 1.0);
    let demand = demand_series(&m, 1.5e6 * per_sample);
    let econ = |min_units, increment| PoolEconomics {
        capacity_per_unit_per_minute: 3_000.0 * per_sample,
        min_units,
        increment,
        usd_per_unit_month: 221.0,
        usd_per_normalized_token: 2.0e-6,
    };
    (demand, [econ(15, 5), econ(1, 1)])
}

fn top_units(demand: &[f64], econ: &PoolEconomics) -> u64 {
    let peak = demand.iter().copied().fold(0.0, f64::max);
    units_for_load(
        peak,
        econ.capacity_per_unit_per_minute,
        econ.min_units,
        econ.increment,
    )
}

fn prepare_and_sweep(demand: &[f64], econ: &PoolEconomics, top: u64) -> f64 {
    let curve = LoadCurve::new(demand);
    sweep(&curve, econ, top).iter().map(|p| p.total_usd).sum()
}

/// The same on the former sort-based curve.
fn sorted_prepare_and_sweep(demand: &[f64], econ: &PoolEconomics, top: u64) -> f64 {
    let curve = SortedCurve::new(demand);
    feasible_counts(econ.min_units, econ.increment, top)
        .map(|k| oracle::split_at_scale(&curve, econ, k, 1.0).total_usd)
        .sum()
}

fn naive_sweep(demand: &[f64], econ: &PoolEconomics, top: u64) -> f64 {
    feasible_counts(econ.min_units, econ.increment, top)
        .map(|k| naive_overflow(demand, k as f64 * econ.capacity_per_unit_per_minute))
        .sum()
}

/// A gpt-4.1-like scenario (bursty, 730-hour month = 43,800 minutes, every term priced).
fn scenario() -> (ptcalc_core::Scenario, ptcalc_core::Offering) {
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
    (s, offering)
}

fn whole_report() -> Option<f64> {
    let (s, offering) = scenario();
    ptcalc_core::report::evaluate(&s, &offering)
        .ok()
        .and_then(|a| a.report.monthly.hybrid)
}

/// One case, once, untimed: what callgrind counts. `pools` picks the ways the pool is
/// sold (`step5`: min 15 step 5; `every`: every count from 1; `both`).
fn run_case(case: &str, pools: &str) -> Result<(), String> {
    let picked: &[usize] = match pools {
        "step5" => &[0],
        "every" => &[1],
        "both" => &[0, 1],
        other => {
            return Err(format!(
                "unknown --pools {other:?}: use step5, every or both"
            ))
        }
    };
    let run = |points, f: fn(&[f64], &PoolEconomics, u64) -> f64| {
        let (demand, econs) = workload(points);
        for i in picked {
            let econ = &econs[*i];
            black_box(f(&demand, econ, top_units(&demand, econ)));
        }
    };
    // The series and the sweep's top count alone: subtract from the other cases.
    fn nothing(_: &[f64], _: &PoolEconomics, top: u64) -> f64 {
        top as f64
    }
    match case {
        "prepare-sweep-43200" => run(MINUTES, prepare_and_sweep),
        "prepare-sweep-2592000" => run(SECONDS, prepare_and_sweep),
        "sorted-sweep-43200" => run(MINUTES, sorted_prepare_and_sweep),
        "sorted-sweep-2592000" => run(SECONDS, sorted_prepare_and_sweep),
        "naive-43200" => run(MINUTES, naive_sweep),
        "workload-43200" => run(MINUTES, nothing),
        "workload-2592000" => run(SECONDS, nothing),
        "report" => {
            black_box(whole_report());
        }
        other => {
            return Err(format!(
                "unknown case {other:?}: use prepare-sweep-43200, sorted-sweep-43200, \
                 naive-43200, prepare-sweep-2592000, sorted-sweep-2592000, report, \
                 workload-43200 or workload-2592000"
            ))
        }
    }
    Ok(())
}

fn sweep_table(points: usize, label: &str, naive_runs: usize) {
    let (demand, econs) = workload(points);
    for econ in &econs {
        let top = top_units(&demand, econ);
        let counts = feasible_counts(econ.min_units, econ.increment, top).count();
        let curve = LoadCurve::new(&demand);
        let runs = if points > MINUTES { 5 } else { 51 };
        let prepare = time(runs, || LoadCurve::new(&demand));
        let fast = time(201, || sweep(&curve, econ, top));
        let both = time(runs, || prepare_and_sweep(&demand, econ, top));
        let sorted = time(runs, || sorted_prepare_and_sweep(&demand, econ, top));
        let search = time(2001, || optimum(&curve, econ, top));
        let naive = time(naive_runs, || naive_sweep(&demand, econ, top));
        println!(
            "{label}: {points} points, {counts} feasible unit counts (min {}, step {}), median of runs",
            econ.min_units, econ.increment
        );
        println!(
            "  prepare (LoadCurve::new)            {:>10.3} ms",
            ms(prepare)
        );
        println!(
            "  sweep, every count                  {:>10.3} ms",
            ms(fast)
        );
        println!(
            "  prepare + sweep                     {:>10.3} ms",
            ms(both)
        );
        println!(
            "  the same, sort-based (former)       {:>10.3} ms",
            ms(sorted)
        );
        println!(
            "  optimum, convex search              {:>10.3} ms",
            ms(search)
        );
        println!(
            "  naive loop, O(n) per count          {:>10.3} ms",
            ms(naive)
        );
        println!(
            "  prepare + sweep / naive             {:>10.2} %",
            100.0 * both.as_secs_f64() / naive.as_secs_f64().max(1e-12)
        );
        println!(
            "  the same, sort-based / naive        {:>10.2} %",
            100.0 * sorted.as_secs_f64() / naive.as_secs_f64().max(1e-12)
        );
    }
}

/// Preparing each shape's month, linear against sort-based, interleaved so both see
/// the same machine.
fn prepare_by_shape() {
    println!("prepare one 43,200-minute month, by shape (median of 101, ms): linear | sort-based");
    for shape in ShapeKind::ALL {
        let pa = if shape == ShapeKind::Diurnal {
            1.8
        } else {
            3.0
        };
        let Ok(m) = multipliers(shape, pa, 7, MINUTES) else {
            continue;
        };
        let demand = demand_series(&m, 1.5e6);
        let (mut linear, mut sorted) = (Vec::new(), Vec::new());
        for _ in 0..101 {
            let t = Instant::now();
            black_box(LoadCurve::new(&demand));
            linear.push(t.elapsed());
            let t = Instant::now();
            black_box(SortedCurve::new(&demand));
            sorted.push(t.elapsed());
        }
        println!(
            "  {:<9} {:>8.3} | {:>8.3}",
            shape.as_str(),
            ms(median(linear)),
            ms(median(sorted))
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--case") {
        let case = args.get(i + 1).map(String::as_str).unwrap_or("");
        // `--runs N` repeats the case (for a sampling profiler); callgrind wants one.
        let runs = match args.iter().position(|a| a == "--runs") {
            Some(r) => match args.get(r + 1).and_then(|v| v.parse::<usize>().ok()) {
                Some(n) if n > 0 => n,
                _ => {
                    eprintln!("--runs needs a positive whole number");
                    std::process::exit(2);
                }
            },
            None => 1,
        };
        let pools = match args.iter().position(|a| a == "--pools") {
            Some(p) => args.get(p + 1).map(String::as_str).unwrap_or(""),
            None => "both",
        };
        for _ in 0..runs {
            if let Err(e) = run_case(case, pools) {
                eprintln!("{e}");
                std::process::exit(2);
            }
        }
        return;
    }
    if args.iter().any(|a| a == "--shapes") {
        prepare_by_shape();
        return;
    }
    prepare_by_shape();
    sweep_table(MINUTES, "per-minute month", 11);
    sweep_table(SECONDS, "per-second month", 3);
    let t = time(51, whole_report);
    println!(
        "whole report (43,800-minute month, all terms, horizon, break-even volume): {:.3} ms",
        ms(t)
    );
}
