//! One edit of a portfolio of 10 workloads, as the page prices it, N times (the first
//! argument, default 1): the edited workload evaluated again, the others' evaluations kept
//! (`evaluate_portfolio_given`). For instruction counts that the machine's load cannot move:
//!
//!   cargo build --release -p ptcalc-core --example edit10
//!   valgrind --tool=callgrind ./target/release/examples/edit10 11   (and 1: the difference ÷ 10 is one edit)
use std::error::Error;
use std::hint::black_box;

use ptcalc_core::portfolio::evaluate_portfolio_given;
use ptcalc_core::report::evaluate;
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::{Offering, Scenario};

fn main() -> Result<(), Box<dyn Error>> {
    // A gpt-4.1-like custom offering, so the figures do not move with the rate cards.
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
    let mut workloads: Vec<(Scenario, Offering)> = (0..10)
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
    let kept = workloads
        .iter()
        .map(|(s, o)| evaluate(s, o))
        .collect::<Result<Vec<_>, _>>()?;
    let edits: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    for k in 0..edits {
        if let Volume::Tokens { input_tpm, .. } = &mut workloads[0].0.volume {
            *input_tpm = 41_000.0 + k as f64;
        }
        let changed = evaluate(&workloads[0].0, &workloads[0].1)?;
        let mut given: Vec<Option<&_>> = kept.iter().map(Some).collect();
        given[0] = Some(&changed);
        black_box(evaluate_portfolio_given(&workloads, &given, 6)?);
    }
    Ok(())
}
