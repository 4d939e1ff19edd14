//! When it is sent: the traffic shape over the month and its peak-to-average ratio, the
//! percentile to size for, and an optional reserved count of your own.
use leptos::prelude::*;
use ptcalc_core::link::Key;
use ptcalc_core::numfmt::compact;
use ptcalc_core::scenario::ShapeKind;
use ptcalc_core::traffic::max_peak_to_average;

use super::entry::{effective, PresentationSignal};
use crate::edit;
use crate::field::NumberField;
use crate::state::Calc;
use ptcalc_core::entry::EntryForm;

fn shape_label(shape: ShapeKind) -> &'static str {
    match shape {
        ShapeKind::Flat => "Flat (24/7, steady)",
        ShapeKind::Business => "Business hours (Mon–Fri 9–17)",
        ShapeKind::Diurnal => "Diurnal (daily wave, peak 14:00)",
        ShapeKind::Bursty => "Bursty (5–30 minute bursts)",
        ShapeKind::Night => "Night (every day 22–06)",
    }
}

/// Shape, peak-to-average, sizing percentile, own unit count.
#[component]
pub fn TrafficPanel() -> impl IntoView {
    let calc = Calc::from_context();
    let shape = Memo::new(move |_| calc.scenario.with(|s| s.shape));
    let presentation = PresentationSignal::from_context().0;
    // In the busy-hours form the quiet hours' share sets the ratio: one field for one figure.
    let busy_form = Memo::new(move |_| {
        presentation.with(|p| {
            calc.scenario
                .with(|s| effective(s, p).0 == EntryForm::BusyQuiet)
        })
    });
    let options = move || {
        let current = shape.get();
        ShapeKind::ALL
            .into_iter()
            .map(|k| view! { <option value=k.as_str() selected=k == current>{shape_label(k)}</option> })
            .collect::<Vec<_>>()
    };
    let pa_hint = Signal::derive(move || {
        calc.scenario.with(|s| {
            let max = max_peak_to_average(s.shape, s.minutes_per_month(), s.seed);
            format!(
                "Busiest minute ÷ average minute. From 1 up to {:.3} for this shape.",
                (max * 1000.0).floor() / 1000.0
            )
        })
    });
    let size_hint = Signal::derive(move || {
        calc.shown.with(|a| {
            a.as_ref()
                .map(|a| {
                    let l = &a.report.load;
                    format!(
                        "100 sizes for the busiest minute ({} normalized tokens/min); 99 ignores the top 1% of minutes (sizing load {}).",
                        compact(l.peak_normalized_tpm),
                        compact(l.sizing_normalized_tpm)
                    )
                })
                .unwrap_or_default()
        })
    });
    let units_hint = Signal::derive(move || {
        calc.shown.with(|a| {
            a.as_ref()
                .and_then(|a| a.report.hybrid.as_ref().map(|h| h.units))
                .map(|k| format!("Optional: price a count of your own (the optimum here is {k})."))
                .unwrap_or_else(|| "Optional: price a count of your own.".into())
        })
    });

    view! {
        <fieldset class="panel" id="panel-traffic">
            <legend>"Traffic"</legend>
            <div class="field">
                <label for="f-shape">"Shape over the week"</label>
                <select
                    id="f-shape"
                    on:change:target=move |ev| {
                        if let Some(k) = ShapeKind::parse(&ev.target().value()) {
                            let next = calc.scenario.with_untracked(|s| edit::switch_shape(s, k));
                            calc.scenario.set(next);
                        }
                    }
                >
                    {options}
                </select>
            </div>
            // Only the shapes that have them show a ratio and a seed; the fields follow the
            // scenario, so a shape switch that lowers the ratio shows the new value.
            <Show when=move || shape.get() != ShapeKind::Flat && !busy_form.get()>
                <NumberField key=Key::Pa label="Peak-to-average ratio" suffix="×" hint=pa_hint/>
            </Show>
            <Show when=move || shape.get() == ShapeKind::Bursty>
                <NumberField key=Key::Seed label="Burst pattern (seed)" hint="Any whole number; each gives another deterministic pattern."/>
            </Show>
            <NumberField key=Key::Size label="Size for percentile" suffix="of minutes" hint=size_hint/>
            <NumberField key=Key::Units label="Your reserved units" suffix="units" hint=units_hint/>
        </fieldset>
    }
}
