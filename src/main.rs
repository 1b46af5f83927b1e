//! wasm entry point: install the panic hook and mount the console.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ticdc_console::app::App);
}
