//! The JavaScript API for host pages (`dist/ptcalc-api.js` re-exports it): `evaluate(query)`
//! returns the report as `ptcalc eval --format json` has it (converted to a JavaScript object
//! with serde-wasm-bindgen, not through JSON text) and `link(query)` the canonical link.
use ptcalc_core::link;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// The global flag `ptcalc-api.js` sets before it starts the module: then `main` leaves the
/// host page alone instead of mounting the calculator.
pub const LIBRARY_FLAG: &str = "__ptcalcLibrary";

/// Whether the module was started as a library by `ptcalc-api.js`.
pub fn loaded_as_library() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(LIBRARY_FLAG))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// The report of a link (a full URL, `?v=1&…` or `v=1&…`) as a JavaScript object: the
/// fields of `ptcalc eval --today <the browser's day> --format json`, the link's problems
/// first among `warnings`.
///
/// # Errors
/// An `Error` whose message says why the scenario cannot be evaluated.
pub fn evaluate(query: &str) -> Result<JsValue, JsValue> {
    // The API's one reading of the clock: a link without `at=` is priced today, as the
    // page prices it.
    let today = crate::cards::today();
    let (document, _) = ptcalc_ratecards::eval_link_on(ptcalc_ratecards::catalog(), query, today)
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    document
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

/// The canonical query of a link's scenario (`v=1&…`), as the page writes it: defaults
/// omitted, keys in table order, offerings and terms the rate cards cannot serve replaced.
///
/// ```
/// assert_eq!(ptcalc_web::api::link("?in=500k&v=1&o=azure/gpt-4.1"), "v=1");
/// ```
pub fn link(query: &str) -> String {
    link::format(&ptcalc_ratecards::open_link(query).scenario)
}
