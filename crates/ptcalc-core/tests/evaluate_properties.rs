//! `evaluate` on any valid scenario with a custom offering (every figure from the link,
//! some left out): figures finite, best ≤ on-demand, hybrid ≤ full provisioning and
//! ≤ on-demand, overflow shares in [0, 1], unit counts the vendor sells; and the best
//! option at another traffic multiple, read off the analysis (`Analysis::best_at`, what the
//! verdict's range scans), is what evaluating the scaled scenario reports.
mod invariants;

use proptest::prelude::*;
use ptcalc_core::report::{evaluate, evaluate_with, Best, MonthTraffic, TrafficInputs};
use ptcalc_core::scenario::Overrides;
use ptcalc_core::verdict::{scale_traffic, Answer};
use ptcalc_core::{Offering, Scenario, Term};

fn overrides() -> impl Strategy<Value = Overrides> {
    (
        (
            prop::option::weighted(0.9, 10.0f64..1e6),
            prop::option::of(1u64..50),
            prop::option::of(1u64..20),
            prop::option::of(0.0f64..10.0),
            prop::option::of(0.0f64..1.0),
        ),
        (
            prop::option::weighted(0.9, 0.01f64..100.0),
            any::<bool>(),
            prop::option::weighted(0.9, 0.01f64..50.0),
            prop::option::of(0.0f64..10.0),
            prop::option::of(0.0f64..10.0),
            prop::option::weighted(0.9, 0.01f64..100.0),
        ),
    )
        .prop_map(
            |((cap, min, inc, wout, wcache), (price, hourly, pin, pcache, pcw, pout))| Overrides {
                capacity_per_unit_per_minute: cap,
                min_units: min,
                increment: inc,
                output_weight: wout,
                cached_weight: wcache,
                usd_per_unit_hour: price.filter(|_| hourly),
                usd_per_unit_month: price.filter(|_| !hourly).map(|p| p * 100.0),
                input_usd_per_mtok: pin,
                cached_usd_per_mtok: pcache,
                cache_write_usd_per_mtok: pcw,
                output_usd_per_mtok: pout,
                ..Overrides::default()
            },
        )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        invariants::workload(vec![24.0, 168.0, 720.0, 730.0, 744.0]),
        prop::sample::select(Term::ALL.to_vec()),
        overrides(),
    )
        .prop_map(|(workload, term, overrides)| Scenario {
            offering: "custom".into(),
            term,
            overrides,
            ..workload
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_valid_custom_scenario_reports_sane_figures(s in scenario()) {
        let offering = Offering::custom(&s.overrides, s.term);
        let a = evaluate(&s, &offering).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Err(why) = invariants::check(&a) {
            prop_assert!(false, "{why}\nscenario: ?{}", ptcalc_core::link::format(&s));
        }
    }
}

/// Both bests cost the same (to rounding), and give the same answer unless the cost sits
/// on the rule's tie with on-demand, where rounding may fall either way.
fn same_best(fast: Option<Best>, full: Option<Best>, on_demand: Option<f64>) -> Result<(), String> {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    match (fast, full) {
        (None, None) => Ok(()),
        (Some(f), Some(e)) => {
            if !close(f.monthly_usd, e.monthly_usd) {
                return Err(format!(
                    "cost {} ≠ {}: {f:?} vs {e:?}",
                    f.monthly_usd, e.monthly_usd
                ));
            }
            let tie =
                on_demand.is_some_and(|od| close(f.monthly_usd, od) || close(e.monthly_usd, od));
            if Answer::of_best(&f) != Answer::of_best(&e) && !tie {
                return Err(format!("answer {f:?} ≠ {e:?}"));
            }
            Ok(())
        }
        (f, e) => Err(format!("{f:?} vs {e:?}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_best_option_at_a_traffic_multiple_is_the_scaled_scenarios(
        s in scenario(),
        exponents in prop::collection::vec(-1.0f64..=1.0, 1..6),
    ) {
        let offering = Offering::custom(&s.overrides, s.term);
        let a = evaluate(&s, &offering).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(a.best_at(1.0), a.report.best.clone());
        for x in exponents.into_iter().map(|e| 10f64.powf(e)) {
            let scaled = evaluate(&scale_traffic(&s, x), &offering)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            if let Err(why) = same_best(a.best_at(x), scaled.report.best, scaled.report.monthly.on_demand) {
                prop_assert!(false, "×{x}: {why}\nscenario: ?{}", ptcalc_core::link::format(&s));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// The page keeps the month's traffic across edits: evaluating with it gives exactly
    /// what evaluating afresh gives, for a scenario with the same traffic inputs (other
    /// rates) and for one with others (the kept traffic is then not used).
    #[test]
    fn evaluating_with_kept_traffic_is_evaluating(
        s in scenario(),
        other in scenario(),
        x in 0.1f64..10.0,
    ) {
        let offering = Offering::custom(&s.overrides, s.term);
        let Ok(traffic) = MonthTraffic::build(&TrafficInputs::of(&s)) else {
            return Ok(());
        };
        let busier = scale_traffic(&s, x);
        prop_assert_eq!(evaluate_with(&busier, &offering, traffic.clone()), evaluate(&busier, &offering));
        let offering = Offering::custom(&other.overrides, other.term);
        prop_assert_eq!(evaluate_with(&other, &offering, traffic), evaluate(&other, &offering));
    }
}
