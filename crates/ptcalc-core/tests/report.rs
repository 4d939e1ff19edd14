//! What the report recommends in clear-cut cases.
use ptcalc_core::report::{evaluate, BestOption, WarningCode};
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::verdict::{verdict, Kind};
use ptcalc_core::{Offering, Scenario, Term};

fn flat_custom(overrides: Overrides) -> Scenario {
    Scenario {
        offering: "custom".into(),
        term: Term::Month1,
        volume: Volume::Tokens {
            input_tpm: 30_000.0,
            output_tpm: 0.0,
        },
        cached_share: 0.0,
        shape: ShapeKind::Flat,
        overrides,
        ..Scenario::default()
    }
}

#[test]
fn a_flat_load_on_cheap_units_is_fully_provisioned_not_called_hybrid() {
    // 30k TPM flat on 10k-per-unit units at $1/month: 3 units carry everything, nothing spills.
    let s = flat_custom(Overrides {
        capacity_per_unit_per_minute: Some(10_000.0),
        usd_per_unit_month: Some(1.0),
        input_usd_per_mtok: Some(1.0),
        output_usd_per_mtok: Some(1.0),
        ..Overrides::default()
    });
    let a = evaluate(&s, &Offering::custom(&s.overrides, s.term)).expect("evaluates");
    let best = a.report.best.clone().expect("priced");
    assert_eq!(best.option, BestOption::Full);
    assert_eq!(best.units, 3);
    assert_eq!(a.report.hybrid.as_ref().map(|h| h.units), Some(3));
    let v = verdict(&a.report);
    assert_eq!(v.kind, Kind::Reserve, "{}", v.text);
    assert!(v.text.contains("for the whole load"), "{}", v.text);
}

#[test]
fn a_model_without_on_demand_price_is_still_sized_and_priced() {
    let s = flat_custom(Overrides {
        capacity_per_unit_per_minute: Some(10_000.0),
        usd_per_unit_month: Some(2_000.0),
        ..Overrides::default()
    });
    let a = evaluate(&s, &Offering::custom(&s.overrides, s.term)).expect("evaluates");
    let r = &a.report;
    assert_eq!(r.monthly.on_demand, None);
    assert_eq!(r.monthly.full_provisioned, Some(6_000.0));
    assert_eq!(r.full.as_ref().map(|f| f.utilization), Some(1.0));
    assert_eq!(r.hybrid, None, "nothing to spill to");
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::NoOnDemandPrice));
    assert_eq!(verdict(r).kind, Kind::Reserve);
}

#[test]
fn an_expensive_unit_keeps_everything_on_demand_and_says_why() {
    let s = flat_custom(Overrides {
        capacity_per_unit_per_minute: Some(10_000.0),
        usd_per_unit_month: Some(1e6),
        input_usd_per_mtok: Some(1.0),
        output_usd_per_mtok: Some(1.0),
        ..Overrides::default()
    });
    let a = evaluate(&s, &Offering::custom(&s.overrides, s.term)).expect("evaluates");
    assert_eq!(
        a.report.best.as_ref().map(|b| b.option),
        Some(BestOption::OnDemand)
    );
    assert_eq!(a.report.hybrid.as_ref().map(|h| h.units), Some(0));
    let v = verdict(&a.report);
    assert_eq!(v.kind, Kind::OnDemand);
    // 1e6 $/unit-month against 10k tokens/min at $1/Mtok (10k × 60 × 730 h = 438M tokens, $438 fully used).
    assert!(v.text.contains("never pays off"), "{}", v.text);
    assert!(
        v.text
            .contains("even fully used it costs 2283.1× on-demand"),
        "{}",
        v.text
    );
    assert!(!v.text.contains("u*"), "{}", v.text);
}

#[test]
fn a_count_between_increments_is_rounded_up_with_a_warning() {
    let mut s = flat_custom(Overrides {
        capacity_per_unit_per_minute: Some(1_000.0),
        min_units: Some(15),
        increment: Some(5),
        usd_per_unit_month: Some(10.0),
        input_usd_per_mtok: Some(1.0),
        output_usd_per_mtok: Some(1.0),
        ..Overrides::default()
    });
    s.units = Some(17);
    let a = evaluate(&s, &Offering::custom(&s.overrides, s.term)).expect("evaluates");
    assert_eq!(a.report.chosen.as_ref().map(|c| c.units), Some(20));
    assert!(a
        .report
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::UnitsNotFeasible && w.message.contains("20 used")));
}
