fn main() {
    safe_log::info!(target: "a", target: "b", "two targets");
}
