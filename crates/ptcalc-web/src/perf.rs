//! Performance API measures around the steps of an edit (the analysis, the verdict's
//! range, each chart's model, drawing and DOM update), so a browser's performance panel and
//! `tests/e2e/bench.mjs` show where an edit's time goes. Only in the bench build (the
//! `bench` feature, `cargo xtask build --bench`): in the release page, and natively (unit
//! tests), the work just runs and nothing is recorded.

/// Runs `work` and, in the bench build, records how long it took as the measure `name`
/// (`ptcalc:…`).
#[inline]
pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    #[cfg(all(target_arch = "wasm32", feature = "bench"))]
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let start = performance.now();
        let out = work();
        record(&performance, name, start, performance.now());
        return out;
    }
    let _ = name;
    work()
}

/// In the bench build, the performance mark `name` (now).
#[inline]
pub fn mark(name: &str) {
    #[cfg(all(target_arch = "wasm32", feature = "bench"))]
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
    let _ = name;
}

/// `performance.measure(name, { start, end })` (web-sys has no binding for the options form).
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
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
