//! Measured traffic: a usage export (picked, dropped or pasted) becomes the scenario's
//! volume and `load=` summary, with the same code as `ptcalc eval --usage`
//! ([`ptcalc_usage::measured_scenario`]). The file is read and parsed by the page's second
//! WebAssembly module, a Web Worker started at the first import ([`crate::tools`]): the
//! page gets progress while it reads, then the parsed `Usage`, and stays responsive. The
//! steps after reading run here, each its own task, so the import can be cancelled until
//! the last; Cancel stops the worker. A file that cannot be read leaves the scenario
//! untouched.
use std::sync::Arc;

use leptos::prelude::*;
use ptcalc_usage::export::EXPORTS;
use ptcalc_usage::{
    describe_selected, measured_scenario, Description, Measured, MeasuredError, MeasuredSteps,
    Selection, Step, Usage,
};
use wasm_bindgen_futures::JsFuture;

use crate::state::Calc;
use crate::tools::{error_lines, import_request, Reply, ToolWorker};

/// Where the import stands.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    /// Reading: bytes done of the total, the format once recognized, and the step after
    /// reading under way (`None` while slices are read).
    Reading {
        done: f64,
        total: f64,
        format: Option<&'static str>,
        after: Option<After>,
    },
    /// Refused: one line per problem; the scenario was not changed.
    Failed(Vec<String>),
    /// Applied: what was read.
    Done(String),
    Cancelled,
}

/// The steps after the last slice is read, each its own task with a pause for the browser
/// before it: with a long period (a year of minutes) each takes a noticeable time, and
/// together they once froze the page for seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum After {
    /// The rows' minute buckets become the period's per-minute series.
    Minutes,
    /// The series chosen, and what it holds (the outcome's sentence).
    Describe,
    /// The volume set, and the load weighted, normalized and sorted.
    Sort,
    /// The load summarized for the link (`load=`), one task per encoding tried.
    Summarize,
    /// The scenario set: the figures and charts follow.
    Figures,
}

impl After {
    const ALL: [After; 5] = [
        After::Minutes,
        After::Describe,
        After::Sort,
        After::Summarize,
        After::Figures,
    ];

    /// What the bar says during the step.
    fn doing(self) -> &'static str {
        match self {
            After::Minutes => "counting the minutes",
            After::Describe => "describing the traffic",
            After::Sort => "sorting the minutes",
            After::Summarize => "summarizing the load",
            After::Figures => "working out the figures",
        }
    }

    /// The bar's value when the step starts, in bytes: the steps share [`AFTER_READING`]
    /// of the file's size after the bytes themselves.
    fn done(self, total: f64) -> f64 {
        let k = After::ALL.iter().position(|a| *a == self).unwrap_or(0);
        total * (1.0 + AFTER_READING * k as f64 / After::ALL.len() as f64)
    }
}

/// The bar's room for the steps after reading, as a share of the file's size: for a long
/// period (250,000 minutes in a 36 MB file) they take about this share of the time.
const AFTER_READING: f64 = 0.2;

/// Where the bytes come from.
#[derive(Clone)]
enum Source {
    File(web_sys::File),
    Text(String),
}

impl Source {
    fn size(&self) -> f64 {
        match self {
            Source::File(f) => f.size(),
            Source::Text(t) => t.len() as f64,
        }
    }

    /// The worker's request for this source (a file is passed to it, not read here).
    fn request(&self, run: u32, peak_factor: f64) -> wasm_bindgen::JsValue {
        match self {
            Source::File(f) => import_request(run, peak_factor, f, true),
            Source::Text(t) => import_request(run, peak_factor, &t.as_str().into(), false),
        }
    }
}

/// Lets the browser paint and handle input: resolves on the next `setTimeout(0)`.
pub(crate) async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

/// The peak factor as typed: 1 to 60, as `ptcalc eval --peak-factor` takes it.
fn parse_peak_factor(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if (1.0..=60.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "peak factor \"{}\": use a number from 1 to 60 (1 spreads each hour or day evenly)",
            text.trim()
        )),
    }
}

/// `usage`'s `which` series and what it holds.
fn describe_selection(usage: &Usage, which: &Selection) -> Result<Described, Vec<String>> {
    crate::perf::measure("ptcalc:import-describe", || {
        let data = usage.select(which).map_err(|e| error_lines(&e))?;
        let d = describe_selected(usage, which, &data);
        Ok((data, d))
    })
}

type Described = (ptcalc_usage::MinuteSeries, Description);

/// Why a measured scenario could not be made, one line.
fn measured_lines<E: std::fmt::Display>(e: MeasuredError<E>) -> Vec<String> {
    match e {
        MeasuredError::Offering(e) => vec![e.to_string()],
        MeasuredError::Summary(e) => vec![e.to_string()],
    }
}

/// The scenario on the series' load (volume and `load=` summary), from the current one.
fn summarize(calc: Calc, data: &ptcalc_usage::MinuteSeries) -> Result<Measured, Vec<String>> {
    crate::perf::measure("ptcalc:import-summarize", || {
        let base = calc.scenario.get_untracked();
        measured_scenario(&base, data, offering_on_page(calc)).map_err(measured_lines)
    })
}

/// [`summarize`]'s first step: the volume, the offering, and the load sorted.
fn start_summary(
    calc: Calc,
    data: &ptcalc_usage::MinuteSeries,
) -> Result<MeasuredSteps, Vec<String>> {
    crate::perf::measure("ptcalc:import-sort", || {
        let base = calc.scenario.get_untracked();
        MeasuredSteps::new(&base, data, offering_on_page(calc)).map_err(measured_lines)
    })
}

/// Resolves an offering with the page's own cards (an organization's too) on the
/// scenario's day, as the figures do: the bundled cards alone would refuse an
/// organization's offering.
fn offering_on_page(
    calc: Calc,
) -> impl FnOnce(&ptcalc_core::Scenario) -> Result<ptcalc_core::Offering, ptcalc_ratecards::ResolveError>
{
    let (cards, today) = (calc.cards.get_untracked(), calc.today);
    move |s| cards.base_offering(s, today)
}

/// Sets the scenario; the sentence saying what was read.
fn set_scenario(
    calc: Calc,
    usage: &Usage,
    which: &Selection,
    d: &Description,
    m: Measured,
) -> String {
    let series = match which {
        Selection::All if usage.series().len() > 1 => " (all series summed)".to_string(),
        Selection::All => String::new(),
        Selection::Named(n) => format!(" (series {n})"),
    };
    let mut text = format!(
        "Read {}{series}. The page now works from a summary of {} minutes from the file's period, {} to {} ({} characters in the link).",
        d.format.name(),
        d.minutes,
        d.start,
        d.end,
        m.summary.len()
    );
    for w in &d.warnings {
        text.push_str(&format!(" Note: {w}."));
    }
    crate::perf::measure("ptcalc:import-set", || calc.scenario.set(m.scenario));
    text
}

/// Sets the scenario on `usage`'s `which` series at once (a choice of series after an
/// import); the sentence saying what was read, or why not.
fn apply(calc: Calc, usage: &Usage, which: &Selection) -> Result<String, Vec<String>> {
    let (data, d) = describe_selection(usage, which)?;
    let m = summarize(calc, &data)?;
    Ok(set_scenario(calc, usage, which, &d, m))
}

/// The import panel: file, drop zone, paste box, progress with Cancel, series choice,
/// the outcome, and each source's export command.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let calc = Calc::from_context();
    let status = RwSignal::new(Status::Idle);
    // Bumped by Cancel and by each new import: a running loop that sees another value stops.
    let generation = StoredValue::new(0u32);
    // The import (or cancel) the outcome shown belongs to, as `data-import` on it: scripts
    // and tests can tell a new outcome from an identical earlier one. Set before the status,
    // and read when the outcome is built, so an earlier outcome never carries a later number.
    let run = RwSignal::new(0u32);
    let usage: RwSignal<Option<Arc<Usage>>> = RwSignal::new(None);
    let pasted = RwSignal::new(String::new());
    let chosen = RwSignal::new(String::from("all"));
    let peak = RwSignal::new(String::from("1"));
    // The last file or text, read again when the peak factor changes.
    let last = StoredValue::new_local(None::<Source>);

    // The import worker, started at the first import and kept for the next; stopped
    // (dropped) by Cancel and by an import started while it still reads another file.
    let worker = StoredValue::new_local(None::<ToolWorker>);
    // Whether the worker is reading a file for the current import.
    let in_worker = StoredValue::new(false);
    // The current import's size in bytes, for the bar.
    let total_bytes = StoredValue::new(0.0f64);

    // The steps after the worker's answer, each its own task with a pause for the browser
    // before it; nothing is changed before the last, and Cancel still works between them.
    let after_reading = move |mine: u32, u: Usage| {
        let total = total_bytes.get_value();
        leptos::task::spawn_local(async move {
            let u = Arc::new(u);
            let format = Some(u.format.name());
            let step = |after: After| {
                status.set(Status::Reading {
                    done: after.done(total),
                    total,
                    format,
                    after: Some(after),
                });
            };
            let cancelled = || generation.get_value() != mine;
            step(After::Describe);
            yield_to_browser().await;
            if cancelled() {
                return;
            }
            let (data, d) = match describe_selection(&u, &Selection::All) {
                Ok(x) => x,
                Err(lines) => {
                    status.set(Status::Failed(lines));
                    return;
                }
            };
            step(After::Sort);
            yield_to_browser().await;
            if cancelled() {
                return;
            }
            let mut steps = match start_summary(calc, &data) {
                Ok(s) => s,
                Err(lines) => {
                    status.set(Status::Failed(lines));
                    return;
                }
            };
            drop(data);
            step(After::Summarize);
            let m = loop {
                yield_to_browser().await;
                if cancelled() {
                    return;
                }
                match crate::perf::measure("ptcalc:import-summarize", || steps.step()) {
                    Ok(Step::Done(m)) => break *m,
                    Ok(Step::More(more)) => steps = *more,
                    Err(e) => {
                        status.set(Status::Failed(vec![e.to_string()]));
                        return;
                    }
                }
            };
            step(After::Figures);
            yield_to_browser().await;
            if cancelled() {
                return;
            }
            let text = set_scenario(calc, &u, &Selection::All, &d, m);
            status.set(Status::Done(text));
            usage.set(Some(u));
        });
    };

    let on_reply = move |reply: Reply| {
        let current = generation.get_value();
        let total = total_bytes.get_value();
        match reply {
            Reply::Ready => {}
            Reply::Progress { run, done, format } if run == current => {
                status.set(Status::Reading {
                    done,
                    total,
                    format: format.map(|f| f.name()),
                    after: None,
                });
            }
            Reply::Finishing { run, format } if run == current => {
                status.set(Status::Reading {
                    done: After::Minutes.done(total),
                    total,
                    format: format.map(|f| f.name()),
                    after: Some(After::Minutes),
                });
            }
            Reply::Usage { run, usage } if run == current => {
                in_worker.set_value(false);
                match usage {
                    Ok(u) => after_reading(run, u),
                    Err(e) => status.set(Status::Failed(vec![e.to_string()])),
                }
            }
            Reply::Failed { run, lines } if run == current => {
                in_worker.set_value(false);
                status.set(Status::Failed(lines));
            }
            _ => {}
        }
    };
    let on_worker_error = move |message: String| {
        if in_worker.get_value() {
            in_worker.set_value(false);
            status.set(Status::Failed(vec![message]));
        }
        // Not from inside the worker's own listener: a new one starts at the next import.
        leptos::task::spawn_local(async move { worker.set_value(None) });
    };

    let start = move |source: Source| {
        generation.update_value(|g| *g = g.wrapping_add(1));
        let mine = generation.get_value();
        run.set(mine);
        last.set_value(Some(source.clone()));
        let peak_factor = match parse_peak_factor(&peak.get_untracked()) {
            Ok(v) => v,
            Err(e) => {
                status.set(Status::Failed(vec![e]));
                return;
            }
        };
        usage.set(None);
        chosen.set("all".into());
        let total = source.size();
        total_bytes.set_value(total);
        status.set(Status::Reading {
            done: 0.0,
            total,
            format: None,
            after: None,
        });
        if in_worker.get_value() {
            worker.set_value(None);
        }
        if worker.with_value(Option::is_none) {
            match ToolWorker::start(on_reply, on_worker_error) {
                Ok(w) => worker.set_value(Some(w)),
                Err(e) => {
                    status.set(Status::Failed(vec![e]));
                    return;
                }
            }
        }
        in_worker.set_value(true);
        worker.with_value(|w| {
            if let Some(w) = w {
                w.post(&source.request(mine, peak_factor));
            }
        });
    };

    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|l| l.get(0)) {
            // Emptied, so picking the same file again (after a cancel or an edit) reads it again.
            input.set_value("");
            start(Source::File(file));
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|l| l.get(0))
        {
            start(Source::File(file));
        }
    };
    let on_paste_import = move |_| {
        let text = pasted.get_untracked();
        if text.trim().is_empty() {
            status.set(Status::Failed(vec![
                "the paste box is empty: paste the CSV or JSON text of a usage export first".into(),
            ]));
        } else {
            start(Source::Text(text));
        }
    };
    let on_peak = move |ev: leptos::ev::Event| {
        peak.set(event_target_value(&ev));
        if let Some(source) = last.get_value() {
            start(source);
        }
    };
    let cancel = move |_| {
        if in_worker.get_value() {
            in_worker.set_value(false);
            worker.set_value(None);
        }
        generation.update_value(|g| *g = g.wrapping_add(1));
        run.set(generation.get_value());
        last.set_value(None);
        status.set(Status::Cancelled);
    };
    let on_series = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        chosen.set(value.clone());
        let which = if value == "all" {
            Selection::All
        } else {
            Selection::Named(value)
        };
        if let Some(u) = usage.get_untracked() {
            status.set(match apply(calc, &u, &which) {
                Ok(text) => Status::Done(text),
                Err(lines) => Status::Failed(lines),
            });
        }
    };

    let on_per_series = move |_| {
        if let Some(u) = usage.get_untracked() {
            status.set(
                match crate::import_group::one_workload_per_series(calc, &u) {
                    Ok(text) => Status::Done(text),
                    Err(lines) => Status::Failed(lines),
                },
            );
        }
    };

    let series_choice = move || {
        let u = usage.get()?;
        if u.series().len() < 2 {
            return None;
        }
        let current = chosen.get_untracked();
        let options = u
            .series_names()
            .into_iter()
            .map(|n| {
                let n = n.to_string();
                view! { <option value=n.clone() selected=n == current>{n.clone()}</option> }
            })
            .collect::<Vec<_>>();
        Some(view! {
            <div class="field">
                <label for="import-series">"Series"</label>
                <select id="import-series" on:change=on_series>
                    <option value="all" selected=current == "all">"All (summed)"</option>
                    {options}
                </select>
                <button type="button" id="import-per-series" on:click=on_per_series>"One workload per series"</button>
            </div>
        })
    };

    // The bar is built once per import and only its value and text follow the reading, so
    // the Cancel button under the pointer is never replaced between a press and its release.
    let reading = Memo::new(move |_| match status.get() {
        Status::Reading {
            done,
            total,
            format,
            after,
        } => Some((done, total, format, after)),
        _ => None,
    });
    let is_reading = move || reading.with(Option::is_some);
    let progress = move || {
        let at = move || reading.get().unwrap_or((0.0, 0.0, None, None));
        view! {
            <div class="import-progress">
                <progress
                    id="import-progress"
                    max=move || at().1 * (1.0 + AFTER_READING)
                    value=move || at().0
                ></progress>
                <span>
                    {move || {
                        let (done, total, format, after) = at();
                        let format = format.map(|f| format!(", {f}")).unwrap_or_default();
                        match after {
                            None => format!("{:.0} of {:.0} kB{format}", done / 1024.0, total / 1024.0),
                            Some(a) => format!("{:.0} kB read{format}, {}", total / 1024.0, a.doing()),
                        }
                    }}
                </span>
                <button type="button" id="import-cancel" on:click=cancel>"Cancel"</button>
            </div>
        }
    };
    let shown = move || {
        match status.get() {
        Status::Idle | Status::Reading { .. } => None,
        Status::Failed(lines) => Some(
            view! {
                <div id="import-error" class="import-error" role="alert" data-import=run.get_untracked()>
                    <p>"The file was not imported; the scenario is unchanged:"</p>
                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect::<Vec<_>>()}</ul>
                </div>
            }
            .into_any(),
        ),
        Status::Done(text) => Some(
            view! { <p id="import-result" class="import-result" role="status" data-import=run.get_untracked()>{text}</p> }.into_any(),
        ),
        Status::Cancelled => Some(
            view! { <p id="import-result" class="import-result" role="status" data-import=run.get_untracked()>"Import cancelled; the scenario is unchanged."</p> }
                .into_any(),
        ),
    }
    };

    let has_load = move || calc.scenario.with(|s| s.load.is_some());
    let clear = move |_| {
        calc.scenario.update(|s| {
            s.load = None;
            s.group = None;
            s.group_load = None;
        });
        usage.set(None);
        last.set_value(None);
        status.set(Status::Idle);
    };

    view! {
        <fieldset class="panel" id="panel-import">
            <legend>"Measured traffic"</legend>
            <p class="hint">"Import a usage export (Azure, CloudWatch, OpenAI, CSV, request log): the volume and the traffic come from it. The file stays in this browser."</p>
            <div class="field drop" id="import-drop" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                <label for="import-file">"Usage file (or drop it here)"</label>
                <input type="file" id="import-file" accept=".csv,.json,.txt,.tsv" on:change=on_file/>
            </div>
            <div class="field">
                <label for="import-text">"Or paste its text"</label>
                <textarea id="import-text" rows="3" spellcheck="false" on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                <button type="button" id="import-paste" on:click=on_paste_import>"Import the text"</button>
            </div>
            <div class="field">
                <label for="import-peak">"Peak factor within an hour or day"</label>
                <input type="number" id="import-peak" min="1" max="60" step="0.5" value="1" aria-describedby="import-peak-hint" on:change=on_peak/>
                <p class="hint" id="import-peak-hint">"Hourly or daily data cannot show minute peaks: the busiest minute of each bucket is this many times its mean (1 spreads it evenly)."</p>
            </div>
            <Show when=is_reading>{progress}</Show>
            {shown}
            {series_choice}
            <Show when=has_load>
                <button type="button" id="import-clear" on:click=clear>"Back to a shaped traffic (drop the measured load)"</button>
            </Show>
            <details class="exports">
                <summary>"How to export your usage"</summary>
                {EXPORTS.iter().map(|x| view! { <ExportCommand export=*x/> }).collect::<Vec<_>>()}
            </details>
        </fieldset>
    }
}

/// One source's export command with a copy button.
#[component]
fn ExportCommand(export: ptcalc_usage::export::Export) -> impl IntoView {
    let copied = RwSignal::new("");
    let copy = move |_| {
        let navigator = window().navigator();
        // `navigator.clipboard` is absent outside secure contexts: calling it would throw.
        let has_clipboard =
            js_sys::Reflect::get(&navigator, &wasm_bindgen::JsValue::from_str("clipboard"))
                .map(|c| !c.is_undefined())
                .unwrap_or(false);
        if !has_clipboard {
            copied.set("This page cannot copy here: select the command and copy it.");
            return;
        }
        let promise = navigator.clipboard().write_text(export.command);
        leptos::task::spawn_local(async move {
            copied.set(match JsFuture::from(promise).await {
                Ok(_) => "Copied.",
                Err(_) => "Copy refused: select the command and copy it.",
            });
        });
    };
    view! {
        <div class="export">
            <p class="export-source"><strong>{export.source}</strong></p>
            <pre><code>{export.command}</code></pre>
            {export.attachment.map(|(name, content)| view! {
                <p>{format!("It needs a file {name}:")}</p>
                <pre><code>{content}</code></pre>
            })}
            <p class="hint">{export.notes}</p>
            <button type="button" class="copy" on:click=copy>"Copy the command"</button>
            <span role="status">{move || copied.get()}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_factor_is_read_from_1_to_60() {
        assert_eq!(parse_peak_factor(" 2.5 "), Ok(2.5));
        assert_eq!(parse_peak_factor("1"), Ok(1.0));
        assert_eq!(parse_peak_factor("60"), Ok(60.0));
        for bad in ["0.5", "61", "abc", "", "NaN"] {
            let e = parse_peak_factor(bad).unwrap_err();
            assert!(e.contains("from 1 to 60"), "{bad}: {e}");
        }
    }

    #[test]
    fn the_bar_moves_on_through_the_steps_after_reading_and_stays_within_its_length() {
        let total = 36_000_000.0;
        let max = total * (1.0 + AFTER_READING);
        let mut last = total; // where reading leaves the bar
        for step in After::ALL {
            let at = step.done(total);
            assert!(at >= last && at < max, "{step:?} at {at}");
            assert!(!step.doing().is_empty());
            last = at;
        }
        assert!(After::Figures.done(total) > After::Minutes.done(total));
    }
}
