fn main() {
    let attempt = 3u32;
    safe_log::error!("attempt {:?} failed", attempt);
}
