//! The page's second WebAssembly module (`src/bin/ptcalc-worker.rs`), run as a Web Worker
//! and started the first time a tool needs it: the usage import's parsing and the reading of
//! an organization's rate card (JSON, validation, errors by line and column) live there, so
//! the first module neither downloads nor compiles them. This module is the messages both
//! sides exchange (plain JavaScript objects with the keys below) and the page's handle on
//! the worker ([`ToolWorker`]).
//!
//! The page asks `{tool: "import", run, peak, file | text}`; the worker answers with the
//! same `run`: `progress` (`done` bytes, `format` once recognized, as its index in
//! `Format::ALL`), `finishing` (the minutes are being counted), then `usage` (the parsed
//! `Usage` as [`ptcalc_usage::wire`]'s `meta` bytes and `tokens` numbers, both transferred)
//! or `failed` (`lines`, the importer's messages). The page asks `{tool: "card", run, name,
//! text}` for a rate card; the worker answers `card` (`bytes`, the card's compact form,
//! transferred; `fingerprint`; `offerings`) or `failed` (the loader's message). The worker
//! says `ready` once it listens: a message posted before would be lost while its module
//! compiles.
use ptcalc_usage::{Format, ImportError, Usage};

/// The objects' keys.
pub mod key {
    /// Which tool a request is for ([`super::IMPORT`]).
    pub const TOOL: &str = "tool";
    /// The request's number, repeated in every answer (the page ignores older runs).
    pub const RUN: &str = "run";
    /// What an answer is (`ready`, `progress`, `finishing`, `usage`, `failed`).
    pub const KIND: &str = "kind";
    /// The import's peak factor.
    pub const PEAK: &str = "peak";
    /// The file (a `File` or `Blob`) to import.
    pub const FILE: &str = "file";
    /// The pasted text to import.
    pub const TEXT: &str = "text";
    /// Bytes read so far.
    pub const DONE: &str = "done";
    /// The format's index in `Format::ALL`, once recognized.
    pub const FORMAT: &str = "format";
    /// `wire::encode`'s bytes (`Uint8Array`).
    pub const META: &str = "meta";
    /// `wire::encode`'s numbers (`Float64Array`).
    pub const TOKENS: &str = "tokens";
    /// Why the file was refused, one line per problem.
    pub const LINES: &str = "lines";
    /// A rate card's file name.
    pub const NAME: &str = "name";
    /// A card's compact form (`Uint8Array`).
    pub const BYTES: &str = "bytes";
}

/// The import tool's name in a request.
pub const IMPORT: &str = "import";
/// The rate-card reader's name in a request.
pub const CARD: &str = "card";

/// The kinds of answer.
pub mod kind {
    pub const READY: &str = "ready";
    pub const PROGRESS: &str = "progress";
    pub const FINISHING: &str = "finishing";
    pub const USAGE: &str = "usage";
    pub const FAILED: &str = "failed";
    pub const CARD: &str = "card";
}

/// The worker's file next to the page when the build did not name a hashed one (Trunk's
/// own loader name, e.g. under `trunk serve`).
pub const LOADER: &str = "./ptcalc-worker_loader.js";

/// The `<meta name=…>` in which `cargo xtask` names the worker's hashed loader.
pub const LOADER_META: &str = "ptcalc-worker";

/// The lines that say why a file was refused (each problem by line and column).
pub fn error_lines(e: &ImportError) -> Vec<String> {
    match e {
        ImportError::Rows(problems) => problems.iter().map(|p| p.to_string()).collect(),
        other => vec![other.to_string()],
    }
}

/// A format's index in `Format::ALL`, as the messages carry it.
pub fn format_index(format: Format) -> u8 {
    Format::ALL
        .iter()
        .position(|f| *f == format)
        .map_or(u8::MAX, |i| i as u8)
}

/// The format at an index [`format_index`] gave.
pub fn format_at(index: f64) -> Option<Format> {
    if index.fract() != 0.0 || index < 0.0 {
        return None;
    }
    Format::ALL.get(index as usize).copied()
}

/// An answer of the worker, as the page reads it.
#[derive(Debug)]
pub enum Reply {
    /// The worker listens: queued requests can be posted.
    Ready,
    /// Bytes read so far, and the format once recognized.
    Progress {
        run: u32,
        done: f64,
        format: Option<Format>,
    },
    /// Every byte is read; the minutes are being counted.
    Finishing { run: u32, format: Option<Format> },
    /// What was read (or why the answer could not be decoded).
    Usage {
        run: u32,
        usage: Result<Usage, ptcalc_usage::wire::WireError>,
    },
    /// Why the file was refused.
    Failed { run: u32, lines: Vec<String> },
    /// A rate card's JSON read into its compact form (`organization_bytes`), not yet
    /// checked against the bundled catalog: the page checks it (`reopen_card`), so the
    /// worker carries no catalog.
    Card { run: u32, bytes: Vec<u8> },
}

mod page {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{format_at, key, kind, Reply};

    fn get(o: &JsValue, k: &str) -> JsValue {
        js_sys::Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    }

    impl Reply {
        /// Reads an answer; `None` for anything else.
        pub fn read(data: &JsValue) -> Option<Reply> {
            let run = get(data, key::RUN).as_f64().map_or(0, |r| r as u32);
            let format = || get(data, key::FORMAT).as_f64().and_then(format_at);
            Some(match get(data, key::KIND).as_string()?.as_str() {
                kind::READY => Reply::Ready,
                kind::PROGRESS => Reply::Progress {
                    run,
                    done: get(data, key::DONE).as_f64().unwrap_or(0.0),
                    format: format(),
                },
                kind::FINISHING => Reply::Finishing {
                    run,
                    format: format(),
                },
                kind::USAGE => {
                    let meta = get(data, key::META).dyn_into::<js_sys::Uint8Array>().ok()?;
                    let tokens = get(data, key::TOKENS)
                        .dyn_into::<js_sys::Float64Array>()
                        .ok()?;
                    let usage = crate::perf::measure("ptcalc:import-decode", || {
                        ptcalc_usage::wire::decode(&meta.to_vec(), &tokens.to_vec())
                    });
                    Reply::Usage { run, usage }
                }
                kind::CARD => Reply::Card {
                    run,
                    bytes: get(data, key::BYTES)
                        .dyn_into::<js_sys::Uint8Array>()
                        .ok()?
                        .to_vec(),
                },
                kind::FAILED => Reply::Failed {
                    run,
                    lines: js_sys::Array::from(&get(data, key::LINES))
                        .iter()
                        .filter_map(|l| l.as_string())
                        .collect(),
                },
                _ => return None,
            })
        }
    }

    /// The page's handle on the worker: requests posted before it is ready wait in a queue.
    /// Dropping it stops the worker (Cancel); the next tool use starts a new one.
    pub struct ToolWorker {
        worker: web_sys::Worker,
        queue: Rc<RefCell<Option<Vec<JsValue>>>>,
        _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
        _on_error: Closure<dyn FnMut(web_sys::Event)>,
    }

    impl std::fmt::Debug for ToolWorker {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("ToolWorker").finish_non_exhaustive()
        }
    }

    /// The worker's loader: the hashed one `cargo xtask` names in the page, else Trunk's.
    fn loader_url() -> String {
        leptos::prelude::document()
            .query_selector(&format!("meta[name=\"{}\"]", super::LOADER_META))
            .ok()
            .flatten()
            .and_then(|m| m.get_attribute("content"))
            .unwrap_or_else(|| super::LOADER.to_string())
    }

    impl ToolWorker {
        /// Starts the worker; `on_reply` gets its answers but `Ready`, `on_error` a sentence
        /// when it cannot run (its files cannot be loaded, or it stopped).
        ///
        /// # Errors
        /// The browser refused to start a worker.
        pub fn start(
            on_reply: impl Fn(Reply) + 'static,
            on_error: impl Fn(String) + 'static,
        ) -> Result<ToolWorker, String> {
            let worker = web_sys::Worker::new(&loader_url())
                .map_err(|_| "this browser could not start the import tool".to_string())?;
            let queue: Rc<RefCell<Option<Vec<JsValue>>>> = Rc::new(RefCell::new(Some(Vec::new())));
            let on_message = {
                let (queue, worker) = (queue.clone(), worker.clone());
                Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |ev: web_sys::MessageEvent| match Reply::read(&ev.data()) {
                        Some(Reply::Ready) => {
                            for message in queue.borrow_mut().take().unwrap_or_default() {
                                let _ = worker.post_message(&message);
                            }
                        }
                        Some(reply) => on_reply(reply),
                        None => {}
                    },
                )
            };
            let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
                ev.prevent_default();
                let detail = ev
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|e| e.message())
                    .filter(|m| !m.is_empty())
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default();
                on_error(format!(
                    "this page's tool could not run{detail}; check the connection and try again"
                ));
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            Ok(ToolWorker {
                worker,
                queue,
                _on_message: on_message,
                _on_error: on_error,
            })
        }

        /// Posts a request (structured clone: a `File` is passed, not read).
        pub fn post(&self, message: &JsValue) {
            match self.queue.borrow_mut().as_mut() {
                Some(waiting) => waiting.push(message.clone()),
                None => {
                    let _ = self.worker.post_message(message);
                }
            }
        }
    }

    impl Drop for ToolWorker {
        fn drop(&mut self) {
            self.worker.set_onmessage(None);
            self.worker.set_onerror(None);
            self.worker.terminate();
        }
    }

    /// Starts a worker for one request and waits for its answer; the worker is stopped
    /// after it. For a tool used once in a while (a rate card), not worth keeping a worker.
    ///
    /// # Errors
    /// The worker could not start or run (the sentence says so).
    pub async fn ask_once(request: &JsValue) -> Result<Reply, String> {
        let answer: Rc<RefCell<Option<Result<Reply, String>>>> = Rc::new(RefCell::new(None));
        let mut resolve = None;
        let promise = js_sys::Promise::new(&mut |r, _| resolve = Some(r));
        let resolve = resolve.ok_or("this browser could not wait for the tool")?;
        let settle = {
            let (answer, resolve) = (answer.clone(), resolve.clone());
            move |a: Result<Reply, String>| {
                answer.borrow_mut().get_or_insert(a);
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        };
        let settle_error = settle.clone();
        let worker = ToolWorker::start(move |r| settle(Ok(r)), move |e| settle_error(Err(e)))?;
        worker.post(request);
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        drop(worker);
        let answer = answer.borrow_mut().take();
        answer.unwrap_or_else(|| Err("the tool did not answer".into()))
    }

    /// A rate-card request: `{tool: "card", run: 0, name, text}`.
    pub fn card_request(name: &str, text: &str) -> JsValue {
        let o = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
        };
        set(key::TOOL, &JsValue::from_str(super::CARD));
        set(key::RUN, &JsValue::from(0));
        set(key::NAME, &JsValue::from_str(name));
        set(key::TEXT, &JsValue::from_str(text));
        o.into()
    }

    /// An import request: `{tool: "import", run, peak, file | text}`.
    pub fn import_request(run: u32, peak: f64, source: &JsValue, is_file: bool) -> JsValue {
        let o = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
        };
        set(key::TOOL, &JsValue::from_str(super::IMPORT));
        set(key::RUN, &JsValue::from(run));
        set(key::PEAK, &JsValue::from(peak));
        set(if is_file { key::FILE } else { key::TEXT }, source);
        o.into()
    }
}

pub use page::{ask_once, card_request, import_request, ToolWorker};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_format_travels_as_its_index_and_nothing_else_reads_as_one() {
        for f in Format::ALL {
            assert_eq!(format_at(f64::from(format_index(f))), Some(f));
        }
        for bad in [-1.0, 0.5, 7.0, 255.0, f64::NAN] {
            assert_eq!(format_at(bad), None, "{bad}");
        }
    }

    #[test]
    fn row_problems_are_listed_one_per_line() {
        let e = ptcalc_usage::import_bytes(
            b"time,input,output\n2025-08-18T00:00Z,12x,1\n2025-08-18T00:01Z,5,1\n",
            ptcalc_usage::ImportOptions::default(),
        )
        .unwrap_err();
        let lines = error_lines(&e);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with("line 2"), "{lines:?}");
    }
}
