//! A portfolio of 10 workloads on one model (a 730-hour month, 43,800 minutes): each
//! workload evaluated alone, then the whole portfolio (the same ten evaluations, the
//! pooled evaluation and the exact Shapley split over its 1,023 non-empty subsets). The
//! difference is what pooling and the Shapley split add.
//!
//! `cargo bench -p ptcalc-core --bench portfolio` prints medians of 15 runs.
use std::hint::black_box;
use std::time::{Duration, Instant};

use ptcalc_core::portfolio::evaluate_portfolio;
use ptcalc_core::report::evaluate;
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::{Offering, Scenario};

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
    // gpt-4.1-like figures, entered as a custom offering so the bench needs no rate card.
    let overrides = Overrides {
        capacity_per_unit_per_minute: Some(3_000.0),
        min_units: Some(15),
        increment: Some(5),
        output_weight: Some(4.0),
        cached_weight: Some(0.0),
        usd_per_unit_month: Some(260.0),
        input_usd_per_mtok: Some(2.0),
        cached_usd_per_mtok: Some(0.5),
        output_usd_per_mtok: Some(8.0),
        ..Overrides::default()
    };
    let shapes = [
        ShapeKind::Business,
        ShapeKind::Bursty,
        ShapeKind::Flat,
        ShapeKind::Diurnal,
    ];
    let workloads: Vec<(Scenario, Offering)> = (0..10)
        .map(|i| {
            let shape = shapes[i % 4];
            let s = Scenario {
                name: Some(format!("w{i}")),
                offering: "custom".into(),
                overrides,
                volume: Volume::Tokens {
                    input_tpm: 40_000.0 * (1 + i) as f64,
                    output_tpm: 4_000.0 * (1 + i) as f64,
                },
                shape,
                peak_to_average: if shape == ShapeKind::Flat { 1.6 } else { 2.0 },
                seed: i as u64,
                ..Scenario::default()
            };
            let o = Offering::custom(&s.overrides, s.term);
            (s, o)
        })
        .collect();
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
