//! Workloads imported separately (`load=`) in a portfolio: placed by their average week,
//! their own figures unchanged, the pool deterministic, pooling still never costs more
//! than apart, and the coincident placement (their busiest minutes on the pool's busiest)
//! bounds the answer from above.
mod common;
use common::{custom_40k, MONDAY};
use proptest::prelude::*;
use ptcalc_core::load_summary::{LoadSummary, SummaryText};
use ptcalc_core::portfolio::{evaluate_portfolio, pool_weeks, HOURS_PER_WEEK};
use ptcalc_core::report::evaluate;
use ptcalc_core::scenario::{ShapeKind, Volume};
use ptcalc_core::{Offering, Scenario};

fn scenario(name: &str, input_tpm: f64, shape: ShapeKind, pa: f64) -> (Scenario, Offering) {
    let s = Scenario {
        name: Some(name.into()),
        offering: "custom".into(),
        overrides: custom_40k(),
        volume: Volume::Tokens {
            input_tpm,
            output_tpm: input_tpm / 10.0,
        },
        shape,
        peak_to_average: if shape == ShapeKind::Flat { 1.6 } else { pa },
        // A week's month: every shape and every summary below is defined on it.
        hours_per_month: 168.0,
        ..Scenario::default()
    };
    let o = Offering::custom(&s.overrides, s.term);
    (s, o)
}

/// A week measured from Monday 00:00: busy (`height` × the quiet level) for `hours` hours
/// from hour `from` of every day, with a burst in the first minutes of each busy hour.
fn imported(
    name: &str,
    input_tpm: f64,
    from: usize,
    hours: usize,
    height: f64,
) -> (Scenario, Offering) {
    let load: Vec<f64> = (0..10_080)
        .map(|t| {
            let hour = (t / 60) % 24;
            let busy = (hour + 24 - from) % 24 < hours;
            match (busy, t % 60 < 3) {
                (true, true) => 2.0 * height,
                (true, false) => height,
                _ => 1.0,
            }
        })
        .collect();
    let (summary, _) = LoadSummary::from_series(&load, MONDAY).expect("summarizes");
    let (mut s, o) = scenario(name, input_tpm, ShapeKind::Flat, 1.0);
    s.load = Some(SummaryText::from_summary(summary).expect("short enough"));
    (s, o)
}

fn synthetic() -> impl Strategy<Value = (f64, ShapeKind, f64)> {
    (
        0.0..2e6f64,
        prop_oneof![
            Just(ShapeKind::Flat),
            Just(ShapeKind::Business),
            Just(ShapeKind::Night),
            Just(ShapeKind::Bursty)
        ],
        1.0..2.5f64,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn imported_workloads_keep_their_own_figures_and_pooling_is_bounded_by_coincidence(
        a in (1e5..2e6f64, 0usize..24, 1usize..12, 1.5..6.0f64),
        b in (1e5..2e6f64, 0usize..24, 1usize..12, 1.5..6.0f64),
        other in synthetic(),
    ) {
        let list = vec![
            imported("a", a.0, a.1, a.2, a.3),
            imported("b", b.0, b.1, b.2, b.3),
            scenario("c", other.0, other.1, other.2),
        ];
        let p = evaluate_portfolio(&list).expect("imported workloads are pooled");
        // Deterministic: the same portfolio twice is the same to the bit.
        prop_assert_eq!(&p, &evaluate_portfolio(&list).unwrap());
        prop_assert_eq!(p.pools.len(), 1);
        let pool = &p.pools[0];
        prop_assert_eq!(&pool.aligned_by_week, &["a".to_string(), "b".to_string()]);
        // Each workload's own answer is its single evaluation's, to the bit.
        for (w, (s, o)) in p.workloads.iter().zip(&list) {
            let best = evaluate(s, o).unwrap().report.best.unwrap();
            prop_assert_eq!(w.alone.monthly_usd.to_bits(), best.monthly_usd.to_bits());
            prop_assert_eq!(w.alone.units, best.units);
        }
        // Pooled ≤ coincident (the most any placement costs, sizing at the peak) ≤ apart.
        let worst = pool.coincident_monthly_usd.expect("a bound");
        let slack = |x: f64| x * (1.0 + 1e-9) + 1e-9;
        prop_assert!(pool.monthly_usd <= slack(worst), "pooled {} > coincident {worst}", pool.monthly_usd);
        prop_assert!(worst <= slack(pool.alone_monthly_usd), "coincident {worst} > alone {}", pool.alone_monthly_usd);
        prop_assert!(pool.peak_tpm <= pool.alone_peak_tpm * (1.0 + 1e-12));
        let note = p.notes.iter().find(|n| n.contains("\"a\" and \"b\" were imported separately"));
        prop_assert!(note.is_some(), "{:?}", p.notes);
    }

    #[test]
    fn an_imported_workload_alone_is_its_single_evaluation_to_the_bit(
        a in (1e5..2e6f64, 0usize..24, 1usize..12, 1.5..6.0f64),
    ) {
        let (s, o) = imported("a", a.0, a.1, a.2, a.3);
        let alone = evaluate(&s, &o).unwrap().report.best.unwrap();
        let p = evaluate_portfolio(&[(s, o)]).unwrap();
        let pool = &p.pools[0];
        prop_assert_eq!(pool.monthly_usd.to_bits(), alone.monthly_usd.to_bits());
        prop_assert_eq!(pool.units, alone.units);
        prop_assert_eq!(pool.coincident_monthly_usd, None);
        prop_assert_eq!(p.workloads[0].chargeback.shapley.monthly_usd.to_bits(), alone.monthly_usd.to_bits());
    }
}

#[test]
fn an_imported_workload_is_busiest_in_the_busiest_hours_of_its_average_week() {
    // Busy 13:00–15:00 every day; pooled beside a flat workload.
    let list = [
        imported("afternoon", 1e6, 13, 2, 4.0),
        scenario("flat", 1e6, ShapeKind::Flat, 1.0),
    ];
    let p = evaluate_portfolio(&list).unwrap();
    let weeks = pool_weeks(&list, &p).unwrap();
    let week = &weeks[0].hourly_tpm[0];
    assert_eq!(week.len(), HOURS_PER_WEEK);
    let busiest = (0..HOURS_PER_WEEK)
        .max_by(|&x, &y| week[x].total_cmp(&week[y]))
        .unwrap();
    assert!(matches!(busiest % 24, 13 | 14), "busiest hour {busiest}");
    // Its week carries its own tokens: placing the minutes moved none.
    let alone = evaluate(&list[0].0, &list[0].1).unwrap();
    let mean = week.iter().sum::<f64>() / HOURS_PER_WEEK as f64;
    let own = alone.report.load.mean_normalized_tpm;
    assert!((mean / own - 1.0).abs() < 1e-9, "{mean} vs {own}");
}

#[test]
fn two_imported_workloads_busy_at_other_hours_gain_and_the_bound_says_how_far_off() {
    // A morning and an evening workload: aligned by their weeks, their peaks miss each
    // other; if their busiest minutes coincided they would gain much less.
    let cheap = |(mut s, _): (Scenario, Offering)| {
        // Units cheap enough that reserving beats paying per token.
        s.overrides.usd_per_unit_month = Some(150.0);
        let o = Offering::custom(&s.overrides, s.term);
        (s, o)
    };
    let list = [
        cheap(imported("morning", 1e6, 8, 4, 5.0)),
        cheap(imported("evening", 1e6, 18, 4, 5.0)),
    ];
    let p = evaluate_portfolio(&list).unwrap();
    let pool = &p.pools[0];
    let worst = pool.coincident_monthly_usd.unwrap();
    assert!(pool.peak_tpm < 0.8 * pool.alone_peak_tpm, "{pool:?}");
    assert!(pool.monthly_usd < worst, "{pool:?}");
    assert!(worst <= pool.alone_monthly_usd * (1.0 + 1e-9));
    let note = &p.notes[0];
    assert!(
        note.contains("aligned with the rest of pool 1 by that average week only"),
        "{note}"
    );
    assert!(note.contains(&ptcalc_core::numfmt::usd(worst)), "{note}");
}

/// The page's background Shapley split (`ShapleyJob`, fed the workloads' own evaluations)
/// places imported workloads by their average week as the pricing does: the filled
/// portfolio equals the one priced with the split at once, bit for bit.
#[test]
fn the_background_shapley_split_places_imported_workloads_as_the_pricing_does() {
    use ptcalc_core::portfolio::{evaluate_portfolio_with, ShapleyJob};
    let cheap = |(mut s, _): (Scenario, Offering)| {
        s.overrides.usd_per_unit_month = Some(150.0);
        let o = Offering::custom(&s.overrides, s.term);
        (s, o)
    };
    let list = [
        cheap(imported("morning", 1e6, 8, 4, 5.0)),
        cheap(scenario("office", 8e5, ShapeKind::Business, 3.0)),
        cheap(imported("evening", 1e6, 18, 4, 5.0)),
    ];
    let mut deferred = evaluate_portfolio_with(&list, 2).expect("priced");
    assert!(deferred.pools[0].shapley_deferred);
    let own: Vec<_> = list
        .iter()
        .map(|(s, o)| evaluate(s, o).expect("evaluates"))
        .collect();
    let mut job = ShapleyJob::new(&list, own.iter().collect(), &deferred).expect("a job");
    while !job.step(1).expect("steps").finished() {}
    job.fill(&mut deferred);
    assert_eq!(
        deferred,
        evaluate_portfolio_with(&list, usize::MAX).expect("priced")
    );
}
