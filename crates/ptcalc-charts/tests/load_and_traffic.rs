//! The load-duration and traffic charts against the per-minute model they draw.
mod common;

use ptcalc_charts::load::{LoadChart, BUCKETS};
use ptcalc_charts::traffic::{TrafficChart, BUCKET_MINUTES, WEEK_MINUTES};
use ptcalc_charts::{model, ChartKind, ChartModel, MarkerKind};
use ptcalc_core::numfmt::{compact, percent};

fn load(a: &ptcalc_core::report::Analysis) -> (ChartModel, LoadChart) {
    let m = model(ChartKind::LoadDuration, a).expect("builds");
    let ChartModel::LoadDuration(l) = m.clone() else {
        panic!("not a load model")
    };
    (m, l)
}

fn traffic(a: &ptcalc_core::report::Analysis) -> (ChartModel, TrafficChart) {
    let m = model(ChartKind::Traffic, a).expect("builds");
    let ChartModel::Traffic(t) = m.clone() else {
        panic!("not a traffic model")
    };
    (m, t)
}

#[test]
fn the_load_duration_curve_never_rises_and_keeps_the_peak() {
    for (name, a) in common::scenarios() {
        let (_, l) = load(&a);
        assert_eq!(l.points.len(), BUCKETS + 1, "{name}");
        assert!(
            l.points.windows(2).all(|w| w[0].1 >= w[1].1),
            "{name}: rises somewhere"
        );
        assert!(
            l.points.windows(2).all(|w| w[0].0 < w[1].0),
            "{name}: x not increasing"
        );
        assert_eq!(l.points[0], (0.0, a.pools[0].curve.peak()), "{name}");
        assert_eq!(l.points.last().map(|p| p.0), Some(1.0), "{name}");
    }
}

#[test]
fn the_load_duration_points_are_the_maxima_of_the_sorted_curves_buckets() {
    // The chart reads the curve at the bucket edges from the grid; the sorted copy is the
    // oracle: each of the 400 equal buckets of the busiest-first curve, at its maximum.
    for (name, a) in common::scenarios() {
        let (_, l) = load(&a);
        let desc = a.pools[0].curve.descending();
        let n = desc.len();
        for (i, &(share, load)) in l.points[..BUCKETS].iter().enumerate() {
            let (lo, hi) = (
                i * n / BUCKETS,
                ((i + 1) * n / BUCKETS).max(i * n / BUCKETS + 1),
            );
            let max = desc[lo..hi.min(n)]
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max);
            assert_eq!(
                (share, load),
                (lo as f64 / n as f64, max),
                "{name}: bucket {i}"
            );
        }
        assert_eq!(l.points[BUCKETS], (1.0, desc[n - 1]), "{name}");
        for &(s, load) in &l.profile {
            assert_eq!(
                load,
                desc[((s * n as f64) as usize).min(n - 1)],
                "{name}: share {s}"
            );
        }
    }
}

#[test]
fn the_reserved_line_is_the_optimum_with_the_reports_shares() {
    for a in [common::default_azure(), common::custom_business()] {
        let (m, l) = load(&a);
        let h = a.report.hybrid.as_ref().expect("priced");
        let r = l.reserved.as_ref().expect("a reserved line");
        assert!(l.reserved_is_optimum);
        assert_eq!(r.units, h.units);
        let c = a.pools[0].capacity_per_unit_per_minute.expect("capacity");
        assert_eq!(r.tokens_per_minute, h.units as f64 * c);
        assert_eq!(l.utilization, Some(h.utilization));
        assert_eq!(l.overflow_share, Some(h.overflow_share));
        let legend: Vec<&str> = m.base().legend.iter().map(|e| e.label.as_str()).collect();
        assert!(
            legend.contains(&format!("served, {} utilization", percent(h.utilization)).as_str()),
            "{legend:?}"
        );
        assert!(
            legend.contains(&format!("overflow, {} of tokens", percent(h.overflow_share)).as_str()),
            "{legend:?}"
        );
        let markers = m.markers();
        let label = markers
            .iter()
            .find(|m| m.kind == MarkerKind::Capacity)
            .expect("capacity label");
        assert_eq!(
            label.label,
            format!("optimum: {} PTU", h.units)
                .replace(" PTU", &format!(" {}", unit_word(&a, h.units)))
        );
        assert!((label.py - m.frame().y_px(r.tokens_per_minute)).abs() < 1e-9);
    }
}

fn unit_word(a: &ptcalc_core::report::Analysis, n: u64) -> String {
    let u = &a.report.offering.unit;
    if u.ends_with("unit") && n != 1 {
        format!("{u}s")
    } else {
        u.clone()
    }
}

#[test]
fn the_overflow_crossing_is_where_the_curve_meets_the_capacity() {
    let a = common::default_azure();
    let (m, l) = load(&a);
    let cap = l.reserved.as_ref().expect("reserved").tokens_per_minute;
    let markers = m.markers();
    let crossing = markers
        .iter()
        .find(|m| m.kind == MarkerKind::Crossing)
        .expect("a crossing");
    let share = a.pools[0].curve.minutes_above(cap) as f64 / a.pools[0].curve.minutes() as f64;
    assert_eq!(crossing.x, share);
    assert_eq!(crossing.y, cap);
    assert_eq!(
        crossing.label,
        format!(
            "overflow in {} of minutes, {} of tokens",
            percent(share),
            percent(l.overflow_share.expect("priced"))
        )
    );
}

#[test]
fn the_load_table_reads_the_exact_curve() {
    let a = common::default_azure();
    let (m, _) = load(&a);
    let t = m.table();
    assert_eq!(t.rows[0][0], "0%");
    assert_eq!(t.rows[0][1], compact(a.pools[0].curve.peak()));
    let last = t.rows.last().expect("rows");
    assert_eq!(last[0], "100%");
    assert_eq!(
        last[1],
        compact(*a.pools[0].curve.descending().last().expect("minutes"))
    );
}

#[test]
fn the_traffic_chart_shows_the_first_week_in_15_minute_buckets() {
    for (name, a) in common::scenarios() {
        let (m, t) = traffic(&a);
        assert_eq!(t.minutes, WEEK_MINUTES, "{name}");
        assert_eq!(t.buckets.len(), WEEK_MINUTES / BUCKET_MINUTES, "{name}");
        assert_eq!(t.hourly.len(), 168, "{name}");
        let week = &a.pools[0].demand[..WEEK_MINUTES];
        let peak = week.iter().copied().fold(0.0, f64::max);
        assert_eq!(
            t.buckets.iter().map(|b| b.max).fold(0.0, f64::max),
            peak,
            "{name}: the peak survives"
        );
        let mean: f64 = t.buckets.iter().map(|b| b.mean).sum::<f64>() / t.buckets.len() as f64;
        let exact: f64 = week.iter().sum::<f64>() / week.len() as f64;
        assert!(
            (mean - exact).abs() < 1e-9 * exact,
            "{name}: volume preserved"
        );
        assert_eq!(m.frame().x.hi, 168.0);
        let days: Vec<&str> = m.frame().x.ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(days.first(), Some(&"Mon"), "{name}");
        assert_eq!(m.table().rows[14][0], "Mon 14:00");
    }
}

#[test]
fn business_hours_peak_in_the_working_day_and_the_readout_says_when() {
    let a = common::custom_business();
    let (m, t) = traffic(&a);
    // Tuesday 10:00 is busy, Saturday 10:00 is not.
    let tue = t.bucket_at(24.0 + 10.0).expect("bucket");
    let sat = t.bucket_at(5.0 * 24.0 + 10.0).expect("bucket");
    assert!(tue.mean > 2.0 * sat.mean);
    let text = m.readout(m.fraction_at(24.0 + 10.1)).expect("inside");
    assert!(text.starts_with("Tue 10:00: peak "), "{text}");
    assert!(text.contains("reserved"), "{text}");
    let r = t.reserved.as_ref().expect("reserved");
    assert_eq!(Some(r.units), a.report.hybrid.as_ref().map(|h| h.units));
    assert_eq!(t.full.as_ref().map(|f| f.units), a.report.units.required);
}

#[test]
fn per_dimension_offerings_show_the_first_pool_and_say_so() {
    let a = common::per_dimension();
    for kind in [ChartKind::LoadDuration, ChartKind::Traffic] {
        let m = model(kind, &a).expect("builds");
        assert!(
            m.base()
                .notes
                .iter()
                .any(|n| n.contains("The input pool is shown")),
            "{kind}"
        );
        assert_eq!(m.base().y.title, "input tokens per minute");
    }
}

/// Imported traffic: weekdays 09:00–17:00 UTC at 3× the nights and weekends, for a week
/// starting Monday 2025-08-18 00:00 UTC.
fn imported_office_week() -> ptcalc_core::report::Analysis {
    use ptcalc_core::load_summary::{LoadSummary, SummaryText};
    let monday = 29_257_920; // Unix minute of 2025-08-18 00:00 UTC
    let load: Vec<f64> = (0..WEEK_MINUTES)
        .map(|t| {
            let (day, hour) = (t / 1_440, t % 1_440 / 60);
            if day < 5 && (9..17).contains(&hour) {
                3.0
            } else {
                1.0
            }
        })
        .collect();
    let (summary, _) = LoadSummary::from_series(&load, monday).expect("summarizes");
    let s = ptcalc_core::Scenario {
        load: SummaryText::parse(&summary.encode()).ok(),
        ..ptcalc_core::Scenario::default()
    };
    let offering = ptcalc_ratecards::catalog()
        .resolve(&s.offering, s.deployment)
        .expect("bundled");
    ptcalc_core::report::evaluate(&s, &offering).expect("evaluates")
}

#[test]
fn imported_traffic_draws_its_average_week_not_the_sorted_month() {
    let a = imported_office_week();
    let (_, t) = traffic(&a);
    let mean = a.pools[0].curve.mean();
    let at = |hour: f64| t.bucket_at(hour).expect("a bucket").mean / mean;
    // Monday 10:00 is office hours, Monday 03:00 and Saturday 12:00 are not.
    let (office, night, weekend) = (at(10.0), at(3.0), at(5.0 * 24.0 + 12.0));
    assert!((office / night - 3.0).abs() < 0.1, "{office} vs {night}");
    assert!((weekend / night - 1.0).abs() < 0.05, "{weekend} vs {night}");
    assert!(
        t.base.notes.iter().any(|n| n.contains("Imported traffic")),
        "{:?}",
        t.base.notes
    );
}
