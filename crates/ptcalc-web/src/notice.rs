//! The link notice: when the opening link had unknown keys or invalid values, say what was
//! ignored and why (the codec's own words), once, dismissibly. Only what the link itself
//! contained is listed (a default the offering lacks is replaced silently), and a line goes
//! away once the user changes the field it names.
use leptos::prelude::*;
use ptcalc_core::link::Key;

use crate::state::Calc;

/// What the opening link got wrong, `(key, why)`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LinkProblems(pub Vec<(String, String)>);

/// The keys a query names (`?v=1&o=x&in=3M` → `v`, `o`, `in`).
fn keys_in(query: &str) -> Vec<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .filter(|k| !k.is_empty())
        .map(String::from)
        .collect()
}

/// The problems that concern a key the link contained.
fn contained(problems: Vec<(String, String)>, query: &str) -> Vec<(String, String)> {
    let keys = keys_in(query);
    problems
        .into_iter()
        .filter(|(key, _)| keys.iter().any(|k| k == key))
        .collect()
}

/// The dismissible notice; nothing when the link was clean.
#[component]
pub fn LinkNotice(problems: LinkProblems) -> impl IntoView {
    let calc = Calc::from_context();
    let problems = contained(problems.0, &crate::address::opening_query());
    let open = RwSignal::new(!problems.is_empty());
    // Each line with the value its key had when the page opened: changed → the line is done.
    let lines: Vec<_> = problems
        .into_iter()
        .map(|(key, why)| {
            let parsed = Key::parse(&key);
            let opened = parsed.map(|k| calc.scenario.with_untracked(|s| k.value(s)));
            let current = Memo::new(move |_| match parsed {
                Some(k) => calc.scenario.with(|s| Some(k.value(s)) != opened),
                None => false,
            });
            (key, why, current)
        })
        .collect();
    let remaining: Vec<Memo<bool>> = lines.iter().map(|(_, _, changed)| *changed).collect();
    let left = Memo::new(move |_| remaining.iter().filter(|c| !c.get()).count());
    let items = lines
        .into_iter()
        .map(|(key, why, changed)| {
            let shown = key.clone();
            view! {
                <li data-key=key hidden=move || changed.get()>
                    <code>{shown}</code>": "{why}
                </li>
            }
        })
        .collect_view();
    view! {
        <div id="notice" class="notice" role="status" hidden=move || !open.get() || left.get() == 0>
            <div class="notice-head">
                <p>
                    <strong>{move || if left.get() == 1 { "One part of this link was ignored".to_string() } else { format!("{} parts of this link were ignored", left.get()) }}</strong>
                    "; defaults are used instead:"
                </p>
                <button type="button" id="notice-dismiss" class="dismiss" on:click=move |_| open.set(false)
                    aria-label="Dismiss the notice about the link">"Dismiss"</button>
            </div>
            <ul>{items}</ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keys_the_link_contained_are_listed() {
        let problems = vec![
            ("t".to_string(), "has no 1y term".to_string()),
            ("in".to_string(), "not a number".to_string()),
        ];
        let shown = contained(problems, "?v=1&o=openai/o3-scale&in=abc");
        assert_eq!(shown, vec![("in".to_string(), "not a number".to_string())]);
        assert_eq!(keys_in("?v=1&t=1y"), vec!["v", "t"]);
    }
}
