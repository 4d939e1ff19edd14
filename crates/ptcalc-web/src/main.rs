//! WebAssembly entry point: `trunk build` compiles this binary and loads it from `index.html`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ptcalc_web::App);
}
