// tracing's `field::Empty` in an event, where nothing can record it later.
fn main() {
    safe_log::info!(user_id = tracing::field::Empty, "login");
}
