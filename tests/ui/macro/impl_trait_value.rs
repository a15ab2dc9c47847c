// A value of an opaque `impl Trait` parameter: the error offers a bound or
// `display`, and names none of the crate's internals.
use std::fmt::{Debug, Display};

fn handle(request: impl Debug + Display) {
    safe_log::info!(request = &request, "handling");
}

fn main() {
    handle("GET /");
}
