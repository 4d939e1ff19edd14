//! Invariants of the model, checked on random workloads, shapes and offerings.
mod oracle;

use oracle::naive_overflow;
use proptest::prelude::*;
use ptcalc_core::breakeven::{break_even_scale, BreakEven};
use ptcalc_core::capacity::{is_feasible, units_for_load};
use ptcalc_core::hybrid::{
    argmin_convex, cheapest, feasible_counts, optimum, split_at, sweep, LoadCurve, PoolEconomics,
};
use ptcalc_core::link::portfolio::{
    format_portfolio, parse_portfolio, PortfolioLinkError, MAX_QUERY_CHARS, MAX_WORKLOADS,
};
use ptcalc_core::link::{format, format_link, parse};
use ptcalc_core::scenario::Presentation;
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::traffic::{max_peak_to_average, multipliers};
use ptcalc_core::{Deployment, Scenario, Term};

fn demand() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.0f64..10_000.0, 1..400)
}

fn economics() -> impl Strategy<Value = PoolEconomics> {
    (
        50.0f64..2_000.0,
        1u64..20,
        1u64..10,
        1.0f64..500.0,
        1e-6f64..1e-2,
    )
        .prop_map(|(c, min, inc, price, p)| PoolEconomics {
            capacity_per_unit_per_minute: c,
            min_units: min,
            increment: inc,
            usd_per_unit_month: price,
            usd_per_normalized_token: p,
        })
}

fn peak_units(curve: &LoadCurve, e: &PoolEconomics) -> u64 {
    units_for_load(
        curve.peak(),
        e.capacity_per_unit_per_minute,
        e.min_units,
        e.increment,
    )
}

proptest! {
    #[test]
    fn overflow_never_grows_with_more_units(d in demand(), e in economics()) {
        let curve = LoadCurve::new(&d);
        let points = sweep(&curve, &e, peak_units(&curve, &e));
        for pair in points.windows(2) {
            prop_assert!(pair[1].overflow_tokens <= pair[0].overflow_tokens + 1e-9);
        }
    }

    #[test]
    fn served_plus_overflow_is_demand(d in demand(), e in economics(), k in 0u64..200) {
        let curve = LoadCurve::new(&d);
        let s = split_at(&curve, &e, k);
        let total: f64 = d.iter().sum();
        prop_assert!((s.served_tokens + s.overflow_tokens - total).abs() <= 1e-6 * total.max(1.0));
        prop_assert!((0.0..=1.0).contains(&s.utilization));
        prop_assert!((0.0..=1.0).contains(&s.overflow_share));
    }

    #[test]
    fn sorted_overflow_matches_the_naive_loop(d in demand(), cap in 0.0f64..12_000.0) {
        let curve = LoadCurve::new(&d);
        let fast = curve.overflow(cap);
        let slow = naive_overflow(&d, cap);
        prop_assert!((fast - slow).abs() <= 1e-6 * slow.max(1.0), "fast {fast} slow {slow}");
    }

    #[test]
    fn optimum_is_no_dearer_than_on_demand_or_full_provisioning(d in demand(), e in economics()) {
        let curve = LoadCurve::new(&d);
        let top = peak_units(&curve, &e);
        let best = optimum(&curve, &e, top);
        let on_demand = split_at(&curve, &e, 0).total_usd;
        let full = split_at(&curve, &e, top).total_usd;
        prop_assert!(best.total_usd <= on_demand + 1e-9);
        prop_assert!(best.total_usd <= full + 1e-9);
        // The convex search finds what the exhaustive sweep finds.
        let swept = cheapest(&sweep(&curve, &e, top)).map(|p| p.total_usd).unwrap_or(f64::NAN);
        prop_assert!((best.total_usd - swept).abs() <= 1e-7 * swept.max(1.0), "search {} sweep {}", best.total_usd, swept);
    }

    #[test]
    fn unit_counts_respect_minimum_and_increment(load in 0.0f64..1e7, c in 1.0f64..1e5, min in 1u64..500, inc in 1u64..100) {
        let k = units_for_load(load, c, min, inc);
        prop_assert!(is_feasible(k, min, inc));
        prop_assert!(k as f64 * c >= load * (1.0 - 1e-12));
        if k > min {
            // One step fewer would not carry the load.
            prop_assert!(((k - inc) as f64) * c < load);
        }
        for k in feasible_counts(min, inc, 3 * min + 7 * inc) {
            prop_assert!(is_feasible(k, min, inc));
        }
    }

    #[test]
    fn optimum_sits_at_the_newsvendor_quantile(d in prop::collection::vec(1.0f64..10_000.0, 50..400), c in 50.0f64..500.0, price in 1.0f64..200.0, p in 1e-5f64..1e-3) {
        // min 1, increment 1: the optimum capacity K*·C lies within one unit of the
        // (1 − u*) quantile of per-minute demand.
        let e = PoolEconomics { capacity_per_unit_per_minute: c, min_units: 1, increment: 1, usd_per_unit_month: price, usd_per_normalized_token: p };
        let curve = LoadCurve::new(&d);
        let u_star = price / (p * c * d.len() as f64);
        let best = optimum(&curve, &e, peak_units(&curve, &e));
        let target = curve.capacity_with_share_above(u_star).unwrap_or(0.0);
        let reserved = best.units as f64 * c;
        prop_assert!((reserved - target).abs() <= c + 1e-9, "K*·C = {reserved}, quantile {target}, u* {u_star}");
    }

    #[test]
    fn break_even_scale_is_where_full_provisioning_starts_to_win(d in prop::collection::vec(100.0f64..1_000.0, 20..200), c in 100.0f64..2_000.0, price in 1.0f64..100.0, p in 1e-5f64..1e-2) {
        let e = PoolEconomics { capacity_per_unit_per_minute: c, min_units: 1, increment: 1, usd_per_unit_month: price, usd_per_normalized_token: p };
        let curve = LoadCurve::new(&d);
        let peak = curve.peak();
        let gap = |s: f64| {
            let k = units_for_load(s * peak, c, 1, 1);
            let od = p * s * curve.total();
            let full = price * k as f64 + p * s * curve.overflow(k as f64 * c / s);
            od - full
        };
        if let BreakEven::AboveScale(s) = break_even_scale(&curve, &e, peak) {
            // Just above s* full provisioning wins, at many larger scales too.
            for m in [1.0 + 1e-6, 1.1, 1.5, 2.0, 3.7, 10.0, 55.5] {
                prop_assert!(gap(s * m) > -1e-6 * (p * s * m * curve.total()), "loses at {m} × s* = {}", s * m);
            }
            // Full provisioning loses somewhere in (s* − ε, s*]: inside s*'s unit count just
            // below s*, or (when s* sits on a count's first volume) at that volume's right limit.
            if s > 1e-9 {
                let k_up = units_for_load(s * (1.0 + 1e-12) * peak, c, 1, 1);
                let edge = (k_up - 1) as f64 * c / peak;
                let edge_gap = p * edge * (curve.total() - curve.overflow(k_up as f64 * c / edge)) - price * k_up as f64;
                let below = gap(s * (1.0 - 1e-9));
                let tol = 1e-6 * (p * s * curve.total());
                prop_assert!(below.min(edge_gap) <= tol, "already wins below s* = {s}: {below}, {edge_gap}");
            }
        }
    }

    #[test]
    fn argmin_convex_ties_go_to_fewer_units(min in 1u64..10, inc in 1u64..5) {
        // A flat cost: every count ties, so the answer is 0.
        prop_assert_eq!(argmin_convex(min, inc, 100, |_| 5.0), 0);
    }

    #[test]
    fn shapes_have_mean_one_and_respect_their_peak(shape in prop::sample::select(ShapeKind::ALL.to_vec()), pa in 1.0f64..4.0, seed in 0u64..1000, hours in 24u32..744) {
        let minutes = hours as usize * 60;
        let max = max_peak_to_average(shape, minutes, seed);
        match multipliers(shape, pa, seed, minutes) {
            Ok(m) => {
                prop_assert!(pa <= max + 1e-9 || shape == ShapeKind::Flat);
                let mean = m.iter().sum::<f64>() / m.len() as f64;
                prop_assert!((mean - 1.0).abs() < 1e-9, "mean {mean}");
                prop_assert!(m.iter().all(|v| *v >= 0.0 && v.is_finite()));
                if shape == ShapeKind::Business {
                    prop_assert!((m.iter().copied().fold(0.0, f64::max) - pa).abs() < 1e-9);
                }
            }
            Err(e) => {
                prop_assert!(pa > max, "{shape:?} pa {pa} max {max}: {e}");
                prop_assert!(e.to_string().contains("maximum"));
            }
        }
    }

    #[test]
    fn link_round_trips(s in scenario()) {
        let text = format(&s);
        let back = parse(&text);
        prop_assert!(back.warnings.is_empty(), "{text}: {:?}", back.warnings);
        prop_assert_eq!(back.scenario, s);
    }

    #[test]
    fn link_parse_never_panics_and_names_bad_keys(junk in "[ -~]{0,300}") {
        let parsed = parse(&junk);
        for w in &parsed.warnings {
            prop_assert!(!w.key.is_empty());
            prop_assert!(!w.message.is_empty());
        }
        // Whatever came in, the result is a valid scenario that round-trips.
        prop_assert_eq!(parse(&format(&parsed.scenario)).scenario, parsed.scenario);
    }
}

proptest! {
    #[test]
    fn portfolio_link_round_trips(
        workloads in prop::collection::vec((scenario(), prop::option::of("[a-zA-Z0-9 &=%#+?é]{0,12}[a-z]")), 1..5),
    ) {
        let workloads: Vec<Scenario> = workloads
            .into_iter()
            .enumerate()
            .map(|(i, (s, name))| Scenario { name: name.map(|n| format!("{i}{n}")), ..s })
            .collect();
        match format_portfolio(&workloads, &Presentation::default()) {
            Ok(text) => {
                let back = parse_portfolio(&text);
                prop_assert!(back.warnings.is_empty(), "{text}: {:?}", back.warnings);
                let scenarios: Vec<Scenario> = back.workloads.into_iter().map(|p| p.scenario).collect();
                prop_assert_eq!(scenarios, workloads);
                // The first workload's part is its own link: a single-scenario reader sees it.
                prop_assert_eq!(parse(&text).scenario, parse(&format(&workloads_first(&text))).scenario);
            }
            Err(PortfolioLinkError::TooLong { chars }) => {
                prop_assert!(workloads.len() >= 2 && chars > MAX_QUERY_CHARS);
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    #[test]
    fn a_portfolio_of_one_is_todays_link(s in scenario()) {
        let p = Presentation::default();
        prop_assert_eq!(format_portfolio(std::slice::from_ref(&s), &p), Ok(format_link(&s, &p)));
    }

    #[test]
    fn portfolio_parse_never_panics_and_names_workload_and_key(junk in "[ -~]{0,300}", part in "[ -~]{0,80}") {
        // `#` ends a link's query and `?` starts one: junk stays inside the query.
        let clean = |t: &str| t.replace(['#', '?'], "");
        let link = format!("?{}&w={}&w=name=second%26pa=oops", clean(&junk), clean(&part));
        let parsed = parse_portfolio(&link);
        prop_assert!(parsed.workloads.len() >= 3);
        for w in &parsed.warnings {
            prop_assert!(!w.workload.is_empty() && !w.key.is_empty() && !w.message.is_empty());
        }
        // Unless junk named so many workloads that "second" is past the limit.
        if parsed.workloads.len() < MAX_WORKLOADS {
            prop_assert!(parsed.warnings.iter().any(|w| w.workload == "second" && w.key == "pa"));
        }
    }
}

fn workloads_first(text: &str) -> Scenario {
    parse(text).scenario
}

fn share() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(0.2), Just(0.5), 0.0f64..0.5]
}

fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(250_000.0),
        Just(1.5e6),
        0.0f64..1e9,
        (0u32..1_000_000).prop_map(f64::from)
    ]
}

fn price() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(prop_oneof![Just(0.0), 0.0f64..10_000.0])
}

/// Every key of the link takes a random valid value (or stays unset), within the rules
/// between keys: a seed only for `bursty`, a ratio only for shapes that have one, one unit
/// price, one deployment for `custom`.
fn scenario() -> impl Strategy<Value = Scenario> {
    let volume = prop_oneof![
        (amount(), amount()).prop_map(|(i, o)| Volume::Tokens {
            input_tpm: i,
            output_tpm: o
        }),
        (amount(), 0.0f64..1e6, 0.0f64..1e6).prop_map(|(r, p, c)| Volume::Calls {
            calls_per_minute: r.min(1e9),
            prompt_tokens: p,
            completion_tokens: c
        }),
    ];
    let overrides = (
        (
            prop::option::of(prop_oneof![Just(1e12), 1e-3f64..1e6]),
            prop::option::of(1u64..=1_000_000),
            prop::option::of(1u64..100),
            prop::option::of(0.0f64..10.0),
            prop::option::of(0.0f64..=100.0),
        ),
        (
            // The unit price: none, per hour or per month.
            prop_oneof![
                Just((None, None)),
                (1e-3f64..1e6).prop_map(|pu| (Some(pu), None)),
                (0.01f64..1e9).prop_map(|pm| (None, Some(pm))),
            ],
            prop::option::of(0.0f64..99.99),
            (price(), price(), price(), price()),
        ),
    )
        .prop_map(
            |((cap, min, inc, wout, wcache), ((pu, pm), disc, (pin, pcache, pcw, pout)))| {
                Overrides {
                    capacity_per_unit_per_minute: cap,
                    min_units: min,
                    increment: inc,
                    output_weight: wout,
                    cached_weight: wcache,
                    usd_per_unit_hour: pu,
                    usd_per_unit_month: pm,
                    discount_percent: disc,
                    input_usd_per_mtok: pin,
                    cached_usd_per_mtok: pcache,
                    cache_write_usd_per_mtok: pcw,
                    output_usd_per_mtok: pout,
                }
            },
        );
    (
        prop::sample::select(vec![
            "azure/gpt-4.1",
            "vertex/gemini-2.5-flash",
            "custom",
            "openai/gpt-4o-scale",
        ]),
        prop::sample::select(Deployment::ALL.to_vec()),
        prop::sample::select(Term::ALL.to_vec()),
        volume,
        share(),
        share(),
        prop::sample::select(ShapeKind::ALL.to_vec()),
        1.0f64..2.0,
        (
            any::<u64>(),
            1u8..=100,
            prop::option::of(prop_oneof![Just(1_000_000_000u64), 0u64..10_000]),
            1u32..=120,
            -50.0f64..100.0,
            share(),
            1u32..=744,
        ),
        overrides,
    )
        .prop_map(|(o, d, t, volume, cache, cw, shape, pa, rest, overrides)| {
            let (seed, size, units, h, g, b, mh) = rest;
            let default = Scenario::default();
            // A valid scenario: the peak-to-average within the shape's maximum for this month.
            let pa = match shape {
                ShapeKind::Flat => default.peak_to_average,
                _ => pa
                    .min(max_peak_to_average(shape, mh as usize * 60, seed))
                    .max(1.0),
            };
            Scenario {
                offering: o.into(),
                deployment: if o == "custom" { Deployment::Global } else { d },
                term: t,
                volume,
                cached_share: cache,
                cache_write_share: cw,
                shape,
                peak_to_average: pa,
                seed: if shape == ShapeKind::Bursty {
                    seed
                } else {
                    default.seed
                },
                size_percentile: size,
                units,
                horizon_months: h,
                growth_percent: g,
                batch_share: b,
                hours_per_month: f64::from(mh),
                overrides,
                at: None,
                edition: None,
                org_card: None,
                name: None,
                load: None,
                group: None,
                group_load: None,
            }
        })
}
