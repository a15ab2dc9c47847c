use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Failure {
    #[safe_log(error, display)]
    pub cause: std::io::Error,
}

fn main() {}
