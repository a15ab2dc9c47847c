// Every mistake of a derive is reported in one pass, and nothing else: the
// type still implements `SafeLog`, so using it adds no follow-on error.
use safe_log::{Fields, SafeLog};

#[derive(SafeLog)]
#[safe_log(rename_all = "shouting")]
pub struct Diag {
    #[safe_log(rename = "")]
    pub conn_id: u64,
    #[safe_log(secret)]
    // safe-log: allow(credential-name) the case is about the attribute above
    pub token: String,
    #[safe_log(skip, max_len = 10)]
    pub body: String,
}

fn main() {
    let diag = Diag {
        conn_id: 1,
        token: String::new(),
        body: String::new(),
    };
    let _ = Fields(&diag).to_vec();
}
