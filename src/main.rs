//! wasm entry point: install the panic hook and mount the console.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ticdc_console::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ticdc-console runs in the browser: build it with `trunk build` (see README.md).");
    std::process::exit(2);
}
