//! The tracing callsite of one (call site x argument layout): its metadata,
//! its cached interest, and the dispatch of an event.

use core::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use tracing_core::callsite::{self, Callsite};
use tracing_core::field::{FieldSet, Value as TracingValue};
use tracing_core::metadata::Kind;
use tracing_core::subscriber::Interest;
use tracing_core::{Event, Level, Metadata, dispatcher};

use super::args::{ArgList, ArgValues};
use super::fill::{Computed, Fill};
use super::site::{Parent, SiteInfo};
use crate::value::reserved::is_reserved;

/// Values of interest stored in [`EventCallsite::interest`].
const NEVER: u8 = 0;
const SOMETIMES: u8 = 1;
const ALWAYS: u8 = 2;

/// A tracing callsite for one (call site x argument layout).
pub struct EventCallsite {
    interest: AtomicU8,
    meta: OnceLock<Metadata<'static>>,
    /// Number of fields, `message` included.
    fields: usize,
    /// Whether field 0 is `message`.
    message: bool,
    /// The field of each argument's first leaf: its leaves follow it, one
    /// field each.
    starts: Box<[usize]>,
    /// The name of each field (`message` first, if any).
    names: &'static [&'static str],
}

impl fmt::Debug for EventCallsite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventCallsite")
            .field("metadata", &self.metadata())
            .finish_non_exhaustive()
    }
}

impl EventCallsite {
    /// Builds, leaks and registers the callsite of `info` with leaf keys
    /// `keys`.
    pub(crate) fn build(info: &SiteInfo, keys: Vec<Box<str>>, starts: Vec<usize>) -> &'static Self {
        let mut names: Vec<&'static str> = Vec::with_capacity(keys.len() + 1);
        if info.message {
            names.push("message");
        }
        let offset = names.len();
        // One field per leaf. The variants of an enum may share a key, and
        // so may two spread records: a name can then appear twice in the
        // field set, and at most one of its fields (an enum's) or each of
        // them (spreads) has a value.
        for key in keys {
            // A spread record may bring a reserved key (named arguments are
            // checked at compile time). A span's fields are written inside
            // the span, where they collide with nothing.
            let key = if !info.span && is_reserved(&key) {
                format!("_{key}").into_boxed_str()
            } else {
                key
            };
            names.push(Box::leak(key));
        }
        let fields = names.len();
        let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());

        let cs: &'static EventCallsite = Box::leak(Box::new(EventCallsite {
            interest: AtomicU8::new(NEVER),
            meta: OnceLock::new(),
            fields,
            message: info.message,
            starts: starts.into_iter().map(|start| start + offset).collect(),
            names,
        }));
        let _ = cs.meta.set(Metadata::new(
            info.name,
            info.target,
            info.level,
            Some(info.file),
            Some(info.line),
            Some(info.module_path),
            FieldSet::new(names, tracing_core::identify_callsite!(cs)),
            if info.span { Kind::SPAN } else { Kind::EVENT },
        ));
        // The metadata is in place before the callsite is published:
        // registration computes its interest at once.
        callsite::register(cs);
        cs
    }

    /// The name of each field, `message` first if the event has one.
    #[cfg_attr(not(feature = "log"), allow(dead_code))]
    pub(crate) fn names(&self) -> &'static [&'static str] {
        self.names
    }

    /// The field of each argument's first leaf.
    #[cfg_attr(not(feature = "log"), allow(dead_code))]
    pub(crate) fn starts(&self) -> &[usize] {
        &self.starts
    }

    /// Whether every subscriber wants this event, whatever its values.
    #[inline]
    pub(crate) fn is_always(&self) -> bool {
        self.interest.load(Ordering::Relaxed) == ALWAYS
    }

    /// Whether the current subscriber wants this event.
    #[inline]
    pub(crate) fn is_enabled(&'static self) -> bool {
        match self.interest.load(Ordering::Relaxed) {
            NEVER => false,
            ALWAYS => true,
            _ => dispatcher::get_default(|d| d.enabled(self.metadata())),
        }
    }

    /// Fills the fields from `args` and `message`, and dispatches the event.
    #[inline]
    pub(crate) fn dispatch(
        &'static self,
        args: &dyn ArgValues,
        message: Option<fmt::Arguments<'_>>,
        parent: Parent,
    ) {
        // The values are built on the stack, in an array no larger than
        // needed by much: zeroing it is part of every event's cost.
        match self.fields {
            0..=8 => self.dispatch_in::<8>(args, message, parent),
            9..=16 => self.dispatch_in::<16>(args, message, parent),
            17..=32 => self.dispatch_in::<32>(args, message, parent),
            n => {
                let mut computed = None;
                let mut values = vec![None; n];
                self.fill(&mut values, args, &mut computed);
                self.finish(&mut values, computed.as_ref(), message.as_ref(), parent);
                Computed::release(computed);
            }
        }
    }

    /// Dispatches an event whose arguments are `A`: their layout is known
    /// from the types (the leaves of each argument follow the previous
    /// one's, after the message), so the fields are filled by code made for
    /// `A`, with no table of starts and no virtual call. A callsite whose
    /// fields do not match that layout (none should) takes
    /// [`EventCallsite::dispatch`].
    #[inline]
    pub(crate) fn dispatch_typed<A: ArgList>(
        &'static self,
        args: &A,
        message: Option<fmt::Arguments<'_>>,
        parent: Parent,
    ) {
        // Constant where the macro calls this: it passes `Some` or `None`.
        if message.is_some() {
            self.dispatch_typed_in::<A, true>(args, message, parent);
        } else {
            self.dispatch_typed_in::<A, false>(args, message, parent);
        }
    }

    /// [`EventCallsite::dispatch_typed`], as a call of its own.
    #[inline(never)]
    pub(crate) fn dispatch_outlined<A: ArgList>(
        &'static self,
        args: &A,
        message: Option<fmt::Arguments<'_>>,
        parent: Parent,
    ) {
        self.dispatch_typed(args, message, parent);
    }

    #[inline]
    fn dispatch_typed_in<A: ArgList, const M: bool>(
        &'static self,
        args: &A,
        message: Option<fmt::Arguments<'_>>,
        parent: Parent,
    ) {
        let fields = usize::from(M) + A::LEAVES;
        if fields != self.fields {
            self.dispatch(args, message, parent);
        } else if fields <= 4 {
            self.dispatch_array::<A, M, 4>(args, message, parent);
        } else if fields <= 8 {
            self.dispatch_array::<A, M, 8>(args, message, parent);
        } else if fields <= 12 {
            self.dispatch_array::<A, M, 12>(args, message, parent);
        } else if fields <= 16 {
            self.dispatch_array::<A, M, 16>(args, message, parent);
        } else if fields <= 32 {
            self.dispatch_array::<A, M, 32>(args, message, parent);
        } else {
            self.dispatch(args, message, parent);
        }
    }

    /// [`EventCallsite::dispatch_typed`] with `M` the message's field and
    /// the values in an array of `N`.
    #[inline]
    fn dispatch_array<A: ArgList, const M: bool, const N: usize>(
        &'static self,
        args: &A,
        message: Option<fmt::Arguments<'_>>,
        parent: Parent,
    ) {
        let mut computed = None;
        let mut values: [Option<&dyn TracingValue>; N] = [None; N];
        let values = &mut values[..usize::from(M) + A::LEAVES];
        args.fill_from(
            usize::from(M),
            &mut Fill {
                values,
                computed: &mut computed,
            },
        );
        // `M` is this callsite's `message`: both come from the call site's
        // macro, which gives a message exactly when it declares one.
        let message = message.as_ref();
        if let (true, Some(first), Some(message)) = (M, values.first_mut(), message) {
            *first = Some(message);
        }
        // Moved out, so that nothing is dropped when nothing was computed.
        match computed {
            None => self.finish(values, None, None, parent),
            Some(computed) => {
                self.finish(values, Some(&computed), None, parent);
                computed.give_back();
            }
        }
    }

    fn dispatch_in<const N: usize>(
        &'static self,
        args: &dyn ArgValues,
        message: Option<fmt::Arguments<'_>>,
        parent: Parent,
    ) {
        let mut computed = None;
        let mut values: [Option<&dyn TracingValue>; N] = [None; N];
        let values = &mut values[..self.fields.min(N)];
        self.fill(values, args, &mut computed);
        self.finish(values, computed.as_ref(), message.as_ref(), parent);
        Computed::release(computed);
    }

    /// Makes a span with the fields from `args`.
    #[inline]
    pub(crate) fn new_span(&'static self, args: &dyn ArgValues, parent: Parent) -> tracing::Span {
        if self.fields <= 16 {
            // One path for every span a person writes, so that the span is
            // made in the caller's slot rather than copied out of a match.
            let mut computed = None;
            let mut values: [Option<&dyn TracingValue>; 16] = [None; 16];
            let values = &mut values[..self.fields];
            self.fill(values, args, &mut computed);
            if computed.is_none() {
                // Nothing to give back: the span is made straight into the
                // caller's slot (a copy of it out of a local stalled on the
                // stores `Span::new` made).
                return self.make_span(values, None, parent);
            }
            let span = self.make_span(values, computed.as_ref(), parent);
            Computed::release(computed);
            span
        } else {
            self.new_span_large(args, parent)
        }
    }

    /// Makes a span with the fields from `args`, whose layout is known
    /// from the types (see [`EventCallsite::dispatch_typed`]).
    #[inline]
    pub(crate) fn new_span_typed<A: ArgList>(
        &'static self,
        args: &A,
        parent: Parent,
    ) -> tracing::Span {
        if A::LEAVES != self.fields || self.message {
            self.new_span(args, parent)
        } else if A::LEAVES <= 4 {
            self.new_span_array::<A, 4>(args, parent)
        } else if A::LEAVES <= 16 {
            self.new_span_array::<A, 16>(args, parent)
        } else {
            self.new_span(args, parent)
        }
    }

    /// [`EventCallsite::new_span_typed`] with the values in an array of `N`.
    #[inline]
    fn new_span_array<A: ArgList, const N: usize>(
        &'static self,
        args: &A,
        parent: Parent,
    ) -> tracing::Span {
        let mut computed = None;
        let mut values: [Option<&dyn TracingValue>; N] = [None; N];
        let values = &mut values[..A::LEAVES];
        args.fill_from(
            0,
            &mut Fill {
                values,
                computed: &mut computed,
            },
        );
        // Moved out, so that nothing is dropped when nothing was computed.
        match computed {
            None => self.make_span(values, None, parent),
            Some(computed) => {
                let span = self.make_span(values, Some(&computed), parent);
                computed.give_back();
                span
            }
        }
    }

    #[cold]
    fn new_span_large(&'static self, args: &dyn ArgValues, parent: Parent) -> tracing::Span {
        let mut computed = None;
        let mut values = vec![None; self.fields];
        self.fill(&mut values, args, &mut computed);
        let span = self.make_span(&mut values, computed.as_ref(), parent);
        Computed::release(computed);
        span
    }

    /// Points the fields at the computed values and makes the span.
    #[inline(never)]
    fn make_span<'x>(
        &'static self,
        values: &mut [Option<&'x dyn TracingValue>],
        computed: Option<&'x Computed>,
        parent: Parent,
    ) -> tracing::Span {
        if let Some(computed) = computed {
            computed.point(values);
        }
        let meta = self.metadata();
        let values = meta.fields().value_set_all(values);
        match parent {
            Parent::Current => tracing::Span::new(meta, &values),
            Parent::Explicit(parent) => tracing::Span::child_of(parent, meta, &values),
        }
    }

    /// Visits every argument into its fields, one argument after the other.
    /// Leaves that point into the arguments go straight into `values`;
    /// computed ones (text, converted numbers) go to a per-thread pool, and
    /// [`EventCallsite::finish`] points at them.
    #[inline]
    fn fill<'x>(
        &self,
        values: &mut [Option<&'x dyn TracingValue>],
        args: &'x dyn ArgValues,
        computed: &mut Option<Computed>,
    ) {
        let mut fill = Fill { values, computed };
        args.fill_all(&self.starts, &mut fill);
    }

    /// Points the fields at the computed values and the message, and
    /// dispatches the event.
    #[inline]
    fn finish<'x>(
        &'static self,
        values: &mut [Option<&'x dyn TracingValue>],
        computed: Option<&'x Computed>,
        message: Option<&'x fmt::Arguments<'_>>,
        parent: Parent,
    ) {
        if let Some(computed) = computed {
            computed.point(values);
        }
        if let (Some(message), true) = (message, self.message) {
            if let Some(first) = values.first_mut() {
                *first = Some(message);
            }
        }
        let meta = self.metadata();
        // The values are exactly the callsite's fields, in order.
        let values = meta.fields().value_set_all(values);
        match parent {
            Parent::Current => Event::dispatch(meta, &values),
            Parent::Explicit(parent) => Event::child_of(parent, meta, &values),
        }
    }
}

impl Callsite for EventCallsite {
    fn set_interest(&self, interest: Interest) {
        let value = if interest.is_never() {
            NEVER
        } else if interest.is_always() {
            ALWAYS
        } else {
            SOMETIMES
        };
        self.interest.store(value, Ordering::Relaxed);
    }

    #[inline]
    fn metadata(&self) -> &Metadata<'_> {
        // Set in `build` before the callsite is registered or returned.
        self.meta.get().unwrap_or(&PLACEHOLDER_META)
    }
}

struct Placeholder;

impl Callsite for Placeholder {
    fn set_interest(&self, _: Interest) {}

    fn metadata(&self) -> &Metadata<'_> {
        &PLACEHOLDER_META
    }
}

static PLACEHOLDER: Placeholder = Placeholder;
static PLACEHOLDER_META: Metadata<'static> = Metadata::new(
    "safe_log placeholder",
    "safe_log",
    Level::TRACE,
    None,
    None,
    None,
    FieldSet::new(&[], tracing_core::identify_callsite!(&PLACEHOLDER)),
    Kind::EVENT,
);
