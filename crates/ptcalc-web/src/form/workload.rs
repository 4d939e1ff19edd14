//! What is sent: average token rates or calls, the cached and cache-write shares of input,
//! and the share that can wait for the batch tier.
use leptos::prelude::*;
use ptcalc_core::link::{self, Key, Value};
use ptcalc_core::numfmt::{compact, percent};
use ptcalc_core::scenario::Volume;

use crate::field::NumberField;
use crate::state::Calc;

/// Token rates or calls, and the shares.
#[component]
pub fn WorkloadPanel() -> impl IntoView {
    let calc = Calc::from_context();
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
            {move || {
                if uses_calls.get() {
                    view! {
                        <NumberField key=Key::Rpm label="Calls per minute" suffix="calls/min" hint="Average over the month."/>
                        <NumberField key=Key::Pt label="Prompt tokens per call" suffix="tokens" hint="Input, cached included."/>
                        <NumberField key=Key::Ct label="Completion tokens per call" suffix="tokens" hint=volume_hint/>
                    }
                    .into_any()
                } else {
                    view! {
                        <NumberField key=Key::In label="Input tokens per minute" suffix="tokens/min" hint="Average over the month, cached included. 250k, 1.5M work."/>
                        <NumberField key=Key::Out label="Output tokens per minute" suffix="tokens/min" hint=volume_hint/>
                    }
                    .into_any()
                }
            }}
            <NumberField key=Key::Cache label="Cached share of input" suffix="%" hint=share_hint(Key::Cache, "of input tokens are cache reads")/>
            <NumberField key=Key::Cw label="Cache-write share of input" suffix="%" hint=share_hint(Key::Cw, "of input tokens write the cache")/>
            <NumberField key=Key::B label="Batch share" suffix="%" hint=share_hint(Key::B, "of tokens go to the batch tier (never reserved)")/>
        </fieldset>
    }
}
