//! What the page's menus do to the scenario beyond one field: switching the traffic shape
//! or the offering. A field's own edit is `Key::edit` in the core (the key table's rules);
//! switching between token rates and calls is `link::switch_volume`.
use ptcalc_core::link;
use ptcalc_core::scenario::{Overrides, ShapeKind};
use ptcalc_core::{Offering, Scenario, Term};
use ptcalc_ratecards::Catalog;

/// Switches the traffic shape; a peak-to-average the new shape cannot reach is lowered to
/// its maximum, and what the new shape has no use for (a seed without `bursty`, a ratio
/// for `flat`) returns to its default, as the link's rules require.
pub fn switch_shape(s: &Scenario, shape: ShapeKind) -> Scenario {
    let mut out = s.clone();
    out.shape = shape;
    if shape != ShapeKind::Flat {
        let max =
            ptcalc_core::traffic::max_peak_to_average(shape, out.minutes_per_month(), out.seed);
        if out.peak_to_average > max {
            out.peak_to_average = round_down(max, 3).max(1.0);
        }
    }
    link::settle(&mut out);
    out
}

/// Switches to another offering: deployment and term carry over where the new offering has
/// them, the figures typed over the old rate card are dropped (they described another model)
/// except the negotiated discount. Switching to `custom` starts from the old offering's
/// figures, so the numbers do not jump. The new offering's menus are read on the scenario's
/// day and edition (`at`), the day its figures are priced at: an offering removed since an
/// old link's day stays reachable from it, and one added later is not offered before.
pub fn switch_offering(
    catalog: &Catalog,
    s: &Scenario,
    id: &str,
    old: Option<&Offering>,
    at: ptcalc_ratecards::AsOf,
) -> Scenario {
    let mut out = s.clone();
    out.offering = id.to_string();
    let discount = s.overrides.discount_percent;
    out.overrides = Overrides {
        discount_percent: discount,
        ..Overrides::default()
    };
    if id == ptcalc_core::offering::CUSTOM_ID {
        if let Some(old) = old.filter(|o| o.pools.len() == 1) {
            out.overrides = custom_from(old, s.term, s.hours_per_month);
        }
    }
    // The new offering's deployment types and terms (`custom` has one deployment type).
    let mut fixed = catalog.servable(out, Vec::new(), at).scenario;
    link::settle(&mut fixed);
    fixed
}

/// The overrides that make `custom` price like `offering` on `term`.
fn custom_from(offering: &Offering, term: Term, hours_per_month: f64) -> Overrides {
    let pool = offering.pools.first();
    let od = &offering.on_demand_usd_per_mtok;
    Overrides {
        capacity_per_unit_per_minute: pool.and_then(|p| p.capacity_per_unit_per_minute),
        min_units: pool.map(|p| p.min_units).filter(|&m| m > 1),
        increment: pool.map(|p| p.increment).filter(|&i| i > 1),
        output_weight: pool.map(|p| p.weights.output).filter(|&w| w != 1.0),
        cached_weight: pool.map(|p| p.weights.cached_input).filter(|&w| w != 1.0),
        usd_per_unit_hour: None,
        usd_per_unit_month: pool
            .and_then(|p| p.usd_per_unit_month(term, hours_per_month))
            .map(|v| round_down(v, 6)),
        discount_percent: None,
        input_usd_per_mtok: od.input,
        cached_usd_per_mtok: od.cached_input,
        cache_write_usd_per_mtok: od.cache_write,
        output_usd_per_mtok: od.output,
    }
}

fn round_down(v: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (v * k).floor() / k
}

#[cfg(test)]
mod tests {
    use super::*;
    use ptcalc_core::Deployment;

    #[test]
    fn switching_shape_lowers_an_unreachable_peak() {
        let s = Scenario {
            shape: ShapeKind::Business,
            peak_to_average: 4.0,
            ..Scenario::default()
        };
        let d = switch_shape(&s, ShapeKind::Diurnal);
        assert_eq!(d.peak_to_average, 2.0);
        assert_eq!(link::parse(&link::format(&d)).warnings, vec![]);
    }

    #[test]
    fn switching_shape_drops_what_the_new_shape_has_no_use_for() {
        let bursty = Scenario {
            shape: ShapeKind::Bursty,
            seed: 42,
            peak_to_average: 1.8,
            ..Scenario::default()
        };
        let flat = switch_shape(&bursty, ShapeKind::Flat);
        assert_eq!(flat.seed, Scenario::default().seed);
        assert_eq!(flat.peak_to_average, Scenario::default().peak_to_average);
        assert_eq!(link::format(&flat), "v=1&shape=flat");
        assert_eq!(link::parse(&link::format(&flat)).warnings, vec![]);
    }

    use ptcalc_ratecards::{catalog, AsOf};

    /// The scenario's day and edition on a page opened on 2026-11-27.
    fn at(s: &Scenario) -> AsOf {
        crate::cards::as_of(s, "2026-11-27".parse().expect("date"))
    }

    #[test]
    fn switching_to_custom_keeps_the_numbers() {
        let s = Scenario {
            deployment: Deployment::DataZone,
            ..Scenario::default()
        };
        let base = crate::resolve::base_offering(&s).expect("resolves");
        let custom = switch_offering(catalog(), &s, "custom", Some(&base), at(&s));
        assert_eq!(custom.offering, "custom");
        assert_eq!(custom.deployment, Deployment::Global, "custom has one");
        let a = crate::resolve::evaluate(&s, &base).expect("evaluates");
        let c_base = crate::resolve::base_offering(&custom).expect("custom");
        let c = crate::resolve::evaluate(&custom, &c_base).expect("evaluates");
        let (x, y) = (
            a.report.monthly.full_provisioned.expect("priced"),
            c.report.monthly.full_provisioned.expect("priced"),
        );
        assert!((x - y).abs() < 1e-6 * x, "{x} vs {y}");
        assert!(link::parse(&link::format(&custom)).warnings.is_empty());
    }

    #[test]
    fn switching_offering_drops_old_overrides_but_keeps_the_discount() {
        let s = Scenario {
            deployment: Deployment::Regional,
            overrides: Overrides {
                capacity_per_unit_per_minute: Some(1.0),
                discount_percent: Some(10.0),
                ..Overrides::default()
            },
            ..Scenario::default()
        };
        let t = switch_offering(catalog(), &s, "vertex/gemini-2.5-flash", None, at(&s));
        assert_eq!(t.overrides.capacity_per_unit_per_minute, None);
        assert_eq!(t.overrides.discount_percent, Some(10.0));
        assert!(crate::resolve::terms_for(&t.offering).contains(&t.term));
        assert!(crate::resolve::deployments_for(&t.offering).contains(&t.deployment));
        assert!(crate::resolve::base_offering(&t).is_ok());
    }
}
