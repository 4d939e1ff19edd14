//! `evaluate` on any valid scenario over bundled rate cards (one normalized pool, separate
//! input and output pools, and cards missing figures), opened from its link as `ptcalc eval`
//! does: figures finite, best ≤ on-demand, hybrid ≤ full provisioning and ≤ on-demand,
//! overflow shares in [0, 1], unit counts the vendor sells.
#[path = "../../ptcalc-core/tests/invariants/mod.rs"]
mod invariants;

use proptest::prelude::*;
use ptcalc_core::scenario::Overrides;
use ptcalc_core::{Deployment, Scenario, Term};

const OFFERINGS: [&str; 6] = [
    "azure/gpt-4.1",
    "azure/gpt-4o",
    "vertex/gemini-2.5-flash",
    "openai/o3-scale",
    "bedrock/claude-sonnet-4.5-reserved",
    "bedrock/claude-v2",
];

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        invariants::workload(vec![730.0]),
        prop::sample::select(OFFERINGS.to_vec()),
        prop::sample::select(vec![
            Deployment::Global,
            Deployment::DataZone,
            Deployment::Regional,
        ]),
        prop::sample::select(Term::ALL.to_vec()),
        prop::option::weighted(0.2, 100.0f64..1e5),
        prop::option::weighted(0.2, 0.0f64..90.0),
    )
        .prop_map(
            |(workload, offering, deployment, term, cap, discount)| Scenario {
                offering: offering.into(),
                deployment,
                term,
                overrides: Overrides {
                    capacity_per_unit_per_minute: cap,
                    discount_percent: discount,
                    ..Overrides::default()
                },
                ..workload
            },
        )
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
