// `{:x}` formats an integer in hex; a string is not one.
fn main() {
    let code = String::from("1011");
    safe_log::error!("closed with {:x}", code);
}
