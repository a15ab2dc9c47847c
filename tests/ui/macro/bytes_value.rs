// A byte buffer is a payload, not a list of numbers: one error, whose note
// says how to log it on purpose.
fn main() {
    let payload: Vec<u8> = vec![1, 2, 3];
    safe_log::info!(payload = &payload, "received");
}
