use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct ConnId(#[safe_log(rename = "id")] pub u64);

#[derive(SafeLog)]
pub struct Token(#[safe_log(skip)] pub String);

fn main() {}
