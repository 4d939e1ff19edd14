//! One edit of a portfolio of 10 workloads, as the page prices it, N times (the first
//! argument, default 1): the edited workload evaluated again, the others' evaluations kept
//! (`evaluate_portfolio_given`). For instruction counts that the machine's load cannot move:
//!
//!   cargo build --release -p ptcalc-core --example edit10
//!   valgrind --tool=callgrind ./target/release/examples/edit10 11   (and 1: the difference ÷ 10 is one edit)
use std::error::Error;
use std::hint::black_box;

#[path = "../benches/common/ten_workloads.rs"]
mod ten;
use ten::ten_workloads;

use ptcalc_core::portfolio::evaluate_portfolio_given;
use ptcalc_core::report::evaluate;
use ptcalc_core::scenario::Volume;

fn main() -> Result<(), Box<dyn Error>> {
    let mut workloads = ten_workloads();
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
