// tracing's `field::Empty` left in a span after a migration: the error says
// what to write instead.
fn main() {
    let span = safe_log::info_span!("request", user_id = tracing::field::Empty);
    let _ = span;
}
