//! What typing into a field does to the scenario. Every numeric field goes through the link
//! codec itself: the scenario's canonical query with the field's key replaced by the typed
//! text is parsed, and any warning is the field's error. So a field accepts exactly what a
//! link accepts (`250k`, `1.5M`, ranges, whole numbers), and says what is allowed in the
//! link's own words (`Key::allowed`).
use ptcalc_core::link::{self, Key};
use ptcalc_core::numfmt::format_number;
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::{Offering, Scenario, Term};

/// Keys whose field may be left empty (the figure then comes from the rate card).
pub fn is_optional(key: Key) -> bool {
    matches!(
        key,
        Key::Units
            | Key::Cap
            | Key::Min
            | Key::Inc
            | Key::Wout
            | Key::Wcache
            | Key::Pu
            | Key::Pm
            | Key::Disc
            | Key::Pin
            | Key::Pcache
            | Key::Pcw
            | Key::Pout
    )
}

/// The scenario with `text` typed into the field for `key`.
///
/// # Errors
/// A sentence naming what is wrong and what is allowed; the caller keeps the old scenario.
///
/// ```
/// use ptcalc_core::{link::Key, Scenario};
/// use ptcalc_web::edit::apply;
/// let s = apply(&Scenario::default(), Key::In, "250k").unwrap();
/// assert_eq!(ptcalc_core::link::format(&s), "v=1&in=250k");
/// assert!(apply(&Scenario::default(), Key::In, "lots").is_err());
/// ```
pub fn apply(scenario: &Scenario, key: Key, text: &str) -> Result<Scenario, String> {
    let text = text.trim();
    if text.is_empty() {
        if is_optional(key) {
            let mut s = scenario.clone();
            clear(&mut s, key);
            return Ok(s);
        }
        return Err(format!("Enter a value: {}.", key.allowed()));
    }
    let own = key.as_str();
    let mut query: String = link::format(scenario)
        .split('&')
        .filter(|pair| pair.split('=').next() != Some(own))
        .collect::<Vec<_>>()
        .join("&");
    query.push('&');
    query.push_str(own);
    query.push('=');
    query.push_str(&encode(text));
    let parsed = link::parse(&query);
    match parsed.warnings.first() {
        None => Ok(parsed.scenario),
        Some(w) if w.key == own => Err(sentence(&w.message)),
        Some(w) => Err(sentence(&format!("{}: {}", w.key, w.message))),
    }
}

/// The text a field opens with: the scenario's value in link spelling, empty when unset.
pub fn initial_text(scenario: &Scenario, key: Key) -> String {
    value_of(scenario, key)
        .map(format_number)
        .unwrap_or_default()
}

/// The scenario's value for a numeric key (`None` when unset or not numeric).
pub fn value_of(s: &Scenario, key: Key) -> Option<f64> {
    let o = &s.overrides;
    let (tokens, calls) = match s.volume {
        Volume::Tokens {
            input_tpm,
            output_tpm,
        } => (Some((input_tpm, output_tpm)), None),
        Volume::Calls {
            calls_per_minute,
            prompt_tokens,
            completion_tokens,
        } => (
            None,
            Some((calls_per_minute, prompt_tokens, completion_tokens)),
        ),
    };
    match key {
        Key::In => tokens.map(|t| t.0),
        Key::Out => tokens.map(|t| t.1),
        Key::Rpm => calls.map(|c| c.0),
        Key::Pt => calls.map(|c| c.1),
        Key::Ct => calls.map(|c| c.2),
        Key::Cache => Some(s.cached_share),
        Key::Cw => Some(s.cache_write_share),
        Key::Pa => Some(s.peak_to_average),
        Key::Seed => Some(s.seed as f64),
        Key::Size => Some(f64::from(s.size_percentile)),
        Key::Units => s.units.map(|u| u as f64),
        Key::H => Some(f64::from(s.horizon_months)),
        Key::G => Some(s.growth_percent),
        Key::B => Some(s.batch_share),
        Key::Mh => Some(s.hours_per_month),
        Key::Cap => o.capacity_per_unit_per_minute,
        Key::Min => o.min_units.map(|v| v as f64),
        Key::Inc => o.increment.map(|v| v as f64),
        Key::Wout => o.output_weight,
        Key::Wcache => o.cached_weight,
        Key::Pu => o.usd_per_unit_hour,
        Key::Pm => o.usd_per_unit_month,
        Key::Disc => o.discount_percent,
        Key::Pin => o.input_usd_per_mtok,
        Key::Pcache => o.cached_usd_per_mtok,
        Key::Pcw => o.cache_write_usd_per_mtok,
        Key::Pout => o.output_usd_per_mtok,
        Key::V | Key::O | Key::D | Key::T | Key::Shape | Key::At | Key::Rc | Key::Load => None,
    }
}

/// Unsets an optional key.
fn clear(s: &mut Scenario, key: Key) {
    let o = &mut s.overrides;
    match key {
        Key::Units => s.units = None,
        Key::Cap => o.capacity_per_unit_per_minute = None,
        Key::Min => o.min_units = None,
        Key::Inc => o.increment = None,
        Key::Wout => o.output_weight = None,
        Key::Wcache => o.cached_weight = None,
        Key::Pu => o.usd_per_unit_hour = None,
        Key::Pm => o.usd_per_unit_month = None,
        Key::Disc => o.discount_percent = None,
        Key::Pin => o.input_usd_per_mtok = None,
        Key::Pcache => o.cached_usd_per_mtok = None,
        Key::Pcw => o.cache_write_usd_per_mtok = None,
        Key::Pout => o.output_usd_per_mtok = None,
        _ => {}
    }
}

/// Switches between token rates and calls, keeping the same token volume:
/// 500k in + 50k out per minute ⇄ 500 calls × 1,000 prompt + 100 completion tokens.
pub fn switch_volume(s: &Scenario, to_calls: bool) -> Scenario {
    let mut out = s.clone();
    out.volume = match (s.volume, to_calls) {
        (
            Volume::Tokens {
                input_tpm,
                output_tpm,
            },
            true,
        ) => {
            let (rpm, pt, ct) = (100.0, 1_000.0, 200.0);
            if input_tpm > 0.0 {
                let calls = input_tpm / pt;
                Volume::Calls {
                    calls_per_minute: calls,
                    prompt_tokens: pt,
                    completion_tokens: output_tpm / calls,
                }
            } else {
                Volume::Calls {
                    calls_per_minute: rpm,
                    prompt_tokens: pt,
                    completion_tokens: ct,
                }
            }
        }
        (
            Volume::Calls {
                calls_per_minute,
                prompt_tokens,
                completion_tokens,
            },
            false,
        ) => Volume::Tokens {
            input_tpm: calls_per_minute * prompt_tokens,
            output_tpm: calls_per_minute * completion_tokens,
        },
        (v, _) => v,
    };
    // Only link-exact values survive a reload; anything else would change on the way.
    match link::parse(&link::format(&out)).scenario {
        reread if reread == out => out,
        reread => reread,
    }
}

/// Switches the traffic shape; a peak-to-average the new shape cannot reach is lowered to
/// its maximum (the link codec's rule).
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
    out
}

/// Switches to another offering: deployment and term carry over where the new offering has
/// them, the figures typed over the old rate card are dropped (they described another model)
/// except the negotiated discount. Switching to `custom` starts from the old offering's
/// figures, so the numbers do not jump.
pub fn switch_offering(s: &Scenario, id: &str, old: Option<&Offering>) -> Scenario {
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
    let (fixed, _) = crate::resolve::repair(out);
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

/// Percent-encodes a typed value for the query (the codec decodes it back).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Capitalises the first letter and ends with a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_number_updates_the_scenario_and_the_link() {
        let s = apply(&Scenario::default(), Key::Out, "75k").expect("valid");
        assert_eq!(link::format(&s), "v=1&out=75k");
    }

    #[test]
    fn replacing_a_non_default_value_does_not_count_as_a_duplicate() {
        let s = apply(&Scenario::default(), Key::In, "1M").expect("valid");
        let s = apply(&s, Key::In, "2M").expect("valid");
        assert_eq!(link::format(&s), "v=1&in=2M");
    }

    #[test]
    fn invalid_text_says_what_is_allowed() {
        let s = Scenario::default();
        for bad in ["abc", "-5", "NaN", "1e308", "1.5.2", "<script>"] {
            let err = apply(&s, Key::In, bad).expect_err(bad);
            assert!(err.contains(&Key::In.allowed()), "{bad}: {err}");
        }
        let err = apply(&s, Key::Cache, "20").expect_err("share above 1");
        assert!(err.contains("0.2 means 20%"), "{err}");
        assert!(apply(&s, Key::H, "2.5").is_err());
    }

    #[test]
    fn text_with_query_characters_cannot_smuggle_other_keys() {
        let s = Scenario::default();
        assert!(apply(&s, Key::In, "1&o=custom").is_err());
        assert!(apply(&s, Key::Cap, "5#x").is_err());
    }

    #[test]
    fn empty_optional_fields_clear_the_override() {
        let s = apply(&Scenario::default(), Key::Pin, "3").expect("valid");
        assert_eq!(s.overrides.input_usd_per_mtok, Some(3.0));
        let s = apply(&s, Key::Pin, "  ").expect("empty clears");
        assert_eq!(s.overrides.input_usd_per_mtok, None);
        assert!(apply(&s, Key::In, "").is_err());
    }

    #[test]
    fn a_peak_above_the_shape_maximum_is_refused() {
        let s = Scenario::default(); // diurnal, max 2
        let err = apply(&s, Key::Pa, "3").expect_err("above 2");
        assert!(err.contains("maximum"), "{err}");
        assert!(apply(&s, Key::Pa, "1.9").is_ok());
    }

    #[test]
    fn switching_volume_keeps_the_token_volume() {
        let s = Scenario::default();
        let calls = switch_volume(&s, true);
        assert_eq!(link::format(&calls), "v=1&rpm=500&ct=100");
        let back = switch_volume(&calls, false);
        assert_eq!(back, s);
    }

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
    fn switching_to_custom_keeps_the_numbers() {
        let s = Scenario::default();
        let base = crate::resolve::base_offering(&s).expect("resolves");
        let custom = switch_offering(&s, "custom", Some(&base));
        assert_eq!(custom.offering, "custom");
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
            overrides: Overrides {
                capacity_per_unit_per_minute: Some(1.0),
                discount_percent: Some(10.0),
                ..Overrides::default()
            },
            ..Scenario::default()
        };
        let t = switch_offering(&s, "vertex/gemini-2.5-flash", None);
        assert_eq!(t.overrides.capacity_per_unit_per_minute, None);
        assert_eq!(t.overrides.discount_percent, Some(10.0));
        assert!(crate::resolve::terms_for(&t.offering).contains(&t.term));
    }
}
