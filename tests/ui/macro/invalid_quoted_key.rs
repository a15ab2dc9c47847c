fn main() {
    safe_log::info!("http status" = 404u16, "a key with a space");
    safe_log::info!("" = 1u8, "an empty key");
}
