//! The verdict's range ("this answer holds from ×0.6 to ×2.4 of this traffic") is read off
//! one analysis (`verdict::range_of`, `Analysis::best_at`) instead of evaluating the
//! scenario again at every multiple. On every bundled offering, it must give what
//! evaluating the scaled scenario gives: the same best option at each multiple, and the
//! same range as the scan over full evaluations.
use ptcalc_core::report::Best;
use ptcalc_core::verdict::{answer_range, range_of, scale_traffic, Answer};
use ptcalc_core::Scenario;
use ptcalc_ratecards::{catalog, evaluate};

/// The default workload on every offering and deployment of the bundled cards, with the
/// scenario's term set to each term the offering prices (the report compares all of them
/// whichever is chosen, but the chosen term decides which figures the warnings ask for).
fn scenarios() -> Vec<Scenario> {
    let mut out = Vec::new();
    for entry in catalog().entries() {
        for &deployment in &entry.deployments {
            let term = entry
                .priced_terms
                .first()
                .copied()
                .unwrap_or(Scenario::default().term);
            out.push(Scenario {
                offering: entry.id.clone(),
                deployment,
                term,
                ..Scenario::default()
            });
        }
    }
    out
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn same(fast: &Option<Best>, full: &Option<Best>) -> bool {
    match (fast, full) {
        (None, None) => true,
        (Some(f), Some(e)) => {
            f.option == e.option
                && f.term == e.term
                && f.units == e.units
                && close(f.monthly_usd, e.monthly_usd)
        }
        _ => false,
    }
}

#[test]
fn the_best_option_at_a_multiple_is_the_scaled_scenarios_on_every_offering() {
    let all = scenarios();
    assert!(all.len() > 100, "{} scenarios", all.len());
    let mut reserving = 0;
    for s in &all {
        let Ok(a) = evaluate(s) else { continue };
        assert_eq!(a.best_at(1.0), a.report.best, "{}", s.offering);
        for x in [0.1, 0.45, 3.0, 10.0] {
            let scaled = evaluate(&scale_traffic(s, x)).expect("the scaled scenario evaluates");
            let (fast, full) = (a.best_at(x), scaled.report.best);
            assert!(
                same(&fast, &full),
                "{} {:?} ×{x}: {fast:?} vs {full:?}",
                s.offering,
                s.deployment
            );
            reserving += usize::from(matches!(
                fast.as_ref().map(Answer::of_best),
                Some(Answer::Reserve(_))
            ));
        }
    }
    // The check covers both answers, not only on-demand.
    assert!(reserving > 50, "{reserving} multiples reserve");
}

#[test]
fn the_range_equals_the_scan_over_full_evaluations() {
    // The first complete offering of each vendor and the first per-dimension one (each
    // scan evaluates the scenario about 25 times, so not all of them).
    let complete = |e: &&ptcalc_ratecards::Entry| {
        e.capacity_published && e.has_on_demand && !e.priced_terms.is_empty()
    };
    let mut picked: Vec<&ptcalc_ratecards::Entry> = Vec::new();
    for e in catalog().entries().iter().filter(complete) {
        if !picked.iter().any(|p| p.vendor == e.vendor) {
            picked.push(e);
        }
    }
    picked.extend(
        catalog()
            .entries()
            .iter()
            .filter(complete)
            .find(|e| e.per_dimension),
    );
    assert!(picked.len() >= 4, "{} offerings picked", picked.len());
    let mut bounds = 0;
    // The default workload ÷30, as is and ×30: where on-demand holds throughout, where
    // reserving does, and the crossings between.
    let cases = picked.iter().flat_map(|e| {
        [1.0 / 30.0, 1.0, 30.0].map(|f| {
            let s = Scenario {
                offering: e.id.clone(),
                deployment: e.deployments[0],
                ..Scenario::default()
            };
            (e, scale_traffic(&s, f))
        })
    });
    for (e, s) in cases {
        let a = evaluate(&s).unwrap_or_else(|err| panic!("{}: {err}", e.id));
        let scanned = answer_range(|x| {
            evaluate(&scale_traffic(&s, x))
                .ok()
                .and_then(|a| Answer::of(&a.report))
        });
        assert_eq!(range_of(&a), scanned, "{}", e.id);
        bounds += scanned.map_or(0, |r| {
            usize::from(r.low.is_some()) + usize::from(r.high.is_some())
        });
    }
    assert!(
        bounds > 0,
        "no range ends inside the scan: the check compares nothing"
    );
}
