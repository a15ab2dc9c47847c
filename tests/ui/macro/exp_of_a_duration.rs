// `{:e}` formats a number in scientific notation; a `Duration` is not one.
fn main() {
    let elapsed = std::time::Duration::from_millis(1500);
    safe_log::info!("took {:e}", elapsed);
}
