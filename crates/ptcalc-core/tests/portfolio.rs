//! The portfolio's invariants: pooling never costs more than the workloads alone, a pool
//! of one is the single scenario to the bit, every chargeback rule adds up to the pool's
//! cost, and the Shapley split is symmetric and gives a null player nothing.
mod common;
use common::{assert_rules_add_up, close};
use proptest::prelude::*;
use ptcalc_core::portfolio::{
    evaluate_portfolio, evaluate_portfolio_given, evaluate_portfolio_with, pool_weeks,
    pool_weeks_given, ShapleyJob, EXACT_SHAPLEY_MAX,
};
use ptcalc_core::report::evaluate;
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::{Offering, Scenario};

/// A week's month keeps the property tests fast; every shape is defined on it.
const HOURS: f64 = 168.0;

fn custom(min_units: u64, increment: u64) -> Overrides {
    Overrides {
        capacity_per_unit_per_minute: Some(40_000.0),
        min_units: Some(min_units),
        increment: Some(increment),
        usd_per_unit_month: Some(900.0),
        input_usd_per_mtok: Some(2.0),
        cached_usd_per_mtok: Some(0.5),
        output_usd_per_mtok: Some(8.0),
        ..Overrides::default()
    }
}

fn workload(
    name: &str,
    overrides: Overrides,
    input_tpm: f64,
    shape: ShapeKind,
    pa: f64,
    seed: u64,
) -> (Scenario, Offering) {
    let s = Scenario {
        name: Some(name.into()),
        offering: "custom".into(),
        overrides,
        volume: Volume::Tokens {
            input_tpm,
            output_tpm: input_tpm / 10.0,
        },
        shape,
        peak_to_average: if shape == ShapeKind::Flat { 1.6 } else { pa },
        seed,
        hours_per_month: HOURS,
        ..Scenario::default()
    };
    let o = Offering::custom(&s.overrides, s.term);
    (s, o)
}

fn shape() -> impl Strategy<Value = ShapeKind> {
    prop_oneof![
        Just(ShapeKind::Flat),
        Just(ShapeKind::Business),
        Just(ShapeKind::Diurnal),
        Just(ShapeKind::Bursty)
    ]
}

/// Up to four workloads of one token mix (so one on-demand price per token) on one pool.
fn same_mix_pool() -> impl Strategy<Value = Vec<(Scenario, Offering)>> {
    let units = prop_oneof![Just((1u64, 1u64)), Just((15, 5))];
    (
        units,
        prop::collection::vec((0.0..3e6f64, shape(), 1.0..2.0f64, 0u64..1000), 1..=4),
    )
        .prop_map(|((min, inc), parts)| {
            parts
                .into_iter()
                .enumerate()
                .map(|(i, (tpm, shape, pa, seed))| {
                    workload(&format!("w{i}"), custom(min, inc), tpm, shape, pa, seed)
                })
                .collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn pooling_never_costs_more_than_the_workloads_alone(workloads in same_mix_pool()) {
        let p = evaluate_portfolio(&workloads).unwrap();
        prop_assert_eq!(p.pools.len(), 1);
        let pool = &p.pools[0];
        prop_assert!(pool.monthly_usd <= pool.alone_monthly_usd * (1.0 + 1e-9) + 1e-9,
            "pooled {} > alone {}", pool.monthly_usd, pool.alone_monthly_usd);
        prop_assert!(pool.peak_tpm <= pool.alone_peak_tpm * (1.0 + 1e-12));
        assert_rules_add_up(&p);
    }

    #[test]
    fn kept_evaluations_price_the_portfolio_to_the_bit(
        workloads in same_mix_pool(),
        kept in proptest::collection::vec(any::<bool>(), 0..8),
    ) {
        // Whichever workloads' own evaluations are given (some, none, all, a shorter list),
        // the portfolio is the one evaluated from scratch.
        let own: Vec<_> = workloads.iter().map(|(s, o)| evaluate(s, o).unwrap()).collect();
        let given: Vec<_> = kept.iter().zip(&own).map(|(&k, a)| k.then_some(a)).collect();
        let fresh = evaluate_portfolio_with(&workloads, usize::MAX);
        prop_assert_eq!(evaluate_portfolio_given(&workloads, &given, usize::MAX), fresh.clone());
        let p = fresh.unwrap();
        prop_assert_eq!(pool_weeks_given(&workloads, &given, &p), pool_weeks(&workloads, &p));
    }

    /// The split computed step by step (any number of subsets per step) and written into
    /// the portfolio priced without it is the portfolio priced with it, to the bit: the
    /// pools (two offerings' figures: one pool split in the edit, one deferred), the
    /// charges, the flags, the orders.
    #[test]
    fn a_shapley_split_in_steps_fills_the_portfolio_priced_at_once(
        workloads in same_mix_pool(),
        others in same_mix_pool(),
        step in 1usize..40,
        up_to in 0usize..4,
    ) {
        // The second list on other unit figures: a pool of its own.
        let others = others.into_iter().enumerate().map(|(i, (mut s, _))| {
            s.name = Some(format!("x{i}"));
            s.overrides = custom(2, 2);
            let o = Offering::custom(&s.overrides, s.term);
            (s, o)
        });
        let list: Vec<_> = workloads.into_iter().chain(others).collect();
        let own: Vec<_> = list.iter().map(|(s, o)| evaluate(s, o).unwrap()).collect();
        let mut p = evaluate_portfolio_with(&list, up_to).unwrap();
        let mut job = ShapleyJob::new(&list, own.iter().collect(), &p).unwrap();
        let mut last = job.progress();
        prop_assert_eq!(last.done, 0);
        while !last.finished() {
            let next = job.step(step).unwrap();
            prop_assert!(next.done > last.done && next.total == last.total);
            last = next;
        }
        job.fill(&mut p);
        prop_assert_eq!(p, evaluate_portfolio_with(&list, usize::MAX).unwrap());
    }

    #[test]
    fn a_pool_of_one_is_the_single_scenario_to_the_bit(
        workloads in same_mix_pool(),
        cache in 0.0..1.0f64,
        batch in 0.0..0.5f64,
    ) {
        let (mut s, o) = workloads[0].clone();
        s.cached_share = cache;
        s.batch_share = batch;
        let alone = evaluate(&s, &o).unwrap().report.best.unwrap();
        let p = evaluate_portfolio(&[(s, o)]).unwrap();
        let pool = &p.pools[0];
        prop_assert_eq!(pool.monthly_usd.to_bits(), alone.monthly_usd.to_bits());
        prop_assert_eq!(pool.units, alone.units);
        prop_assert_eq!(pool.option, alone.option);
        prop_assert_eq!(pool.term, alone.term);
        let w = &p.workloads[0];
        prop_assert_eq!(w.chargeback.shapley.monthly_usd.to_bits(), alone.monthly_usd.to_bits());
        prop_assert!(!w.chargeback.by_use.pays_more_than_alone);
        assert_rules_add_up(&p);
    }

    #[test]
    fn every_rule_adds_up_to_the_pool_cost_with_mixed_token_prices(
        workloads in same_mix_pool(),
        caches in prop::collection::vec(0.0..1.0f64, 4),
        batches in prop::collection::vec(0.0..0.6f64, 4),
    ) {
        let workloads: Vec<_> = workloads
            .into_iter()
            .zip(caches.into_iter().zip(batches))
            .map(|((mut s, o), (cache, batch))| {
                s.cached_share = cache;
                s.batch_share = batch;
                (s, o)
            })
            .collect();
        let p = evaluate_portfolio(&workloads).unwrap();
        assert_rules_add_up(&p);
    }

    #[test]
    fn identical_workloads_pay_the_same_and_an_idle_one_pays_nothing(
        workloads in same_mix_pool(),
        tpm in 1e4..3e6f64,
        shape in shape(),
    ) {
        let mut all = workloads;
        all.truncate(2);
        all.push(workload("twin a", custom(1, 1), tpm, shape, 1.5, 7));
        all.push(workload("twin b", custom(1, 1), tpm, shape, 1.5, 7));
        all.push(workload("idle", custom(1, 1), 0.0, ShapeKind::Business, 2.0, 1));
        // Only the twins and the idle one share a pool when the others sell units in 15s.
        let p = evaluate_portfolio(&all).unwrap();
        let charge = |name: &str| p.workloads.iter().find(|w| w.name == name).unwrap().chargeback.clone();
        let (a, b, idle) = (charge("twin a"), charge("twin b"), charge("idle"));
        prop_assert!(close(a.shapley.monthly_usd, b.shapley.monthly_usd), "{a:?} vs {b:?}");
        prop_assert!(idle.shapley.monthly_usd.abs() <= 1e-9, "{idle:?}");
        prop_assert!(idle.by_use.monthly_usd.abs() <= 1e-9);
        prop_assert!(idle.proportional.monthly_usd.abs() <= 1e-9);
        assert_rules_add_up(&p);
    }
}

#[test]
fn a_pool_above_the_exact_limit_is_sampled_with_a_standard_error_and_still_adds_up() {
    let shapes = [
        ShapeKind::Flat,
        ShapeKind::Business,
        ShapeKind::Diurnal,
        ShapeKind::Bursty,
    ];
    let workloads: Vec<_> = (0..=EXACT_SHAPLEY_MAX)
        .map(|i| {
            workload(
                &format!("w{i}"),
                custom(1, 1),
                2e5 * (1 + i) as f64,
                shapes[i % 4],
                1.8,
                i as u64,
            )
        })
        .collect();
    let p = evaluate_portfolio(&workloads).unwrap();
    assert_eq!(
        p.pools[0].shapley_orders,
        Some(ptcalc_core::portfolio::SHAPLEY_ORDERS)
    );
    assert!(p
        .workloads
        .iter()
        .any(|w| w.chargeback.shapley.standard_error_usd > 0.0));
    assert_rules_add_up(&p);
    // The same pool, the same split: the orders come from a fixed seed.
    assert_eq!(evaluate_portfolio(&workloads).unwrap(), p);
}

#[test]
fn workloads_on_different_models_never_share_and_errors_name_the_workload() {
    let a = workload("a", custom(1, 1), 1e6, ShapeKind::Business, 2.0, 1);
    let mut b = workload("b", custom(1, 1), 1e6, ShapeKind::Flat, 1.0, 1);
    b.0.overrides.capacity_per_unit_per_minute = Some(80_000.0);
    b.1 = Offering::custom(&b.0.overrides, b.0.term);
    let p = evaluate_portfolio(&[a.clone(), b]).unwrap();
    assert_eq!(p.pools.len(), 2);
    assert_eq!(p.notes.len(), 1, "{:?}", p.notes);
    assert!(p.notes[0].contains("\"b\""));

    let e = evaluate_portfolio(&[a.clone(), a.clone()]).unwrap_err();
    assert!(
        e.to_string().contains("two workloads are named \"a\""),
        "{e}"
    );
    assert!(evaluate_portfolio(&[]).is_err());
    let mut unpriced = a.clone();
    unpriced.0.overrides.input_usd_per_mtok = None;
    unpriced.0.overrides.cached_usd_per_mtok = None;
    unpriced.0.overrides.output_usd_per_mtok = None;
    unpriced.1 = Offering::custom(&unpriced.0.overrides, unpriced.0.term);
    let e = evaluate_portfolio(&[unpriced]).unwrap_err();
    assert!(e.to_string().contains("workload \"a\""), "{e}");
}

#[test]
fn a_deferred_shapley_split_changes_nothing_else() {
    let shapes = [ShapeKind::Business, ShapeKind::Bursty, ShapeKind::Flat];
    let workloads: Vec<_> = (0..3)
        .map(|i| {
            workload(
                &format!("w{i}"),
                custom(1, 1),
                3e5,
                shapes[i],
                2.0,
                i as u64,
            )
        })
        .collect();
    let full = evaluate_portfolio(&workloads).unwrap();
    let mut fast = evaluate_portfolio_with(&workloads, 2).unwrap();
    assert!(fast.pools[0].shapley_deferred && !full.pools[0].shapley_deferred);
    assert!(fast
        .workloads
        .iter()
        .all(|w| w.chargeback.shapley.monthly_usd == 0.0
            && !w.chargeback.shapley.pays_more_than_alone));
    // Put the full split back: every other figure is the same.
    fast.pools[0].shapley_deferred = false;
    for (f, w) in fast.workloads.iter_mut().zip(&full.workloads) {
        f.chargeback.shapley = w.chargeback.shapley.clone();
    }
    assert_eq!(fast, full);
    assert_eq!(evaluate_portfolio_with(&workloads, 3).unwrap(), full);
}

#[test]
fn measured_series_are_summed_minute_by_minute_and_must_share_one_period() {
    use ptcalc_core::portfolio::{evaluate_measured_portfolio, PortfolioError};
    let (day_s, o) = workload("day", custom(1, 1), 1e5, ShapeKind::Flat, 1.0, 0);
    let (night_s, _) = workload("night", custom(1, 1), 1e5, ShapeKind::Flat, 1.0, 0);
    // Hour by hour, one is busy while the other is quiet: their peaks never meet.
    let day: Vec<f64> = (0..1_440)
        .map(|t| if t / 60 % 2 == 0 { 3.0 } else { 1.0 })
        .collect();
    let night: Vec<f64> = day.iter().map(|d| 4.0 - d).collect();
    let both = [(day_s.clone(), o.clone()), (night_s.clone(), o.clone())];
    let p = evaluate_measured_portfolio(&both, &[day.clone(), night.clone()]).unwrap();
    let pool = &p.pools[0];
    // The sum is flat at 4 (in multiples of the mean), so its busiest minute is the mean
    // of the two together: half the sum of their busiest minutes (1.5 + 1.5 of 2 means).
    assert!(
        (pool.peak_tpm / pool.alone_peak_tpm - 2.0 / 3.0).abs() < 1e-9,
        "{pool:?}"
    );
    assert!(pool.monthly_usd <= pool.alone_monthly_usd);
    assert_rules_add_up(&p);
    // The same series in step: no gain in peak at all.
    let p = evaluate_measured_portfolio(&both, &[day.clone(), day.clone()]).unwrap();
    assert!((p.pools[0].peak_tpm / p.pools[0].alone_peak_tpm - 1.0).abs() < 1e-9);
    // Series of different periods cannot be summed minute by minute.
    let err = evaluate_measured_portfolio(&both, &[day, night[..720].to_vec()]).unwrap_err();
    assert!(matches!(
        err,
        PortfolioError::SeriesNotAligned {
            minutes: 720,
            expected: 1_440,
            ..
        }
    ));
    assert!(
        err.to_string()
            .contains("\"night\" was measured over 720 minutes"),
        "{err}"
    );
}

/// A pool above the exact limit is sampled: split step by step, one order at a time, it
/// gives the eager split's means and standard errors to the bit; unfinished, it fills
/// nothing.
#[test]
fn a_sampled_split_in_steps_is_the_eager_one() {
    let shapes = [ShapeKind::Business, ShapeKind::Bursty, ShapeKind::Flat];
    let list: Vec<_> = (0..EXACT_SHAPLEY_MAX + 1)
        .map(|i| {
            let mut w = workload(
                &format!("w{i}"),
                custom(1, 1),
                1e5 + 2e4 * i as f64,
                shapes[i % 3],
                2.0,
                i as u64,
            );
            w.0.hours_per_month = 24.0;
            w
        })
        .collect();
    let own: Vec<_> = list.iter().map(|(s, o)| evaluate(s, o).unwrap()).collect();
    let fast = evaluate_portfolio_with(&list, 1).unwrap();
    let mut job = ShapleyJob::new(&list, own.iter().collect(), &fast).unwrap();
    let first = job.step(1).unwrap();
    // A sampled pool's step prices one whole order.
    assert_eq!(first.done, list.len());
    let mut unfinished = fast.clone();
    job.fill(&mut unfinished);
    assert_eq!(unfinished, fast);
    while !job.step(25).unwrap().finished() {}
    let mut p = fast;
    job.fill(&mut p);
    let eager = evaluate_portfolio_with(&list, usize::MAX).unwrap();
    assert_eq!(
        eager.pools[0].shapley_orders,
        Some(ptcalc_core::portfolio::SHAPLEY_ORDERS)
    );
    assert_eq!(p, eager);
}

/// A job is refused for evaluations that are not one per workload, and has nothing to do
/// for a portfolio with no deferred pool.
#[test]
fn a_shapley_job_needs_one_evaluation_per_workload() {
    let list: Vec<_> = (0..3)
        .map(|i| {
            workload(
                &format!("w{i}"),
                custom(1, 1),
                2e5,
                ShapeKind::Business,
                2.0,
                i,
            )
        })
        .collect();
    let own: Vec<_> = list.iter().map(|(s, o)| evaluate(s, o).unwrap()).collect();
    let p = evaluate_portfolio(&list).unwrap();
    assert!(ShapleyJob::new(&list, own.iter().take(2).collect(), &p).is_none());
    let mut job = ShapleyJob::new(&list, own.iter().collect(), &p).unwrap();
    assert!(job.progress().finished());
    assert_eq!(job.step(1).unwrap().share(), 1.0);
    let mut same = p.clone();
    job.fill(&mut same);
    assert_eq!(same, p);
}
