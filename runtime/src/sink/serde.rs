//! `Fields(&record)` as a `serde::Serialize` map of dotted keys (feature
//! `serde`): serializing cannot fail because of a value.

use core::fmt;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::value::fields::{Fields, Primitive, non_finite_name};
use crate::value::text::Total;
use crate::{ItemSink, ListItems, SafeLog, Value, Visitor};

impl<T: SafeLog + ?Sized> Serialize for Fields<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let mut visitor = MapVisitor {
            map: &mut map,
            keys: T::__keys(),
            error: None,
        };
        self.0.visit(0, &mut visitor);
        if let Some(error) = visitor.error {
            return Err(error);
        }
        map.end()
    }
}

struct MapVisitor<'m, M: SerializeMap> {
    map: &'m mut M,
    /// The keys by leaf; none once the serializer failed.
    keys: &'static [&'static str],
    /// The serializer's first error (only its writer can fail); the
    /// remaining leaves are skipped.
    error: Option<M::Error>,
}

impl<M: SerializeMap> MapVisitor<'_, M> {
    #[inline]
    fn entry(&mut self, at: usize, value: &(impl Serialize + ?Sized)) {
        if let Some(key) = self.keys.get(at) {
            if let Err(error) = self.map.serialize_entry(key, value) {
                self.error = Some(error);
                // No key left: the remaining leaves are skipped by the
                // test every leaf makes anyway.
                self.keys = &[];
            }
        }
    }
}

impl<'a, M: SerializeMap> Visitor<'a> for MapVisitor<'_, M> {
    #[inline]
    fn value(&mut self, at: usize, value: Value<'a>) {
        self.entry(at, &value);
    }

    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        self.entry(at, &value);
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        self.entry(at, &DisplayText(value));
    }

    fn list(&mut self, at: usize, list: &dyn ListItems) {
        self.entry(at, &List(list));
    }
}

/// A list as a sequence, bounded as every sink bounds it
/// ([`list_limits`](crate::list_limits)): after the last item written, a
/// string says how many were left out.
struct List<'l>(&'l dyn ListItems);

impl Serialize for List<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let limits = crate::list_limits();
        let count = self.0.count();
        let mut seq = serializer.serialize_seq(Some(count.min(limits.max_items + 1)))?;
        let mut sink = Items {
            seq: &mut seq,
            left: limits.max_items,
            written: 0,
            error: None,
        };
        self.0.each(&mut sink);
        let Items { written, error, .. } = sink;
        if let Some(error) = error {
            return Err(error);
        }
        let left = count.saturating_sub(written);
        if left > 0 {
            seq.serialize_element(&format_args!("… {left} more"))?;
        }
        seq.end()
    }
}

/// Serializes items, up to a count.
struct Items<'q, Q: SerializeSeq> {
    seq: &'q mut Q,
    left: usize,
    written: usize,
    error: Option<Q::Error>,
}

impl<Q: SerializeSeq> Items<'_, Q> {
    fn push(&mut self, item: &(impl Serialize + ?Sized)) -> bool {
        if self.left == 0 || self.error.is_some() {
            return false;
        }
        if let Err(error) = self.seq.serialize_element(item) {
            self.error = Some(error);
            return false;
        }
        self.left -= 1;
        self.written += 1;
        true
    }
}

impl<Q: SerializeSeq> ItemSink for Items<'_, Q> {
    fn value(&mut self, value: Value<'_>) -> bool {
        self.push(&value)
    }

    fn display(&mut self, value: &dyn fmt::Display) -> bool {
        self.push(&DisplayText(value))
    }
}

struct DisplayText<'a>(&'a dyn fmt::Display);

impl Serialize for DisplayText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // `Total` returns an error only when the serializer's own writer
        // failed; serde_json keeps that error (and would panic on an
        // error it did not cause).
        serializer.collect_str(&Total(self.0))
    }
}

/// Non-finite floats as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
impl Serialize for Value<'_> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(x) => serializer.serialize_bool(x),
            Value::I64(x) => serializer.serialize_i64(x),
            Value::U64(x) => {
                // The narrowest width that holds it: the same number in any
                // self-describing format, fewer steps to write its digits.
                if let Ok(x) = u16::try_from(x) {
                    serializer.serialize_u16(x)
                } else if let Ok(x) = u32::try_from(x) {
                    serializer.serialize_u32(x)
                } else {
                    serializer.serialize_u64(x)
                }
            }
            Value::F64(x) => match non_finite_name(x) {
                Some(name) => serializer.serialize_str(name),
                None => serializer.serialize_f64(x),
            },
            Value::Str(x) => serializer.serialize_str(x),
        }
    }
}

/// As [`Value`].
impl Serialize for Primitive {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_value().serialize(serializer)
    }
}
