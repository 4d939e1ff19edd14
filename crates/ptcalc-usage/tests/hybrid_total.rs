//! The summary in the core's own terms: the hybrid total K × unit price +
//! p × overflow(K × capacity), computed by ptcalc-core's load curve on the data
//! and on the summary's curve, agrees within 1 % at every unit count, for
//! break-even utilizations from 10 % to 90 %; the core's percentiles agree too.
#![allow(clippy::unwrap_used)] // helpers shared by the tests below
use ptcalc_core::hybrid::LoadCurve;
use ptcalc_usage::generate::SplitMix64;
use ptcalc_usage::summary::LoadSummary;
use ptcalc_usage::{import_bytes, ImportOptions, Selection};

fn agree(load: &[f64], what: &str) {
    let n = load.len();
    let mean = load.iter().sum::<f64>() / n as f64;
    let (s, _) = LoadSummary::from_series(load, 0).unwrap();
    let s = LoadSummary::decode(&s.encode()).unwrap();
    let rebuilt: Vec<f64> = s.curve().iter().map(|v| v * mean).collect();
    let data = LoadCurve::new(load);
    let summary = LoadCurve::new(&rebuilt);
    let p = 1.0; // $ per token: only ratios matter
    let capacity = data.peak() / 40.0; // tokens per minute per unit: 40 units cover the peak
    for breakeven in [0.1, 0.3, 0.6, 0.9] {
        let unit_price = breakeven * capacity * n as f64 * p;
        for k in 0..=45u32 {
            let x = f64::from(k) * capacity;
            let full = f64::from(k) * unit_price + p * data.overflow(x);
            let approx = f64::from(k) * unit_price + p * summary.overflow(x);
            assert!(
                (approx - full).abs() <= 0.01 * full,
                "{what}: u*={breakeven} K={k}: {approx} vs {full}"
            );
        }
    }
    for pct in 50..=100u8 {
        let (a, b) = (data.percentile(pct), summary.percentile(pct));
        assert!((a - b).abs() <= 0.01 * a, "{what}: P{pct} {b} vs {a}");
    }
}

#[test]
fn hybrid_totals_from_the_summary_match_the_data_at_every_unit_count() {
    let mut r = SplitMix64::new(11);
    let heavy: Vec<f64> = (0..43_200)
        .map(|_| 1e4 * (1.0 - r.next_f64()).powf(-1.0 / 1.1))
        .collect();
    agree(&heavy, "Pareto 1.1");
    let spiky: Vec<f64> = (0..43_200)
        .map(|_| {
            if r.next_f64() < 0.003 {
                5e5
            } else {
                1e4 * (0.9 + 0.2 * r.next_f64())
            }
        })
        .collect();
    agree(&spiky, "spiky");
    let zero: Vec<f64> = (0..43_200)
        .map(|_| {
            if r.next_f64() < 0.97 {
                0.0
            } else {
                1e5 * r.next_f64()
            }
        })
        .collect();
    agree(&zero, "mostly zero");
    for name in [
        "request-log.csv",
        "azure-log-analytics.csv",
        "openai-dashboard.csv",
    ] {
        let path = format!(
            "{}/../../tests/data/usage/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let u = import_bytes(&std::fs::read(path).unwrap(), ImportOptions::default()).unwrap();
        agree(&u.select(&Selection::All).unwrap().total(), name);
    }
}
