// A parameter used only by `skip`, `redact`, `display` or `with` fields needs
// no `SafeLog` bound.
use std::collections::HashMap;
use std::fmt::Display;

use safe_log::{Fields, SafeLog};

fn count<K, V>(map: &HashMap<K, V>) -> usize {
    map.len()
}

#[derive(SafeLog)]
pub struct Cache<K, V, S: Display, D> {
    #[safe_log(with = count)]
    pub entries: HashMap<K, V>,
    #[safe_log(redact)]
    pub secret: V,
    #[safe_log(display)]
    pub shown: S,
    #[safe_log(skip)]
    pub raw: D,
}

fn main() {
    let cache = Cache {
        entries: HashMap::from([(1u8, vec![1u8])]),
        secret: vec![2u8],
        shown: 'c',
        raw: Box::new(()) as Box<dyn std::any::Any>,
    };
    let fields = Fields(&cache).to_vec();
    assert_eq!(fields.len(), 3);
}
