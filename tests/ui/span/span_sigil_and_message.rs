fn main() {
    let peer = "10.0.0.7";
    let _span = safe_log::info_span!("connection", %peer);
    let _span = safe_log::info_span!("connection", n = 1u8, "a message");
}
