//! `Fields(&record)` as `log`'s key-values (feature `log`).
//!
//! `log::kv::Source` hands out values that borrow from the source for the
//! whole visit. Numbers and strings held by the record go as they are. Text
//! that safe-log computes while visiting (an address, a timestamp, a
//! `display` field, a cut string, what a `with` function returns) has no
//! place in the record to borrow from: it is kept in a per-thread buffer and
//! handed out through a `'static` view of that buffer, which stays valid
//! until the next top-level visit on the thread. Loggers read key-values
//! while the record is being logged, which is within that window.

use core::fmt::{self, Write as _};
use std::cell::{Cell, RefCell};

use log::kv::{self, Key, Source, VisitSource};

use crate::value::fields::finite;
use crate::value::text::Total;
use crate::{FMT_ERROR, Fields, SafeLog, Value, Visitor};

/// How many computed texts one record can hand out; beyond, the texts read
/// [`FMT_ERROR`].
const SLOTS: usize = 64;

thread_local! {
    /// The texts computed by the current top-level visit on this thread.
    static TEXTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// How many visits are under way on this thread (a value's `Display`
    /// may log, and visit, again).
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// The computed text number `.0` of this thread.
#[derive(Clone, Copy)]
struct TextSlot(usize);

static TEXT_SLOTS: [TextSlot; SLOTS] = {
    let mut slots = [TextSlot(0); SLOTS];
    let mut i = 0;
    while i < SLOTS {
        slots[i] = TextSlot(i);
        i += 1;
    }
    slots
};

impl fmt::Display for TextSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = TEXTS
            .try_with(|texts| {
                let texts = texts.try_borrow().ok()?;
                let text = texts.get(self.0)?;
                Some(f.write_str(text))
            })
            .ok()
            .flatten();
        text.unwrap_or_else(|| f.write_str(FMT_ERROR))
    }
}

impl<T: SafeLog + ?Sized> Source for Fields<'_, T> {
    fn visit<'kvs>(&'kvs self, visitor: &mut dyn VisitSource<'kvs>) -> Result<(), kv::Error> {
        let depth = DEPTH.try_with(|d| d.replace(d.get() + 1)).unwrap_or(1);
        if depth == 0 {
            let _ = TEXTS.try_with(|texts| {
                if let Ok(mut texts) = texts.try_borrow_mut() {
                    texts.clear();
                }
            });
        }
        let mut pairs = Pairs {
            keys: T::__keys(),
            visitor,
            result: Ok(()),
        };
        self.0.visit(0, &mut pairs);
        let _ = DEPTH.try_with(|d| d.set(depth));
        pairs.result
    }
}

struct Pairs<'v, 'kvs> {
    keys: &'static [&'static str],
    visitor: &'v mut dyn VisitSource<'kvs>,
    /// The logger's first error; the remaining leaves are skipped.
    result: Result<(), kv::Error>,
}

impl<'kvs> Pairs<'_, 'kvs> {
    fn pair(&mut self, at: usize, value: kv::Value<'kvs>) {
        if self.result.is_err() {
            return;
        }
        if let Some(key) = self.keys.get(at) {
            self.result = self.visitor.visit_pair(Key::from_str(key), value);
        }
    }

    /// A value computed now: kept in this thread's buffer.
    fn text(&mut self, at: usize, write: impl FnOnce(&mut String)) {
        let slot = TEXTS
            .try_with(|texts| {
                let mut texts = texts.try_borrow_mut().ok()?;
                let index = texts.len();
                let slot = TEXT_SLOTS.get(index)?;
                let mut text = String::new();
                write(&mut text);
                texts.push(text);
                Some(slot)
            })
            .ok()
            .flatten();
        match slot {
            Some(slot) => self.pair(at, kv::Value::from_dyn_display(slot)),
            None => self.pair(at, kv::Value::from(FMT_ERROR)),
        }
    }
}

/// A number or a `'static` string, which `log` takes by value.
fn by_value(value: Value<'_>) -> Option<kv::Value<'static>> {
    Some(match finite(value) {
        Value::Null => kv::Value::null(),
        Value::Bool(x) => kv::Value::from(x),
        Value::I64(x) => kv::Value::from(x),
        Value::U64(x) => kv::Value::from(x),
        Value::F64(x) => kv::Value::from(x),
        Value::Str(_) => return None,
    })
}

impl<'kvs> Visitor<'kvs> for Pairs<'_, 'kvs> {
    fn value(&mut self, at: usize, value: Value<'kvs>) {
        match finite(value) {
            Value::Str(text) => self.pair(at, kv::Value::from(text)),
            other => {
                if let Some(value) = by_value(other) {
                    self.pair(at, value);
                }
            }
        }
    }

    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        match (by_value(value), finite(value)) {
            (Some(value), _) => self.pair(at, value),
            (None, Value::Str(text)) => self.text(at, |s| s.push_str(text)),
            (None, _) => {}
        }
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        self.text(at, |s| {
            let _ = write!(s, "{}", Total(value));
        });
    }
}
