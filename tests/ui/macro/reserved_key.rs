fn main() {
    safe_log::info!(message = "hello");
    safe_log::info!(severity = 3u8, "x");
    safe_log::info!(time.start = 1u64, "x");
    safe_log::info!(httpRequest = "GET /", "x");
}
