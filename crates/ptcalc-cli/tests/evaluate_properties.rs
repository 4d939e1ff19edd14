//! `evaluate` on any valid scenario over bundled rate cards (one normalized pool, separate
//! input and output pools, and cards missing figures), opened from its link as `ptcalc eval`
//! does: figures finite, best ≤ on-demand, hybrid ≤ full provisioning and ≤ on-demand,
//! overflow shares in [0, 1], unit counts the vendor sells.
#[path = "../../ptcalc-core/tests/invariants/mod.rs"]
mod invariants;

use proptest::prelude::*;
use ptcalc_core::scenario::{Overrides, ShapeKind};
use ptcalc_core::{Deployment, Scenario, Term};

const OFFERINGS: [&str; 6] = [
    "azure/gpt-4.1",
    "azure/gpt-4o",
    "vertex/gemini-2.5-flash",
    "openai/o3-scale",
    "bedrock/claude-sonnet-4.5-reserved",
    "bedrock/claude-v2",
];

prop_compose! {
    fn scenario()(
        offering in prop::sample::select(OFFERINGS.to_vec()),
        deployment in prop::sample::select(vec![Deployment::Global, Deployment::DataZone, Deployment::Regional]),
        term in prop::sample::select(Term::ALL.to_vec()),
        (calls, a, b, c) in (any::<bool>(), 0.0f64..5e6, 0.0f64..1e6, 0.0f64..4_000.0),
        (cache, cw) in (0.0f64..1.0, 0.0f64..1.0),
        (shape, pa, seed) in (prop::sample::select(vec![ShapeKind::Flat, ShapeKind::Business, ShapeKind::Diurnal, ShapeKind::Bursty]), 0.0f64..1.0, any::<u64>()),
        (size, units) in (1u8..=100, prop::option::weighted(0.3, 0u64..2_000)),
        (horizon, growth, batch) in (1u32..=24, -50.0f64..100.0, prop::option::weighted(0.3, 0.0f64..=1.0)),
        (cap, discount) in (prop::option::weighted(0.2, 100.0f64..1e5), prop::option::weighted(0.2, 0.0f64..90.0)),
    ) -> Scenario {
        let mut s = Scenario {
            offering: offering.into(),
            deployment,
            term,
            volume: invariants::volume(calls, a, b, c),
            cached_share: cache,
            cache_write_share: cw * (1.0 - cache),
            shape,
            seed,
            size_percentile: size,
            units,
            horizon_months: horizon,
            growth_percent: growth,
            batch_share: batch.unwrap_or(0.0),
            overrides: Overrides {
                capacity_per_unit_per_minute: cap,
                discount_percent: discount,
                ..Overrides::default()
            },
            ..Scenario::default()
        };
        s.peak_to_average = invariants::reachable_peak_to_average(&s, pa);
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_valid_rate_card_scenario_reports_sane_figures(s in scenario()) {
        let link = ptcalc_core::link::format(&s);
        let opened = ptcalc_ratecards::open_link(&link);
        let a = ptcalc_ratecards::evaluate(&opened.scenario)
            .map_err(|e| TestCaseError::fail(format!("{e}\nlink: ?{link}")))?;
        if let Err(why) = invariants::check(&a) {
            prop_assert!(false, "{why}\nlink: ?{link}");
        }
    }
}
