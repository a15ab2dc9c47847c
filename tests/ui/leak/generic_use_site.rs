// A generic record instantiated with a type that is not log-safe.
use std::collections::HashMap;

use safe_log::{Fields, SafeLog};

#[derive(SafeLog)]
pub struct Tagged<T> {
    pub tag: &'static str,
    pub value: T,
}

fn main() {
    let tagged = Tagged {
        tag: "headers",
        value: HashMap::<String, u32>::new(),
    };
    let _ = Fields(&tagged).to_vec();
}
