pub struct Connection {
    pub fd: i32,
}

impl Connection {
    #[safe_log::instrument]
    pub fn read(&self, len: usize) -> usize {
        len + usize::try_from(self.fd).unwrap_or(0)
    }
}

fn main() {
    let _ = Connection { fd: 3 }.read(1);
}
