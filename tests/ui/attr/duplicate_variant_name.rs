use safe_log::SafeLog;

#[derive(SafeLog)]
pub enum State {
    Open,
    #[safe_log(rename = "open")]
    Reopened,
}

fn main() {}
