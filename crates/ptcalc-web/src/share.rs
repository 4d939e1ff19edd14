//! Sharing: the copy-link button (the absolute address of the current scenario, also inside
//! an iframe, with a select-and-copy fallback where the clipboard is not allowed) and the
//! presets menu, each preset a plain link.
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::address::{share_link, share_portfolio_link};
use crate::presets;
use crate::state::Calc;

/// Where a copy attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Copied {
    Not,
    Yes,
    SelectIt,
    /// The portfolio is too long for one link: `link` holds why.
    Refused,
}

/// `document.execCommand("copy")` on the current selection (the fallback of the clipboard API).
fn copy_selection() -> bool {
    let doc: JsValue = document().into();
    js_sys::Reflect::get(&doc, &JsValue::from_str("execCommand"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&doc, &JsValue::from_str("copy")).ok())
        .and_then(|r| r.as_bool())
        .unwrap_or(false)
}

/// The copy-link button and the link it copied.
#[component]
pub fn CopyLink() -> impl IntoView {
    let calc = Calc::from_context();
    // The form's presentation (`entry=`, `per=`), read here: an event handler has no owner.
    let presentation = use_context::<crate::form::PresentationSignal>().map(|p| p.0);
    let workloads = use_context::<crate::workloads::Workloads>();
    let state = RwSignal::new(Copied::Not);
    let link = RwSignal::new(String::new());
    let field = NodeRef::<html::Input>::new();
    let select_field = move || {
        if let Some(input) = field.get_untracked() {
            let _ = input.focus();
            input.select();
        }
    };
    let on_click = move |_| {
        let shown = presentation.map(|p| p.get_untracked()).unwrap_or_default();
        let url = match workloads {
            Some(w) if w.all.with_untracked(Vec::len) > 1 => {
                match w
                    .all
                    .with_untracked(|list| share_portfolio_link(list, &shown))
                {
                    Ok(url) => url,
                    Err(why) => {
                        link.set(why);
                        state.set(Copied::Refused);
                        return;
                    }
                }
            }
            _ => calc.scenario.with_untracked(|s| share_link(s, &shown)),
        };
        link.set(url.clone());
        // `navigator.clipboard` is absent outside secure contexts: calling it would throw.
        let navigator = window().navigator();
        let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
            .is_ok_and(|c| !c.is_undefined() && !c.is_null());
        let promise = has_clipboard.then(|| navigator.clipboard().write_text(&url));
        leptos::task::spawn_local(async move {
            let copied = match promise {
                Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
                None => false,
            };
            match copied {
                true => state.set(Copied::Yes),
                false => {
                    state.set(Copied::SelectIt);
                    // Let the field render with the link, then select and try the old way.
                    request_animation_frame(move || {
                        select_field();
                        if copy_selection() {
                            state.set(Copied::Yes);
                        }
                    });
                }
            }
        });
    };
    view! {
        <div class="share">
            <button type="button" id="copy-link" class="primary" on:click=on_click>"Copy link"</button>
            <span id="copy-status" class="copy-status" aria-live="polite">
                {move || match state.get() {
                    Copied::Not => String::new(),
                    Copied::Refused => format!("Not copied: {}", link.get()),
                    Copied::Yes => String::from("Link copied."),
                    Copied::SelectIt => String::from("Copy the selected link (Ctrl+C or ⌘C)."),
                }}
            </span>
            <Show when=move || !matches!(state.get(), Copied::Not | Copied::Refused)>
                <label class="visually-hidden" for="share-url">"Link to this scenario"</label>
                <input id="share-url" class="share-url" type="text" readonly node_ref=field
                    prop:value=move || link.get() on:focus:target=move |ev| ev.target().select()/>
            </Show>
        </div>
    }
}

/// The worked scenarios, each a plain link to its canonical query.
#[component]
pub fn PresetMenu() -> impl IntoView {
    let items = presets::all()
        .into_iter()
        .map(|p| {
            view! {
                <li>
                    <a href=format!("?{}", p.query()) data-preset=p.id>
                        <span class="preset-title">{p.title}</span>
                        <span class="preset-summary">{p.summary}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    // Escape closes the menu and returns focus to its button, as menus do.
    let menu = NodeRef::<html::Details>::new();
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            if let Some(details) = menu.get_untracked() {
                if details.open() {
                    details.set_open(false);
                    if let Some(summary) = details.first_element_child() {
                        if let Ok(summary) = summary.dyn_into::<web_sys::HtmlElement>() {
                            let _ = summary.focus();
                        }
                    }
                }
            }
        }
    };
    view! {
        <details id="presets" class="presets" node_ref=menu on:keydown=on_key>
            <summary>"Examples"</summary>
            <ul>{items}</ul>
        </details>
    }
}
