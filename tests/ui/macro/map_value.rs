use std::collections::HashMap;

fn main() {
    let headers: HashMap<String, String> = HashMap::new();
    safe_log::warn!(headers, "bad request");
}
