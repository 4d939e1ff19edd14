//! Embed mode: the compact page an `<iframe>` shows (`embed=1`, panels chosen by `view=`),
//! the height message it posts to its host, and the full page's "Embed" dialog that builds
//! the snippets. The snippet text is built by plain functions, tested natively.
use leptos::html;
use leptos::prelude::*;
use ptcalc_core::link;
use ptcalc_core::scenario::{Panel, Presentation, Theme};
use ptcalc_core::Scenario;
use send_wrapper::SendWrapper;
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::address::page_address;
use crate::charts::ChartPanel;
use crate::compare::ComparePanel;
use crate::glossary::Glossary;
use crate::host_message::{self, ErrorMessage, Field, Refusal, MAX_SCENARIO_CHARS};
use crate::notice::{LinkNotice, LinkProblems};
use crate::results::{
    EvaluationError, KeyFigures, PointsTable, ScenarioSummary, TermsTable, UnitsLine, Verdict,
    Warnings,
};
use crate::sources::Sources;
use crate::state::Calc;
use crate::workloads::PortfolioPanel;

/// The message an embedded page posts to its host (`window.parent`) on load and whenever its
/// height changes; `web/embed-host.js` sizes the `<iframe>` from it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeightMessage {
    /// Always `"ptcalc:height"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The content's height in CSS pixels, rounded up.
    pub height: u32,
    /// The scenario's canonical link query (`v=1&…`), to tell frames apart.
    pub scenario: String,
}

impl HeightMessage {
    /// The message for `height` pixels of `scenario`.
    pub fn new(height: f64, scenario: &Scenario) -> HeightMessage {
        HeightMessage {
            kind: "ptcalc:height",
            height: height.max(0.0).ceil() as u32,
            scenario: link::format(scenario),
        }
    }
}

/// What an embedded frame shows: the workload the form edits, every workload of the page
/// (one, or a portfolio), the panels and the comparison list (`cmp=`).
#[derive(Clone, Copy, Debug)]
pub struct EmbedChoice<'a> {
    /// The scenario the form edits (the single-scenario panels' one).
    pub scenario: &'a Scenario,
    /// Every workload in order, the edited one in its place (one for a single scenario).
    pub workloads: &'a [Scenario],
    /// The chosen panels, in order (empty: the default ones).
    pub view: &'a [Panel],
    /// The comparison's list as the page's link keeps it (`cmp=`; empty: the default list).
    pub compare: &'a [String],
}

impl EmbedChoice<'_> {
    /// Whether the frame carries the whole portfolio: the `portfolio` panel is chosen and
    /// there are two or more workloads. Otherwise it carries the edited workload alone, as
    /// the single-scenario panels show it.
    pub fn carries_portfolio(&self) -> bool {
        self.workloads.len() > 1 && self.view.contains(&Panel::Portfolio)
    }

    /// The panels the frame shows: the chosen ones, without `portfolio` when there is one
    /// workload (it would only say so); the default ones when that leaves none.
    pub fn panels(&self) -> Vec<Panel> {
        let single = self.workloads.len() <= 1;
        let view: Vec<Panel> = self
            .view
            .iter()
            .copied()
            .filter(|p| !(single && *p == Panel::Portfolio))
            .collect();
        if view.is_empty() {
            Panel::DEFAULT_VIEW.to_vec()
        } else {
            view
        }
    }

    /// The query of the embedded view: the scenario's part exactly as the page's own link
    /// writes it (with a portfolio panel, the whole portfolio as the page's link writes it),
    /// `cmp=` when the `compare` panel is chosen, then the presentation. A portfolio too long
    /// for one link is refused with the reason (the page's "Copy link" refuses it alike).
    pub fn query(&self) -> Result<String, String> {
        let view = self.panels();
        let presentation = Presentation {
            embed: true,
            compare: if view.contains(&Panel::Compare) {
                self.compare.to_vec()
            } else {
                Vec::new()
            },
            view,
            theme: Theme::Auto,
            ..Presentation::default()
        };
        if self.carries_portfolio() {
            link::portfolio::format_portfolio(self.workloads, &presentation)
                .map_err(|e| e.to_string())
        } else {
            Ok(link::format_link(self.scenario, &presentation))
        }
    }

    /// The frame's title: the offering and term, or the portfolio's size.
    pub fn title(&self) -> String {
        if self.carries_portfolio() {
            format!("ptcalc: a portfolio of {} workloads", self.workloads.len())
        } else {
            format!(
                "ptcalc: {} ({})",
                self.scenario.offering,
                self.scenario.term.as_str()
            )
        }
    }
}

/// The query of the embedded view of `scenario` alone showing `view` (the scenario's part
/// exactly as the page's own link writes it).
pub fn embed_query(scenario: &Scenario, view: &[Panel]) -> String {
    let choice = EmbedChoice {
        scenario,
        workloads: core::slice::from_ref(scenario),
        view,
        compare: &[],
    };
    // One workload: always one link.
    choice
        .query()
        .unwrap_or_else(|_| link::format_link(scenario, &Presentation::default()))
}

/// Text made safe inside a double-quoted HTML attribute.
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The fixed height (CSS pixels) a snippet gets before one has been measured: generous
/// per-panel heights at an 800 px wide frame, plus the "Open in ptcalc" line.
pub fn estimated_height(view: &[Panel]) -> u32 {
    let panels: u32 = view
        .iter()
        .map(|p| match p {
            Panel::Verdict => 260,
            Panel::Figures => 300,
            Panel::Points | Panel::TermTable => 420,
            Panel::Warnings => 200,
            Panel::Sources => 520,
            Panel::Glossary => 480,
            Panel::Compare => 640,
            Panel::Portfolio => 720,
            _ => 470,
        })
        .sum();
    panels + 60
}

/// The `<iframe>` snippet: `class="ptcalc"` so `web/embed-host.js` sizes it; without the
/// script it keeps `height`. `Err` when the portfolio is too long for one link.
pub fn iframe_snippet(page: &str, choice: &EmbedChoice<'_>, height: u32) -> Result<String, String> {
    let src = format!("{page}?{}", choice.query()?);
    Ok(format!(
        "<iframe class=\"ptcalc\" src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" loading=\"lazy\"></iframe>",
        escape_attribute(&src),
        escape_attribute(&choice.title()),
    ))
}

/// Escapes what Markdown would read as link or image syntax.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\[]()<>*_`!#|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The Markdown snippet for places without iframes: the exported PNG of `chart_file` as an
/// image, linked to the full page with the same scenario.
pub fn markdown_snippet(page: &str, scenario: &Scenario, chart_file: &str) -> String {
    let full = format!("{page}?{}", link::format(scenario));
    let alt = escape_markdown(&format!(
        "ptcalc: {} ({}), hybrid split",
        scenario.offering,
        scenario.term.as_str()
    ));
    // Parentheses and spaces in a link destination would end it: percent-encode them.
    let dest = |s: &str| {
        s.replace('(', "%28")
            .replace(')', "%29")
            .replace(' ', "%20")
    };
    format!("[![{alt}]({})]({})", dest(chart_file), dest(&full))
}

/// Sets `data-theme` (a forced theme) and, in embed mode, the `embed-mode` class on `<html>`
/// (web/embed.css reads both).
pub fn apply_presentation(presentation: &Presentation) {
    let Some(root) = document().document_element() else {
        return;
    };
    match presentation.theme {
        Theme::Auto => {
            let _ = root.remove_attribute("data-theme");
        }
        forced => {
            let _ = root.set_attribute("data-theme", forced.as_str());
        }
    }
    if presentation.embed {
        let _ = root.class_list().add_1("embed-mode");
    }
}

/// Posts [`HeightMessage`] to the parent whenever `target`'s height changes (a
/// `ResizeObserver` reports once when it starts observing, so also on load), and once more
/// when the scenario changes.
fn post_height(target: NodeRef<html::Div>, calc: Calc) {
    let send = move |height: f64| {
        let Ok(Some(parent)) = window().parent() else {
            return;
        };
        let message = calc
            .scenario
            .with_untracked(|s| HeightMessage::new(height, s));
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        if let Ok(value) = message.serialize(&serializer) {
            let _ = parent.post_message(&value, "*");
        }
    };
    let on_resize = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        for entry in entries.iter() {
            if let Ok(entry) = entry.dyn_into::<web_sys::ResizeObserverEntry>() {
                if let Ok(el) = entry.target().dyn_into::<web_sys::HtmlElement>() {
                    send(f64::from(el.offset_height()));
                }
            }
        }
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
    let watching = observer.clone();
    target.on_load(move |el| {
        if let Some(observer) = &watching {
            observer.observe(&el);
        }
    });
    Effect::new(move |_| {
        calc.scenario.track();
        if let Some(el) = target.get_untracked() {
            send(f64::from(el.offset_height()));
        }
    });
    let kept = SendWrapper::new((observer, on_resize));
    on_cleanup(move || {
        let (observer, _on_resize) = kept.take();
        if let Some(observer) = observer {
            observer.disconnect();
        }
    });
}

/// The own enumerable fields of a posted value, or `None` when it is not a plain object
/// (a string, a number, an array, `null`…). Strings longer than a scenario can be are
/// measured, not copied.
fn posted_fields(data: &JsValue) -> Option<Vec<(String, Field)>> {
    if !data.is_object() || js_sys::Array::is_array(data) {
        return None;
    }
    let object: &js_sys::Object = data.unchecked_ref();
    let keys = js_sys::Object::keys(object);
    // More fields than the rule allows are refused by their names; reading a few suffices.
    let fields = keys
        .iter()
        .take(8)
        .filter_map(|key| {
            let name = key.as_string()?;
            let value = js_sys::Reflect::get(data, &key).ok()?;
            let field = match value.dyn_ref::<js_sys::JsString>() {
                Some(s) if s.length() > MAX_SCENARIO_CHARS => Field::LongText(s.length()),
                Some(s) => Field::Text(String::from(s)),
                None => Field::Other(value.js_typeof().as_string().unwrap_or_default()),
            };
            Some((name.chars().take(64).collect(), field))
        })
        .collect();
    Some(fields)
}

/// Applies the scenario a host posts (`host_message` has the rule). A refused ptcalc message
/// leaves everything as it was, is answered with `{type: "ptcalc:error", error}` and warned
/// about in the console; anything not from the parent, or not a ptcalc message, is ignored
/// without a word.
fn listen_for_host(calc: Calc) {
    let listening = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
        let Ok(Some(parent)) = window().parent() else {
            return;
        };
        let parent_value = JsValue::from(parent.clone());
        let from_parent = ev
            .source()
            .is_some_and(|s| JsValue::from(s) == parent_value);
        if !from_parent || parent_value == JsValue::from(window()) {
            return;
        }
        let Some(fields) = posted_fields(&ev.data()) else {
            return;
        };
        let opened = host_message::read(&fields).and_then(|q| {
            calc.cards
                .with_untracked(|cards| host_message::scenario_of(&q, cards, calc.today))
        });
        match opened {
            Ok(next) => {
                if calc.scenario.with_untracked(|s| *s != next) {
                    calc.scenario.set(next);
                }
            }
            Err(Refusal::NotOurs) => {}
            Err(refusal) => {
                leptos::logging::warn!("ptcalc: host message ignored: {refusal}");
                let answer = ErrorMessage::new(&refusal);
                let serializer = serde_wasm_bindgen::Serializer::json_compatible();
                if let Ok(value) = answer.serialize(&serializer) {
                    // Only the window that sent it hears why. (The parent is typed
                    // already: an `instanceof Window` check fails across frames.)
                    let _ = parent.post_message(&value, &ev.origin());
                }
            }
        }
    });
    on_cleanup(move || listening.remove());
}

/// One panel of the page by its name.
#[component]
pub fn PanelView(panel: Panel) -> impl IntoView {
    let name = panel.as_str();
    if let Some(kind) = panel.chart() {
        return view! { <div class="embed-panel" data-panel=name><ChartPanel kind=kind/></div> }
            .into_any();
    }
    let inner = match panel {
        Panel::Verdict => view! {
            <section class="answer" aria-label="Recommendation">
                <EvaluationError/>
                <Verdict/>
                <ScenarioSummary/>
            </section>
        }
        .into_any(),
        Panel::Figures => view! {
            <section class="answer" aria-label="Key figures">
                <KeyFigures/>
                <UnitsLine/>
            </section>
        }
        .into_any(),
        Panel::Points => view! {
            <section class="card" aria-labelledby="points-title">
                <h2 id="points-title">"Provisioning points"</h2>
                <PointsTable/>
            </section>
        }
        .into_any(),
        Panel::TermTable => view! {
            <section class="card" aria-labelledby="terms-title">
                <h2 id="terms-title">"Every term"</h2>
                <TermsTable/>
            </section>
        }
        .into_any(),
        Panel::Warnings => view! { <Warnings/> }.into_any(),
        Panel::Sources => view! { <Sources/> }.into_any(),
        Panel::Compare => view! { <ComparePanel/> }.into_any(),
        Panel::Portfolio => view! { <PortfolioPanel/> }.into_any(),
        _ => view! { <Glossary/> }.into_any(),
    };
    view! { <div class="embed-panel" data-panel=name>{inner}</div> }.into_any()
}

/// The embedded page: the chosen panels, the link's notice and an "Open in ptcalc" link.
#[component]
pub fn EmbedView(presentation: Presentation, problems: LinkProblems) -> impl IntoView {
    let calc = Calc::from_context();
    let root = NodeRef::<html::Div>::new();
    post_height(root, calc);
    listen_for_host(calc);
    let full_link = move || {
        calc.scenario
            .with(|s| format!("{}?{}", page_address(), link::format(s)))
    };
    let panels = presentation
        .view
        .iter()
        .map(|&panel| view! { <PanelView panel=panel/> })
        .collect_view();
    view! {
        <div id="embed" class="embed" node_ref=root>
            <LinkNotice problems=problems/>
            {panels}
            <p class="embed-foot">
                <a id="open-full" href=full_link target="_blank" rel="noopener">"Open in ptcalc"</a>
                <span class="visually-hidden">" Status: "<span id="status">"loading"</span></span>
            </p>
        </div>
    }
}

/// What the Embed dialog reads its choice from: the edited scenario, every workload, the
/// comparison's list and the ticked panels.
#[derive(Clone, Copy)]
struct DialogState {
    calc: Calc,
    workloads: Option<crate::workloads::Workloads>,
    presentation: Option<RwSignal<Presentation>>,
    chosen: RwSignal<Vec<Panel>>,
}

impl DialogState {
    /// Runs `f` on the dialog's current choice (tracked, for the dialog's closures).
    fn with<T>(&self, f: impl FnOnce(&EmbedChoice<'_>) -> T) -> T {
        let compare = self
            .presentation
            .map(|p| p.with(|p| p.compare.clone()))
            .unwrap_or_default();
        let run = |list: &[Scenario]| {
            self.calc.scenario.with(|scenario| {
                self.chosen.with(|view| {
                    let single = core::slice::from_ref(scenario);
                    f(&EmbedChoice {
                        scenario,
                        workloads: if list.is_empty() { single } else { list },
                        view,
                        compare: &compare,
                    })
                })
            })
        };
        match self.workloads {
            Some(w) => w.all.with(|list| run(list)),
            None => run(&[]),
        }
    }
}

/// The "Embed" button and dialog on the full page: panel checkboxes, the `<iframe>` snippet
/// with its height measured by a preview at 800 px, a copy button, and the Markdown snippet.
#[component]
pub fn EmbedDialog() -> impl IntoView {
    let calc = Calc::from_context();
    // Every workload (a portfolio offers its panel) and the comparison's list (`cmp=`).
    let workloads = use_context::<crate::workloads::Workloads>();
    let presentation = use_context::<crate::form::PresentationSignal>().map(|p| p.0);
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(Panel::DEFAULT_VIEW.to_vec());
    let count = move || workloads.map_or(1, |w| w.all.with(Vec::len));
    let state = DialogState {
        calc,
        workloads,
        presentation,
        chosen,
    };
    // The preview's height, as it reported it (`None` until it has).
    let measured = RwSignal::new(None::<(String, u32)>);
    // The frame's query, or (`Err`) why the portfolio cannot be one link.
    let frame_query = move || state.with(|c| c.query());
    let preview_query = move || frame_query().unwrap_or_default();
    // Whether the frame is one link (a memo: the preview is rebuilt only when this flips).
    let one_link = Memo::new(move |_| frame_query().is_ok());
    let panels = move || state.with(|c| c.panels());
    let height = move || {
        let query = preview_query();
        measured
            .with(|m| {
                m.as_ref()
                    .filter(|(q, _)| *q == query)
                    .map(|(_, h)| h + SNIPPET_MARGIN)
            })
            .unwrap_or_else(|| estimated_height(&panels()))
    };
    let is_measured = move || {
        let query = preview_query();
        measured.with(|m| m.as_ref().is_some_and(|(q, _)| *q == query))
    };
    let snippet = move || {
        let h = height();
        state.with(|c| {
            iframe_snippet(&page_address(), c, h)
                .unwrap_or_else(|why| format!("Not available: {why}"))
        })
    };
    let markdown = move || {
        calc.scenario.with(|s| {
            let day = crate::cards::as_of(s, calc.today).date.to_string();
            let file = crate::export::file_name(s, "hybrid", "png", &day);
            markdown_snippet(&page_address(), s, &file)
        })
    };
    // What the frame carries, in a sentence: a portfolio frame's other panels show its first
    // workload (the one its link opens on).
    let carries = move || {
        state.with(|c| {
            if c.carries_portfolio() {
                format!(
                    "The frame's link holds all {} workloads; its other panels show the first, {}.",
                    c.workloads.len(),
                    ptcalc_core::portfolio::workload_name(&c.workloads[0], 0)
                )
            } else if c.workloads.len() > 1 {
                String::from(
                    "The frame's link holds the workload the form edits; tick portfolio for all of them.",
                )
            } else {
                String::new()
            }
        })
    };
    listen_for_preview(measured);

    let checkboxes = Panel::ALL
        .into_iter()
        .map(|panel| {
            let name = panel.as_str();
            let id = format!("embed-panel-{name}");
            let checked = move || chosen.with(|v| v.contains(&panel));
            let toggle = move |_| {
                chosen.update(|v| {
                    if let Some(i) = v.iter().position(|p| *p == panel) {
                        if v.len() > 1 {
                            v.remove(i);
                        }
                    } else {
                        v.push(panel);
                    }
                })
            };
            // The portfolio panel is offered once the page holds two or more workloads.
            let hidden = move || panel == Panel::Portfolio && count() < 2;
            view! {
                <li hidden=hidden>
                    <input type="checkbox" id=id.clone() data-panel=name prop:checked=checked on:change=toggle/>
                    <label for=id>{name}</label>
                </li>
            }
        })
        .collect_view();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let text = snippet();
        let navigator = window().navigator();
        let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
            .is_ok_and(|c| !c.is_undefined() && !c.is_null());
        if has_clipboard {
            let promise = navigator.clipboard().write_text(&text);
            leptos::task::spawn_local(async move {
                let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                copied.set(ok);
            });
        }
    };
    view! {
        <button type="button" id="embed-open" class="secondary" aria-expanded=move || open.get().to_string()
            aria-controls="embed-dialog" on:click=move |_| open.update(|o| *o = !*o)>"Embed"</button>
        <section id="embed-dialog" class="embed-dialog card" role="dialog" aria-labelledby="embed-title"
            hidden=move || !open.get()>
            <div class="embed-dialog-head">
                <h2 id="embed-title">"Embed this scenario"</h2>
                <button type="button" id="embed-close" class="dismiss" on:click=move |_| open.set(false)>"Close"</button>
            </div>
            <fieldset>
                <legend>"Panels, in this order"</legend>
                <ul class="embed-panels">{checkboxes}</ul>
            </fieldset>
            <p id="embed-carries">{carries}</p>
            <p id="embed-height">
                {move || format!("Height: {} px", height())}
                {move || if is_measured() { " (measured at 800 px wide)" } else { " (estimated; measuring…)" }}
            </p>
            <label for="embed-snippet">"HTML (an <iframe>; add web/embed-host.js to size it to its content)"</label>
            <textarea id="embed-snippet" readonly rows="4" prop:value=snippet></textarea>
            <p>
                <button type="button" id="embed-copy" class="primary" on:click=copy>"Copy snippet"</button>
                <span id="embed-copy-status" aria-live="polite">{move || if copied.get() { "Snippet copied." } else { "" }}</span>
            </p>
            <label for="embed-markdown">"Markdown, for places without iframes (upload the hybrid chart's PNG from Exports beside it)"</label>
            <textarea id="embed-markdown" readonly rows="3" prop:value=markdown></textarea>
            // No preview of a portfolio too long for one link (the snippet says why).
            {move || (open.get() && one_link.get()).then(|| view! {
                <div class="embed-preview-box">
                    <iframe id="embed-preview" class="embed-preview" title="Preview of the embedded view"
                        src=move || format!("{}?{}", page_address(), preview_query())></iframe>
                </div>
            })}
        </section>
    }
}

/// Added to the measured height: borders and a little room for a font that renders larger.
const SNIPPET_MARGIN: u32 = 24;

/// Records the preview frame's height messages (only the preview's: the source is checked).
fn listen_for_preview(measured: RwSignal<Option<(String, u32)>>) {
    let listening = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
        let Some(frame) = document().get_element_by_id("embed-preview") else {
            return;
        };
        let Ok(frame) = frame.dyn_into::<web_sys::HtmlIFrameElement>() else {
            return;
        };
        let from_preview = match (frame.content_window(), ev.source()) {
            (Some(w), Some(source)) => JsValue::from(w) == JsValue::from(source),
            _ => false,
        };
        if !from_preview {
            return;
        }
        let data = ev.data();
        let get = |k: &str| js_sys::Reflect::get(&data, &JsValue::from_str(k)).ok();
        let kind = get("type").and_then(|v| v.as_string());
        let height = get("height").and_then(|v| v.as_f64());
        let scenario = get("scenario").and_then(|v| v.as_string());
        // The preview's query carries the presentation keys; the message names the scenario.
        if let (Some("ptcalc:height"), Some(h), Some(_)) = (kind.as_deref(), height, scenario) {
            let src = frame.src();
            let query = src
                .split_once('?')
                .map(|(_, q)| q.to_string())
                .unwrap_or_default();
            measured.set(Some((query, h.ceil() as u32)));
        }
    });
    on_cleanup(move || listening.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_link_keeps_the_scenario_part_exactly() {
        let s = link::parse("v=1&o=azure/gpt-4o&in=250k").scenario;
        let q = embed_query(&s, &[Panel::Verdict, Panel::Breakeven]);
        assert_eq!(
            q,
            format!("{}&embed=1&view=verdict,breakeven", link::format(&s))
        );
        let back = link::parse(&q);
        assert!(back.warnings.is_empty());
        assert_eq!(back.scenario, s);
        // The default panels are not written.
        assert_eq!(
            embed_query(&s, &Panel::DEFAULT_VIEW),
            format!("{}&embed=1", link::format(&s))
        );
    }

    /// The dialog's choice of one scenario alone.
    fn alone<'a>(s: &'a Scenario, view: &'a [Panel]) -> EmbedChoice<'a> {
        EmbedChoice {
            scenario: s,
            workloads: core::slice::from_ref(s),
            view,
            compare: &[],
        }
    }

    #[test]
    fn the_iframe_snippet_is_sized_and_escaped() {
        let s = Scenario::default();
        let html = iframe_snippet("https://x.example/p/", &alone(&s, &[Panel::Verdict]), 321)
            .expect("one workload is one link");
        assert!(html.starts_with("<iframe class=\"ptcalc\" src=\"https://x.example/p/?v=1&amp;embed=1&amp;view=verdict\""), "{html}");
        assert!(html.contains("height=\"321\""), "{html}");
        assert!(!html.contains("style="), "{html}");
        let evil =
            iframe_snippet("https://x.example/\"><script>", &alone(&s, &[]), 1).expect("one link");
        assert!(!evil.contains("<script>"), "{evil}");
        assert!(evil.contains("&quot;&gt;&lt;script&gt;"), "{evil}");
    }

    fn three_workloads() -> Vec<Scenario> {
        [
            "v=1&name=chat&in=100k&out=10k&cache=0.3&shape=business&pa=3",
            "v=1&name=nightly%20batch&in=60k&out=6k&cache=0.3&shape=bursty&pa=4&seed=3",
            "v=1&name=agent&in=50k&out=5k&cache=0.3&shape=flat",
        ]
        .iter()
        .map(|l| link::parse(l).scenario)
        .collect()
    }

    #[test]
    fn a_portfolio_panel_carries_every_workload_and_reopens_as_the_same_portfolio() {
        let list = three_workloads();
        let view = [Panel::Portfolio];
        let choice = EmbedChoice {
            scenario: &list[1],
            workloads: &list,
            view: &view,
            compare: &[],
        };
        assert!(choice.carries_portfolio());
        let query = choice.query().expect("three short workloads fit one link");
        assert!(query.contains("&embed=1&view=portfolio&w="), "{query}");
        let back = link::portfolio::parse_portfolio(&query);
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        let presentation = back.workloads[0].presentation.clone();
        assert_eq!(presentation.view, vec![Panel::Portfolio]);
        assert!(presentation.embed);
        let reopened: Vec<Scenario> = back.workloads.into_iter().map(|w| w.scenario).collect();
        assert_eq!(reopened, list);
        assert_eq!(choice.title(), "ptcalc: a portfolio of 3 workloads");
        // Without the portfolio panel the frame is the edited workload alone.
        let verdict = [Panel::Verdict];
        let edited = EmbedChoice {
            view: &verdict,
            ..choice
        };
        assert!(!edited.carries_portfolio());
        assert_eq!(
            edited.query().as_deref(),
            Ok(embed_query(&list[1], &verdict).as_str())
        );
    }

    #[test]
    fn the_portfolio_panel_is_left_out_for_one_workload() {
        let s = Scenario::default();
        let only = alone(&s, &[Panel::Portfolio]);
        assert!(!only.carries_portfolio());
        assert_eq!(only.panels(), Panel::DEFAULT_VIEW.to_vec());
        assert_eq!(only.query().as_deref(), Ok("v=1&embed=1"));
        let two = alone(&s, &[Panel::Verdict, Panel::Portfolio]);
        assert_eq!(two.panels(), vec![Panel::Verdict]);
    }

    #[test]
    fn a_portfolio_too_long_for_one_link_is_refused_with_the_reason() {
        let mut list = Vec::new();
        for i in 0..20 {
            let mut s =
                link::parse("v=1&in=123456&out=65432&cache=0.37&shape=bursty&pa=4.5&seed=12345")
                    .scenario;
            s.name = Some(format!("a workload with a long name, number {i:02}"));
            list.push(s);
        }
        let view = [Panel::Portfolio];
        let choice = EmbedChoice {
            scenario: &list[0],
            workloads: &list,
            view: &view,
            compare: &[],
        };
        let why = iframe_snippet("https://x.example/p/", &choice, 100).expect_err("too long");
        assert!(why.contains("1,900") || why.contains("1900"), "{why}");
    }

    #[test]
    fn the_compare_panel_keeps_the_comparison_list_in_the_frame_link() {
        let s = link::parse("v=1&in=2M").scenario;
        let list = vec![
            String::from("openai/gpt-4.1-scale"),
            String::from("azure/gpt-4.1~datazone"),
        ];
        let view = [Panel::Verdict, Panel::Compare];
        let choice = EmbedChoice {
            scenario: &s,
            workloads: core::slice::from_ref(&s),
            view: &view,
            compare: &list,
        };
        let query = choice.query().expect("one link");
        let back = link::parse(&query);
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert_eq!(back.presentation.compare, list);
        assert_eq!(back.presentation.view, view.to_vec());
        assert_eq!(back.scenario, s);
        // Without the compare panel the list stays out of the frame's link.
        let verdict = [Panel::Verdict];
        let q = EmbedChoice {
            view: &verdict,
            ..choice
        }
        .query()
        .expect("one link");
        assert!(!q.contains("cmp="), "{q}");
    }

    #[test]
    fn the_markdown_snippet_is_an_image_inside_a_link() {
        let s = Scenario::default();
        let md = markdown_snippet(
            "https://x.example/p/",
            &s,
            "ptcalc-azure-gpt-4.1-1y-2026-11-27-hybrid.png",
        );
        assert_eq!(
            md,
            "[![ptcalc: azure/gpt-4.1 \\(1y\\), hybrid split](ptcalc-azure-gpt-4.1-1y-2026-11-27-hybrid.png)](https://x.example/p/?v=1)"
        );
    }

    #[test]
    fn the_height_message_has_the_documented_shape() {
        let m = HeightMessage::new(812.2, &Scenario::default());
        assert_eq!(
            (m.kind, m.height, m.scenario.as_str()),
            ("ptcalc:height", 813, "v=1")
        );
    }

    #[test]
    fn more_panels_are_estimated_taller() {
        assert!(estimated_height(&Panel::ALL) > estimated_height(&Panel::DEFAULT_VIEW));
        assert!(
            estimated_height(&[Panel::Verdict])
                < estimated_height(&[Panel::Verdict, Panel::Hybrid])
        );
    }
}
