// tracing's `field::display(..)` left in an event: the error names the
// checked twin.
fn main() {
    let id = 7u64;
    safe_log::info!(user_id = tracing::field::display(&id), "login");
}
