fn main() {
    let peer = std::net::Ipv4Addr::LOCALHOST;
    safe_log::info!(%peer, "connected");
    safe_log::info!(remote.addr = %peer, "connected");
}
