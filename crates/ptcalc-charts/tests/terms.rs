//! The terms chart against the report's horizon figures.
mod common;

use ptcalc_charts::terms::TermsChart;
use ptcalc_charts::{model, ChartKind, ChartModel, MarkerKind};
use ptcalc_core::numfmt::{usd, usd_compact};
use ptcalc_core::report::BestOption;

fn terms(a: &ptcalc_core::report::Analysis) -> (ChartModel, TermsChart) {
    let m = model(ChartKind::Terms, a).expect("builds");
    let ChartModel::Terms(t) = m.clone() else {
        panic!("not a terms model")
    };
    (m, t)
}

#[test]
fn one_bar_per_term_and_option_with_the_reports_figures() {
    for (name, a) in common::scenarios() {
        let (m, t) = terms(&a);
        let r = &a.report;
        let od = t
            .bars
            .iter()
            .filter(|b| b.option == BestOption::OnDemand)
            .collect::<Vec<_>>();
        assert_eq!(od.len(), 1, "{name}");
        assert_eq!(Some(od[0].usd), r.horizon_on_demand, "{name}");
        for row in &r.terms {
            let bar = |o: BestOption| {
                t.bars
                    .iter()
                    .find(|b| b.term == Some(row.term) && b.option == o)
            };
            assert_eq!(
                bar(BestOption::Full).map(|b| b.usd),
                row.horizon_full,
                "{name} {}",
                row.term
            );
            assert_eq!(
                bar(BestOption::Hybrid).map(|b| b.usd),
                row.horizon_hybrid,
                "{name} {}",
                row.term
            );
        }
        let table = m.table();
        assert_eq!(table.rows.len(), r.terms.len(), "{name}");
        for (row, term) in table.rows.iter().zip(&r.terms) {
            assert!(row[0].starts_with(term.label), "{name}");
            assert_eq!(row[1], usd(term.horizon_full.expect("priced")), "{name}");
            assert_eq!(row[2], usd(term.horizon_hybrid.expect("priced")), "{name}");
            assert_eq!(row[3], usd(r.horizon_on_demand.expect("priced")), "{name}");
        }
        assert!(m
            .base()
            .y
            .title
            .contains(&format!("{} months", r.horizon_months)));
    }
}

#[test]
fn bars_stand_in_their_groups_and_the_cheapest_is_labelled() {
    let a = common::default_azure();
    let (m, t) = terms(&a);
    for b in &t.bars {
        assert!(
            b.x0 < b.x1 && (b.x0 + b.x1) / 2.0 - b.group as f64 <= 0.5,
            "{b:?}"
        );
    }
    let cheapest = t.cheapest().expect("bars");
    let min = t.bars.iter().map(|b| b.usd).fold(f64::INFINITY, f64::min);
    assert_eq!(cheapest.usd, min);
    let markers = m.markers();
    let label = markers
        .iter()
        .find(|m| m.label.starts_with("cheapest"))
        .expect("cheapest label");
    assert_eq!(label.kind, MarkerKind::Bar);
    assert_eq!(label.label, format!("cheapest: {}", usd_compact(min)));
    let text = m
        .readout(m.fraction_at(cheapest.group as f64))
        .expect("inside");
    assert!(text.contains(&usd_compact(min)), "{text}");
}

#[test]
fn narrow_charts_use_short_term_names() {
    let a = common::default_azure();
    let wide = ptcalc_charts::model_sized(ChartKind::Terms, &a, 720, 420).expect("builds");
    let narrow = ptcalc_charts::model_sized(ChartKind::Terms, &a, 300, 340).expect("builds");
    let labels = |m: &ChartModel| {
        m.frame()
            .x
            .ticks
            .iter()
            .map(|t| t.1.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        labels(&wide),
        vec!["on-demand", "hourly", "1-month", "1-year (yours)"]
    );
    assert_eq!(labels(&narrow), vec!["on-demand", "hourly", "1m", "1y"]);
}
