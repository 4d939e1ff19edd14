//! The link notice: when the opening link had unknown keys or invalid values, say what was
//! ignored and why (the codec's own words), once, dismissibly.
use leptos::prelude::*;

/// What the opening link got wrong, `(key, why)`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LinkProblems(pub Vec<(String, String)>);

/// The dismissible notice; nothing when the link was clean.
#[component]
pub fn LinkNotice(problems: LinkProblems) -> impl IntoView {
    let open = RwSignal::new(!problems.0.is_empty());
    let count = problems.0.len();
    let items = problems
        .0
        .into_iter()
        .map(|(key, why)| {
            let shown = key.clone();
            view! {
                <li data-key=key>
                    <code>{shown}</code>": "{why}
                </li>
            }
        })
        .collect_view();
    view! {
        <div id="notice" class="notice" role="status" hidden=move || !open.get()>
            <div class="notice-head">
                <p>
                    <strong>{if count == 1 { "One part of this link was ignored".to_string() } else { format!("{count} parts of this link were ignored") }}</strong>
                    "; defaults are used instead:"
                </p>
                <button type="button" id="notice-dismiss" class="dismiss" on:click=move |_| open.set(false)
                    aria-label="Dismiss the notice about the link">"Dismiss"</button>
            </div>
            <ul>{items}</ul>
        </div>
    }
}
