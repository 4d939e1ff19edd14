//! The link summary keeps the hybrid overflow within 1 % of E(x) + ρ·n·x at
//! every capacity and P50…P100 within 1 %, on synthetic shapes chosen to be
//! hard (flat, heavy-tailed, spiky, bimodal, mostly zero) and on the samples;
//! checked here independently of the encoder's own measurement.
#![allow(clippy::unwrap_used)] // helpers shared by the tests below
use proptest::prelude::*;
use ptcalc_usage::generate::SplitMix64;
use ptcalc_usage::summary::{percentile_index, LoadSummary, SummaryError, RHO};
use ptcalc_usage::{import_bytes, ImportOptions, Selection};

const MONDAY: i64 = 29_257_920;

#[derive(Clone, Copy, Debug)]
enum Shape {
    Flat,
    Noisy,
    HeavyTailed,
    Spiky,
    Bimodal,
    MostlyZero,
    Business,
    Ramp,
}

const SHAPES: [Shape; 8] = [
    Shape::Flat,
    Shape::Noisy,
    Shape::HeavyTailed,
    Shape::Spiky,
    Shape::Bimodal,
    Shape::MostlyZero,
    Shape::Business,
    Shape::Ramp,
];

fn series(shape: Shape, n: usize, seed: u64) -> Vec<f64> {
    let mut r = SplitMix64::new(seed);
    (0..n)
        .map(|t| {
            let u = r.next_f64();
            match shape {
                Shape::Flat => 1_000.0,
                Shape::Noisy => 1_000.0 * (0.95 + 0.1 * u),
                // Pareto, α = 1.1: a mean that barely exists
                Shape::HeavyTailed => (1.0 - u).powf(-1.0 / 1.1),
                Shape::Spiky => {
                    if u < 0.005 {
                        20.0 + 80.0 * r.next_f64()
                    } else {
                        1.0
                    }
                }
                Shape::Bimodal => {
                    let base = if u < 0.5 { 1.0 } else { 10.0 };
                    base * (0.9 + 0.2 * r.next_f64())
                }
                Shape::MostlyZero => {
                    if u < 0.95 {
                        0.0
                    } else {
                        (3.0 * (r.next_f64() - 0.5)).exp() * 500.0
                    }
                }
                Shape::Business => {
                    let m = t % 10_080;
                    if m / 1_440 < 5 && (540..1_020).contains(&(m % 1_440)) {
                        5.0 + u
                    } else {
                        0.2 * u
                    }
                }
                Shape::Ramp => t as f64,
            }
        })
        .collect()
}

/// The independent check: naive overflow over the data vs over the decoded curve.
fn check(load: &[f64]) -> (usize, f64, f64) {
    let (s, claimed) = LoadSummary::from_series(load, MONDAY).unwrap();
    let code = s.encode();
    assert!(code.len() <= 1_000, "{} characters", code.len());
    let back = LoadSummary::decode(&code).unwrap();
    assert_eq!(
        back.curve(),
        s.curve(),
        "decode(encode) rebuilds the same curve"
    );
    let n = load.len();
    let mean = load.iter().sum::<f64>() / n as f64;
    let mut data: Vec<f64> = load.iter().map(|d| d / mean).collect();
    data.sort_unstable_by(|a, b| b.total_cmp(a));
    let naive = |c: &[f64], x: f64| -> f64 { c.iter().map(|d| (d - x).max(0.0)).sum() };
    let mut xs: Vec<f64> = data.iter().step_by((n / 300).max(1)).copied().collect();
    xs.extend(data.iter().take(50));
    xs.extend((0..200).map(|i| data[0] * 1.05f64.powi(-i)));
    xs.push(0.0);
    let mut worst = 0.0f64;
    for x in xs {
        let e = naive(&data, x);
        let got = naive(back.curve(), x);
        let room = e + RHO * n as f64 * x;
        if room == 0.0 {
            assert_eq!(got, 0.0);
            continue;
        }
        worst = worst.max((got - e).abs() / room);
    }
    let mut pworst = 0.0f64;
    for p in 50..=100 {
        let a = data[percentile_index(p, n)];
        let b = back.percentile(p);
        let err = if a == 0.0 { b } else { (b - a).abs() / a };
        pworst = pworst.max(err);
    }
    assert!(
        worst <= 0.01,
        "overflow error {worst} (encoder measured {claimed:?})"
    );
    assert!(pworst <= 0.01, "percentile error {pworst}");
    assert!((back.curve().iter().sum::<f64>() / n as f64 - 1.0).abs() < 1e-9);
    (code.len(), worst, pworst)
}

#[test]
fn every_shape_is_kept_within_one_percent_in_a_few_hundred_characters() {
    for shape in SHAPES {
        for n in [43_200, 10_080, 1_440] {
            let (len, e, p) = check(&series(shape, n, 7));
            println!("{shape:?} n={n}: {len} chars, overflow {e:.5}, percentiles {p:.5}");
            assert!(len <= 1_000, "{shape:?} n={n}: {len} characters");
        }
    }
}

#[test]
fn sample_files_are_kept_within_one_percent() {
    for name in [
        "wide.csv",
        "request-log.csv",
        "azure-metrics.json",
        "azure-log-analytics.csv",
        "cloudwatch.json",
        "openai-usage.json",
        "openai-dashboard.csv",
    ] {
        let path = format!(
            "{}/../../tests/data/usage/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let usage = import_bytes(&std::fs::read(path).unwrap(), ImportOptions::default()).unwrap();
        let load = usage.select(&Selection::All).unwrap().total();
        let (len, e, p) = check(&load);
        println!("{name}: {len} chars, overflow {e:.5}, percentiles {p:.5}");
    }
}

#[test]
fn tiny_series_round_trip() {
    for load in [vec![5.0], vec![0.0, 3.0], vec![1.0, 2.0, 3.0, 4.0, 1e6]] {
        check(&load);
    }
}

#[test]
fn the_average_week_follows_business_hours() {
    let load = series(Shape::Business, 20_160, 1);
    let (s, _) = LoadSummary::from_series(&load, MONDAY).unwrap();
    let week = LoadSummary::decode(&s.encode()).unwrap().week();
    assert_eq!(week.len(), 168);
    let monday_10 = week[10].unwrap();
    let monday_03 = week[3].unwrap();
    let saturday_10 = week[5 * 24 + 10].unwrap();
    assert!(monday_10 > 10.0 * monday_03, "{monday_10} vs {monday_03}");
    assert!(monday_10 > 10.0 * saturday_10);
    // one day of data: the other hours say "no data"
    let (day, _) = LoadSummary::from_series(&vec![1.0; 1_440], MONDAY).unwrap();
    assert_eq!(day.week().iter().filter(|h| h.is_some()).count(), 24);
}

#[test]
fn bad_series_and_damaged_text_are_refused() {
    assert!(matches!(
        LoadSummary::from_series(&[], 0),
        Err(SummaryError::InvalidSeries(_))
    ));
    assert!(LoadSummary::from_series(&[0.0, 0.0], 0).is_err());
    assert!(LoadSummary::from_series(&[1.0, f64::NAN], 0).is_err());
    let (s, _) = LoadSummary::from_series(&series(Shape::Spiky, 1_440, 3), MONDAY).unwrap();
    let code = s.encode();
    assert_eq!(
        LoadSummary::decode(&code[..code.len() - 1]),
        Err(SummaryError::Truncated)
    );
    assert!(matches!(
        LoadSummary::decode(&format!("{code}A")),
        Err(SummaryError::Inconsistent(_))
    ));
    let mut bad = code.clone();
    bad.replace_range(3..4, "%");
    assert_eq!(
        LoadSummary::decode(&bad),
        Err(SummaryError::BadCharacter { at: 3 })
    );
    assert_eq!(
        LoadSummary::decode(&format!("C{}", &code[1..])),
        Err(SummaryError::UnknownVersion(2))
    );
    // a forged link cannot make the page build a huge curve or infinite values
    assert!(matches!(
        LoadSummary::decode("BGB__________H"),
        Err(SummaryError::Inconsistent(_))
    ));
    assert!(matches!(
        LoadSummary::decode("BGB_____DB"),
        Err(SummaryError::Inconsistent(_))
    ));
    assert_eq!(
        LoadSummary::decode("BGBA_____B"),
        Err(SummaryError::Inconsistent("too many minutes"))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn any_seed_any_shape_any_length_stays_within_one_percent(
        shape in 0..SHAPES.len(),
        n in 1usize..8_000,
        seed in any::<u64>(),
    ) {
        check(&series(SHAPES[shape], n, seed));
    }

    #[test]
    fn arbitrary_values_stay_within_one_percent(
        load in proptest::collection::vec(
            prop_oneof![Just(0.0), 0.0..1.0f64, 1.0..1e6f64], 1..3_000)
            .prop_filter("some load", |v| v.iter().sum::<f64>() > 0.0)
    ) {
        check(&load);
    }
}

#[test]
fn a_week_window_wrapping_past_sunday_round_trips() {
    // Sunday 22:00 to Monday 01:00 UTC, busier on Monday
    let load: Vec<f64> = (0..180).map(|t| if t < 120 { 1.0 } else { 4.0 }).collect();
    let (s, _) = LoadSummary::from_series(&load, MONDAY - 120).unwrap();
    let code = s.encode();
    let week = LoadSummary::decode(&code).unwrap().week();
    let with_data: Vec<usize> = (0..168).filter(|h| week[*h].is_some()).collect();
    assert_eq!(with_data, vec![0, 166, 167]);
    assert!(week[0].unwrap() > 3.0 * week[166].unwrap());
    assert_eq!(week, s.week());
}
