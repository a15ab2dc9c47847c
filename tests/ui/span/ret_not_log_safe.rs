pub struct Opaque;

#[safe_log::instrument(ret)]
fn make(n: u8) -> Opaque {
    let _ = n;
    Opaque
}

fn main() {
    let _ = make(1);
}
