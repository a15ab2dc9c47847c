//! `Fields(&record)` and an event's arguments as `log`'s key-values
//! (feature `log`).
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
use tracing_core::field::Value as TracingValue;

use crate::value::fields::non_finite_name;
use crate::value::text::Total;
use crate::{FMT_ERROR, Fields, SafeLog, Value, Visitor};

/// How many computed texts one record can hand out; beyond, the texts read
/// [`FMT_ERROR`].
const SLOTS: usize = 64;

/// The texts computed by the current top-level visit on this thread: the
/// first `used` buffers; the others keep their capacity for the next visit.
struct Texts {
    buffers: Vec<String>,
    used: usize,
}

thread_local! {
    /// The texts computed by the current top-level visit on this thread.
    static TEXTS: RefCell<Texts> = const {
        RefCell::new(Texts {
            buffers: Vec::new(),
            used: 0,
        })
    };
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
                let text = texts.buffers[..texts.used].get(self.0)?;
                Some(f.write_str(text))
            })
            .ok()
            .flatten();
        text.unwrap_or_else(|| f.write_str(FMT_ERROR))
    }
}

impl<T: SafeLog + ?Sized> Source for Fields<'_, T> {
    fn visit<'kvs>(&'kvs self, visitor: &mut dyn VisitSource<'kvs>) -> Result<(), kv::Error> {
        visit_pairs(T::__keys(), visitor, |pairs| self.0.visit(0, pairs))
    }
}

/// Runs `visit` with the key-value visitor of `keys`; the texts computed by
/// the previous top-level visit on this thread are let go first.
pub(crate) fn visit_pairs<'kvs>(
    keys: &'static [&'static str],
    visitor: &mut dyn VisitSource<'kvs>,
    visit: impl FnOnce(&mut Pairs<'_, 'kvs>),
) -> Result<(), kv::Error> {
    let depth = DEPTH.try_with(|d| d.replace(d.get() + 1)).unwrap_or(1);
    if depth == 0 {
        let _ = TEXTS.try_with(|texts| {
            if let Ok(mut texts) = texts.try_borrow_mut() {
                if texts.used == 0 {
                    return;
                }
                texts.used = 0;
                // Not a large buffer kept from an outsized value.
                texts.buffers.truncate(SLOTS);
                for text in &mut texts.buffers {
                    if text.capacity() > 4096 {
                        *text = String::new();
                    }
                }
            }
        });
    }
    let mut pairs = Pairs {
        keys,
        visitor,
        result: Ok(()),
    };
    visit(&mut pairs);
    let _ = DEPTH.try_with(|d| d.set(depth));
    pairs.result
}

/// The visitor that hands a value's leaves to a `log` key-value visitor,
/// leaf `at` under `keys[at]`.
pub struct Pairs<'v, 'kvs> {
    /// The keys by leaf; none once the logger failed.
    keys: &'static [&'static str],
    visitor: &'v mut dyn VisitSource<'kvs>,
    /// The logger's first error; the remaining leaves are skipped.
    result: Result<(), kv::Error>,
}

impl<'kvs> Pairs<'_, 'kvs> {
    #[inline]
    fn pair(&mut self, at: usize, value: kv::Value<'kvs>) {
        if let Some(key) = self.keys.get(at) {
            // The result is stored only when it is an error: writing the
            // whole `Result` back for every pair costs more than the visit.
            if let Err(error) = self.visitor.visit_pair(Key::from_str(key), value) {
                self.result = Err(error);
                // No key left: the remaining leaves are skipped by the test
                // every leaf makes anyway.
                self.keys = &[];
            }
        }
    }

    /// A value computed now: kept in this thread's buffer.
    fn text(&mut self, at: usize, write: impl FnOnce(&mut String)) {
        let slot = TEXTS
            .try_with(|texts| {
                let mut texts = texts.try_borrow_mut().ok()?;
                let Texts { buffers, used } = &mut *texts;
                let slot = TEXT_SLOTS.get(*used)?;
                if *used == buffers.len() {
                    buffers.push(String::new());
                }
                let text = buffers.get_mut(*used)?;
                text.clear();
                write(text);
                *used += 1;
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

/// A number, or a string that `log` may borrow; `None` for a string that
/// does not live long enough.
#[inline]
fn to_kv(value: Value<'_>) -> Result<kv::Value<'static>, &str> {
    Ok(match value {
        Value::Null => kv::Value::null(),
        Value::Bool(x) => kv::Value::from(x),
        Value::I64(x) => kv::Value::from(x),
        Value::U64(x) => kv::Value::from(x),
        Value::F64(x) => match non_finite_name(x) {
            Some(name) => kv::Value::from(name),
            None => kv::Value::from(x),
        },
        Value::Str(text) => return Err(text),
    })
}

impl<'kvs> Visitor<'kvs> for Pairs<'_, 'kvs> {
    // Inlined into the record's `visit`, where each leaf's kind is known:
    // the match below then folds away. With `#[inline]` alone the compiler
    // kept a call per leaf: 902 instructions per 10-leaf event instead of
    // 853 (`bench/examples/prof_log.rs` under callgrind).
    #[allow(clippy::inline_always, reason = "measured, see above")]
    #[inline(always)]
    fn __leaf(&mut self, at: usize, _: &'kvs dyn TracingValue, value: Value<'kvs>) {
        self.value(at, value);
    }

    #[allow(clippy::inline_always, reason = "measured, see `__leaf`")]
    #[inline(always)]
    fn value(&mut self, at: usize, value: Value<'kvs>) {
        let value = match value {
            Value::Str(text) => kv::Value::from(text),
            other => to_kv(other).unwrap_or_else(|_| kv::Value::null()),
        };
        self.pair(at, value);
    }

    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        match to_kv(value) {
            Ok(value) => self.pair(at, value),
            Err(text) => self.text(at, |s| s.push_str(text)),
        }
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        self.text(at, |s| {
            let _ = write!(s, "{}", Total(value));
        });
    }
}
