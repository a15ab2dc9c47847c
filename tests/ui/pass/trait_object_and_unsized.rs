// References and smart pointers of log-safe types, unsized ones included.
use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use safe_log::{Fields, SafeLog};

#[derive(SafeLog)]
pub struct Refs<'a, 'b: 'a> {
    pub s: &'a str,
    pub b: Box<str>,
    pub r: Rc<str>,
    pub a: Arc<str>,
    pub c: Cow<'b, str>,
    pub m: &'a mut u8,
    pub nested: &'a &'b Option<Box<u8>>,
}

fn main() {
    let mut n = 1u8;
    let o = Some(Box::new(2u8));
    let refs = Refs {
        s: "s",
        b: "b".into(),
        r: Rc::from("r"),
        a: Arc::from("a"),
        c: Cow::Borrowed("c"),
        m: &mut n,
        nested: &&o,
    };
    assert_eq!(Fields(&refs).to_vec().len(), 7);
}
