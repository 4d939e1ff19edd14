//! No key of a canonical link is silently ignored: for every offering kind (a rate card's
//! single normalized pool, a per-dimension rate card, `custom`), removing any scenario key
//! from the link either changes the report or the full link's evaluation warns naming it.
use proptest::prelude::*;
use ptcalc_core::link::{format, Key};
use ptcalc_core::report::Report;
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::traffic::max_peak_to_average;
use ptcalc_core::{Deployment, Scenario, Term};
use ptcalc_ratecards::{evaluate, open_link};

/// A rate card with one normalized pool (PTU), one that reserves input and output
/// separately, and the offering built from the link's own figures.
const SINGLE_POOL: &str = "azure/gpt-4.1";
const PER_DIMENSION: &str = "openai/o3-scale";
const CUSTOM: &str = "custom";

/// What a link evaluates to: the report without its own copy of the link, or the refusal.
fn outcome(link: &str) -> (Result<Report, String>, Vec<(String, String)>) {
    let opened = open_link(link);
    let mut warnings: Vec<(String, String)> = opened
        .warnings
        .iter()
        .map(|w| (w.key.clone(), w.message.clone()))
        .collect();
    let report = evaluate(&opened.scenario)
        .map(|a| {
            let mut r = a.report;
            warnings.extend(
                r.warnings
                    .iter()
                    .map(|w| (String::new(), w.message.clone())),
            );
            r.scenario = String::new();
            r
        })
        .map_err(|e| e.to_string());
    (report, warnings)
}

/// Whether a warning names `key`: a link warning about it, or a report warning with it as a
/// word.
fn named(warnings: &[(String, String)], key: &str) -> bool {
    warnings.iter().any(|(k, message)| {
        k == key
            || message
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word == key)
    })
}

fn maybe<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.5, s)
}

/// A scenario on `offering` where each key takes a random value. The cached and cache-write
/// shares are sometimes 0, when a price or a weight for them has nothing to act on: the report
/// must then say so (`no_effect`).
fn scenario(offering: &'static str) -> impl Strategy<Value = Scenario> {
    let volume = prop_oneof![
        (1e4f64..5e6, 1e3f64..5e5).prop_map(|(i, o)| Volume::Tokens {
            input_tpm: i,
            output_tpm: o
        }),
        (1.0f64..2_000.0, 100.0f64..20_000.0, 10.0f64..5_000.0).prop_map(|(r, p, c)| {
            Volume::Calls {
                calls_per_minute: r,
                prompt_tokens: p,
                completion_tokens: c,
            }
        }),
    ];
    let custom = offering == CUSTOM;
    let unit_price = prop_oneof![
        (0.01f64..100.0).prop_map(|pu| (Some(pu), None)),
        (10.0f64..50_000.0).prop_map(|pm| (None, Some(pm))),
    ];
    let overrides = (
        (
            1e3f64..1e6,
            // Unlike the figures they replace (custom: 1 and 1; gpt-4.1's card: 15 and 5).
            16u64..40,
            6u64..12,
            0.5f64..8.0,
            0.0f64..1.0,
        ),
        (unit_price, 1.0f64..60.0),
        (0.1f64..20.0, 0.01f64..10.0, 0.1f64..25.0, 0.5f64..80.0),
        any::<[bool; 12]>(),
    )
        .prop_map(
            move |(
                (cap, min, inc, wout, wcache),
                ((pu, pm), disc),
                (pin, pcache, pcw, pout),
                on,
            )| {
                // `custom` needs a capacity, a unit price and on-demand prices to price anything.
                let keep = |i: usize| custom && [0, 5, 6, 8, 11].contains(&i) || on[i];
                let unit = keep(5) || keep(6);
                Overrides {
                    capacity_per_unit_per_minute: keep(0).then_some(cap),
                    min_units: keep(1).then_some(min),
                    increment: keep(2).then_some(inc),
                    output_weight: keep(3).then_some(wout),
                    cached_weight: keep(4).then_some(wcache),
                    usd_per_unit_hour: if unit { pu } else { None },
                    usd_per_unit_month: if unit { pm } else { None },
                    discount_percent: keep(7).then_some(disc),
                    input_usd_per_mtok: keep(8).then_some(pin),
                    cached_usd_per_mtok: keep(9).then_some(pcache),
                    cache_write_usd_per_mtok: keep(10).then_some(pcw),
                    output_usd_per_mtok: keep(11).then_some(pout),
                }
            },
        );
    (
        prop::sample::select(Deployment::ALL.to_vec()),
        prop::sample::select(Term::ALL.to_vec()),
        volume,
        (
            prop_oneof![3 => 0.05f64..0.5, 1 => Just(0.0)],
            prop_oneof![3 => 0.05f64..0.3, 1 => Just(0.0)],
            0.0f64..0.5,
        ),
        prop::sample::select(ShapeKind::ALL.to_vec()),
        (1.05f64..2.0, any::<u64>(), 50u8..=100, maybe(0u64..400)),
        (2u32..=36, -10.0f64..10.0, 600u32..=744),
        overrides,
    )
        .prop_map(
            move |(
                d,
                t,
                volume,
                (cache, cw, b),
                shape,
                (pa, seed, size, units),
                (h, g, mh),
                overrides,
            )| {
                let pa = match shape {
                    ShapeKind::Flat => Scenario::default().peak_to_average,
                    _ => pa
                        .min(max_peak_to_average(shape, mh as usize * 60, seed))
                        .max(1.0),
                };
                Scenario {
                    offering: offering.into(),
                    deployment: if custom { Deployment::Global } else { d },
                    term: t,
                    volume,
                    cached_share: cache,
                    cache_write_share: cw,
                    shape,
                    peak_to_average: pa,
                    seed: if shape == ShapeKind::Bursty { seed } else { 1 },
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
            },
        )
}

fn every_key_matters(s: &Scenario) -> Result<(), TestCaseError> {
    let link = format(s);
    let (full, warnings) = outcome(&link);
    let pairs: Vec<&str> = link.split('&').collect();
    for (i, pair) in pairs.iter().enumerate() {
        let key = pair.split('=').next().unwrap_or_default();
        if !Key::parse(key).is_some_and(Key::is_scenario) {
            continue;
        }
        let without: Vec<&str> = pairs
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, p)| *p)
            .collect();
        // Without the key the link may fall back with a warning about it (a term the
        // offering lacks): then the key is what keeps the link clean.
        let (other, other_warnings) = outcome(&without.join("&"));
        prop_assert!(
            full != other || named(&warnings, key) || named(&other_warnings, key),
            "{key} is silently ignored in {link}; warnings: {warnings:?}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn no_key_is_silently_ignored_on_a_single_pool_rate_card(s in scenario(SINGLE_POOL)) {
        every_key_matters(&s)?;
    }

    #[test]
    fn no_key_is_silently_ignored_on_a_per_dimension_rate_card(s in scenario(PER_DIMENSION)) {
        every_key_matters(&s)?;
    }

    #[test]
    fn no_key_is_silently_ignored_on_a_custom_offering(s in scenario(CUSTOM)) {
        every_key_matters(&s)?;
    }
}

/// The bug that started this guard: `disc` was dropped for `custom`, pricing the unit at the
/// full $0.0868 × 730 h = $63.36 per month.
#[test]
fn a_discount_applies_to_a_custom_unit_price() {
    let link = "v=1&o=custom&t=1m&in=20k&out=5k&shape=flat&cap=10k&pu=0.0868&pin=3&pout=15";
    let price = |link: &str| {
        let (report, _) = outcome(link);
        report.expect("evaluates").terms[0]
            .usd_per_unit_month
            .expect("priced")
    };
    let full = price(link);
    assert!((full - 0.0868 * 730.0).abs() < 1e-9, "{full}");
    let discounted = price(&format!("{link}&disc=35"));
    assert!(
        (discounted - 0.65 * 0.0868 * 730.0).abs() < 1e-9,
        "{discounted}"
    );
}
