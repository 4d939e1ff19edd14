//! The comparison (`Catalog::compare`): each row is what evaluating its offering alone
//! reports, bit for bit; offerings lacking a figure are listed with what is missing; the
//! list's words are checked; the flexibility facts carry their sources.
use proptest::prelude::*;
use ptcalc_core::report::{BestOption, MissingFigure};
use ptcalc_core::verdict::range_of;
use ptcalc_core::{Deployment, Term};
use ptcalc_ratecards::{
    catalog, AnswerRange, CompareError, Comparison, Date, ModelChange, Overflow, Resize, Selection,
};

fn today() -> Date {
    "2026-11-27".parse().expect("a date")
}

fn compare(link: &str, selection: Selection) -> Comparison {
    let opened = catalog().open_link_on(link, today());
    catalog()
        .compare(&opened, &selection)
        .unwrap_or_else(|e| panic!("{link}: {e}"))
}

/// Every row against `ptcalc eval` of its own link: the same best answer, on-demand bill,
/// answer range and missing figures, bit for bit.
fn assert_rows_are_single_evaluations(c: &Comparison) {
    for row in &c.rows {
        let opened = catalog().open_link_on(&row.scenario, today());
        let alone = catalog()
            .evaluate_opened(&opened)
            .unwrap_or_else(|e| panic!("{}: {e}", row.scenario));
        let r = &alone.report;
        assert_eq!(row.best, r.best, "{}", row.scenario);
        assert_eq!(
            row.monthly_usd.map(f64::to_bits),
            r.best.as_ref().map(|b| b.monthly_usd.to_bits()),
            "{}",
            row.scenario
        );
        assert_eq!(
            row.on_demand_usd.map(f64::to_bits),
            r.monthly.on_demand.map(f64::to_bits),
            "{}",
            row.scenario
        );
        assert_eq!(
            row.answer_range,
            range_of(&alone).map(AnswerRange::from),
            "{}",
            row.scenario
        );
        assert_eq!(row.missing, r.missing_figures(), "{}", row.scenario);
        assert_eq!(r.scenario, row.scenario);
        assert_eq!(row.offering, r.offering.id);
        assert_eq!(row.deployment, r.offering.deployment);
    }
}

#[test]
fn every_bundled_offering_row_equals_evaluating_it_alone() {
    for link in [
        "v=1",
        "v=1&t=1m&in=2M&out=200k&cache=0.2&shape=bursty&pa=5&seed=7",
        "v=1&o=vertex/gemini-2.5-flash&rpm=400&pt=3k&ct=500&shape=business&pa=3&b=0.2&h=6&g=5",
    ] {
        let c = compare(link, Selection::All);
        assert!(c.rows.len() >= catalog().entries().len(), "{link}");
        assert_rows_are_single_evaluations(&c);
    }
}

#[test]
fn the_default_list_is_the_same_model_everywhere() {
    let c = compare("v=1&o=azure/gpt-4.1", Selection::SameModel);
    let mut ids: Vec<(String, Deployment)> = c
        .rows
        .iter()
        .map(|r| (r.offering.clone(), r.deployment))
        .collect();
    ids.sort_by_key(|(id, d)| (id.clone(), d.as_str()));
    assert_eq!(
        ids,
        [
            ("azure/gpt-4.1".to_string(), Deployment::DataZone),
            ("azure/gpt-4.1".to_string(), Deployment::Global),
            ("azure/gpt-4.1".to_string(), Deployment::Regional),
            ("openai/gpt-4.1-scale".to_string(), Deployment::Global),
        ]
    );
    let own: Vec<_> = c.rows.iter().filter(|r| r.own).collect();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].deployment, Deployment::Global);
    assert!(c
        .rows
        .windows(2)
        .all(|w| w[0].monthly_usd <= w[1].monthly_usd));
    assert!(c.rows.iter().enumerate().all(|(i, r)| r.rank == i + 1));
    assert_rows_are_single_evaluations(&c);
}

#[test]
fn offerings_lacking_a_figure_are_listed_last_with_what_is_missing() {
    let c = compare(
        "v=1",
        Selection::List(vec!["bedrock/claude-v2".into(), "vertex".into()]),
    );
    let first_without = c
        .rows
        .iter()
        .position(|r| r.monthly_usd.is_none())
        .expect("some");
    assert!(c.rows[first_without..]
        .iter()
        .all(|r| r.monthly_usd.is_none()));
    let last = c.rows[first_without..]
        .iter()
        .find(|r| r.offering == "bedrock/claude-v2")
        .expect("listed among the rows without a cost");
    assert_eq!(last.best, None);
    assert_eq!(last.monthly_usd, None);
    assert!(
        last.missing.contains(&MissingFigure::Capacity),
        "{:?}",
        last.missing
    );
    let flexibility = last.flexibility.as_ref().expect("a bedrock offering");
    assert!(!flexibility.throughput_per_unit_published.value);
    assert!(c.rows.iter().any(|r| r.own));
    assert!(c.rows.iter().filter(|r| r.vendor == Some("vertex")).count() > 5);
}

#[test]
fn the_figures_typed_into_the_link_stay_with_the_scenarios_own_row() {
    let c = compare(
        "v=1&t=1m&pm=100",
        Selection::List(vec!["azure/gpt-4.1~datazone".into()]),
    );
    let own = c.rows.iter().find(|r| r.own).expect("own row");
    let other = c.rows.iter().find(|r| !r.own).expect("datazone row");
    assert!(own.scenario.contains("pm=100"), "{}", own.scenario);
    assert!(!other.scenario.contains("pm="), "{}", other.scenario);
    assert!(other.scenario.contains("d=datazone"), "{}", other.scenario);
    assert_rows_are_single_evaluations(&c);
}

#[test]
fn a_term_the_offering_lacks_falls_back_as_a_link_does() {
    let c = compare(
        "v=1&t=hourly",
        Selection::List(vec!["openai/gpt-4.1-scale".into()]),
    );
    let scale = c
        .rows
        .iter()
        .find(|r| r.offering == "openai/gpt-4.1-scale")
        .expect("row");
    assert!(scale.scenario.contains("t=30d"), "{}", scale.scenario);
}

#[test]
fn bad_lists_name_what_is_wrong_and_what_is_allowed() {
    let opened = catalog().open_link_on("v=1", today());
    let err = |words: &[&str]| {
        catalog()
            .compare(
                &opened,
                &Selection::List(words.iter().map(|w| w.to_string()).collect()),
            )
            .expect_err("refused")
    };
    assert_eq!(err(&[]), CompareError::Empty);
    let unknown = err(&["azure/gpt-4.2"]);
    let text = unknown.to_string();
    assert!(text.contains("\"azure/gpt-4.2\""), "{text}");
    assert!(text.contains("ptcalc ratecards"), "{text}");
    let text = err(&["gpt-4.1-mini"]).to_string();
    assert!(
        text.contains("azure/gpt-4.1-mini"),
        "suggests the ids: {text}"
    );
    assert!(err(&["azure/gpt-4.1~moon"])
        .to_string()
        .contains("global, datazone or regional"));
    assert!(matches!(
        err(&["vertex/gemini-2.5-flash~regional"]),
        CompareError::NotOffered { .. }
    ));
    assert_eq!(err(&["custom"]), CompareError::CustomElsewhere);
    assert!(ptcalc_ratecards::parse_offerings(",").is_err());
}

#[test]
fn the_flexibility_facts_carry_their_sources() {
    let at = ptcalc_ratecards::AsOf::current();
    let azure = catalog()
        .flexibility("azure/gpt-4.1", Deployment::DataZone, Term::Year1, at)
        .expect("azure");
    assert_eq!(azure.exchangeable.as_ref().map(|f| f.value), Some(false));
    assert_eq!(
        azure.resizable.as_ref().map(|f| f.value),
        Some(Resize::IncreaseOnly)
    );
    assert_eq!(
        azure.model_change.as_ref().map(|f| f.value),
        Some(ModelChange::Any)
    );
    assert_eq!(
        azure.overflow.as_ref().map(|f| f.value),
        Some(Overflow::ThrottledUnlessSpillover)
    );
    assert!(azure
        .refundable
        .as_ref()
        .is_some_and(|f| f.provenance.source.contains("learn.microsoft.com")));
    assert_eq!(
        azure.minimum_term.as_ref().map(|f| f.value),
        Some(Term::Hourly)
    );
    let vertex = catalog()
        .flexibility(
            "vertex/gemini-2.5-flash",
            Deployment::Global,
            Term::Month1,
            at,
        )
        .expect("vertex");
    assert_eq!(vertex.cancellable.as_ref().map(|f| f.value), Some(false));
    assert_eq!(
        vertex.overflow.as_ref().map(|f| f.value),
        Some(Overflow::PayAsYouGo)
    );
    assert_eq!(vertex.refundable, None, "no source states a refund rule");
    let bedrock = catalog()
        .flexibility("bedrock/llama-2-70b", Deployment::Global, Term::Month6, at)
        .expect("bedrock");
    assert_eq!(
        bedrock.model_change.as_ref().map(|f| f.value),
        Some(ModelChange::CustomModelsOnly)
    );
    let reserved_tier = catalog()
        .flexibility(
            "bedrock/claude-sonnet-4.5-reserved",
            Deployment::Global,
            Term::Month1,
            at,
        )
        .expect("reserved tier");
    assert_eq!(reserved_tier.commitment, None);
    assert_eq!(reserved_tier.cancellable, None);
    let scale = catalog()
        .flexibility("openai/o3-scale", Deployment::Global, Term::Days30, at)
        .expect("scale tier");
    assert_eq!(
        scale.overflow.as_ref().map(|f| f.value),
        Some(Overflow::PayAsYouGo)
    );
    assert_eq!(
        scale.minimum_term.as_ref().map(|f| f.value),
        Some(Term::Days30)
    );
}

#[test]
fn the_shortest_winning_term_beats_on_demand_and_none_shorter_does() {
    let c = compare("v=1&in=5M&out=500k&shape=flat", Selection::All);
    for row in &c.rows {
        let Some(term) = row.shortest_winning_term else {
            continue;
        };
        let best = row.best.as_ref().expect("a best answer");
        assert_ne!(best.option, BestOption::OnDemand, "{}", row.scenario);
        assert!(best.term.is_some_and(|t| t >= term), "{}", row.scenario);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn random_workloads_and_lists_give_single_evaluations(
        input in 1_000u32..20_000_000,
        output in 100u32..2_000_000,
        cache in 0u8..=9,
        shape in 0usize..4,
        picks in proptest::collection::vec(0usize..1_000, 1..6),
    ) {
        let entries = catalog().entries();
        let words: Vec<String> = picks.iter().map(|i| entries[i % entries.len()].id.clone()).collect();
        let shape = ["flat", "business&pa=2", "diurnal&pa=1.8", "bursty&pa=4&seed=3"][shape];
        let link = format!("v=1&in={input}&out={output}&cache=0.{cache}&shape={shape}");
        let c = compare(&link, Selection::List(words));
        assert_rows_are_single_evaluations(&c);
    }
}
