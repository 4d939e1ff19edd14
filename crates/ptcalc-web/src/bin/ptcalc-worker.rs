//! The page's second WebAssembly module, run as a Web Worker (Trunk's `data-type="worker"`,
//! wasm-bindgen's `no-modules` target) and started the first time a tool is used: it reads
//! and parses a usage export (`ptcalc_usage::Importer`, its CSV readers and its JSON
//! reader) off the page's thread and answers with the parsed `Usage` as flat buffers
//! (`ptcalc_usage::wire`); it reads an organization's rate card
//! (`ptcalc_ratecards::compact_organization`: JSON, validation, errors by line and column)
//! and answers with its compact form. The messages are described in `ptcalc_web::tools`. It never
//! touches the page: no Leptos, no `window`.
use ptcalc_usage::{wire, ImportOptions, Importer};
use ptcalc_web::tools::{error_lines, format_index, key, kind, CARD, IMPORT};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Bytes read from the file at a time, the next read under way while one is parsed.
const READ: f64 = 4.0 * 1024.0 * 1024.0;
/// Bytes parsed between two looks at the clock.
const PIECE: usize = 256 * 1024;
/// The least time between two progress messages, in ms.
const PROGRESS_MS: f64 = 50.0;

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn get(o: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// An answer `{run, kind, …fields}`, its buffers transferred.
fn answer(run: f64, what: &str, fields: &[(&str, JsValue)], transfer: &[JsValue]) {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &key::RUN.into(), &run.into());
    let _ = js_sys::Reflect::set(&o, &key::KIND.into(), &what.into());
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    let transfer: js_sys::Array = transfer.iter().collect();
    let _ = scope().post_message_with_transfer(&o, &transfer);
}

/// Where the bytes come from.
enum Source {
    File(web_sys::Blob),
    Text(Vec<u8>),
}

impl Source {
    fn size(&self) -> f64 {
        match self {
            Source::File(f) => f.size(),
            Source::Text(t) => t.len() as f64,
        }
    }

    /// Starts reading bytes `[start, end)` of a file (`None` for text).
    fn slice(&self, start: f64, end: f64) -> Option<Result<JsFuture, String>> {
        match self {
            Source::Text(_) => None,
            Source::File(f) => Some(
                f.slice_with_f64_and_f64(start, end)
                    .map(|b| JsFuture::from(b.array_buffer()))
                    .map_err(|_| "the browser could not cut the file into slices".to_string()),
            ),
        }
    }
}

/// Reads and parses the file; the `Usage` or the lines saying why not.
async fn import(run: f64, source: Source, peak_factor: f64) -> Result<(), Vec<String>> {
    let mut importer = Importer::new(ImportOptions { peak_factor });
    let total = source.size();
    let mut last_said = js_sys::Date::now();
    let mut format = None;
    let mut feed = |bytes: &[u8], mut done: f64| -> Result<(), Vec<String>> {
        for piece in bytes.chunks(PIECE) {
            let progress = importer.feed(piece).map_err(|e| error_lines(&e))?;
            done += piece.len() as f64;
            format = progress.format;
            if js_sys::Date::now() - last_said >= PROGRESS_MS {
                let f = format.map_or(JsValue::UNDEFINED, |f| format_index(f).into());
                answer(
                    run,
                    kind::PROGRESS,
                    &[(key::DONE, done.into()), (key::FORMAT, f)],
                    &[],
                );
                last_said = js_sys::Date::now();
            }
        }
        Ok(())
    };
    match &source {
        Source::Text(bytes) => feed(bytes, 0.0)?,
        Source::File(_) => {
            let mut at = 0.0;
            let mut next = source.slice(0.0, READ.min(total));
            while at < total {
                let end = (at + READ).min(total);
                let ahead = (end < total)
                    .then(|| source.slice(end, (end + READ).min(total)))
                    .flatten();
                let reading = std::mem::replace(&mut next, ahead);
                let buffer = match reading {
                    Some(Ok(read)) => read
                        .await
                        .map_err(|_| vec!["the browser could not read the file".to_string()])?,
                    Some(Err(e)) => return Err(vec![e]),
                    None => break,
                };
                feed(&js_sys::Uint8Array::new(&buffer).to_vec(), at)?;
                at = end;
            }
        }
    }
    let format = importer.progress().format;
    let f = format.map_or(JsValue::UNDEFINED, |f| format_index(f).into());
    answer(run, kind::FINISHING, &[(key::FORMAT, f)], &[]);
    let usage = importer.finish().map_err(|e| error_lines(&e))?;
    let (meta, tokens) = wire::encode(&usage);
    drop(usage);
    let meta = js_sys::Uint8Array::from(meta.as_slice());
    let numbers = js_sys::Float64Array::new_with_length(tokens.len() as u32);
    numbers.copy_from(&tokens);
    drop(tokens);
    answer(
        run,
        kind::USAGE,
        &[
            (key::META, meta.clone().into()),
            (key::TOKENS, numbers.clone().into()),
        ],
        &[meta.buffer().into(), numbers.buffer().into()],
    );
    Ok(())
}

/// Reads a rate card: its compact form, fingerprint and offerings, or the loader's message.
fn card(request: &JsValue) {
    let run = get(request, key::RUN).as_f64().unwrap_or(0.0);
    let name = get(request, key::NAME).as_string().unwrap_or_default();
    let text = get(request, key::TEXT).as_string().unwrap_or_default();
    match ptcalc_ratecards::organization_bytes(&name, &text) {
        Ok(bytes) => {
            let bytes = js_sys::Uint8Array::from(bytes.as_slice());
            answer(
                run,
                kind::CARD,
                &[(key::BYTES, bytes.clone().into())],
                &[bytes.buffer().into()],
            );
        }
        Err(e) => {
            let lines: js_sys::Array = [JsValue::from_str(&e.to_string())].into_iter().collect();
            answer(run, kind::FAILED, &[(key::LINES, lines.into())], &[]);
        }
    }
}

/// One request of the page.
async fn handle(request: JsValue) {
    match get(&request, key::TOOL).as_string().as_deref() {
        Some(IMPORT) => {}
        Some(CARD) => return card(&request),
        _ => return,
    }
    let run = get(&request, key::RUN).as_f64().unwrap_or(0.0);
    let peak = get(&request, key::PEAK).as_f64().unwrap_or(1.0);
    let source = match get(&request, key::FILE).dyn_into::<web_sys::Blob>() {
        Ok(file) => Source::File(file),
        Err(_) => Source::Text(
            get(&request, key::TEXT)
                .as_string()
                .unwrap_or_default()
                .into_bytes(),
        ),
    };
    if let Err(lines) = import(run, source, peak).await {
        let lines: js_sys::Array = lines.iter().map(|l| JsValue::from_str(l)).collect();
        answer(run, kind::FAILED, &[(key::LINES, lines.into())], &[]);
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
            wasm_bindgen_futures::spawn_local(handle(ev.data()));
        });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it: so does its listener.
    on_message.forget();
    answer(0.0, kind::READY, &[], &[]);
}
