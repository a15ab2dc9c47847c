// `{:p}` is not a number's format: refused with the forms that are.
fn main() {
    let code = 1011u16;
    safe_log::error!("closed with {:p}", &code);
}
