//! What every evaluation must satisfy, whatever the scenario, and the workloads it is
//! checked on: shared by the core's property test (custom offerings) and the CLI's
//! (bundled rate cards).
#![allow(dead_code)]
use proptest::prelude::*;
use ptcalc_core::capacity::is_feasible;
use ptcalc_core::report::{Analysis, BestOption, Split};
use ptcalc_core::scenario::{ShapeKind, Volume};
use ptcalc_core::traffic::max_peak_to_average;
use ptcalc_core::Scenario;

/// Relative slack for sums of many floats.
const SLACK: f64 = 1e-9;

fn at_most(a: f64, b: f64) -> bool {
    a <= b + SLACK * b.abs().max(1.0)
}

fn finite(what: &str, v: f64) -> Result<(), String> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(format!("{what} is {v}"))
    }
}

fn finite_opt(what: &str, v: Option<f64>) -> Result<(), String> {
    v.map_or(Ok(()), |v| finite(what, v))
}

fn split(what: &str, s: &Split) -> Result<(), String> {
    for (name, v) in [
        ("utilization", s.utilization),
        ("overflow_share", s.overflow_share),
        ("reserved_usd", s.reserved_usd),
        ("overflow_usd", s.overflow_usd),
        ("total_usd", s.total_usd),
    ] {
        finite(&format!("{what}.{name}"), v)?;
    }
    if !(0.0..=1.0).contains(&s.overflow_share) {
        return Err(format!(
            "{what}.overflow_share {} is outside [0, 1]",
            s.overflow_share
        ));
    }
    if !(0.0..=1.0 + SLACK).contains(&s.utilization) {
        return Err(format!(
            "{what}.utilization {} is outside [0, 1]",
            s.utilization
        ));
    }
    Ok(())
}

/// Every invariant of one analysis; the error names the first that fails.
pub fn check(a: &Analysis) -> Result<(), String> {
    let r = &a.report;
    let l = &r.load;
    for (name, v) in [
        ("load.mean_normalized_tpm", l.mean_normalized_tpm),
        ("load.peak_normalized_tpm", l.peak_normalized_tpm),
        ("load.sizing_normalized_tpm", l.sizing_normalized_tpm),
        ("load.tokens_per_month", l.tokens_per_month),
        ("monthly.batch", r.monthly.batch),
        ("growth_percent", r.growth_percent),
    ] {
        finite(name, v)?;
    }
    for (name, v) in [
        ("units.raw", r.units.raw),
        ("monthly.on_demand", r.monthly.on_demand),
        ("monthly.full_provisioned", r.monthly.full_provisioned),
        ("monthly.hybrid", r.monthly.hybrid),
        ("monthly.chosen", r.monthly.chosen),
        ("break_even_utilization", r.break_even_utilization),
        ("newsvendor_units", r.newsvendor_units),
        ("horizon_on_demand", r.horizon_on_demand),
    ] {
        finite_opt(name, v)?;
    }
    for (name, s) in [
        ("full", &r.full),
        ("hybrid", &r.hybrid),
        ("chosen", &r.chosen),
    ] {
        if let Some(s) = s {
            split(name, s)?;
        }
    }
    for p in &r.points {
        split(&format!("points[{}]", p.label), &p.split)?;
    }
    for t in &r.terms {
        let term = t.term;
        for (name, v) in [
            ("usd_per_unit_month", t.usd_per_unit_month),
            ("full_provisioned", t.full_provisioned),
            ("break_even_utilization", t.break_even_utilization),
            ("break_even_tokens_per_month", t.break_even_tokens_per_month),
            ("horizon_full", t.horizon_full),
            ("horizon_hybrid", t.horizon_hybrid),
        ] {
            finite_opt(&format!("terms[{term}].{name}"), v)?;
        }
        if let Some(h) = &t.hybrid {
            split(&format!("terms[{term}].hybrid"), h)?;
            if let Some(full) = t.full_provisioned {
                if !at_most(h.total_usd, full) {
                    return Err(format!(
                        "terms[{term}]: hybrid {} > full {full}",
                        h.total_usd
                    ));
                }
            }
            if let Some(od) = r.monthly.on_demand {
                if !at_most(h.total_usd, od) {
                    return Err(format!(
                        "terms[{term}]: hybrid {} > on-demand {od}",
                        h.total_usd
                    ));
                }
            }
        }
    }
    for p in &r.pools {
        for (name, v) in [("mean_tpm", p.mean_tpm), ("peak_tpm", p.peak_tpm)] {
            finite(&format!("pools[{}].{name}", p.name), v)?;
        }
        finite_opt(
            &format!("pools[{}].break_even_utilization", p.name),
            p.break_even_utilization,
        )?;
    }
    if let Some(b) = &r.best {
        for (name, v) in [
            ("best.monthly_usd", b.monthly_usd),
            ("best.saving_vs_on_demand_usd", b.saving_vs_on_demand_usd),
            ("best.saving_share", b.saving_share),
        ] {
            finite(name, v)?;
        }
        let od = r
            .monthly
            .on_demand
            .ok_or("a best option without an on-demand price")?;
        if !at_most(b.monthly_usd, od) {
            return Err(format!("best {} > on-demand {od}", b.monthly_usd));
        }
        if (b.option == BestOption::OnDemand) != (b.units == 0) {
            return Err(format!("best {:?} with {} units", b.option, b.units));
        }
    }
    if let (Some(h), Some(f)) = (r.monthly.hybrid, r.monthly.full_provisioned) {
        if !at_most(h, f) {
            return Err(format!("hybrid {h} > full provisioning {f}"));
        }
    }
    if let (Some(h), Some(od)) = (r.monthly.hybrid, r.monthly.on_demand) {
        if !at_most(h, od) {
            return Err(format!("hybrid {h} > on-demand {od}"));
        }
    }
    // Units: every count is one the vendor sells (0, or min + j·increment), pool by pool.
    for (model, summary) in a.pools.iter().zip(&r.pools) {
        for (name, units) in [
            ("required_units", summary.required_units),
            ("hybrid_units", summary.hybrid_units),
        ] {
            if let Some(k) = units {
                if !is_feasible(k, model.min_units, model.increment) {
                    return Err(format!(
                        "pools[{}].{name} {k} is not 0 or {} + j·{}",
                        summary.name, model.min_units, model.increment
                    ));
                }
            }
        }
    }
    if let [pool] = a.pools.as_slice() {
        let splits = [&r.full, &r.hybrid, &r.chosen];
        let points = r.points.iter().map(|p| &p.split);
        for s in splits.into_iter().flatten().chain(points) {
            if !is_feasible(s.units, pool.min_units, pool.increment) {
                return Err(format!(
                    "{} units is not 0 or {} + j·{}",
                    s.units, pool.min_units, pool.increment
                ));
            }
        }
    }
    Ok(())
}

fn shape() -> impl Strategy<Value = ShapeKind> {
    prop::sample::select(vec![
        ShapeKind::Flat,
        ShapeKind::Business,
        ShapeKind::Diurnal,
        ShapeKind::Bursty,
    ])
}

/// Any valid workload on the default offering: tokens or calls per minute, cached and
/// cache-write shares, any shape at a peak-to-average it can reach in a month of one of
/// `hours`, any sizing percentile, an own unit count or none, horizon, growth and batch.
pub fn workload(hours: Vec<f64>) -> impl Strategy<Value = Scenario> {
    (
        (any::<bool>(), 0.0f64..5e6, 0.0f64..1e6, 0.0f64..4_000.0),
        (0.0f64..1.0, 0.0f64..1.0),
        (shape(), 0.0f64..1.0, any::<u64>()),
        (1u8..=100, prop::option::weighted(0.3, 0u64..5_000)),
        (
            1u32..=24,
            -50.0f64..100.0,
            prop::option::weighted(0.3, 0.0f64..=1.0),
        ),
        prop::sample::select(hours),
    )
        .prop_map(
            |(
                (calls, a, b, c),
                (cache, cw),
                (shape, pa, seed),
                (size, units),
                (h, g, batch),
                hours,
            )| {
                let volume = if calls {
                    Volume::Calls {
                        calls_per_minute: a / 100.0,
                        prompt_tokens: b,
                        completion_tokens: c,
                    }
                } else {
                    Volume::Tokens {
                        input_tpm: a,
                        output_tpm: b,
                    }
                };
                let mut s = Scenario {
                    volume,
                    cached_share: cache,
                    cache_write_share: cw * (1.0 - cache),
                    shape,
                    seed,
                    size_percentile: size,
                    units,
                    horizon_months: h,
                    growth_percent: g,
                    batch_share: batch.unwrap_or(0.0),
                    hours_per_month: hours,
                    ..Scenario::default()
                };
                // A ratio the shape can reach: `pa` of the way from 1 to its maximum
                // (capped at 10 for bursty traffic).
                let max = max_peak_to_average(s.shape, s.minutes_per_month(), s.seed).min(10.0);
                s.peak_to_average = match s.shape {
                    ShapeKind::Flat => 1.0,
                    _ => 1.0 + (max - 1.0) * pa,
                };
                s
            },
        )
}
