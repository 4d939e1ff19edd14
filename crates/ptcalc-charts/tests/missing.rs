//! Absent figures: draw what exists, say what is missing, and refuse only when nothing
//! can be drawn, with a sentence that says what to enter.
mod common;

use ptcalc_charts::{model, render_svg, ChartError, ChartKind, Missing};
use ptcalc_core::report::{evaluate, Analysis};
use ptcalc_core::scenario::Overrides;
use ptcalc_core::{Offering, Scenario, Term};

fn custom(overrides: Overrides) -> Analysis {
    let s = Scenario {
        offering: "custom".into(),
        overrides,
        ..Scenario::default()
    };
    evaluate(&s, &Offering::custom(&overrides, Term::Year1)).expect("evaluates")
}

#[test]
fn without_a_capacity_the_hybrid_chart_says_to_enter_one() {
    let a = custom(Overrides {
        capacity_per_unit_per_minute: None,
        ..common::custom_overrides()
    });
    let err = model(ChartKind::Hybrid, &a).expect_err("nothing to draw");
    assert_eq!(
        err,
        ChartError::NothingToDraw {
            chart: ChartKind::Hybrid,
            missing: Missing::Capacity {
                unit: "unit".into()
            }
        }
    );
    let text = err.to_string();
    assert!(
        text.starts_with(
            "nothing to draw in the hybrid chart: the offering has no capacity per unit"
        ),
        "{text}"
    );
    assert!(text.contains("enter one (cap"), "{text}");
}

#[test]
fn without_a_capacity_the_other_charts_draw_what_they_can() {
    let a = custom(Overrides {
        capacity_per_unit_per_minute: None,
        ..common::custom_overrides()
    });
    let be = model(ChartKind::BreakEven, &a).expect("on-demand alone");
    assert!(be
        .base()
        .notes
        .iter()
        .any(|n| n.starts_with("Only on-demand is drawn: the offering has no capacity per unit")));
    let load = model(ChartKind::LoadDuration, &a).expect("the load alone");
    assert!(load
        .base()
        .notes
        .iter()
        .any(|n| n.contains("No reserved capacity to show")));
    assert!(load.markers().is_empty());
    let svg = render_svg(ChartKind::Traffic, &a, 720, 420).expect("the load alone");
    assert!(svg.contains("average"));
    let terms = model(ChartKind::Terms, &a).expect("on-demand alone");
    let notes = &terms.base().notes;
    assert!(
        notes.iter().any(|n| n
            .starts_with("1-year cannot be priced over the horizon: the offering has no capacity")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n == "Only on-demand is shown."),
        "{notes:?}"
    );
}

#[test]
fn without_on_demand_prices_break_even_and_terms_refuse() {
    let o = Overrides {
        input_usd_per_mtok: None,
        cached_usd_per_mtok: None,
        output_usd_per_mtok: None,
        ..common::custom_overrides()
    };
    let a = custom(o);
    for kind in [ChartKind::BreakEven, ChartKind::Hybrid] {
        let err = model(kind, &a).expect_err("no on-demand price");
        assert_eq!(
            err,
            ChartError::NothingToDraw {
                chart: kind,
                missing: Missing::OnDemandPrice
            }
        );
        assert!(err.to_string().contains("(pin, pout)"));
    }
    assert!(matches!(
        model(ChartKind::Terms, &a),
        Err(ChartError::NothingToDraw {
            missing: Missing::HorizonFigures,
            ..
        })
    ));
    // The load needs no price: full provisioning is shown instead of the optimum.
    let load = model(ChartKind::LoadDuration, &a).expect("draws");
    assert!(load
        .base()
        .notes
        .iter()
        .any(|n| n.starts_with("No optimum to show")));
}

#[test]
fn without_a_unit_price_the_hybrid_chart_names_the_term() {
    let a = custom(Overrides {
        usd_per_unit_month: None,
        ..common::custom_overrides()
    });
    let err = model(ChartKind::Hybrid, &a).expect_err("no unit price");
    assert_eq!(
        err,
        ChartError::NothingToDraw {
            chart: ChartKind::Hybrid,
            missing: Missing::UnitPrice { term: Term::Year1 }
        }
    );
}

#[test]
fn an_empty_workload_has_nothing_to_draw() {
    let s = Scenario {
        offering: "custom".into(),
        volume: ptcalc_core::scenario::Volume::Tokens {
            input_tpm: 0.0,
            output_tpm: 0.0,
        },
        overrides: common::custom_overrides(),
        ..Scenario::default()
    };
    let a = evaluate(&s, &Offering::custom(&s.overrides, Term::Year1)).expect("evaluates");
    for kind in [
        ChartKind::BreakEven,
        ChartKind::Hybrid,
        ChartKind::LoadDuration,
        ChartKind::Traffic,
    ] {
        let err = model(kind, &a).expect_err("empty");
        assert_eq!(
            err,
            ChartError::NothingToDraw {
                chart: kind,
                missing: Missing::EmptyWorkload
            },
            "{kind}"
        );
    }
}

#[test]
fn tiny_drawings_are_refused_with_the_minimum_size() {
    let a = common::default_azure();
    let err = render_svg(ChartKind::Hybrid, &a, 100, 80).expect_err("too small");
    assert_eq!(
        err,
        ChartError::TooSmall {
            width: 100,
            height: 80
        }
    );
    assert!(err.to_string().contains("at least 240 × 200"));
}

#[test]
fn chart_names_parse_and_unknown_ones_list_the_choices() {
    for kind in ChartKind::ALL {
        assert_eq!(kind.as_str().parse::<ChartKind>(), Ok(kind));
        assert!(!kind.title().is_empty());
    }
    assert_eq!(
        ChartKind::parse("load-duration"),
        Some(ChartKind::LoadDuration)
    );
    let err = "pie".parse::<ChartKind>().expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "there is no chart called \"pie\": use breakeven, hybrid, load, traffic or terms"
    );
}
