// Two mistakes in one call in expression position (a closure body, a match
// arm without braces) are the same two errors as in a statement.
fn main() {
    let peer = "10.0.0.7";
    let log = |x: u32| safe_log::info!(?x, %peer, "closure body");
    log(1);
    match 2u32 {
        x => safe_log::info!(?x, %peer, "match arm"),
    }
}
