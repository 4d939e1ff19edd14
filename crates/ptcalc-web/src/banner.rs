//! The crash banner. A panic ends a WebAssembly app, so panics are kept impossible; should
//! one happen anyway, the console gets the message (console_error_panic_hook) and the page
//! says so plainly instead of freezing silently.
use wasm_bindgen::JsCast;

const MESSAGE: &str = "Something went wrong and the calculator stopped. Reload the page: your scenario is kept in the address bar.";

/// Chains a hook after the current one (installed by `main`) that shows the banner.
pub fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        show();
    }));
}

/// Adds the banner with plain DOM calls: the reactive system may be mid-update.
fn show() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id("crash").is_some() {
        return;
    }
    let Ok(banner) = doc.create_element("div") else {
        return;
    };
    banner.set_id("crash");
    banner.set_class_name("crash");
    let _ = banner.set_attribute("role", "alert");
    banner.set_text_content(Some(MESSAGE));
    if let Some(body) = doc.body() {
        let body: &web_sys::Element = body.unchecked_ref();
        let _ = body.prepend_with_node_1(&banner);
    }
}
