//! The arguments of an event: each checked for `SafeLog` at its value,
//! then erased behind one virtual call, and their schemas known from the
//! types alone.

use core::fmt;
use core::marker::PhantomData;

use super::fill::Fill;
use super::message::write_text;
use super::site::Pending;
use crate::{Keys, Layout, Record, SafeLog};

/// One argument of an event, with its type erased: a record is visited by
/// its own monomorphized `visit`, with a concrete visitor, behind one
/// virtual call per argument.
pub trait ErasedArg {
    /// Visits the value's leaves into the event's fields.
    fn visit_into<'a>(&'a self, at: usize, fill: &mut Fill<'_, 'a>);
    /// The value's keys.
    fn describe(&self, keys: &mut Keys);
    /// Identifies the value's key layout.
    fn layout_id(&self) -> usize;
    /// Writes the value as text, for a message argument.
    ///
    /// # Errors
    ///
    /// When the formatter's writer fails.
    fn write_text(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<T: SafeLog + ?Sized> ErasedArg for T {
    #[inline]
    fn visit_into<'a>(&'a self, at: usize, fill: &mut Fill<'_, 'a>) {
        self.visit(at, fill);
    }

    fn describe(&self, keys: &mut Keys) {
        T::describe(keys);
    }

    fn layout_id(&self) -> usize {
        crate::value::keys::layout_id::<T>()
    }

    fn write_text(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_text(self, f)
    }
}

/// An event argument, checked for `SafeLog` at its value: the one place the
/// check happens, so a value that is not log-safe is one error, on it.
pub struct Arg<'a, S: ?Sized> {
    value: &'a dyn ErasedArg,
    schema: PhantomData<S>,
}

impl<S: ?Sized> fmt::Debug for Arg<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Arg(..)")
    }
}

/// `name = value`. The schema is a parameter bound by equality rather than a
/// projection in the signature, so a value that is not log-safe fails this
/// one bound and nothing else.
#[inline]
pub fn arg<T: SafeLog<Schema = S>, S: ?Sized>(value: &T) -> Arg<'_, S> {
    Arg {
        value,
        schema: PhantomData,
    }
}

/// `..value`: a record whose keys go at the top level of the event.
#[inline]
pub fn spread<T: Record<Schema = S>, S: ?Sized>(value: &T) -> Arg<'_, S> {
    Arg {
        value,
        schema: PhantomData,
    }
}

/// The schemas of an event's arguments, without their values.
#[inline]
#[must_use]
pub fn probe<A: ArgList>(_: &A) -> PhantomData<A::Schemas> {
    PhantomData
}

/// The schemas of the arguments an event closure builds, from its type
/// alone.
#[inline]
#[must_use]
pub fn schemas_of<S: ArgSchemas, F: FnOnce(Option<Pending>) -> PhantomData<S>>(
    _: &F,
) -> PhantomData<S> {
    PhantomData
}

/// The values of an event's arguments, in order.
pub trait ArgValues {
    /// Calls `f` with each argument, in order.
    fn each<'a>(&'a self, f: &mut dyn FnMut(&'a dyn ErasedArg));

    /// Visits each argument into the event's fields, the first leaf of
    /// argument `i` at `starts[i]`.
    fn fill_all<'x>(&'x self, starts: &[usize], fill: &mut Fill<'_, 'x>);
}

/// The arguments of an event, as nested pairs `(Arg, (Arg, ()))`, so that
/// any number of them is one type.
pub trait ArgList: ArgValues {
    /// The schemas of the arguments, as nested pairs.
    type Schemas: ArgSchemas;
}

impl ArgValues for () {
    fn each<'a>(&'a self, _: &mut dyn FnMut(&'a dyn ErasedArg)) {}

    fn fill_all<'x>(&'x self, _: &[usize], _: &mut Fill<'_, 'x>) {}
}

impl ArgList for () {
    type Schemas = ();
}

impl<S: ?Sized, R: ArgValues> ArgValues for (Arg<'_, S>, R) {
    #[inline]
    fn each<'a>(&'a self, f: &mut dyn FnMut(&'a dyn ErasedArg)) {
        f(self.0.value);
        self.1.each(f);
    }

    #[inline]
    fn fill_all<'x>(&'x self, starts: &[usize], fill: &mut Fill<'_, 'x>) {
        if let Some((&at, rest)) = starts.split_first() {
            self.0.value.visit_into(at, fill);
            self.1.fill_all(rest, fill);
        }
    }
}

impl<S: ?Sized + Layout + 'static, R: ArgList> ArgList for (Arg<'_, S>, R) {
    type Schemas = (PhantomData<S>, R::Schemas);
}

/// The schemas of an event's arguments.
pub trait ArgSchemas: 'static {
    /// Whether every schema is exact.
    const EXACT: bool;
    /// Pushes the keys of the arguments, each under its name, and the index
    /// of each argument's first key to `starts`.
    fn describe(names: &[&str], keys: &mut Keys, starts: &mut Vec<usize>);
}

impl ArgSchemas for () {
    const EXACT: bool = true;
    fn describe(_: &[&str], _: &mut Keys, _: &mut Vec<usize>) {}
}

impl<S: ?Sized + Layout + 'static, R: ArgSchemas> ArgSchemas for (PhantomData<S>, R) {
    const EXACT: bool = S::EXACT && R::EXACT;

    fn describe(names: &[&str], keys: &mut Keys, starts: &mut Vec<usize>) {
        let (name, rest) = names.split_first().map_or(("", names), |(n, r)| (n, r));
        starts.push(keys.len());
        describe_named(name, keys, S::describe);
        R::describe(rest, keys, starts);
    }
}

/// Describes the keys of one argument under its name (none for a spread
/// record).
pub(crate) fn describe_named(name: &str, keys: &mut Keys, describe: impl FnOnce(&mut Keys)) {
    if name.is_empty() {
        describe(keys);
    } else {
        let mark = keys.enter(name);
        describe(keys);
        keys.leave(mark);
    }
}
