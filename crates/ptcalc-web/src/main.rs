//! WebAssembly entry point: `trunk build` compiles this binary and loads it from `index.html`.
//! `main` mounts the page, unless `ptcalc-api.js` started the module as a library for a host
//! page; the two functions below are that library's API.
use wasm_bindgen::prelude::*;

/// The report of a link, as `ptcalc eval --format json` has it (see `ptcalc_web::api`).
///
/// # Errors
/// An `Error` saying why the scenario cannot be evaluated.
#[wasm_bindgen]
pub fn evaluate(query: &str) -> Result<JsValue, JsValue> {
    ptcalc_web::api::evaluate(query)
}

/// The canonical link query of a link's scenario.
#[wasm_bindgen]
pub fn link(query: &str) -> String {
    ptcalc_web::api::link(query)
}

fn main() {
    console_error_panic_hook::set_once();
    if !ptcalc_web::api::loaded_as_library() {
        leptos::mount::mount_to_body(ptcalc_web::App);
    }
}
