#[safe_log::instrument(skip(missing), record_all)]
fn run(n: u8) -> u8 {
    n
}

fn main() {
    let _ = run(1);
}
