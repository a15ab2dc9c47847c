// tracing's `field::debug(..)` left in an event: the error says to log the
// value itself.
fn main() {
    let attempt = 2u32;
    safe_log::warn!(attempt = tracing::field::debug(attempt), "retrying");
}
