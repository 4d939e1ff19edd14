//! The five charts as inline SVG (crisp at any pixel density), each drawn once per analysis,
//! width and colour scheme, with a hover/keyboard readout and its data as a table behind a
//! toggle. Each chart is laid out for the width its element measures (a `ResizeObserver`).
//!
//! An edit redraws only the charts on screen: a chart off screen (an `IntersectionObserver`)
//! keeps the analysis it last drew and catches up when it scrolls into view, so typing pays
//! for one or two charts, not five. The hover readout follows the pointer once per frame.
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use ptcalc_core::report::Analysis;
use ptcalc_core::scenario::Theme;

use crate::chart_source::{self, ChartKind, ChartModel, KINDS};
use crate::perf::measure;
use crate::state::Calc;

/// What every chart shares: the colour scheme, followed while the page lives.
#[derive(Clone, Copy, Debug)]
pub struct ChartFrame {
    /// `prefers-color-scheme: dark`.
    pub dark: RwSignal<bool>,
}

/// Widths are rounded down to this step so a small resize does not redraw.
const WIDTH_STEP: u32 = 16;

fn bucket(width: f64) -> u32 {
    let w = width.clamp(240.0, 1200.0) as u32;
    w - w % WIDTH_STEP
}

/// A chart's height for its width: wide and short on desktops, nearly square on phones,
/// where the legend takes several lines.
fn height_for(width: u32) -> u32 {
    let w = f64::from(width);
    if width < 560 {
        (w * 1.05).clamp(300.0, 460.0) as u32
    } else {
        (w * 0.5).clamp(300.0, 380.0) as u32
    }
}

impl ChartFrame {
    /// Creates the frame, provides it as context and follows the colour scheme; the
    /// listener is removed when the owner (the page) is disposed.
    pub fn install(theme: Theme) -> ChartFrame {
        let frame = ChartFrame {
            dark: RwSignal::new(theme == Theme::Dark),
        };
        provide_context(frame);
        if theme != Theme::Auto {
            return frame;
        }
        if let Ok(Some(query)) = window().match_media("(prefers-color-scheme: dark)") {
            frame.dark.set(query.matches());
            let dark = frame.dark;
            let on_change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
                move |ev: web_sys::MediaQueryListEvent| dark.set(ev.matches()),
            );
            let _ = query
                .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
            let listening = SendWrapper::new((query, on_change));
            on_cleanup(move || {
                let (query, on_change) = listening.take();
                let _ = query.remove_event_listener_with_callback(
                    "change",
                    on_change.as_ref().unchecked_ref(),
                );
            });
        }
        frame
    }
}

/// Keeps `width` on the width of `target` (rounded to [`WIDTH_STEP`]): measured once the
/// element is in the page, then on every change of its size. The observer is disconnected
/// when the owner (the chart) is disposed.
fn follow_width(target: NodeRef<html::Div>, width: RwSignal<Option<u32>>) {
    let set = move |measured: f64| {
        let next = (measured > 0.0).then(|| bucket(measured));
        if next.is_some() && next != width.get_untracked() {
            width.set(next);
        }
    };
    let on_resize = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        for entry in entries.iter() {
            if let Ok(entry) = entry.dyn_into::<web_sys::ResizeObserverEntry>() {
                set(entry.content_rect().width());
            }
        }
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
    let watching = observer.clone();
    target.on_load(move |el| {
        // Measured now, so the first drawing has the right width (the observer reports
        // only at the next frame).
        set(el.get_bounding_client_rect().width());
        if let Some(observer) = &watching {
            observer.observe(&el);
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

/// Keeps `visible` on whether `target` is on screen (or within [`VISIBLE_MARGIN`] of it).
/// A chart starts visible, so the first render draws every chart; the observer reports
/// the truth at the next frame. Disconnected when the owner (the chart) is disposed.
fn follow_visibility(target: NodeRef<html::Figure>, visible: RwSignal<bool>) {
    let on_change = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // The last entry is the latest state of the one element observed.
        if let Some(entry) = entries
            .iter()
            .filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
            .next_back()
        {
            let now = entry.is_intersecting();
            if now != visible.get_untracked() {
                visible.set(now);
            }
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(VISIBLE_MARGIN);
    let observer = web_sys::IntersectionObserver::new_with_options(
        on_change.as_ref().unchecked_ref(),
        &options,
    )
    .ok();
    let watching = observer.clone();
    target.on_load(move |el| {
        if let Some(observer) = &watching {
            observer.observe(&el);
        }
    });
    // A printout shows every chart, so all of them catch up before printing (the effects
    // that draw run right after this listener, before the print is laid out).
    let printing = window_event_listener(leptos::ev::beforeprint, move |_| visible.set(true));
    let kept = SendWrapper::new((observer, on_change));
    on_cleanup(move || {
        let (observer, _on_change) = kept.take();
        if let Some(observer) = observer {
            observer.disconnect();
        }
        printing.remove();
    });
}

/// How far outside the window a chart still counts as on screen: none. A chart just below
/// the fold would otherwise be redrawn on every edit (at 1280×900 the break-even chart,
/// 43 KB of SVG, starts 61 px below it: half of an edit's DOM time); it is drawn in the
/// frame it scrolls in instead.
const VISIBLE_MARGIN: &str = "0px";

/// The analysis a chart draws: the page's latest while the chart is on screen; off screen,
/// the one it last drew (so nothing is rebuilt) until it scrolls back into view. Compared
/// by pointer: an analysis is a new `Arc` whenever it changes.
fn drawn_analysis(calc: Calc, visible: RwSignal<bool>) -> Memo<Option<Arc<Analysis>>> {
    Memo::new_with_compare(
        move |last: Option<&Option<Arc<Analysis>>>| match last {
            Some(last) if !visible.get() => last.clone(),
            _ => calc.shown.get(),
        },
        |a, b| match (a, b) {
            (Some(Some(a)), Some(Some(b))) => !Arc::ptr_eq(a, b),
            (Some(None), Some(None)) => false,
            _ => true,
        },
    )
}

fn describe(kind: ChartKind) -> (&'static str, &'static str) {
    match kind {
        ChartKind::Hybrid => (
            "Hybrid split: total cost against reserved units",
            "Reserved cost and overflow cost stacked for every count you can buy; the P-points and the optimum are marked.",
        ),
        ChartKind::BreakEven => (
            "Break-even: monthly cost against monthly volume",
            "On-demand as a line, full provisioning as a step line per term, the hybrid optimum, the break-even points and this workload.",
        ),
        ChartKind::LoadDuration => (
            "Load duration: minutes sorted from busiest to quietest",
            "Load above the reserved capacity line spills to on-demand; the area under it is served by the reservation.",
        ),
        ChartKind::Traffic => (
            "Traffic: a representative week, minute by minute",
            "Per-minute load from Monday 00:00 with the reserved capacity line.",
        ),
        ChartKind::Terms => (
            "Terms: cost over the horizon",
            "All on-demand, full provisioning and the best hybrid for every term, over the whole horizon.",
        ),
    }
}

/// "nothing to draw … (cap, …)" → "Nothing to draw … (cap, …)."
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// Every chart.
#[component]
pub fn Charts() -> impl IntoView {
    view! {
        <section id="charts" class="charts" aria-label="Charts">
            {KINDS.into_iter().map(|kind| view! { <ChartPanel kind=kind/> }).collect_view()}
        </section>
    }
}

/// Keyboard step of the readout cursor.
const CURSOR_STEP: f64 = 0.02;

/// One chart with its readout and data table.
#[component]
pub fn ChartPanel(kind: ChartKind) -> impl IntoView {
    let calc = Calc::from_context();
    let frame = expect_context::<ChartFrame>();
    let (title, description) = describe(kind);
    let name = kind.as_str();
    let holder = NodeRef::<html::Div>::new();
    let figure = NodeRef::<html::Figure>::new();
    let width = RwSignal::new(None::<u32>);
    follow_width(holder, width);
    let visible = RwSignal::new(true);
    follow_visibility(figure, visible);
    let analysis = drawn_analysis(calc, visible);
    // Off screen after an edit, the chart still shows the previous figures until it scrolls
    // in: marked out of date and hidden from reading (find-in-page, copying, assistive
    // technology) until it is redrawn, never read as the current scenario's.
    let stale = Memo::new(move |_| {
        calc.shown.with(|now| {
            analysis.with(|drawn| match (now, drawn) {
                (Some(now), Some(drawn)) => !Arc::ptr_eq(now, drawn),
                (None, None) => false,
                _ => true,
            })
        })
    });

    // One layout per analysis and width; one drawing per layout and colour scheme. Table
    // and readout use the same model, so they show what is drawn. Nothing is drawn before
    // the element has a width.
    let model = Memo::new(move |_| {
        let width = width.get()?;
        analysis.with(|a| {
            a.as_ref().map(|a| {
                measure("ptcalc:chart-model", || {
                    chart_source::model(kind, a, width, height_for(width)).map(Arc::new)
                })
            })
        })
    });
    let svg = Memo::new(move |_| {
        let dark = frame.dark.get();
        model.with(|m| match m {
            Some(Ok(m)) => Some(measure("ptcalc:chart-draw", || chart_source::svg(m, dark))),
            Some(Err(e)) => Some(Err(e.clone())),
            None => None,
        })
    });
    // The drawing goes into the page by one `innerHTML` per new SVG (an effect: it talks
    // to the DOM), timed with the rest of the edit.
    Effect::new(move |_| {
        let markup = svg.with(|s| match s {
            Some(Ok(svg)) => svg.clone(),
            _ => String::new(),
        });
        if let Some(el) = holder.get() {
            measure("ptcalc:chart-dom", || el.set_inner_html(&markup));
        }
    });
    let drawn = move || model.with(|m| matches!(m, Some(Ok(_))));
    let ready_model = move |f: &dyn Fn(&ChartModel) -> Option<String>| {
        model.with(|m| match m {
            Some(Ok(m)) => f(m),
            _ => None,
        })
    };

    let cursor = RwSignal::new(None::<f64>);
    let readout = move || cursor.get().and_then(|x| ready_model(&|m| m.readout(x)));
    let open = RwSignal::new(false);
    let surface = NodeRef::<html::Div>::new();
    let point_at = move |client_x: i32| {
        if let Some(el) = surface.get() {
            let rect = el.get_bounding_client_rect();
            if rect.width() > 0.0 {
                let x = (f64::from(client_x) - rect.left()) / rect.width();
                cursor.set(Some(x.clamp(0.0, 1.0)));
            }
        }
    };
    // Pointer moves arrive faster than frames (and in bursts): keep the latest and read
    // the chart once per animation frame, so the readout follows at the display's rate.
    let pending = StoredValue::new(None::<i32>);
    let point_next_frame = move |client_x: i32| {
        let scheduled = pending.get_value().is_some();
        pending.set_value(Some(client_x));
        if !scheduled {
            request_animation_frame(move || {
                if let Some(x) = pending.try_update_value(Option::take).flatten() {
                    point_at(x);
                }
            });
        }
    };
    // The plotting area as fractions of the drawing's width: where the keyboard cursor moves.
    let plot_span = move || {
        model.with(|m| match m {
            Some(Ok(m)) => {
                let f = m.frame();
                let w = f64::from(f.width.max(1));
                (f64::from(f.plot.left) / w, f64::from(f.plot.right - 1) / w)
            }
            _ => (0.0, 1.0),
        })
    };
    // …and its top and bottom as fractions of the height: where the cursor line is drawn.
    let plot_rows = move || {
        model.with(|m| match m {
            Some(Ok(m)) => {
                let f = m.frame();
                let h = f64::from(f.height.max(1));
                (f64::from(f.plot.top) / h, f64::from(f.plot.bottom) / h)
            }
            _ => (0.0, 1.0),
        })
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let (lo, hi) = plot_span();
        let step = (hi - lo) * CURSOR_STEP;
        let now = cursor.get_untracked().unwrap_or((lo + hi) / 2.0);
        let next = match ev.key().as_str() {
            "ArrowLeft" | "ArrowDown" => now - step,
            "ArrowRight" | "ArrowUp" => now + step,
            "PageDown" => now - 10.0 * step,
            "PageUp" => now + 10.0 * step,
            "Home" => lo,
            "End" => hi,
            "Escape" => {
                cursor.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        cursor.set(Some(next.clamp(lo, hi)));
    };
    let table = move || {
        open.get().then(|| {
            model.with(|m| {
                m.as_ref().and_then(|m| m.as_ref().ok()).map(|m| {
                    let t = m.table();
                    view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-label=format!("{title}: data")>
                            <table class="data chart-data" id=format!("chart-{name}-data")>
                                <caption>{t.caption}</caption>
                                <thead>
                                    <tr>{t.headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect::<Vec<_>>()}</tr>
                                </thead>
                                <tbody>
                                    {t.rows.into_iter().map(|row| view! {
                                        <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).collect::<Vec<_>>()}</tr>
                                    }).collect::<Vec<_>>()}
                                </tbody>
                            </table>
                        </div>
                    }
                })
            })
        })
    };
    let title_id = format!("chart-{name}-title");
    let (title_id2, title_id3) = (title_id.clone(), title_id.clone());
    let desc_id = format!("chart-{name}-desc");
    let readout_id = format!("chart-{name}-readout");
    view! {
        <figure
            class="chart card"
            data-chart=name
            data-stale=move || stale.get().then_some("true")
            aria-busy=move || if stale.get() { "true" } else { "false" }
            aria-labelledby=title_id
            node_ref=figure
        >
            // The drawing carries its own visible title; this caption is for screen readers.
            <figcaption class="visually-hidden">
                <h2 id=title_id2>{title}</h2>
                <p id=desc_id.clone()>{description}</p>
            </figcaption>
            <div
                class="chart-surface"
                node_ref=surface
                tabindex="0"
                role="img"
                aria-labelledby=title_id3
                aria-describedby=format!("{desc_id} {readout_id}")
                on:pointermove=move |ev: web_sys::PointerEvent| point_next_frame(ev.client_x())
                on:pointerdown=move |ev: web_sys::PointerEvent| point_at(ev.client_x())
                on:pointerleave=move |_| {
                    pending.set_value(None);
                    cursor.set(None);
                }
                on:focus=move |_| if cursor.get_untracked().is_none() {
                    let (lo, hi) = plot_span();
                    cursor.set(Some((lo + hi) / 2.0));
                }
                on:blur=move |_| cursor.set(None)
                on:keydown=on_key
            >
                <div class="chart-svg" node_ref=holder></div>
                {move || cursor.get().map(|x| {
                    let (top, bottom) = plot_rows();
                    view! {
                        <div
                            class="cursor"
                            aria-hidden="true"
                            style:left=format!("{:.2}%", x * 100.0)
                            style:top=format!("{:.2}%", top * 100.0)
                            style:bottom=format!("{:.2}%", (1.0 - bottom) * 100.0)
                        ></div>
                    }
                })}
            </div>
            {move || svg.with(|s| match s {
                Some(Err(e)) => Some(view! { <p class="chart-missing">{sentence(e)}</p> }),
                _ => None,
            })}
            <div class="chart-foot" hidden=move || !drawn()>
                <output id=readout_id class="readout" aria-live="polite">
                    {move || readout().unwrap_or_else(|| "Point at the chart (or focus it and use the arrow keys) to read values.".into())}
                </output>
                <button
                    type="button"
                    class="toggle"
                    data-toggle=name
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=format!("chart-{name}-data")
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || if open.get() { "Hide data" } else { "Show data" }}
                </button>
            </div>
            {table}
        </figure>
    }
}
