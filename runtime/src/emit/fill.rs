//! The visitor that points each field of an event at its value, and the
//! per-thread pool of the values an event computes while it is built.

use core::fmt::{self, Write as _};

use tracing_core::field::Value as TracingValue;

use std::error::Error;

use crate::value::error::ErrorChain;
use crate::value::text::Total;
use crate::{Value, Visitor};

/// The visitor that fills an event's fields.
pub struct Fill<'s, 'x> {
    /// The event's fields; leaf `at` is field `at`.
    pub(crate) values: &'s mut [Option<&'x dyn TracingValue>],
    /// The values computed so far, taken from the pool on first need.
    pub(crate) computed: &'s mut Option<Computed>,
}

impl fmt::Debug for Fill<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fill")
            .field("fields", &self.values.len())
            .finish_non_exhaustive()
    }
}

impl Fill<'_, '_> {
    /// The field of leaf `at`, if it is one of the callsite's (a manual
    /// `SafeLog` impl may visit an index it did not describe).
    #[inline]
    fn field(&self, at: usize) -> Option<usize> {
        (at < self.values.len()).then_some(at)
    }

    fn computed(&mut self) -> &mut Computed {
        self.computed.get_or_insert_with(Computed::take)
    }
}

impl<'a> Visitor<'a> for Fill<'_, 'a> {
    #[inline]
    fn __leaf(&mut self, at: usize, direct: &'a dyn TracingValue, _: Value<'a>) {
        if let Some(slot) = self.values.get_mut(at) {
            *slot = Some(direct);
        }
    }

    #[inline]
    fn value(&mut self, at: usize, value: Value<'a>) {
        self.value_tmp(at, value);
    }

    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        let Some(field) = self.field(at) else { return };
        let num = match value {
            // tracing has no null: the field is absent.
            Value::Null => return,
            Value::Bool(x) => Num::Bool(x),
            Value::I64(x) => Num::I64(x),
            Value::U64(x) => Num::U64(x),
            Value::F64(x) => Num::F64(x),
            Value::Str(text) => {
                self.computed().text(field, |s| s.push_str(text));
                return;
            }
        };
        self.computed().nums.push((field, num));
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        if let Some(field) = self.field(at) {
            // Rendered here, so no subscriber ever sees a `Display` that fails.
            self.computed().text(field, |s| {
                let _ = write!(s, "{}", Total(value));
            });
        }
    }

    fn list(&mut self, at: usize, list: &dyn crate::ListItems) {
        if let Some(field) = self.field(at) {
            // Written straight into the pooled text: it cannot fail.
            self.computed().text(field, |s| {
                let _ = crate::value::list::write_json(s, list);
            });
        }
    }

    fn error(&mut self, at: usize, value: &(dyn Error + '_)) {
        if let Some(field) = self.field(at) {
            // The chain is rendered here, into an error the subscriber gets
            // through `record_error`: subscribers that treat errors apart
            // see one, the others its text.
            self.computed().error(field, |s| {
                let _ = write!(s, "{}", ErrorChain(value));
            });
        }
    }
}

/// An error's chain, rendered: what a subscriber's `record_error` receives.
/// Its message is the whole chain, so it has no source of its own.
#[derive(Default)]
pub(crate) struct Rendered(String);

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Rendered {}

/// A pooled error buffer.
type PooledError = Box<dyn Error + Send + Sync>;

/// A number computed during a visit.
#[derive(Clone, Copy, Debug)]
enum Num {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
}

/// The values an event computes while it is built: numbers converted from
/// the arguments, and text (formatted addresses, `Display` fields, the
/// results of `with` functions). Taken from a per-thread pool and given back,
/// so that steady state allocates nothing.
#[derive(Debug, Default)]
pub struct Computed {
    nums: Vec<(usize, Num)>,
    /// Text buffers; the first `used` are this event's.
    texts: Vec<String>,
    used: usize,
    /// (field, text buffer) pairs.
    text_fields: Vec<(usize, usize)>,
    /// Rendered errors (each a [`Rendered`], boxed once and reused): a
    /// `Box<dyn Error>` is a tracing value that subscribers receive through
    /// `record_error`.
    errors: Vec<PooledError>,
    errors_used: usize,
    /// (field, error buffer) pairs.
    error_fields: Vec<(usize, usize)>,
}

thread_local! {
    static POOL: std::cell::Cell<Computed> = const {
        std::cell::Cell::new(Computed {
            nums: Vec::new(),
            texts: Vec::new(),
            used: 0,
            text_fields: Vec::new(),
            errors: Vec::new(),
            errors_used: 0,
            error_fields: Vec::new(),
        })
    };
}

impl Computed {
    /// This thread's pool; an empty one when an event is already being
    /// built on this thread (one logged while formatting another).
    pub(crate) fn take() -> Self {
        POOL.try_with(std::cell::Cell::take).unwrap_or_default()
    }

    /// Empties the pool and gives it back to the thread, keeping the
    /// buffers' capacity (not a large one from an outsized event).
    #[inline]
    pub(crate) fn release(this: Option<Self>) {
        if let Some(this) = this {
            this.give_back();
        }
    }

    #[cold]
    pub(crate) fn give_back(mut self) {
        self.reset();
        let _ = POOL.try_with(|pool| pool.set(self));
    }

    fn reset(&mut self) {
        self.nums.clear();
        self.text_fields.clear();
        self.texts.truncate(16);
        for text in &mut self.texts {
            if text.capacity() > 4096 {
                *text = String::new();
            }
            text.clear();
        }
        self.used = 0;
        self.error_fields.clear();
        self.errors.truncate(16);
        for error in &mut self.errors {
            if let Some(text) = error.downcast_mut::<Rendered>() {
                if text.0.capacity() > 4096 {
                    text.0 = String::new();
                }
                text.0.clear();
            }
        }
        self.errors_used = 0;
    }

    /// Writes the rendered error of `field` in the next free error buffer.
    fn error(&mut self, field: usize, write: impl FnOnce(&mut String)) {
        if self.errors_used == self.errors.len() {
            self.errors.push(Box::new(Rendered::default()));
        }
        let index = self.errors_used;
        self.errors_used += 1;
        let text = self
            .errors
            .get_mut(index)
            .and_then(|error| error.downcast_mut::<Rendered>());
        if let Some(text) = text {
            text.0.clear();
            write(&mut text.0);
            self.error_fields.push((field, index));
        }
    }

    /// Writes the text of `field` in the next free buffer.
    fn text(&mut self, field: usize, write: impl FnOnce(&mut String)) {
        if self.used == self.texts.len() {
            self.texts.push(String::new());
        }
        let index = self.used;
        self.used += 1;
        if let Some(text) = self.texts.get_mut(index) {
            text.clear();
            write(text);
            self.text_fields.push((field, index));
        }
    }

    /// Points the fields at the computed values.
    pub(crate) fn point<'x>(&'x self, values: &mut [Option<&'x dyn TracingValue>]) {
        for (field, num) in &self.nums {
            if let Some(value) = values.get_mut(*field) {
                *value = Some(match num {
                    Num::Bool(x) => x,
                    Num::I64(x) => x,
                    Num::U64(x) => x,
                    Num::F64(x) => x,
                });
            }
        }
        for (field, text) in &self.text_fields {
            if let (Some(value), Some(text)) = (values.get_mut(*field), self.texts.get(*text)) {
                *value = Some(text);
            }
        }
        for (field, error) in &self.error_fields {
            if let (Some(value), Some(error)) = (values.get_mut(*field), self.errors.get(*error)) {
                *value = Some(error);
            }
        }
    }
}
