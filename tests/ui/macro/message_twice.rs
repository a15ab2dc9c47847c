fn main() {
    safe_log::info!(message = "retrying", attempt = 2u8, "and a literal");
}
