//! What a person typed that the page cannot use yet (`12abc` in a volume field): the link
//! holds only valid scenarios, so such text is kept in `localStorage` beside the scenario it
//! was typed on, and a reload, back/forward or the same link in a reopened tab shows it again,
//! with its error. One record for the whole origin, small and overwritten: the drafts of the
//! last scenario edited. Where storage is unavailable (a sandboxed frame, a strict privacy
//! mode) the page works as before and keeps nothing.
use std::collections::BTreeMap;

use ptcalc_core::link::{self, Key};
use ptcalc_core::Scenario;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// The `localStorage` item.
const STORAGE_KEY: &str = "ptcalc:drafts";

/// One field's typed text, and its key's value (link spelling) when it was typed: the draft
/// belongs to that value and disappears once something else changes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Typed {
    pub text: String,
    pub value: String,
}

/// The drafts of one scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Drafts {
    /// The canonical link query of the scenario they were typed on.
    pub scenario: String,
    /// By link key (`in`, `cap`…).
    pub fields: BTreeMap<String, Typed>,
}

impl Drafts {
    /// The text typed into `key`'s field, if it was typed on exactly `scenario`.
    pub fn text_for(&self, key: Key, scenario: &Scenario) -> Option<&str> {
        if self.scenario != link::format(scenario) {
            return None;
        }
        self.fields
            .get(key.as_str())
            .filter(|t| t.value == key.text(scenario))
            .map(|t| t.text.as_str())
    }

    /// Records `text` for `key` typed on `scenario` (`None`: the field's text was used, so
    /// there is no draft any more).
    pub fn set(&mut self, key: Key, scenario: &Scenario, text: Option<&str>) {
        self.follow(scenario);
        match text {
            Some(text) => {
                self.fields.insert(
                    key.as_str().to_string(),
                    Typed {
                        text: text.to_string(),
                        value: key.text(scenario),
                    },
                );
            }
            None => {
                self.fields.remove(key.as_str());
            }
        }
    }

    /// Moves the drafts to `scenario`: a draft whose key's value changed is dropped (the field
    /// shows the new value), the others stay with the new scenario.
    pub fn follow(&mut self, scenario: &Scenario) {
        let query = link::format(scenario);
        if self.scenario == query {
            return;
        }
        self.scenario = query;
        self.fields.retain(|name, typed| {
            Key::parse(name).is_some_and(|k| k.text(scenario) == typed.value)
        });
    }
}

/// `window.localStorage`, if the page may use it (reading it can throw).
fn storage() -> Option<JsValue> {
    let storage = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("localStorage"))
        .ok()
        .filter(|s| !s.is_null() && !s.is_undefined())?;
    Some(storage)
}

/// Calls `storage[method](args…)`, `None` on any failure (quota, security).
fn call(method: &str, args: &[&str]) -> Option<JsValue> {
    let storage = storage()?;
    let f = js_sys::Reflect::get(&storage, &JsValue::from_str(method))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    f.apply(&storage, &args).ok()
}

/// The stored drafts (empty when there are none or they cannot be read).
pub fn load() -> Drafts {
    call("getItem", &[STORAGE_KEY])
        .and_then(|v| v.as_string())
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .and_then(|v| serde_wasm_bindgen::from_value(v).ok())
        .unwrap_or_default()
}

/// Stores `drafts` (removes the item when there is no draft left).
pub fn save(drafts: &Drafts) {
    if drafts.fields.is_empty() {
        if load().fields.is_empty() {
            return;
        }
        let _ = call("removeItem", &[STORAGE_KEY]);
        return;
    }
    // As plain objects: the default serializer makes a `Map`, which JSON.stringify writes as `{}`.
    let text = drafts
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string());
    if let Some(text) = text {
        let _ = call("setItem", &[STORAGE_KEY, &text]);
    }
}

/// Records what was typed into `key`'s field on `scenario` (`None` once it was used).
pub fn remember(key: Key, scenario: &Scenario, text: Option<&str>) {
    let mut drafts = load();
    let before = drafts.clone();
    drafts.set(key, scenario, text);
    if drafts != before {
        save(&drafts);
    }
}

/// Keeps the stored drafts on the current scenario (called whenever it changes).
pub fn follow(scenario: &Scenario) {
    let mut drafts = load();
    if drafts.fields.is_empty() {
        return;
    }
    let before = drafts.clone();
    drafts.follow(scenario);
    if drafts != before {
        save(&drafts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_comes_back_only_on_the_scenario_it_was_typed_on() {
        let s = Scenario::default();
        let mut d = Drafts::default();
        d.set(Key::In, &s, Some("12abc"));
        assert_eq!(d.text_for(Key::In, &s), Some("12abc"));
        assert_eq!(d.text_for(Key::Out, &s), None);
        let other = Key::H.edit(&s, "24").expect("valid");
        assert_eq!(d.text_for(Key::In, &other), None, "another scenario");
    }

    #[test]
    fn drafts_follow_edits_of_other_fields_and_drop_when_their_own_value_moves() {
        let s = Scenario::default();
        let mut d = Drafts::default();
        d.set(Key::In, &s, Some("12abc"));
        // Another field edited: the draft stays, now with the new scenario.
        let longer = Key::H.edit(&s, "24").expect("valid");
        d.follow(&longer);
        assert_eq!(d.text_for(Key::In, &longer), Some("12abc"));
        // The field's own value changed elsewhere (a preset, a message): the draft is gone.
        let moved = Key::In.edit(&longer, "2M").expect("valid");
        d.follow(&moved);
        assert!(d.fields.is_empty());
        // A used text clears its draft.
        d.set(Key::Out, &moved, Some("x"));
        d.set(Key::Out, &moved, None);
        assert!(d.fields.is_empty());
    }
}
