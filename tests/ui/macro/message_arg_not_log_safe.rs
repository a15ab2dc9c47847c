pub struct Frame {
    pub len: usize,
}

impl std::fmt::Display for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.len)
    }
}

fn main() {
    let frame = Frame { len: 3 };
    safe_log::error!("bad frame {}", frame);
    safe_log::error!("bad frame {frame}");
}
