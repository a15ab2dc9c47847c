fn main() {
    let conn_id = 7u64;
    safe_log::info!(conn_id, peer.port = 80u16, conn_id = 8u64, "twice");
}
