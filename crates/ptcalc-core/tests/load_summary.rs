//! Imported traffic scaled to the scenario's month: whatever the period's length, the
//! month keeps the measured distribution (mean 1, order, and the overflow per minute at
//! every capacity when the month is a whole number of periods).
use proptest::prelude::*;
use ptcalc_core::load_summary::month_multipliers;

fn overflow(curve: &[f64], x: f64) -> f64 {
    curve.iter().map(|d| (d - x).max(0.0)).sum()
}

fn sorted_mean_one(raw: Vec<f64>) -> Vec<f64> {
    let mut v = raw;
    v.sort_unstable_by(|a, b| b.total_cmp(a));
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    v.iter().map(|x| x / mean).collect()
}

proptest! {
    #[test]
    fn the_month_keeps_mean_one_and_the_order(
        raw in prop::collection::vec(0.0f64..100.0, 1..500),
        minutes in 1usize..50_000,
    ) {
        prop_assume!(raw.iter().sum::<f64>() > 1e-6);
        let curve = sorted_mean_one(raw);
        let m = month_multipliers(&curve, minutes);
        prop_assert_eq!(m.len(), minutes);
        let mean = m.iter().sum::<f64>() / minutes as f64;
        prop_assert!((mean - 1.0).abs() < 1e-9, "mean {}", mean);
        prop_assert!(m.windows(2).all(|w| w[0] >= w[1] - 1e-9));
        prop_assert!(m[0] <= curve[0] + 1e-9, "never above the measured peak");
    }

    #[test]
    fn a_whole_number_of_periods_keeps_the_overflow_per_minute(
        raw in prop::collection::vec(0.0f64..100.0, 1..300),
        repeat in 1usize..20,
        x in 0.0f64..5.0,
    ) {
        prop_assume!(raw.iter().sum::<f64>() > 1e-6);
        let curve = sorted_mean_one(raw);
        let n = curve.len();
        let m = month_multipliers(&curve, n * repeat);
        let per_minute = |c: &[f64]| overflow(c, x) / c.len() as f64;
        prop_assert!((per_minute(&m) - per_minute(&curve)).abs() < 1e-9);
    }
}
