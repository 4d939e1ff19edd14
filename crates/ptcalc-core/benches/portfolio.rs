//! A portfolio of 10 workloads on one model (a 730-hour month, 43,800 minutes): each
//! workload evaluated alone, then the whole portfolio (the same ten evaluations, the
//! pooled evaluation and the exact Shapley split over its 1,023 non-empty subsets). The
//! difference is what pooling and the Shapley split add.
//!
//! `cargo bench -p ptcalc-core --bench portfolio` prints medians of 15 runs.
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "common/ten_workloads.rs"]
mod ten;
use ten::ten_workloads;

use ptcalc_core::portfolio::evaluate_portfolio;
use ptcalc_core::report::evaluate;

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples[runs / 2]
}

fn main() {
    let workloads = ten_workloads();
    let alone = median(15, || {
        for (s, o) in &workloads {
            black_box(evaluate(s, o).ok());
        }
    });
    let whole = median(15, || {
        black_box(evaluate_portfolio(&workloads).ok());
    });
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "10 workloads evaluated alone:              {:8.1} ms",
        ms(alone)
    );
    println!(
        "portfolio of 10 (alone + pool + Shapley):  {:8.1} ms",
        ms(whole)
    );
    println!(
        "pooling and the exact Shapley split:       {:8.1} ms",
        ms(whole.saturating_sub(alone))
    );
}
