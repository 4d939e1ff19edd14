//! A numeric field bound to one link key, controlled by the scenario: it shows the scenario's
//! value in link spelling, or the text the user typed while that text still describes the
//! value (so `1500000` is not rewritten to `1.5M` mid-typing) or is invalid. Typing sets the
//! value through the key table (`Key::edit`); an invalid text shows that key's own error
//! beside the field and leaves the scenario, and every result, as it was.
use leptos::prelude::*;
use ptcalc_core::link::{Key, Value};
use ptcalc_core::numfmt::{
    format_number, is_derived_spelling, number_for_field, parse_expression, parse_number,
    parse_share, share_for_field,
};

use crate::state::Calc;

/// The DOM id of the field for `key` (`f-in`, `f-cap`, …).
pub fn field_id(key: Key) -> String {
    format!("f-{}", key.as_str())
}

/// What the user typed, the key's value it was typed against, and what is wrong with it.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    text: String,
    value: Option<Value>,
    error: Option<String>,
}

/// What the field shows, `(text, error)`: the draft while it was typed against the key's
/// current value (valid, or invalid and the value has not moved since), else the value in
/// link spelling (`spelled`) and no error.
fn displayed(
    draft: Option<&Draft>,
    now: &Option<Value>,
    spelled: impl FnOnce() -> String,
) -> (String, Option<String>) {
    match draft {
        Some(d) if d.value == *now => (d.text.clone(), d.error.clone()),
        _ => (spelled(), None),
    }
}

/// The keyboard a phone shows for the key: digits for counts, a decimal pad for other
/// non-negative numbers, the full keyboard where a minus sign is allowed.
fn input_mode(key: Key) -> &'static str {
    match key.limits() {
        Some(l) if l.min < 0.0 => "text",
        Some(l) if l.step == Some(1.0) => "numeric",
        _ => "decimal",
    }
}

/// "\"x\" is not allowed (…): use …" → the same as a sentence with a full stop.
pub(crate) fn sentence(text: &str) -> String {
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

/// Whether the key is a share, shown and typed as a percentage on the page (the link keeps
/// the fraction: `cache=0.2`).
fn is_share(key: Key) -> bool {
    matches!(key, Key::Cache | Key::Cw | Key::B)
}

/// What a person typed, in the key's link spelling: a share as a fraction (`60`, `60%` and
/// `0.6` → `0.6`), arithmetic worked out (`3M*1.3` → `3.9M`); anything else as typed, so the
/// key's own parser names what is wrong.
fn link_text(key: Key, typed: &str) -> Result<String, String> {
    if is_share(key) {
        return match parse_share(typed) {
            Some(v) if (0.0..=1.0).contains(&v) => Ok(format_number(v)),
            Some(_) => Err(format!(
                "\"{}\" is not a share: enter a percentage from 0 to 100 (60, 60% and 0.6 all mean 60%)",
                typed.trim()
            )),
            None => Err(format!(
                "\"{}\" is not a number: enter a percentage from 0 to 100 (60, 60% and 0.6 all mean 60%)",
                typed.trim()
            )),
        };
    }
    if parse_number(typed).is_none() {
        if let Some(v) = parse_expression(typed) {
            return Ok(format_number(v));
        }
    }
    Ok(typed.to_string())
}

/// The key's value as the field shows it: a share as a percentage, anything else in link spelling.
/// A derived number (more digits than a person types, e.g. a peak-to-average computed from
/// a quiet share) is shown to four significant digits; the link keeps the exact value, and
/// a value typed with fewer digits is shown as typed.
fn field_text(key: Key, link_spelling: String) -> String {
    match parse_number(&link_spelling) {
        Some(v) if is_share(key) => share_for_field(v),
        Some(v) if is_derived_spelling(&link_spelling) => number_for_field(v),
        _ => link_spelling,
    }
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
    let value = Memo::new(move |_| calc.scenario.with(|s| key.value(s)));
    let draft = RwSignal::new(None::<Draft>);
    // The text and the error on screen, derived from the scenario and the draft.
    let shown = Memo::new(move |_| {
        let now = value.get();
        draft.with(|d| {
            displayed(d.as_ref(), &now, || {
                field_text(key, calc.scenario.with(|s| key.text(s)))
            })
        })
    });
    let error = move || shown.with(|(_, e)| e.clone());
    let invalid = move || shown.with(|(_, e)| e.is_some());
    let on_input = move |text: String| {
        let edited = link_text(key, &text).and_then(|spelled| {
            calc.scenario
                .with_untracked(|s| key.edit(s, &spelled))
                .map_err(|e| e.to_string())
        });
        match edited {
            Ok(next) => {
                crate::drafts::remember(key, &next, None);
                draft.set(Some(Draft {
                    text,
                    value: key.value(&next),
                    error: None,
                }));
                if calc.scenario.with_untracked(|s| *s != next) {
                    calc.scenario.set(next);
                }
            }
            Err(e) => {
                // Never a message naming one value while the figures use another: say which
                // value the results are for.
                let used = field_text(key, calc.scenario.with_untracked(|s| key.text(s)));
                calc.scenario
                    .with_untracked(|s| crate::drafts::remember(key, s, Some(&text)));
                let mut message = sentence(&e);
                if !used.is_empty() {
                    message.push_str(&format!(" The results are still for {used}."));
                }
                draft.set(Some(Draft {
                    text,
                    value: value.get_untracked(),
                    error: Some(message),
                }))
            }
        }
    };
    // What was typed here and could not be used survives a reload (`drafts`).
    let kept = calc
        .scenario
        .with_untracked(|s| crate::drafts::load().text_for(key, s).map(String::from));
    if let Some(text) = kept {
        on_input(text);
    }
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = format!("{hint_id} {error_id}");
    view! {
        <div class="field" class:invalid=invalid data-key=key.as_str()>
            <label for=id.clone()>{label}</label>
            <div class="input-row">
                <input
                    id=id
                    name=key.as_str()
                    type="text"
                    inputmode=input_mode(key)
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || shown.with(|(t, _)| t.clone())
                    placeholder=move || placeholder.get()
                    aria-invalid=move || if invalid() { "true" } else { "false" }
                    aria-describedby=described
                    on:input:target=move |ev| on_input(ev.target().value())
                />
                {(!suffix.is_empty()).then(|| view! { <span class="suffix">{suffix}</span> })}
            </div>
            <p id=hint_id class="hint">{move || hint.get()}</p>
            <p id=error_id class="error" aria-live="polite">{error}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_stays_until_the_value_changes_elsewhere() {
        use ptcalc_core::Scenario;
        let s = Scenario::default();
        let spelled = || Key::In.text(&Scenario::default());
        // "500000" describes the current value: kept, not rewritten to "500k".
        let typed = Draft {
            text: "500000".into(),
            value: Key::In.value(&s),
            error: None,
        };
        assert_eq!(
            displayed(Some(&typed), &Key::In.value(&s), spelled),
            ("500000".into(), None)
        );
        // An invalid text stays with its error while the value has not moved…
        let error = Key::In.edit(&s, "12abc").expect_err("invalid").to_string();
        let invalid = Draft {
            text: "12abc".into(),
            value: Key::In.value(&s),
            error: Some(error.clone()),
        };
        assert_eq!(
            displayed(Some(&invalid), &Key::In.value(&s), spelled),
            ("12abc".into(), Some(error))
        );
        // …and gives way to the new value (and no error) when something else changes it.
        let moved = Key::In.edit(&s, "2M").expect("valid");
        assert_eq!(
            displayed(Some(&invalid), &Key::In.value(&moved), || Key::In
                .text(&moved)),
            ("2M".into(), None)
        );
        assert_eq!(
            displayed(None, &Key::In.value(&s), spelled),
            ("500k".into(), None)
        );
    }

    #[test]
    fn shares_are_typed_as_percentages_and_numbers_as_arithmetic() {
        for typed in ["60", "60%", "0.6", " 60 % "] {
            assert_eq!(link_text(Key::Cache, typed), Ok("0.6".into()), "{typed}");
        }
        assert!(link_text(Key::B, "150").is_err(), "above 100%");
        assert_eq!(field_text(Key::Cache, "0.2".into()), "20");
        assert_eq!(field_text(Key::In, "2M".into()), "2M");
        assert_eq!(link_text(Key::In, "3M*1.3"), Ok("3.9M".into()));
        assert_eq!(
            link_text(Key::In, "12abc"),
            Ok("12abc".into()),
            "left for the key to reject"
        );
    }

    #[test]
    fn phones_get_the_keyboard_the_key_allows() {
        assert_eq!(input_mode(Key::Units), "numeric");
        assert_eq!(input_mode(Key::In), "decimal");
        assert_eq!(input_mode(Key::G), "text", "growth may be negative");
    }

    #[test]
    fn an_error_reads_as_a_sentence() {
        let e = Key::H
            .edit(&ptcalc_core::Scenario::default(), "2.5")
            .expect_err("not whole");
        assert_eq!(
            sentence(&e.to_string()),
            "\"2.5\" is not allowed (not a whole number): use a whole number of months from 1 to 120."
        );
        assert_eq!(sentence("enter a value: x"), "Enter a value: x.");
    }
}
