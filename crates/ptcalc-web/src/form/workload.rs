//! What is sent: average token rates or calls, the cached and cache-write shares of input,
//! and the share that can wait for the batch tier.
use leptos::prelude::*;
use ptcalc_core::link::{self, Key, Value};
use ptcalc_core::numfmt::{compact, parse_expression, percent};
use ptcalc_core::scenario::Volume;
use ptcalc_core::verdict::times;

use super::entry::{
    effective, EntryPickers, ImpliedRates, PresentationSignal, QuietField, RateField,
};
use crate::field::NumberField;
use crate::state::Calc;
use ptcalc_core::entry::{EntryForm, RateUnit};

/// Token rates or calls, and the shares.
#[component]
pub fn WorkloadPanel() -> impl IntoView {
    let calc = Calc::from_context();
    let presentation = PresentationSignal::from_context().0;
    let form_unit =
        Memo::new(move |_| presentation.with(|p| calc.scenario.with(|s| effective(s, p))));
    // The month's average per minute is the link's own spelling: the key's plain field.
    let as_in_link = move || form_unit.get() == (EntryForm::Average, RateUnit::Minute);
    let uses_calls = Memo::new(move |_| {
        calc.scenario
            .with(|s| matches!(s.volume, Volume::Calls { .. }))
    });
    let switch = move |to_calls: bool| {
        let next = calc
            .scenario
            .with_untracked(|s| link::switch_volume(s, to_calls));
        calc.scenario.set(next);
    };
    let share_hint = move |key: Key, of: &'static str| {
        Signal::derive(move || match calc.scenario.with(|s| key.value(s)) {
            Some(Value::Number(share)) => format!("{} {of}", percent(share)),
            _ => String::new(),
        })
    };
    let volume_hint = Signal::derive(move || {
        calc.shown.with(|a| {
            a.as_ref()
                .map(|a| {
                    let l = &a.report.load;
                    format!(
                        "{} tokens per month; {} normalized tokens per minute on average.",
                        compact(l.tokens_per_month),
                        compact(l.mean_normalized_tpm)
                    )
                })
                .unwrap_or_default()
        })
    });

    view! {
        <fieldset class="panel" id="panel-workload">
            <legend>"Workload"</legend>
            <div class="field" role="radiogroup" aria-label="Describe the workload as">
                <span class="label">"Describe it as"</span>
                <div class="choices">
                    <label>
                        <input type="radio" name="volume-mode" id="f-mode-tokens" value="tokens"
                            prop:checked=move || !uses_calls.get()
                            on:change=move |_| switch(false)/>
                        " token rates"
                    </label>
                    <label>
                        <input type="radio" name="volume-mode" id="f-mode-calls" value="calls"
                            prop:checked=move || uses_calls.get()
                            on:change=move |_| switch(true)/>
                        " calls"
                    </label>
                </div>
            </div>
            <EntryPickers/>
            {move || {
                match (uses_calls.get(), as_in_link()) {
                    (true, true) => view! {
                        <NumberField key=Key::Rpm label="Calls per minute" suffix="calls/min" hint="Average over the month."/>
                    }
                    .into_any(),
                    (true, false) => view! { <RateField key=Key::Rpm/> }.into_any(),
                    (false, true) => view! {
                        <NumberField key=Key::In label="Input tokens per minute" suffix="tokens/min" hint="Average over the month, cached included. 250k, 1.5M work."/>
                        <NumberField key=Key::Out label="Output tokens per minute" suffix="tokens/min" hint=volume_hint/>
                    }
                    .into_any(),
                    (false, false) => view! {
                        <RateField key=Key::In/>
                        <RateField key=Key::Out/>
                    }
                    .into_any(),
                }
            }}
            <Show when=move || uses_calls.get()>
                <NumberField key=Key::Pt label="Prompt tokens per call" suffix="tokens" hint="Input, cached included."/>
                <NumberField key=Key::Ct label="Completion tokens per call" suffix="tokens" hint=volume_hint/>
            </Show>
            <Show when=move || form_unit.get().0 == EntryForm::BusyQuiet>
                <QuietField/>
            </Show>
            <ImpliedRates/>
            <WhatIf/>
            <NumberField key=Key::Cache label="Cached share of input" suffix="%" hint=share_hint(Key::Cache, "of input tokens are cache reads")/>
            <NumberField key=Key::Cw label="Cache-write share of input" suffix="%" hint=share_hint(Key::Cw, "of input tokens write the cache")/>
            <NumberField key=Key::B label="Batch share" suffix="%" hint=share_hint(Key::B, "of tokens go to the batch tier (never reserved)")/>
        </fieldset>
    }
}

/// The what-if multiplier's range: half to three times the traffic entered.
const WHAT_IF: (f64, f64) = (0.5, 3.0);

/// A what-if multiplier on every volume at once (×0.5 … ×3), for exploring without
/// retyping the workload. A value outside the range is used clamped, and says so.
#[component]
fn WhatIf() -> impl IntoView {
    let calc = Calc::from_context();
    let text = RwSignal::new(String::from("1"));
    let note = RwSignal::new(String::new());
    let on_input = move |typed: String| {
        text.set(typed.clone());
        let cleaned = typed.trim().trim_start_matches(['×', 'x', '*']).trim();
        match parse_expression(cleaned) {
            Some(v) if v > 0.0 => {
                let used = v.clamp(WHAT_IF.0, WHAT_IF.1);
                note.set(if used == v {
                    String::new()
                } else {
                    format!(
                        "×{} is outside ×{} … ×{}: ×{} used.",
                        times(v),
                        times(WHAT_IF.0),
                        times(WHAT_IF.1),
                        times(used)
                    )
                });
                calc.what_if.set(used);
            }
            _ => note.set(format!(
                "\"{}\" is not a multiplier: enter a number from {} to {} (1 = as entered); the results are for ×{}.",
                typed.trim(),
                times(WHAT_IF.0),
                times(WHAT_IF.1),
                times(calc.what_if.get_untracked())
            )),
        }
    };
    view! {
        <div class="field" data-key="whatif">
            <label for="f-whatif">"What if the traffic were"</label>
            <div class="input-row">
                <span class="suffix">"×"</span>
                <input id="f-whatif" name="whatif" type="text" inputmode="decimal" autocomplete="off"
                    spellcheck="false" aria-describedby="f-whatif-hint f-whatif-note"
                    prop:value=move || text.get()
                    on:input:target=move |ev| on_input(ev.target().value())/>
            </div>
            <p id="f-whatif-hint" class="hint">"Every volume at once, from ×0.5 to ×3; not stored in the link."</p>
            <p id="f-whatif-note" class="error" aria-live="polite">{move || note.get()}</p>
        </div>
    }
}
