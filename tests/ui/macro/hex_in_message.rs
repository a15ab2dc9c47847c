fn main() {
    let code = 1011u16;
    safe_log::error!("closed with {:x}", code);
}
