//! The comparison against every bundled offering (`compare --all`, about a hundred rows):
//! the whole comparison (the month's traffic built once), and, beside it, the same rows
//! each evaluated from scratch as `ptcalc eval` does (traffic rebuilt per row), on the
//! default scenario and on a bursty one. `cargo bench -p ptcalc-ratecards --bench compare`
//! prints medians of `--runs N` runs (default 15).
use std::hint::black_box;
use std::time::{Duration, Instant};

use ptcalc_ratecards::{catalog, Date, Selection};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(15);
    let today: Date = "2026-11-27".parse().expect("a date");
    for link in ["v=1", "v=1&in=2M&out=200k&shape=bursty&pa=5&seed=7"] {
        let opened = catalog().open_link_on(link, today);
        let rows = catalog()
            .compare(&opened, &Selection::All)
            .expect("compares")
            .rows;
        let whole = median(
            (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    black_box(catalog().compare(black_box(&opened), &Selection::All).ok());
                    start.elapsed()
                })
                .collect(),
        );
        let alone = median(
            (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    for row in &rows {
                        let o = catalog().open_link_on(&row.scenario, today);
                        let a = catalog().evaluate_opened(black_box(&o)).ok();
                        black_box(a.as_ref().map(ptcalc_core::verdict::range_of));
                    }
                    start.elapsed()
                })
                .collect(),
        );
        println!(
            "{link}: compare --all, {} rows: median {:.1} ms ({:.2} ms per row); each row evaluated alone: {:.1} ms",
            rows.len(),
            whole.as_secs_f64() * 1e3,
            whole.as_secs_f64() * 1e3 / rows.len() as f64,
            alone.as_secs_f64() * 1e3,
        );
    }
}
