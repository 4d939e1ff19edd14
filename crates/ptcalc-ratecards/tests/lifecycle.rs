//! Model lifecycles (the 2026-12-05 re-audit): a term that outlives a model-bound
//! reservation is never the answer, Azure says what happens at retirement, a retired model
//! is said first, dated prices reach the horizon, and a bad lifecycle date is refused.
use ptcalc_core::report::WarningCode;
use ptcalc_core::Term;
use ptcalc_ratecards::{catalog, load, Date};

fn day(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn eval(link: &str, today: &str) -> ptcalc_core::report::Analysis {
    let opened = catalog().open_link_on(link, day(today));
    catalog().evaluate_opened(&opened).expect("evaluates")
}

#[test]
fn gemini_2_5_flash_priced_on_2026_12_05_never_answers_the_1_year_term() {
    let link = "v=1&o=vertex/gemini-2.5-flash&rpm=3k&pt=2k&ct=300&cache=0&shape=flat";
    let a = eval(link, "2026-12-05");
    let best = a.report.best.as_ref().expect("best");
    assert_ne!(best.term, Some(Term::Year1), "{best:?}");
    assert!(a.terms_not_answered.contains(&Term::Year1));
    for scale in [0.5, 1.0, 2.0, 10.0] {
        assert_ne!(a.best_at(scale).and_then(|b| b.term), Some(Term::Year1));
    }
    let codes: Vec<WarningCode> = a.report.warnings.iter().map(|w| w.code).collect();
    assert!(
        codes.contains(&WarningCode::ClosedToNewCustomers),
        "{codes:?}"
    );
    assert!(codes.contains(&WarningCode::TermOutlivesModel), "{codes:?}");
    // The same link made with the 2026-11-27 edition keeps its answer.
    let old = eval(&format!("{link}&rc=2026-11-27"), "2026-12-05");
    assert_eq!(old.report.best.and_then(|b| b.term), Some(Term::Year1));
}

#[test]
fn an_azure_reservation_outliving_the_model_is_still_offered_and_says_what_happens() {
    let a = eval("v=1&o=azure/gpt-4.1&t=1y&in=2M&out=200k", "2026-12-05");
    assert!(a.terms_not_answered.is_empty());
    let w = a
        .report
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::TermOutlivesModel)
        .expect("warning");
    assert!(w.message.contains("2027-04-14"), "{}", w.message);
    assert!(
        w.message
            .contains("keeps applying to other Global deployments"),
        "{}",
        w.message
    );
}

#[test]
fn a_scenario_after_retirement_is_flagged_first_and_reserves_nothing() {
    let a = eval("v=1&o=openai/o3-scale&in=3M&out=400k&foo=1", "2026-12-11");
    assert_eq!(a.report.warnings[0].code, WarningCode::ModelRetired);
    assert!(a.report.warnings[0].message.contains("2026-12-10"));
    assert_eq!(a.report.warnings[1].code, WarningCode::Link);
    assert!(a.report.best.as_ref().is_none_or(|b| b.term.is_none()));
}

#[test]
fn a_1_year_horizon_from_2026_12_05_prices_2027_at_the_new_gemini_3_6_flash_rate() {
    let link = "v=1&o=vertex/gemini-3.6-flash&t=1m&in=1M&out=100k&h=12";
    let a = eval(link, "2026-12-05");
    let od = a.report.monthly.on_demand.expect("on demand");
    let horizon = a.report.horizon_on_demand.expect("horizon");
    // December at 0.75/3.75 and eleven months of 2027 at twice that.
    assert!(
        (horizon - od * (1.0 + 11.0 * 2.0)).abs() < 1e-6 * horizon,
        "{horizon} vs {od}"
    );
    assert!(a
        .report
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::PriceChangesInHorizon && w.message.contains("2027-01-01")));
}

#[test]
fn the_horizon_past_retirement_is_said() {
    let a = eval(
        "v=1&o=vertex/gemini-2.5-pro&t=1m&in=1M&out=100k&h=12",
        "2026-12-05",
    );
    assert!(a.report.warnings.iter().any(
        |w| w.code == WarningCode::HorizonPastRetirement && w.message.contains("after month 3")
    ));
}

#[test]
fn old_cards_are_said_after_60_days() {
    let a = eval("v=1&o=azure/gpt-5.6-sol&t=1m&in=1M&out=100k", "2027-03-01");
    assert!(a
        .report
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::CardsOld));
    let b = eval("v=1&o=azure/gpt-5.6-sol&t=1m&in=1M&out=100k", "2026-12-20");
    assert!(!b
        .report
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::CardsOld));
}

#[test]
fn a_bad_lifecycle_date_is_refused_naming_the_field() {
    let (_, text) = ptcalc_ratecards::BUNDLED[1];
    let bad = text.replacen("\"on\": \"2027-03-31\"", "\"on\": \"2027-02-30\"", 1);
    assert_ne!(bad, text);
    let err = match load(&[("vertex.json", &bad)]) {
        Ok(_) => panic!("a bad date loads"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("lifecycle.retired[0].on"), "{err}");
    assert!(err.contains("2027-02-30"), "{err}");
}

#[test]
fn a_cheaper_term_the_lifecycle_rules_out_is_named_with_the_retirement_not_as_a_negative_margin() {
    // The link: on 2026-12-05 the 1-year GSU term is cheaper than on-demand, but
    // gemini-2.5-flash retires on 2027-03-31, so on-demand is the answer.
    let link = "v=1&o=vertex/gemini-2.5-flash&rpm=3k&pt=2k&ct=300&cache=0&shape=flat";
    let a = eval(link, "2026-12-05");
    let v = ptcalc_core::verdict::verdict(&a.report);
    assert_eq!(v.kind, ptcalc_core::verdict::Kind::OnDemand, "{}", v.text);
    assert!(
        v.text.contains("The 1-year term would cost $174,732/month (1.5% less), but gemini-2.5-flash retires on 2027-03-31, before the term ends."),
        "{}",
        v.text
    );
    // The ruled-out term is not read as a close call that costs "-1.5% more".
    assert!(!v.text.contains("It is close"), "{}", v.text);
    assert!(!v.text.contains("% more"), "{}", v.text);
    assert!(!v.marginal, "{}", v.text);
}
