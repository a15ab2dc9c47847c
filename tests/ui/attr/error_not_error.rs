use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Failure {
    #[safe_log(error)]
    pub code: u16,
}

fn main() {}
