// An argument whose type is another crate's (here std's `File`): the error
// names the argument in `skip(..)`.
#[safe_log::instrument]
fn upload(file: std::fs::File, attempt: u32) -> u32 {
    let _ = file;
    attempt
}

fn main() {
    let _ = upload;
}
