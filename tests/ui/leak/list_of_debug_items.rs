// A list whose items have no log form: one error, on the field's type.
#[derive(Debug)]
pub enum Frame {
    Ping,
}

#[derive(safe_log::SafeLog)]
pub struct Connection {
    pub frames: Vec<Frame>,
}

fn main() {
    let _ = Connection { frames: vec![Frame::Ping] };
}
