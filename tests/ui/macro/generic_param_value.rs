// A value of a type parameter without a bound: the error offers the bound.
fn handle<T>(request: &T) {
    safe_log::info!(request, "handling");
}

fn main() {
    handle(&1u8);
}
