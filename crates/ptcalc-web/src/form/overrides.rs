//! Figures typed over the rate card (negotiated discount, unit price, token prices, capacity),
//! folded away in a `<details>`; and the figures a card does not publish (Bedrock model-unit
//! throughput, a `custom` offering's everything), asked for up front instead of guessed.
use leptos::prelude::*;
use ptcalc_core::link::Key;
use ptcalc_core::numfmt::format_number;
use ptcalc_core::offering::CUSTOM_ID;
use ptcalc_core::{Offering, Term};

use crate::field::NumberField;
use crate::state::Calc;

/// Every override, in the order shown.
const OVERRIDE_KEYS: [Key; 12] = [
    Key::Disc,
    Key::Pu,
    Key::Pm,
    Key::Pin,
    Key::Pcache,
    Key::Pcw,
    Key::Pout,
    Key::Cap,
    Key::Min,
    Key::Inc,
    Key::Wout,
    Key::Wcache,
];

/// The figures the offering cannot be priced without, to ask for outside the fold.
pub fn needed_keys(base: Option<&Offering>) -> Vec<Key> {
    let Some(base) = base else {
        return Vec::new();
    };
    if base.id == CUSTOM_ID {
        return vec![Key::Cap, Key::Pu, Key::Pm, Key::Pin, Key::Pout];
    }
    let mut keys = Vec::new();
    if base
        .pools
        .iter()
        .any(|p| p.capacity_per_unit_per_minute.is_none())
    {
        keys.push(Key::Cap);
    }
    if base.terms().is_empty() {
        keys.extend([Key::Pu, Key::Pm]);
    }
    let od = &base.on_demand_usd_per_mtok;
    if od.input.is_none() || od.output.is_none() {
        keys.extend([Key::Pin, Key::Pout]);
    }
    keys
}

fn label(key: Key) -> &'static str {
    match key {
        Key::Disc => "Negotiated discount on reserved units",
        Key::Pu => "Unit price per hour",
        Key::Pm => "Unit price per month",
        Key::Pin => "On-demand input price",
        Key::Pcache => "On-demand cached-input price",
        Key::Pcw => "On-demand cache-write price",
        Key::Pout => "On-demand output price",
        Key::Cap => "Capacity per unit",
        Key::Min => "Minimum units",
        Key::Inc => "Unit increment",
        Key::Wout => "Output weight",
        Key::Wcache => "Cached-input weight",
        _ => "",
    }
}

fn suffix(key: Key) -> &'static str {
    match key {
        Key::Disc => "%",
        Key::Pu => "$/unit-hour",
        Key::Pm => "$/unit-month",
        Key::Pin | Key::Pcache | Key::Pcw | Key::Pout => "$ per 1M",
        Key::Cap => "tokens/min",
        Key::Min | Key::Inc => "units",
        Key::Wout | Key::Wcache => "× input",
        _ => "",
    }
}

/// What the rate card says for `key` (the placeholder: what applies when the field is empty).
fn card_value(base: &Offering, key: Key, term: Term, hours_per_month: f64) -> Option<String> {
    let pool = base.pools.first().filter(|_| base.pools.len() == 1);
    let od = &base.on_demand_usd_per_mtok;
    let n = |v: f64| format_number(v);
    match key {
        Key::Disc => Some("0".into()),
        Key::Pu => pool
            .and_then(|p| p.usd_per_unit_month(term, hours_per_month))
            .map(|m| n(round(m / hours_per_month))),
        Key::Pm => pool
            .and_then(|p| p.usd_per_unit_month(term, hours_per_month))
            .map(|m| n(round(m))),
        Key::Pin => od.input.map(n),
        Key::Pcache => od.cached_input.map(n),
        Key::Pcw => od.cache_write.map(n),
        Key::Pout => od.output.map(n),
        Key::Cap => pool.and_then(|p| p.capacity_per_unit_per_minute).map(n),
        Key::Min => pool.map(|p| n(p.min_units as f64)),
        Key::Inc => pool.map(|p| n(p.increment as f64)),
        Key::Wout => pool.map(|p| n(p.weights.output)),
        Key::Wcache => pool.map(|p| n(p.weights.cached_input)),
        _ => None,
    }
}

fn round(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// Why a key may not apply, or what it means, in a line.
fn explain(key: Key, base: Option<&Offering>) -> &'static str {
    let per_dimension = base.is_some_and(|b| b.pools.len() > 1);
    match key {
        Key::Cap | Key::Min | Key::Inc | Key::Pu | Key::Pm | Key::Wout | Key::Wcache
            if per_dimension =>
        {
            "Not applied: this offering reserves input and output separately."
        }
        Key::Cap => "Normalized tokens per minute one unit carries.",
        Key::Pu => "Replaces the unit price of the chosen term; leave the monthly price empty.",
        Key::Pm => "Replaces the unit price of the chosen term; leave the hourly price empty.",
        Key::Disc => "Percent off every unit price, as negotiated.",
        Key::Wout => "Capacity one output token uses, relative to an input token.",
        Key::Wcache => "Capacity one cached input token uses (0: deducted entirely).",
        Key::Min => "The smallest count you can buy.",
        Key::Inc => "Counts above the minimum go in steps of this.",
        _ => "Dollars per million tokens.",
    }
}

/// The figure fields: needed ones in the open, the rest folded away.
#[component]
pub fn OverrideFields(
    /// Keys to ask for outside the fold.
    needed: Vec<Key>,
    /// Whether the offering is `custom` (every figure is the user's).
    custom: bool,
) -> impl IntoView {
    let calc = Calc::from_context();
    let field = move |key: Key| {
        let placeholder = Signal::derive(move || {
            let (term, hours) = calc.scenario.with(|s| (s.term, s.hours_per_month));
            calc.base
                .with(|b| {
                    b.as_ref()
                        .ok()
                        .filter(|b| b.id != CUSTOM_ID)
                        .and_then(|b| card_value(b, key, term, hours))
                })
                .map(|v| format!("{v} (rate card)"))
                .unwrap_or_default()
        });
        let hint = Signal::derive(move || {
            calc.base
                .with(|b| explain(key, b.as_ref().ok()))
                .to_string()
        });
        view! { <NumberField key=key label=label(key) suffix=suffix(key) hint=hint placeholder=placeholder/> }
    };
    let is_custom = custom;
    let any_override = calc.scenario.with_untracked(|s| {
        OVERRIDE_KEYS
            .iter()
            .any(|&k| !needed.contains(&k) && k.value(s).is_some())
    });
    let needed_block = (!needed.is_empty()).then(|| {
        let intro = if is_custom {
            "Enter the figures of the offering you are pricing (a negotiated deal, a fine-tuned model, a vendor not listed). Leave the on-demand prices empty if the model only runs on reserved capacity."
        } else {
            "This rate card does not publish these figures. Enter them to size and price a reservation; nothing is guessed."
        };
        let fields = needed.iter().map(|&k| field(k)).collect_view();
        view! {
            <div class="needed" id="needed-figures">
                <h3>{if is_custom { "Your figures" } else { "Figures to enter" }}</h3>
                <p class="hint">{intro}</p>
                {fields}
            </div>
        }
    });
    let rest: Vec<Key> = OVERRIDE_KEYS
        .into_iter()
        .filter(|k| !needed.contains(k))
        .collect();
    let rest_fields = rest.into_iter().map(field).collect_view();
    view! {
        {needed_block}
        <details id="overrides" class="overrides" open=any_override>
            <summary>"Override figures (discount, prices, capacity)"</summary>
            <p class="hint">"Empty fields use the rate card. What you enter is marked “entered by you” in the sources and travels in the link."</p>
            {rest_fields}
        </details>
    }
}
