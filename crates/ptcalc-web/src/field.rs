//! A numeric field bound to one link key. It keeps its own text: what the user typed is never
//! rewritten. Valid text updates the scenario at once; invalid text shows what is allowed
//! beside the field and leaves the scenario (and every result) as it was.
use leptos::prelude::*;
use ptcalc_core::link::Key;

use crate::edit;
use crate::state::Calc;

/// The DOM id of the field for `key` (`f-in`, `f-cap`, …).
pub fn field_id(key: Key) -> String {
    format!("f-{}", key.as_str())
}

/// A labelled text input for a number, with a hint and an inline error.
#[component]
pub fn NumberField(
    /// The link key the field edits.
    key: Key,
    /// The label.
    label: &'static str,
    /// The unit or meaning shown after the input (`tokens/min`, `%`, …).
    #[prop(optional)]
    suffix: &'static str,
    /// A short hint under the field; may change (e.g. the rate card's figure).
    #[prop(optional, into)]
    hint: Signal<String>,
    /// Placeholder: what applies when the field is empty (optional fields).
    #[prop(optional, into)]
    placeholder: Signal<String>,
) -> impl IntoView {
    let calc = Calc::from_context();
    let id = field_id(key);
    let initial = calc.scenario.with_untracked(|s| edit::initial_text(s, key));
    let text = RwSignal::new(initial.clone());
    let error = RwSignal::new(None::<String>);
    let on_input = move |value: String| {
        text.set(value);
        let result =
            text.with_untracked(|t| calc.scenario.with_untracked(|s| edit::apply(s, key, t)));
        match result {
            Ok(next) => {
                error.set(None);
                if calc.scenario.with_untracked(|s| *s != next) {
                    calc.scenario.set(next);
                }
            }
            Err(message) => error.set(Some(message)),
        }
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = format!("{hint_id} {error_id}");
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some) data-key=key.as_str()>
            <label for=id.clone()>{label}</label>
            <div class="input-row">
                <input
                    id=id
                    name=key.as_str()
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=initial
                    placeholder=move || placeholder.get()
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=described
                    on:input:target=move |ev| on_input(ev.target().value())
                />
                {(!suffix.is_empty()).then(|| view! { <span class="suffix">{suffix}</span> })}
            </div>
            <p id=hint_id class="hint">{move || hint.get()}</p>
            <p id=error_id class="error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
