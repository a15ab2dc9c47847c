#[safe_log::instrument(err(Debug))]
fn run(n: u8) -> Result<u8, std::io::Error> {
    Ok(n)
}

fn main() {
    let _ = run(1);
}
