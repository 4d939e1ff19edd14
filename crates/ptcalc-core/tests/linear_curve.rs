//! The linear-time `LoadCurve` answers exactly what the former sort-based curve answered.
//!
//! Tolerance: counts, percentiles, the peak and every order statistic are equal bit for
//! bit (they are the same minute). Sums (the total, overflow, and the dollars and shares
//! derived from them) add the same minutes in a different order, so they agree within
//! 1e-9 × the series' total (1e-9 of a dollar per $1 of on-demand), far below the last
//! printed digit; utilization (served over capacity, served = total − overflow) within
//! 1e-9 × total / capacity.
mod oracle;

use oracle::{naive_overflow, SortedCurve};
use proptest::prelude::*;
use ptcalc_core::capacity::units_for_load;
use ptcalc_core::hybrid::{
    argmin_convex, feasible_counts, split_at_scale, sweep, LoadCurve, PoolEconomics, SplitPoint,
};
use ptcalc_core::scenario::ShapeKind;
use ptcalc_core::traffic::multipliers;

const TOLERANCE: f64 = 1e-9;

fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= TOLERANCE * scale.abs().max(1.0)
}

/// Random series of the kinds that stress the cells: spread, many equal minutes (burst
/// plateaus), a tight band under one far spike (every minute in one heavy cell), zeros
/// and junk values that count as 0.
fn series() -> impl Strategy<Value = Vec<f64>> {
    let spread = prop::collection::vec(0.0f64..10_000.0, 0..700);
    let plateaus = prop::collection::vec(
        prop::sample::select(vec![0.0, 250.0, 1_000.0, 1_000.0, 3_000.0]),
        1..900,
    );
    let band_and_spike = (
        prop::collection::vec(1_000.0f64..1_001.0, 257..1_500),
        1e6f64..1e12,
    )
        .prop_map(|(mut band, spike)| {
            band.push(spike);
            band
        });
    let junk = prop::collection::vec(
        prop_oneof![
            4 => 0.0f64..5_000.0,
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
            1 => Just(-3.0),
            1 => Just(-0.0),
            1 => Just(f64::MIN_POSITIVE),
        ],
        0..300,
    );
    prop_oneof![spread, plateaus, band_and_spike, junk]
}

fn economics() -> impl Strategy<Value = PoolEconomics> {
    (
        10.0f64..3_000.0,
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

fn same_split(a: &SplitPoint, b: &SplitPoint, dollars: f64, tokens: f64) -> Result<(), String> {
    let checks = [
        ("reserved_usd", a.reserved_usd, b.reserved_usd, dollars),
        ("overflow_usd", a.overflow_usd, b.overflow_usd, dollars),
        ("total_usd", a.total_usd, b.total_usd, dollars),
        // served = total − overflow, so its rounding is the total's, over the capacity.
        (
            "utilization",
            a.utilization,
            b.utilization,
            tokens / b.capacity_tokens.max(1e-300),
        ),
        ("overflow_share", a.overflow_share, b.overflow_share, 1.0),
        ("served_tokens", a.served_tokens, b.served_tokens, tokens),
        (
            "overflow_tokens",
            a.overflow_tokens,
            b.overflow_tokens,
            tokens,
        ),
        (
            "capacity_tokens",
            a.capacity_tokens,
            b.capacity_tokens,
            tokens,
        ),
    ];
    if a.units != b.units {
        return Err(format!("units {} vs {}", a.units, b.units));
    }
    for (name, x, y, scale) in checks {
        if !close(x, y, scale) {
            return Err(format!("{name} at {} units: {x} vs {y}", a.units));
        }
    }
    Ok(())
}

/// Every query of the curve against the oracle, at the given capacities.
fn agrees_with_the_sorted_curve(d: &[f64], capacities: &[f64]) -> Result<(), String> {
    let fast = LoadCurve::new(d);
    let slow = SortedCurve::new(d);
    let total = slow.total();
    if fast.minutes() != slow.minutes() || fast.peak() != slow.peak() {
        return Err(format!(
            "minutes {} vs {}, peak {} vs {}",
            fast.minutes(),
            slow.minutes(),
            fast.peak(),
            slow.peak()
        ));
    }
    if !close(fast.total(), total, total) || !close(fast.mean(), slow.mean(), slow.mean()) {
        return Err(format!("total {} vs {total}", fast.total()));
    }
    if fast.descending() != slow.descending() {
        return Err("descending order differs".into());
    }
    for (i, want) in slow.descending().iter().enumerate() {
        if fast.busiest(i) != *want {
            return Err(format!("busiest({i}) {} vs {want}", fast.busiest(i)));
        }
    }
    for p in 0..=101u8 {
        if fast.percentile(p) != slow.percentile(p) {
            return Err(format!(
                "P{p} {} vs {}",
                fast.percentile(p),
                slow.percentile(p)
            ));
        }
    }
    for share in [-1.0, 0.0, 1e-4, 0.01, 0.05, 0.25, 0.5, 0.999, 1.0, f64::NAN] {
        if fast.capacity_with_share_above(share) != slow.capacity_with_share_above(share) {
            return Err(format!("capacity with share {share} above"));
        }
    }
    for &x in capacities {
        if fast.minutes_above(x) != slow.minutes_above(x) {
            return Err(format!(
                "minutes above {x}: {} vs {}",
                fast.minutes_above(x),
                slow.minutes_above(x)
            ));
        }
        if !close(fast.overflow(x), slow.overflow(x), total) {
            return Err(format!(
                "overflow at {x}: {} vs {}",
                fast.overflow(x),
                slow.overflow(x)
            ));
        }
    }
    Ok(())
}

/// Capacities at every minute's own value (ties), between values, beyond both ends,
/// and the values a query must survive.
fn probe_capacities(d: &[f64], extra: &[f64]) -> Vec<f64> {
    let mut xs: Vec<f64> = d.iter().step_by(1 + d.len() / 64).copied().collect();
    xs.extend(d.iter().step_by(1 + d.len() / 16).map(|v| v * 0.999_9));
    xs.extend(d.iter().step_by(1 + d.len() / 16).map(|v| v * 1.000_1));
    xs.extend_from_slice(extra);
    xs.extend([0.0, -1.0, f64::NAN, f64::INFINITY, f64::MAX, 1e-300]);
    xs
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// A scaled curve (every pool of a scenario scales the month's) answers what the curve
    /// of the scaled series answers: order statistics within a rounding of each minute,
    /// sums within the tolerance above. At factor 1 it is the same curve.
    #[test]
    fn a_scaled_curve_answers_as_the_scaled_series(
        d in series(),
        factor in prop_oneof![1e-6f64..1e9, Just(1.0), Just(3.0)],
        extra in prop::collection::vec(0.0f64..2e12, 0..10)
    ) {
        let base = LoadCurve::new(&d);
        let same = base.scaled(1.0);
        prop_assert_eq!(same.as_ref(), Some(&base));
        let Some(scaled) = base.scaled(factor) else {
            return Ok(());
        };
        let series: Vec<f64> = d.iter().map(|m| if *m > 0.0 && m.is_finite() { m * factor } else { 0.0 }).collect();
        let direct = LoadCurve::new(&series);
        let total = direct.total();
        let ulps = |a: f64, b: f64| (a - b).abs() <= 4.0 * f64::EPSILON * a.abs().max(b.abs());
        prop_assert!(ulps(scaled.peak(), direct.peak()));
        prop_assert!(close(scaled.total(), total, total));
        for p in [1u8, 50, 90, 99, 100] {
            prop_assert!(ulps(scaled.percentile(p), direct.percentile(p)), "p{p}");
        }
        for x in probe_capacities(&series, &extra) {
            let (a, b) = (scaled.overflow(x), direct.overflow(x));
            prop_assert!(close(a, b, total), "overflow at {x}: {a} vs {b}");
        }
    }

    #[test]
    fn every_query_matches_the_sorted_curve(d in series(), extra in prop::collection::vec(0.0f64..2e12, 0..20)) {
        let xs = probe_capacities(&d, &extra);
        prop_assert!(agrees_with_the_sorted_curve(&d, &xs).is_ok(), "{:?}", agrees_with_the_sorted_curve(&d, &xs));
    }

    #[test]
    fn overflow_matches_the_naive_loop(d in series(), cap in 0.0f64..12_000.0) {
        let curve = LoadCurve::new(&d);
        let clean: Vec<f64> = d.iter().map(|v| if v.is_finite() && *v > 0.0 { *v } else { 0.0 }).collect();
        let slow = naive_overflow(&clean, cap);
        prop_assert!(close(curve.overflow(cap), slow, curve.total()), "fast {} slow {slow}", curve.overflow(cap));
    }

    #[test]
    fn splits_at_every_count_and_scale_match_the_sorted_curve(d in series(), e in economics(), scale in prop_oneof![Just(1.0), 0.01f64..100.0, Just(0.0), Just(-1.0)]) {
        let fast = LoadCurve::new(&d);
        let slow = SortedCurve::new(&d);
        let top = units_for_load(scale.max(0.0) * slow.peak(), e.capacity_per_unit_per_minute, e.min_units, e.increment)
            .min(5_000);
        let tokens = scale.abs() * slow.total();
        let dollars = tokens * e.usd_per_normalized_token + top as f64 * e.usd_per_unit_month;
        for k in feasible_counts(e.min_units, e.increment, top) {
            let a = split_at_scale(&fast, &e, k, scale);
            let b = oracle::split_at_scale(&slow, &e, k, scale);
            prop_assert!(same_split(&a, &b, dollars, tokens).is_ok(), "{:?}", same_split(&a, &b, dollars, tokens));
        }
        if scale == 1.0 {
            let swept = sweep(&fast, &e, top);
            prop_assert_eq!(swept.len(), feasible_counts(e.min_units, e.increment, top).count());
        }
        // The optimum either is the oracle's count or costs the same to the tolerance.
        let cost_fast = |k| split_at_scale(&fast, &e, k, scale).total_usd;
        let cost_slow = |k| oracle::split_at_scale(&slow, &e, k, scale).total_usd;
        let k_fast = argmin_convex(e.min_units, e.increment, top, cost_fast);
        let k_slow = argmin_convex(e.min_units, e.increment, top, cost_slow);
        prop_assert!(k_fast == k_slow || close(cost_slow(k_fast), cost_slow(k_slow), dollars), "{k_fast} vs {k_slow}");
    }
}

/// The shapes the page offers, over a 30-day month: every percentile, a sweep of every
/// feasible count, and the months of a growing horizon (scaled demand).
#[test]
fn month_long_shapes_match_the_sorted_curve() {
    for shape in ShapeKind::ALL {
        let pa = if shape == ShapeKind::Diurnal {
            1.8
        } else {
            3.0
        };
        let m = multipliers(shape, pa, 7, 43_200).expect("a valid shape");
        let d: Vec<f64> = m.iter().map(|x| x * 1.5e6).collect();
        let peak = d.iter().copied().fold(0.0, f64::max);
        let unit_grid: Vec<f64> = (0..=1_600).map(|k| f64::from(k) * 3_000.0).collect();
        let r = agrees_with_the_sorted_curve(&d, &probe_capacities(&d, &unit_grid));
        assert!(r.is_ok(), "{shape:?}: {r:?}");
        let fast = LoadCurve::new(&d);
        let slow = SortedCurve::new(&d);
        let e = PoolEconomics {
            capacity_per_unit_per_minute: 3_000.0,
            min_units: 15,
            increment: 5,
            usd_per_unit_month: 221.0,
            usd_per_normalized_token: 2e-6,
        };
        for growth in [1.0, 1.01, 1.05, 1.21, 0.5] {
            let top = units_for_load(growth * peak, 3_000.0, 15, 5);
            let tokens = growth * slow.total();
            let dollars = tokens * 2e-6 + top as f64 * 221.0;
            for k in feasible_counts(15, 5, top) {
                let a = split_at_scale(&fast, &e, k, growth);
                let b = oracle::split_at_scale(&slow, &e, k, growth);
                let r = same_split(&a, &b, dollars, tokens);
                assert!(r.is_ok(), "{shape:?} × {growth}: {r:?}");
            }
        }
    }
}

/// A series whose minutes crowd into one cell under a far spike takes the sorted-cell
/// path; it must agree too (and it is what keeps such a query from scanning the month).
#[test]
fn a_crowded_cell_is_searched_not_scanned() {
    let mut d: Vec<f64> = (0..20_000)
        .map(|t| 1_000.0 + f64::from(t % 997) * 1e-3)
        .collect();
    d.push(1e9);
    let xs = probe_capacities(&d, &[1_000.5, 1_000.0, 999.0, 5e8]);
    let r = agrees_with_the_sorted_curve(&d, &xs);
    assert!(r.is_ok(), "{r:?}");
}
