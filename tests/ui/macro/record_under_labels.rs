// Labels are a flat map of strings: a record under `labels.` is one error.
#[derive(safe_log::SafeLog)]
pub struct Tenant {
    pub id: u64,
    pub name: &'static str,
}

fn main() {
    let tenant = Tenant { id: 1, name: "acme" };
    safe_log::info!(labels.tenant = &tenant, "request");
    safe_log::info!(labels.tags = vec!["a", "b"], "request");
}
