//! Performance API measures around the steps of an edit (the analysis, the verdict's
//! range, each chart's model, drawing and DOM update), so a browser's performance panel and
//! `tests/e2e/bench.mjs` show where an edit's time goes. Natively (unit tests) the work
//! just runs.

/// Runs `work` and records how long it took as the measure `name` (`ptcalc:…`).
pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    #[cfg(target_arch = "wasm32")]
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let start = performance.now();
        let out = work();
        record(&performance, name, start, performance.now());
        return out;
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
    work()
}

/// `performance.measure(name, { start, end })` (web-sys has no binding for the options form).
#[cfg(target_arch = "wasm32")]
fn record(performance: &web_sys::Performance, name: &str, start: f64, end: f64) {
    use wasm_bindgen::JsCast;
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&options, &"end".into(), &end.into());
    if let Ok(measure) = js_sys::Reflect::get(performance, &"measure".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = measure.call2(performance, &name.into(), &options);
    }
}
