//! The break-even chart against the report it is drawn from.
mod common;

use ptcalc_charts::breakeven::{BreakEvenChart, RANGE_FACTOR, SAMPLES};
use ptcalc_charts::{model, ChartKind, ChartModel, MarkerKind, Theme};
use ptcalc_core::numfmt::compact;

fn breakeven(a: &ptcalc_core::report::Analysis) -> (ChartModel, BreakEvenChart) {
    let m = model(ChartKind::BreakEven, a).expect("builds");
    let ChartModel::BreakEven(b) = m.clone() else {
        panic!("not a break-even model")
    };
    (m, b)
}

#[test]
fn the_volume_axis_runs_to_three_times_the_larger_of_volume_and_break_even() {
    for (name, a) in common::scenarios()
        .into_iter()
        .chain([("flat", common::custom_flat())])
    {
        let (_, b) = breakeven(&a);
        let v = a.report.load.tokens_per_month;
        let furthest = a
            .report
            .terms
            .iter()
            .filter_map(|t| t.break_even_tokens_per_month)
            .fold(v, f64::max);
        assert_eq!(b.samples.len(), SAMPLES + 1, "{name}");
        let last = b.samples.last().expect("samples").tokens_per_month;
        assert!(
            (last - RANGE_FACTOR * furthest).abs() < 1e-6 * last,
            "{name}: {last}"
        );
        assert_eq!(b.samples[0].tokens_per_month, 0.0);
    }
}

#[test]
fn break_even_points_sit_on_the_on_demand_line_at_the_reported_volume() {
    let a = common::custom_flat();
    let (m, b) = breakeven(&a);
    let row = &a.report.terms[0];
    let be = row
        .break_even_tokens_per_month
        .expect("flat traffic breaks even");
    let markers = m.markers();
    let marker = markers
        .iter()
        .find(|m| m.kind == MarkerKind::BreakEven)
        .expect("a break-even marker");
    assert_eq!(marker.x, be);
    assert!((marker.y - be * b.on_demand_usd_per_token).abs() < 1e-6 * marker.y);
    assert_eq!(marker.label, format!("break-even 1-year: {}", compact(be)));
    assert!((marker.px - m.frame().x_px(be)).abs() < 1e-9);
    assert!(m
        .table()
        .caption
        .contains(&format!("1-year at {} tokens/month", compact(be))));
    // On either side of it, full provisioning goes from dearer to cheaper than on-demand.
    let line = &b.terms[0];
    let after: Vec<&(f64, f64)> = line.points.iter().filter(|p| p.0 > be * 1.05).collect();
    assert!(
        !after.is_empty()
            && after
                .iter()
                .all(|p| p.1 <= p.0 * b.on_demand_usd_per_token + 1e-6)
    );
}

#[test]
fn you_are_here_marks_the_scenario() {
    for (name, a) in common::scenarios() {
        let (m, b) = breakeven(&a);
        let markers = m.markers();
        let here = markers
            .iter()
            .find(|m| m.kind == MarkerKind::Current)
            .expect("you are here");
        assert_eq!(here.x, a.report.load.tokens_per_month, "{name}");
        assert_eq!(
            Some(here.y),
            a.report.monthly.hybrid,
            "{name}: at the scenario's hybrid bill"
        );
        assert!(here.label.starts_with("you are here"), "{name}");
        assert_eq!(b.current_usd_per_month, here.y);
    }
}

#[test]
fn every_priced_term_gets_a_line_and_the_chosen_one_is_emphasised() {
    let a = common::default_azure();
    let (m, b) = breakeven(&a);
    let terms: Vec<&str> = b.terms.iter().map(|l| l.term.as_str()).collect();
    let reported: Vec<&str> = a.report.terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(terms, reported);
    assert_eq!(b.terms.iter().filter(|l| l.chosen).count(), 1);
    assert!(m
        .base()
        .legend
        .iter()
        .any(|e| e.label == "full, 1-year (your term)"));
    // No term of this scenario ever breaks even: the notes say why.
    assert!(m
        .base()
        .notes
        .iter()
        .any(|n| n.contains("never beats on-demand") && n.contains("73.8%")));
    // The staircase: at zero volume nothing is bought, right after it the minimum is.
    let chosen = b.terms.iter().find(|l| l.chosen).expect("chosen");
    assert_eq!(chosen.points[0], (0.0, 0.0));
    assert!(chosen.points[1].1 > 0.0);
    // The hourly term is far dearer: it leaves through the top, named where it does.
    let svg = m.to_svg(&Theme::light()).expect("draws");
    assert!(m
        .markers()
        .iter()
        .any(|m| m.kind == MarkerKind::Series && m.label == "hourly ↑"));
    assert!(svg.contains("hourly ↑"));
}

#[test]
fn the_readout_lists_each_option_at_the_nearest_volume() {
    let a = common::default_azure();
    let (m, b) = breakeven(&a);
    let s = &b.samples[40];
    let text = m
        .readout(m.fraction_at(s.tokens_per_month))
        .expect("inside");
    assert!(
        text.starts_with(&format!(
            "{} tokens/month: on-demand $",
            compact(s.tokens_per_month)
        )),
        "{text}"
    );
    assert!(
        text.contains("full 1-year $") && text.contains("hybrid $"),
        "{text}"
    );
}
