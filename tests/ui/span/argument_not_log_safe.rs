// An argument without a log form is one error, on the argument, that says
// to skip it.
use std::collections::HashMap;

#[safe_log::instrument]
fn handle(headers: &HashMap<String, String>, attempt: u32) -> u32 {
    let _ = headers;
    attempt
}

fn main() {
    let _ = handle(&HashMap::new(), 1);
}
